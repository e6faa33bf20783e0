"""Issue 16 item 8: footers show the screen's own keys first and only keys that do something there;
no offer of what the app cannot do; `?` lists the screen's keys before the general ones."""
from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable, Static
from textual.widgets._footer import FooterKey

from mso_tui.tui.app import MsoApp
from tests.helpers.app_pilot import highlight, settle
from tests.helpers.payments_data import build


def _footer(app: MsoApp) -> list[str]:
    """The keys the footer shows, in order, that fit in 80 columns."""
    return [k.key for k in app.screen.query(FooterKey) if k.region.right <= 80 and k.region.width]


async def test_empty_store_footer_offers_no_project_keys(store: Path) -> None:
    app = MsoApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        keys = _footer(app)
        assert type(app.screen).__name__ == "WelcomeScreen"
        assert not {"t", "h", "s", "x"} & set(keys), keys
        assert "n" in keys, keys


async def test_screen_keys_come_first_and_hidden_ones_show(store: Path) -> None:
    ids = build(turns=3)
    from mso_tui.tui.screens.session import SessionScreen

    app = MsoApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        keys = _footer(app)
        assert keys[:2] == ["enter", "f"], keys  # the projects screen's own keys, then the general ones
        await highlight(pilot, app.screen.query_one(DataTable), "payments-api")
        await pilot.press("enter")
        await settle(pilot)
        assert "t" not in _footer(app)  # already on the timeline
        app.push_screen(SessionScreen(ids["s1"]))
        await settle(pilot)
        keys = _footer(app)
        assert {"1", "2", "3", "4", "v", "R"} <= set(keys), keys
        assert keys.index("v") < keys.index("question_mark")
        await pilot.press("h")
        await settle(pilot)
        keys = _footer(app)
        assert type(app.screen).__name__ == "HandoffScreen" and "h" not in keys and "question_mark" in keys, keys


async def test_starting_a_second_session_offers_nothing_the_app_cannot_do(store: Path) -> None:
    build(turns=3)
    app = MsoApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await highlight(pilot, app.screen.query_one(DataTable), "payments-api")  # session 4 is running
        await pilot.press("s", *"more", "ctrl+s")
        await settle(pilot)
        error = str(app.screen.query_one("#error-form", Static).render())
        assert "in progress" in error and "parallel" not in error and "x" in error, error


async def test_help_lists_screen_keys_before_general_ones(store: Path) -> None:
    build(turns=3)
    app = MsoApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        ids = [row[2] for row in app.screen.rows]
        first_app = next(i for i, key in enumerate(ids) if key.startswith("app."))
        assert ids.index("projects.filter") < first_app, ids
