"""Issue 16 item 10: export defaults to the project's repo, and never replaces a file without asking."""
from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable, Input, Static

from mso_tui.store.models import Project
from mso_tui.tui.app import MsoApp
from tests.helpers.app_pilot import highlight, settle
from tests.helpers.payments_data import build


async def test_export_defaults_to_the_repo_and_asks_before_replacing(store: Path, tmp_path: Path) -> None:
    build(turns=3)
    repo = tmp_path / "repo"
    repo.mkdir()
    Project.update(repo_path=str(repo)).where(Project.name == "payments-api").execute()
    app = MsoApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await highlight(pilot, app.screen.query_one(DataTable), "payments-api")
        await pilot.press("h")
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        field = app.screen.query_one("#export-path", Input)
        target = Path(field.value)
        assert target.parent == repo, field.value
        target.write_text("mine, keep me\n")
        await pilot.press("enter")
        await settle(pilot)
        assert type(app.screen).__name__ == "HandoffExportModal"
        assert "exists" in str(app.screen.query_one("#export-error", Static).render())
        assert target.read_text() == "mine, keep me\n"
        await pilot.press("enter")  # asked once; the second Enter replaces it
        await settle(pilot)
        assert type(app.screen).__name__ == "HandoffScreen"
        assert "Handoff: payments-api" in target.read_text()
