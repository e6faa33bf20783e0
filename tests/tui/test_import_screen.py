"""Pilot tests of the import screen: a path with progress and a report, discovery with counts first."""
from __future__ import annotations

import json
from pathlib import Path

from textual.widgets import DataTable, Input, ProgressBar, Static

from mso_tui.store import models as m
from mso_tui.tui.screens.import_screen import ImportScreen, human_size
from tests.helpers.screen_host import Host, settle


def _claude_file(path: Path, session: str, turns: int = 3) -> Path:
    """A small Claude Code transcript written for this test."""
    path.parent.mkdir(parents=True, exist_ok=True)
    rows = []
    for i in range(turns):
        base = {"sessionId": session, "cwd": "/home/dev/proj", "isSidechain": False, "version": "2.0.14"}
        rows.append({**base, "type": "user", "uuid": f"{session}-u{i}", "timestamp": f"2026-09-01T07:0{i}:00Z",
                     "message": {"role": "user", "content": f"Please fix bug number {i}"}})
        rows.append({**base, "type": "assistant", "uuid": f"{session}-a{i}", "requestId": f"req-{session}-{i}",
                     "timestamp": f"2026-09-01T07:0{i}:30Z",
                     "message": {"id": f"msg-{session}-{i}", "model": "claude-sonnet-4-5-20250929",
                                 "role": "assistant", "type": "message",
                                 "content": [{"type": "text", "text": f"Fixed bug {i}."}],
                                 "usage": {"input_tokens": 10, "output_tokens": 20}}})
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    return path


def _text(app, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


def test_human_size() -> None:
    assert human_size(512) == "512 B" and human_size(2048) == "2.0 KB" and human_size(3 * 1024**3) == "3.0 GB"


async def test_import_a_path_with_progress_and_report(store: Path, tmp_path: Path) -> None:
    folder = tmp_path / "transcripts"
    _claude_file(folder / "a.jsonl", "sess-a")
    _claude_file(folder / "b.jsonl", "sess-b", 2)
    seen: list[tuple[int, int]] = []
    app = Host(ImportScreen)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        original = ImportScreen.on_import_screen_progress

        def spy(screen, message):
            seen.append((message.files_done, message.files_total))
            original(screen, message)

        ImportScreen.on_import_screen_progress = spy  # type: ignore[method-assign]
        try:
            app.screen.query_one("#import-path", Input).value = str(folder)
            app.screen.query_one("#import-project", Input).value = "imported"
            await pilot.press("enter")
            await pilot.press("y")  # "imported" is a new project: the screen asks first
            await settle(pilot)
            assert app.screen.query_one("#import-plan").display  # where each file goes, before writing
            await pilot.press("enter")
            assert app.screen.query_one("#import-progress").display
            await settle(pilot)
        finally:
            ImportScreen.on_import_screen_progress = original  # type: ignore[method-assign]
        assert seen and seen[-1] == (2, 2)
        bar = app.screen.query_one(ProgressBar)
        assert bar.progress == bar.total
        assert "Import finished" in _text(app, "#import-status")
        report = _text(app, "#import-report")
        assert "2 files" in report and "5 turns" not in report
        assert "sessions (2 new)" in report
    assert m.Session.select().count() == 2


async def test_missing_path_is_reported(store: Path, tmp_path: Path) -> None:
    app = Host(ImportScreen)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        assert "Enter a path first" in _text(app, "#import-status")
        app.screen.query_one("#import-path", Input).value = str(tmp_path / "nope")
        await pilot.press("enter")
        assert "no such file" in _text(app, "#import-status")


async def test_discover_shows_counts_then_imports(store: Path, tmp_path: Path) -> None:
    projects_dir = tmp_path / "home" / ".claude" / "projects" / "-home-dev-proj"
    _claude_file(projects_dir / "one.jsonl", "sess-1")
    _claude_file(projects_dir / "two.jsonl", "sess-2")
    app = Host(ImportScreen)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+r")
        assert "press ctrl+d first" in _text(app, "#import-status")
        await pilot.press("ctrl+d")
        await settle(pilot)
        table = app.screen.query_one(DataTable)
        assert table.row_count == 1
        assert [str(c) for c in table.get_row_at(0)[:2]] == ["claude-code", "2"]
        assert "Found 2 files" in _text(app, "#import-status")
        assert m.Session.select().count() == 0  # nothing imported before the user asks
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert m.Session.select().count() == 0  # the plan first
        await pilot.press("enter")
        await settle(pilot)
        assert "Import finished" in _text(app, "#import-status")
    assert m.Session.select().count() == 2
