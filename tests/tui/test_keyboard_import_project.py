"""Issue 16 item 3 (TUI): the import screen's project field is pre-filled from the screen you came from,
completes existing names, and a new name asks before a project is made of it."""
from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable, Input

from mso_tui.store.models import Project
from mso_tui.tui.app import MsoApp
from tests.helpers.app_pilot import highlight, settle
from tests.helpers.payments_data import build
from tests.tui.test_import_screen import _claude_file


async def test_project_field_prefills_completes_and_confirms_a_new_name(store: Path, tmp_path: Path) -> None:
    build(turns=3)
    _claude_file(tmp_path / "t" / "a.jsonl", "sess-typo")
    app = MsoApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await highlight(pilot, app.screen.query_one(DataTable), "payments-api")
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("i")
        await settle(pilot)
        project = app.screen.query_one("#import-project", Input)
        assert project.value == "payments-api"
        project.value = ""
        project.focus()
        await pilot.press(*"mob")
        await settle(pilot)
        assert project._suggestion == "mobile-app"
        project.value = "shpo"  # a typo of no project
        app.screen.query_one("#import-path", Input).value = str(tmp_path / "t")
        await pilot.press("enter")
        await settle(pilot)
        assert type(app.screen).__name__ == "ConfirmDialog"
        await pilot.press("n")
        await settle(pilot)
        assert type(app.screen).__name__ == "ImportScreen"
        assert not Project.select().where(Project.name == "shpo").exists()
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        await pilot.press("enter")  # the plan: a.jsonl -> shpo (new), new session
        await settle(pilot)
        assert Project.select().where(Project.name == "shpo").exists()
