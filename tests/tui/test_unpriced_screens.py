"""Pilot tests: a model without a price shows "unpriced", never $0.00, on the timeline, the session header,
its usage tab and the analytics summary; dollars and credits sit in their own timeline columns."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from textual.widgets import DataTable, Static

from mso_tui.store.models import Project, Session, UsageEvent
from mso_tui.tui.app import MsoApp
from mso_tui.tui.screens.timeline import TimelineScreen
from mso_tui.tui.widgets.row_list import RowList
from tests.helpers.app_pilot import settle
from tests.helpers.payments_data import BASE, build


def _sessions() -> None:
    """Session 1 is all unpriced (a million tokens), session 2 mixes a priced and an unpriced model."""
    project = Project.create(name="gem", created_at=BASE, updated_at=BASE)
    for number, priced in ((1, False), (2, True)):
        s = Session.create(project=project, number=number, agent="gemini", type="development", status="completed",
                           started_at=BASE + dt.timedelta(hours=number), duration_seconds=600.0, objectives=[],
                           input_tokens=1_000_000 + (1000 if priced else 0), cost_usd=0.25 if priced else 0.0,
                           credits_used=2.0)
        UsageEvent.create(session=s, message_id=f"gem-m{number}", model="gemini-9-pro", input_tokens=1_000_000,
                          cost_usd=None, timestamp=BASE)
        if priced:
            UsageEvent.create(session=s, message_id="gem-p2", model="claude-sonnet-4-5", input_tokens=1000,
                              cost_usd=0.25, timestamp=BASE)


async def test_timeline_and_usage_tab_show_unpriced(store: Path) -> None:
    build(turns=3)
    _sessions()
    app = MsoApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.push_screen(TimelineScreen("gem"))
        await settle(pilot)
        rows = app.screen.query_one(RowList)
        first, second = rows.render_line(1).text, rows.render_line(2).text
        assert "unpriced" in first and "$0.00" not in first and "2 cr" in first
        assert "$0.25+unpriced" in second
        await pilot.press("enter")
        await settle(pilot)
        summary = str(app.screen.query_one("#summary", Static).render())
        assert "unpriced" in summary and "$0.00" not in summary
        await pilot.press("4")
        await settle(pilot)
        table = app.screen.query_one("#usage-table", DataTable)
        cells = {str(table.get_row_at(i)[0]): str(table.get_row_at(i)[-1]) for i in range(table.row_count)}
        assert cells["gemini-9-pro"] == "unpriced" and all("0.00" not in c for c in cells.values())


async def test_analytics_summary_marks_unpriced(store: Path) -> None:
    from mso_tui.tui.screens.analytics import AnalyticsScreen

    _sessions()
    app = MsoApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.push_screen(AnalyticsScreen("gem"))
        await settle(pilot)
        text = str(app.screen.query_one("#analytics-summary", Static).render())
        assert "$0.25+unpriced" in text and "$0.00" not in text
