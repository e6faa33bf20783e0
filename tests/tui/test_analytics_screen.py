"""Pilot tests of the analytics screen: charts per project, across all, per day."""
from __future__ import annotations

from pathlib import Path

from textual.widgets import Static

from mso_tui.tui.screens.analytics import AnalyticsScreen
from mso_tui.tui.widgets.charts import ChartPanel, plotted, tick_positions
from tests.helpers.atlas_data import build_atlas, build_second_project
from tests.helpers.screen_host import Host, settle


def _summary(app) -> str:
    return str(app.screen.query_one("#analytics-summary", Static).render())


def test_gaps_and_ticks() -> None:
    assert plotted([50.0, None, 100.0]) == ([0, 2], [50.0, 100.0])
    assert tick_positions(3) == [0, 1, 2]
    ticks = tick_positions(40)
    assert len(ticks) <= 8 and ticks[0] == 0 and ticks[-1] >= 33
    assert tick_positions(5, 8, gap=2) == [0, 2, 4]


async def test_project_charts_then_all_then_by_day(store: Path) -> None:
    build_atlas()
    build_second_project()
    app = Host(lambda: AnalyticsScreen("atlas"))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert "project atlas · 3 sessions" in _summary(app)
        eff = app.screen.query_one("#chart-efficiency", ChartPanel)
        assert eff.labels == ["#1", "#2", "#3"]
        assert eff.values == [67, 100, None]  # session 3 had no objectives: a gap, not a zero
        cost = app.screen.query_one("#chart-cost", ChartPanel)
        assert cost.values == [1.25, 0.61, 2.02]
        await pilot.press("a")
        await settle(pilot)
        assert "all projects · 5 sessions" in _summary(app)
        assert app.screen.query_one("#chart-efficiency", ChartPanel).labels[2] == "beacon#1"
        await pilot.press("v")
        assert app.screen.query_one("#chart-cost", ChartPanel).border_title == "Cost per day (USD)"
        tokens = app.screen.query_one("#chart-tokens", ChartPanel)
        assert tokens.labels == ["03-02", "03-03", "03-04", "03-05"]
        assert tokens.values[3] == (250_000 + 20_000) / 1000
        await pilot.press("p")
        await settle(pilot)
        assert "project atlas" in _summary(app)
        await pilot.press("p")
        await settle(pilot)
        assert "project beacon · 2 sessions" in _summary(app)


async def test_empty_store_shows_empty_charts(store: Path) -> None:
    app = Host(lambda: AnalyticsScreen())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert "all projects · 0 sessions" in _summary(app)
        assert app.screen.query_one("#chart-tokens", ChartPanel).has_class("-empty")
        await pilot.press("escape")
        assert not isinstance(app.screen, AnalyticsScreen)
