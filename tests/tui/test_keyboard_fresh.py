"""Issue 16 item 5: what the app changes shows at once; no `r` needed after a paste, an import or a regen."""
from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, Static, TextArea

from mso_tui.tui.app import MsoApp
from mso_tui.tui.widgets.conversation import ConversationView
from mso_tui.tui.widgets.row_list import RowList
from tests.helpers.app_pilot import settle
from tests.helpers.payments_data import build
from tests.tui.test_import_screen import _claude_file

PASTE = "User: please add refunds\nAssistant: Added refunds.\nUser: and tests\nAssistant: Tests added.\n"


async def test_attaching_a_paste_shows_the_new_turns(store: Path) -> None:
    ids = build(turns=3)
    from mso_tui.tui.screens.session import SessionScreen

    app = MsoApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.push_screen(SessionScreen(ids["s4"]))
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        assert app.screen.query_one(ConversationView).total == 0
        await pilot.press("v")
        await settle(pilot)
        app.screen.query_one(TextArea).text = PASTE
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("n")  # no regeneration: back to the session
        await settle(pilot)
        assert type(app.screen).__name__ == "SessionScreen"
        assert app.screen.query_one(ConversationView).total == 4
        assert "4 turns" in str(app.screen.query_one("#summary", Static).render())


async def test_an_import_shows_in_the_timeline_underneath(store: Path, tmp_path: Path) -> None:
    build(turns=3)
    _claude_file(tmp_path / "t" / "a.jsonl", "sess-new")
    app = MsoApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("enter")  # docs-site, the first row: one session
        await settle(pilot)
        assert app.screen.project_name == "docs-site" and len(app.screen.query_one(RowList).rows) == 1
        await pilot.press("i")
        await settle(pilot)
        app.screen.query_one("#import-project", Input).value = "docs-site"
        app.screen.query_one("#import-path", Input).value = str(tmp_path / "t")
        app.screen.query_one("#import-path", Input).focus()
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("enter")  # the plan listed, the import confirmed
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert type(app.screen).__name__ == "TimelineScreen"
        assert len(app.screen.query_one(RowList).rows) == 2
