"""Pilot tests: the header shows today's spend against the budget and warns at 80 % and 100 %; the budgets
screen is reached with b (and the palette), adds, edits and deletes budgets by keyboard, refusals shown at 80x24."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from textual.widgets import DataTable, Input

from mso_tui.services.budgets import list_budgets, set_budget
from mso_tui.store.models import Project, Session, UsageEvent, utcnow
from mso_tui.tui.app import MsoApp
from tests.helpers.app_pilot import settle
from tests.helpers.payments_data import BASE, build


def _spend_today(cost: float) -> None:
    """One priced call of `cost` dollars a minute ago (today, in the active block)."""
    project = Project.create(name="spendy", created_at=BASE, updated_at=BASE)
    s = Session.create(project=project, number=1, agent="claude-code", type="development", status="completed",
                       started_at=BASE, objectives=[])
    UsageEvent.create(session=s, message_id="spend-1", model="claude-sonnet-4-5", output_tokens=1000,
                      cost_usd=cost, timestamp=utcnow() - dt.timedelta(minutes=1))


def _messages(app: MsoApp) -> list[str]:
    """The notifications shown so far."""
    return [n.message for n in app._notifications]


async def test_header_warns_at_80_then_100_percent(store: Path) -> None:
    build(turns=3)
    _spend_today(9.0)
    set_budget("overall", "", "day", 10.0)
    app = MsoApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert "today $9.00 of $10.00 (90%)" in app.title and "left" in app.title  # an active block
        assert [m for m in _messages(app) if "Budget at 80 %" in m]
        assert not [m for m in _messages(app) if "exceeded" in m]
        set_budget("overall", "", "day", 8.0)
        app.refresh_spend()
        await settle(pilot)
        assert "(112%)" in app.title
        assert [m for m in _messages(app) if "Budget exceeded: overall, day: $9.00 of $8.00" in m]
        count = len(_messages(app))
        app.refresh_spend()
        await settle(pilot)
        assert len(_messages(app)) == count  # told once per crossing, not every minute


async def test_budgets_screen_add_and_remove(store: Path) -> None:
    build(turns=3)
    app = MsoApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert app.title == "mso"  # nothing spent today, no budget: nothing to say
        await pilot.press("b")
        await settle(pilot)
        assert type(app.screen).__name__ == "BudgetsScreen"
        await pilot.press("n")
        await settle(pilot)
        app.screen.query_one("#bud-limit", Input).value = "abc"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert type(app.screen).__name__ == "BudgetForm" and list_budgets() == []  # refused inline
        app.screen.query_one("#bud-limit", Input).value = "25"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert type(app.screen).__name__ == "BudgetsScreen"
        assert [(b.scope, b.period, b.limit_usd) for b in list_budgets()] == [("overall", "day", 25.0)]
        assert app.screen.query_one(DataTable).row_count == 1
        await pilot.press("d")
        await settle(pilot)
        assert type(app.screen).__name__ == "ConfirmDialog"
        await pilot.press("y")
        await settle(pilot)
        assert list_budgets() == [] and app.screen.query_one(DataTable).row_count == 0


async def test_budgets_in_the_palette(store: Path) -> None:
    build(turns=3)
    app = MsoApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        for key in "budgets":
            await pilot.press(key)
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert type(app.screen).__name__ == "BudgetsScreen"


async def _type(pilot, text: str) -> None:  # type: ignore[no-untyped-def]
    """Type text key by key into the focused field."""
    for key in text:
        await pilot.press(key)


def _shown(app: MsoApp, name: str) -> str:
    """The text of the form's error line `name` when it is displayed inside the 80x24 screen, else ""."""
    from textual.widgets import Static

    error = app.screen.query_one(f"#error-{name}", Static)
    region = error.region
    inside = error.display and region.height > 0 and region.y + region.height <= 24 and region.x + region.width <= 80
    return str(error.render()) if inside else ""


async def test_add_edit_delete_by_keyboard_at_80x24(store: Path) -> None:
    build(turns=3)
    Project.create(name="app", created_at=BASE, updated_at=BASE)
    app = MsoApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("b")
        await settle(pilot)
        await pilot.press("n")  # a project's weekly budget, every field by keyboard
        await settle(pilot)
        await pilot.press("enter", "down", "enter")  # For: overall -> project
        await pilot.press("tab")
        await pilot.press("ctrl+s")  # no name yet
        await settle(pilot)
        assert "Name the project" in _shown(app, "target") and list_budgets() == []
        await _type(pilot, "nope")
        await pilot.press("tab", "enter", "down", "enter", "tab")  # Period: day -> week
        await _type(pilot, "12x")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "amount of dollars" in _shown(app, "limit") and list_budgets() == []
        await pilot.press("backspace")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "no project named 'nope'" in _shown(app, "target") and list_budgets() == []
        assert app.focused is app.screen.query_one("#bud-target", Input)  # the refusal put the cursor there
        await pilot.press("end", *["backspace"] * 4)
        await _type(pilot, "app")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert type(app.screen).__name__ == "BudgetsScreen"
        saved = [(b.scope, b.target, b.period, b.limit_usd) for b in list_budgets()]
        assert saved == [("project", "app", "week", 12.0)]
        set_budget("overall", "", "day", 5.0)
        await pilot.press("r")
        await settle(pilot)
        table = app.screen.query_one(DataTable)
        assert table.row_count == 2 and table.cursor_row == 0  # overall first
        await pilot.press("down", "e")  # edit the project's budget: its limit
        await settle(pilot)
        limit = app.screen.query_one("#bud-limit", Input)
        assert limit.value == "12" and app.screen.query_one("#bud-target", Input).value == "app"
        limit.focus()
        await pilot.press("end", "backspace", "backspace")
        await _type(pilot, "30")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert [b.limit_usd for b in list_budgets()] == [5.0, 30.0]
        assert app.screen.query_one(DataTable).cursor_row == 1  # the edited budget stays highlighted
        await pilot.press("up", "enter")  # edit the overall day budget onto... nothing else: its period
        await settle(pilot)
        app.screen.query_one("#bud-period").focus()
        await pilot.press("enter", "down", "enter", "ctrl+s")  # day -> week
        await settle(pilot)
        assert ("overall", "week", 5.0) in [(b.scope, b.period, b.limit_usd) for b in list_budgets()]
        await pilot.press("d")
        await settle(pilot)
        await pilot.press("n")  # not deleted
        await settle(pilot)
        assert len(list_budgets()) == 2
        await pilot.press("d")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert [(b.scope, b.target) for b in list_budgets()] == [("project", "app")]
        assert app.screen.query_one(DataTable).row_count == 1


async def test_an_edit_onto_another_budget_is_refused_at_80x24(store: Path) -> None:
    build(turns=3)
    set_budget("overall", "", "day", 5.0)
    set_budget("overall", "", "week", 20.0)
    app = MsoApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("b")
        await settle(pilot)
        await pilot.press("e")  # the day budget
        await settle(pilot)
        app.screen.query_one("#bud-period").focus()
        await pilot.press("enter", "down", "enter", "ctrl+s")  # day -> week: taken
        await settle(pilot)
        assert "already" in _shown(app, "period")
        app.screen.query_one("#bud-target", Input).value = "someone"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "leave this empty" in _shown(app, "target")
        await pilot.press("escape")
        await settle(pilot)
        assert sorted((b.period, b.limit_usd) for b in list_budgets()) == [("day", 5.0), ("week", 20.0)]
