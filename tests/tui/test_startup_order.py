"""Start-up order: the header's spend is read after the projects' rows are in (read beside them, it slowed them)."""
from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import DataTable

from mso_tui.tui.app import MsoApp
from tests.helpers.app_pilot import settle
from tests.helpers.payments_data import build


async def test_spend_is_read_after_the_projects_rows(store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    build(turns=3)
    seen: list[int] = []
    real = MsoApp.refresh_spend

    def spy(self: MsoApp) -> None:
        tables = self.screen.query(DataTable) if self.screen.id != "_default" else []
        seen.append(tables[0].row_count if tables else -1)
        real(self)

    monkeypatch.setattr(MsoApp, "refresh_spend", spy)
    app = MsoApp()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert seen and seen[0] > 0  # the first read came once the table had its rows
        assert len(seen) == 1


async def test_rows_read_at_launch_are_in_the_first_frame_without_a_worker(store: Path,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 18: the launch reads the projects before the app loads; the screen fills its table when it mounts."""
    from mso_tui.services.session_view import prefetch_projects
    from mso_tui.tui.screens.projects import ProjectsScreen

    build(turns=3)
    prefetch_projects()
    loads: list[int] = []
    monkeypatch.setattr(ProjectsScreen, "_load", lambda self: loads.append(1))
    app = MsoApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.screen.query_one(DataTable).row_count > 0 and loads == []
        app.screen.reload()  # r still reads again, in the worker
        assert loads == [1]
