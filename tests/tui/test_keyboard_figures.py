"""Issue 16 item 6 (TUI side): search counts a capped kind as "50+"; an unknown duration reads "–"."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from textual.widgets import Static

from mso_tui.tui.app import MsoApp
from tests.helpers.app_pilot import settle
from tests.helpers.cli_run import run
from tests.helpers.payments_data import build

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


async def test_search_says_50_plus_at_its_cap(store: Path) -> None:
    build(turns=120)  # every turn says "Turn"
    app = MsoApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"Turn")
        await pilot.pause(0.4)  # past the debounce
        await settle(pilot)
        status = str(app.screen.query_one("#search-status", Static).render())
        assert "50+ turns" in status, status


async def test_unknown_duration_is_a_dash_and_turns_are_counted(store: Path, tmp_path: Path,
                                                               capsys: pytest.CaptureFixture) -> None:
    folder = tmp_path / "repo" / ".specstory" / "history"
    folder.mkdir(parents=True)
    shutil.copy(FIXTURES / "specstory" / "2025-01-05_10-00-00Z-old-format.md", folder)
    assert run(["import", "--project", "shop", str(folder)], capsys)[0] == 0
    from mso_tui.store.db import init_db

    init_db()  # the store the CLI import wrote to (SQLite, or the PostgreSQL server under test)
    app = MsoApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        row = app.screen.rows[0]
        assert app.screen._cells(row)["duration"] == "–"
        await pilot.press("enter")
        await settle(pilot)
        summary = str(app.screen.query_one("#summary", Static).render())
        assert " · – · " in summary and " 0m " not in summary, summary
