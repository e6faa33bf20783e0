"""Pilot tests: the header shows today's spend against the budget and warns at 80 % and 100 %; the budgets
screen is reached with b (and the palette), adds a budget from its form and removes one."""
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
