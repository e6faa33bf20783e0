"""Issue 16 item 4: at 80x24 every dialog shows its error line and key hint, focuses its first field, and
Esc on a filled form asks before throwing the typing away."""
from __future__ import annotations

from pathlib import Path

from textual.widget import Widget
from textual.widgets import DataTable, Input, Static, TextArea

from mso_tui.tui.app import MsoApp
from tests.helpers.app_pilot import highlight, settle
from tests.helpers.payments_data import build


def _visible(app: MsoApp, widget: Widget) -> bool:
    """The widget is drawn on screen: the screen finds it at its own top-left cell."""
    region = widget.region
    if not widget.display or region.width == 0 or region.bottom > 24 or region.right > 80:
        return False
    found, _ = app.screen.get_widget_at(region.x, region.y)
    return found is widget or widget in found.ancestors


async def _complete(pilot, app: MsoApp) -> None:
    await settle(pilot)
    await highlight(pilot, app.screen.query_one(DataTable), "payments-api")
    await pilot.press("x")
    await settle(pilot)
    assert type(app.screen).__name__ == "CompleteSessionForm"


async def test_complete_dialog_shows_its_error_and_hint_at_80x24(store: Path) -> None:
    from mso_tui.store.models import Session

    ids = build(turns=3)
    objectives = [{"text": f"Objective number {i}", "done": False} for i in range(8)]
    Session.update(objectives=objectives).where(Session.id == ids["s4"]).execute()  # a long form
    app = MsoApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await _complete(pilot, app)
        assert _visible(app, app.screen.query_one(".hint", Static))
        app.screen.query_one("#credits", Input).value = "abc"
        await pilot.press("ctrl+s")
        await settle(pilot)
        error = app.screen.query_one("#error-credits", Static)
        assert "number" in str(error.render())
        assert _visible(app, error) and _visible(app, app.screen.query_one(".hint", Static))


async def test_every_form_dialog_fits_with_its_hint(store: Path) -> None:
    build(turns=3)
    app = MsoApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for keys, hint in ((("n",), ".hint"), (("s",), ".hint"), (("k", "n"), ".dialog-hint"),
                           (("c", "n"), ".dialog-hint")):
            await highlight(pilot, app.screen.query_one(DataTable), "mobile-app") if keys == ("s",) else None
            for key in keys:
                await pilot.press(key)
                await settle(pilot)
            assert _visible(app, app.screen.query_one(hint, Static)), keys
            app.show_projects()
            await settle(pilot)


async def test_knowledge_and_account_dialogs_focus_the_first_field(store: Path) -> None:
    build(turns=3)
    app = MsoApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for screen_key, first in (("k", "#kb-title"), ("c", "#acc-name")):
            await pilot.press(screen_key)
            await settle(pilot)
            await pilot.press("n")
            await settle(pilot)
            await pilot.press(*"abc")
            assert app.screen.query_one(first, Input).value == "abc", screen_key
            app.show_projects()
            await settle(pilot)


async def test_escape_on_a_filled_form_asks_first(store: Path) -> None:
    build(turns=3)
    app = MsoApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await _complete(pilot, app)
        app.screen.query_one("#accomplishments", TextArea).focus()
        await pilot.press(*"shipped refunds")
        await pilot.press("escape")
        await settle(pilot)
        assert type(app.screen).__name__ == "ConfirmDialog"
        await pilot.press("n")
        await settle(pilot)
        assert app.screen.query_one("#accomplishments", TextArea).text == "shipped refunds"
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert type(app.screen).__name__ == "ProjectsScreen"
        await pilot.press("x")  # an empty form closes at once
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert type(app.screen).__name__ == "ProjectsScreen"


async def test_escape_on_a_pasted_conversation_asks_first(store: Path) -> None:
    ids = build(turns=3)
    from mso_tui.tui.screens.session import SessionScreen

    app = MsoApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.push_screen(SessionScreen(ids["s4"]))
        await settle(pilot)
        await pilot.press("v")
        await settle(pilot)
        assert type(app.screen).__name__ == "PasteScreen"
        app.screen.query_one(TextArea).text = "User: hi\nAssistant: hello"
        await pilot.press("escape")
        await settle(pilot)
        assert type(app.screen).__name__ == "ConfirmDialog"
        await pilot.press("y")
        await settle(pilot)
        assert type(app.screen).__name__ == "SessionScreen"
