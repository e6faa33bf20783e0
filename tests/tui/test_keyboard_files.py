"""Issue 16 item 7: the Files tab shows the files the transcript edited, or says why there are none."""
from __future__ import annotations

import json
from pathlib import Path

from textual.widgets import DataTable, Static

from mso_tui.store.models import Turn
from mso_tui.tui.app import MsoApp
from mso_tui.tui.screens.session import SessionScreen
from tests.helpers.app_pilot import settle
from tests.helpers.payments_data import BASE, build


def _edit(session: int, seq: int, path: str) -> None:
    """An Edit call and its result, as an import stores them."""
    Turn.create(session=session, seq=seq, role="assistant", kind="tool_call", tool_name="Edit",
                tool_input=json.dumps({"file_path": path, "old_string": "a", "new_string": "b"}),
                text="", timestamp=BASE, source_id=f"e{seq}")
    Turn.create(session=session, seq=seq + 1, role="tool", kind="tool_result",
                text=f"The file {path} has been updated.", timestamp=BASE, source_id=f"e{seq}:result")


async def _files_tab(pilot, session_id: int) -> tuple[list[str], str]:
    pilot.app.push_screen(SessionScreen(session_id))
    await settle(pilot)
    await pilot.press("3")
    await settle(pilot)
    table = pilot.app.screen.query_one("#files-table", DataTable)
    paths = [str(table.get_row_at(i)[0]) for i in range(table.row_count)]
    return paths, str(pilot.app.screen.query_one("#files-note", Static).render())


async def test_files_tab_lists_transcript_edits(store: Path) -> None:
    ids = build(turns=3)
    _edit(ids["s4"], 10, "src/refunds.py")
    _edit(ids["s4"], 12, "payments-api-handoff-3.md")  # an exported handoff is not the session's work
    app = MsoApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        paths, note = await _files_tab(pilot, ids["s4"])
        assert paths == ["src/refunds.py"], paths
        assert "transcript" in note


async def test_files_tab_says_why_it_is_empty(store: Path) -> None:
    ids = build(turns=3)
    app = MsoApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        paths, note = await _files_tab(pilot, ids["s2"])
        assert paths == [] and "no Edit or Write" in note, note


async def test_a_running_sessions_files_tab_shows_git_now_without_older_work(store: Path, tmp_path: Path) -> None:
    """Work left over from before the session and an exported HANDOFF.md are not listed; the session's edits are."""
    from mso_tui.services.projects import add_project
    from mso_tui.services.sessions import start_session
    from tests.unit.services.test_git_baseline import dirty_repo, session_work

    repo = dirty_repo(tmp_path)
    add_project("shop", repo_path=str(repo))
    running = start_session("shop", ["live work"]).session
    session_work(repo)
    app = MsoApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        paths, note = await _files_tab(pilot, running.id)
        assert sorted(paths) == ["lib.py", "new.py", "old.py"], paths
        assert "From git, since the session's start commit" in note and "3 file(s) already changed" in note
        table = pilot.app.screen.query_one("#files-table", DataTable)
        assert table.region.height >= 4  # three rows and the header, visible at 80x24
