"""Pilot tests of the handoff viewer: versions, diff, copy, export, regenerate with streaming."""
from __future__ import annotations

import threading
from pathlib import Path

import pytest
from textual.widgets import Input, Static

from mso_tui.redaction.gate import clean
from mso_tui.services import handoffs
from mso_tui.store import models as m
from mso_tui.store import to_records as convert
from mso_tui.tui.dialogs.dialog_form import ConfirmDialog
from mso_tui.tui.dialogs.handoff_export import HandoffExportModal
from mso_tui.tui.screens.handoff import HandoffScreen
from mso_tui.tui.widgets.diff_view import DiffView
from mso_tui.tui.widgets.handoff_view import HandoffView
from tests.helpers.atlas_data import PROMPT_1, PROMPT_2, SECRET, build_atlas
from tests.helpers.screen_host import Host, settle


def _title(app) -> str:
    return str(app.screen.query_one("#handoff-title", Static).render())


async def test_shows_newest_and_steps_through_versions(store: Path) -> None:
    build_atlas()
    app = Host(lambda: HandoffScreen("atlas"))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert "handoff 2/2" in _title(app)
        # shown through the output gate: a handoff stored with a secret in it is masked on screen too
        assert app.screen.query_one(HandoffView).text == clean(PROMPT_2) != PROMPT_2
        assert SECRET not in app.screen.query_one(HandoffView).text
        await pilot.press("left_square_bracket")
        assert "handoff 1/2" in _title(app)
        assert app.screen.query_one(HandoffView).text == clean(PROMPT_1)
        await pilot.press("left_square_bracket")  # already the oldest: stays
        assert "handoff 1/2" in _title(app)
        await pilot.press("right_square_bracket")
        assert "handoff 2/2" in _title(app)


async def test_opens_the_version_of_a_given_session(store: Path) -> None:
    build_atlas()
    app = Host(lambda: HandoffScreen("atlas", session_number=1))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert "handoff 1/2" in _title(app) and "session 1" in _title(app)


async def test_diff_against_previous_version(store: Path) -> None:
    build_atlas()
    app = Host(lambda: HandoffScreen("atlas"))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("d")
        body = str(app.screen.query_one(DiffView).query_one(Static).render())
        assert "+- Wrote the tile cache" in body
        assert "-- [ ] Write the tile cache" in body
        assert "diff vs 1" in _title(app)
        metrics = str(app.screen.query_one("#handoff-metrics", Static).render())
        assert metrics.startswith("+") and "lines against the previous version" in metrics
        await pilot.press("d")
        assert app.screen.query_one("#handoff-switcher").current == "handoff-view"


async def test_copy_puts_redacted_text_on_the_clipboard(store: Path) -> None:
    build_atlas()
    app = Host(lambda: HandoffScreen("atlas"))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("c")
        assert "Rotate the token" in app.clipboard
        assert SECRET not in app.clipboard
        assert "redacted" in app.clipboard.lower()


async def test_export_writes_the_file_and_checks_the_path(store: Path, tmp_path: Path) -> None:
    build_atlas()
    app = Host(lambda: HandoffScreen("atlas"))
    target = tmp_path / "out" / "atlas.md"
    target.parent.mkdir()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, HandoffExportModal)
        field = app.screen.query_one("#export-path", Input)
        field.value = str(tmp_path / "missing" / "x.md")
        await pilot.press("enter")
        assert "does not exist" in str(app.screen.query_one("#export-error", Static).render())
        field.value = str(target)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, HandoffScreen)
    assert target.read_text(encoding="utf-8") == clean(PROMPT_2)  # a file leaves through the gate as well


async def test_regenerate_streams_and_keys_work_meanwhile(store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ids = build_atlas()
    release = threading.Event()
    streamed = threading.Event()

    def fake_generate(session_id, use_llm=False, settings=None, on_text=None, on_status=None):
        assert use_llm and session_id == ids["s2"]
        on_status("calling the model")
        for chunk in ("# Handoff: atlas", " (streamed)\n\n", "- next: ship it\n"):
            on_text(chunk)
        streamed.set()
        release.wait(10)  # hold the worker open so the test can press keys mid-generation
        row = m.Handoff.create(project=ids["project"], session=session_id, kind="llm",
                               master_prompt="# Handoff: atlas (streamed)\n\n- next: ship it\n",
                               generator_model="fake/model", tokens_in=900, tokens_out=40, tokenizer="t")
        return convert.handoff_record(row)

    monkeypatch.setattr(handoffs, "generate_for_session", fake_generate)
    app = Host(lambda: HandoffScreen("atlas"))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("G")
        assert isinstance(app.screen, ConfirmDialog) and "new version of session 2" in app.screen.question
        await pilot.press("y")
        while not streamed.is_set():
            await pilot.pause(0.02)
        await pilot.pause(0.3)  # the view flushes streamed text ten times a second
        screen = app.screen
        assert screen.generating
        assert screen.query_one("#handoff-progress").display
        assert "ship it" in screen.query_one(HandoffView).text
        assert "streaming" in str(screen.query_one("#handoff-status", Static).render())
        await pilot.press("c")  # handled while the worker is still running
        assert "Rotate the token" in app.clipboard and screen.generating
        release.set()
        await settle(pilot)
        assert not screen.generating
        assert "handoff 3/3" in _title(app) and "llm" in _title(app)
        assert "fake/model" in str(screen.query_one("#handoff-metrics", Static).render())


async def test_empty_project_and_escape(store: Path) -> None:
    from mso_tui.services import projects

    projects.add_project("empty")
    app = Host(lambda: HandoffScreen("empty"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert "no handoff yet" in _title(app)
        await pilot.press("escape")
        assert not isinstance(app.screen, HandoffScreen)
