"""Issue 16 item 3 (TUI): before an import writes anything, the import screen lists each file's project and
session (existing #N or new); enter imports as listed, esc goes back with nothing written."""
from __future__ import annotations

import shutil
from pathlib import Path

from textual.widgets import DataTable, Input, Static

from mso_tui.services.projects import add_project
from mso_tui.services.sessions import start_session
from mso_tui.store.models import Session, Turn
from mso_tui.tui.app import MsoApp
from tests.helpers.app_pilot import highlight, settle
from tests.unit.cli.test_import_plan_cli import _live_transcript

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def _status(app: MsoApp) -> str:
    return str(app.screen.query_one("#import-status", Static).render())


async def test_the_plan_is_shown_and_agreed_before_a_file_joins_the_running_session(
        store: Path, tmp_path: Path) -> None:
    add_project("shop")
    start_session("shop", ["live work"])
    folder = tmp_path / "t"
    _live_transcript(folder / "live.jsonl", "sess-live")
    shutil.copy(FIXTURES / "specstory" / "2025-01-05_10-00-00Z-old-format.md", folder)  # no session id
    running = Session.get(Session.number == 1)
    app = MsoApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await highlight(pilot, app.screen.query_one(DataTable), "shop")
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("i")
        await settle(pilot)
        assert app.screen.query_one("#import-project", Input).value == "shop"
        app.screen.query_one("#import-path", Input).value = str(folder)
        await pilot.press("enter")
        await settle(pilot)
        plan = app.screen.query_one("#import-plan", DataTable)
        assert plan.display and plan.has_focus and plan.region.height >= 3  # visible at 80x24
        rows = {str(plan.get_row_at(i)[0]): [str(c) for c in plan.get_row_at(i)[1:]] for i in range(plan.row_count)}
        assert rows == {"live.jsonl": ["shop", "#1 EXISTING: joins"],
                        "2025-01-05_10-00-00Z-old-format.md": ["shop", "new session"]}
        assert "join EXISTING session(s) shop #1" in _status(app) and "esc goes back" in _status(app)
        assert Session.select().count() == 1 and Turn.select().count() == 0  # nothing written yet
        await pilot.press("escape")
        await settle(pilot)
        assert type(app.screen).__name__ == "ImportScreen" and not plan.display
        assert "Nothing imported" in _status(app)
        assert Session.select().count() == 1 and Turn.select().count() == 0
        await pilot.press("enter")  # the path field has the focus again: the plan once more
        await settle(pilot)
        assert plan.display
        await pilot.press("enter")
        await settle(pilot)
        assert "Import finished" in _status(app)
        assert Turn.select().where(Turn.session == running.id).count() == 4
        assert Session.select().count() == 2  # the SpecStory file became its own session
