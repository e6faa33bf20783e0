"""Pilot test: the analytics cost chart per day and per billing block, with the budget line."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from mso_tui.services.budgets import set_budget
from mso_tui.store.models import Project, Session, UsageEvent
from mso_tui.tui.app import MsoApp
from mso_tui.tui.widgets.charts import ChartPanel
from tests.helpers.app_pilot import settle
from tests.helpers.payments_data import BASE


def _usage() -> None:
    """Calls at 09:10 and 10:00 (one block) and 20:30 (the next, after a gap), $1 each."""
    project = Project.create(name="charted", created_at=BASE, updated_at=BASE)
    s = Session.create(project=project, number=1, agent="claude-code", type="development", status="completed",
                       started_at=BASE, objectives=[], cost_usd=3.0, output_tokens=300)
    day = BASE.replace(hour=0, minute=0)
    for n, (hour, minute) in enumerate(((9, 10), (10, 0), (20, 30))):
        UsageEvent.create(session=s, message_id=f"chart-{n}", model="claude-sonnet-4-5", output_tokens=100,
                          cost_usd=1.0, timestamp=day + dt.timedelta(hours=hour, minutes=minute))


async def test_cost_per_day_and_per_block_with_the_budget_line(store: Path) -> None:
    from mso_tui.tui.screens.analytics import AnalyticsScreen

    _usage()
    set_budget("overall", "", "day", 4.0)
    set_budget("project", "charted", "block", 1.5)
    app = MsoApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.push_screen(AnalyticsScreen("charted"))
        await settle(pilot)
        panel = app.screen.query_one("#chart-cost", ChartPanel)
        assert panel.line is None  # per session: no budget applies
        await pilot.press("v")
        await settle(pilot)
        assert panel.line == 4.0 and "budget $4.00" in str(panel.border_title)
        await pilot.press("v")
        await settle(pilot)
        assert "Cost per block" in str(panel.border_title) and panel.line == 1.5
        assert panel.values == [2.0, 1.0] and len(panel.labels) == 2
        await pilot.press("v")
        await settle(pilot)
        assert "per session" in str(panel.border_title) and panel.line is None
