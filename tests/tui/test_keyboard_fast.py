"""Issue 16 item 12: keys typed faster than screens open still land where the last key says."""
from __future__ import annotations

from pathlib import Path

from textual import events
from textual.widgets import DataTable

from mso_tui.tui.app import MsoApp
from tests.helpers.app_pilot import highlight, settle
from tests.helpers.payments_data import build


async def test_t_a_k_c_typed_at_once_ends_on_accounts(store: Path) -> None:
    build(turns=3)
    app = MsoApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await highlight(pilot, app.screen.query_one(DataTable), "payments-api")
        for key in "takc":  # one burst, as a terminal delivers fast typing: no wait between the keys
            app.post_message(events.Key(key, key))
        await settle(pilot)
        names = [type(s).__name__ for s in app.screen_stack]
        assert names[-1] == "AccountsScreen", names
        assert names[-4:] == ["TimelineScreen", "AnalyticsScreen", "KnowledgeScreen", "AccountsScreen"], names
