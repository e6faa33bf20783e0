"""Issue 16 item 1: every theme Textual ships renders every screen at 80x24; a failing theme is not saved."""
from __future__ import annotations

from pathlib import Path

import pytest
from textual.app import App
from textual.widgets import DataTable

from mso_tui.tui.app import MsoApp
from tests.helpers.app_pilot import highlight, settle
from tests.helpers.payments_data import build

THEMES = sorted(App().available_themes)
# A key walk over every screen: timeline, session and its tabs, handoff viewer and its diff, analytics,
# knowledge, accounts, budgets and the budget form, search, import, help; each walk starts from the projects screen.
WALK = (("enter", "enter", "1", "2", "3", "4"), ("enter", "h", "d"), ("a",), ("k",), ("c",), ("b", "n"), ("slash",),
        ("i",), ("question_mark",))


async def _walk(pilot, app: MsoApp) -> None:  # type: ignore[no-untyped-def]
    """Visit every screen and paint each one whole, as a terminal would."""
    for keys in WALK:
        await highlight(pilot, app.screen.query_one(DataTable), "payments-api")
        for key in keys:
            await pilot.press(key)
            await settle(pilot)
        app.screen._compositor.render_update(full=True)
        app.show_projects()
        await settle(pilot)


async def test_every_screen_renders_in_every_theme(store: Path) -> None:
    build(turns=3)
    app = MsoApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for theme in THEMES:
            app.theme = theme
            await settle(pilot)
            await _walk(pilot, app)
            assert app.is_running, theme


@pytest.mark.parametrize("theme", ["ansi-dark", "ansi-light"])
async def test_an_ansi_theme_saved_in_the_config_starts(store: Path, tmp_path: Path, theme: str) -> None:
    build(turns=3)
    (tmp_path / "config.toml").write_text(f'theme = "{theme}"\n')
    app = MsoApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.theme == theme and type(app.screen).__name__ == "ProjectsScreen"
        assert app.screen.query_one(DataTable).row_count == 3
        await _walk(pilot, app)


async def test_a_theme_that_cannot_draw_is_refused_not_saved(store: Path, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    from mso_tui.tui.widgets import theme_colours

    build(turns=3)
    real = theme_colours.rich_colour

    def broken(value: str | None, fallback: str) -> str:
        if app.theme == "dracula":
            raise ValueError("cannot draw")
        return real(value, fallback)

    monkeypatch.setattr(theme_colours, "rich_colour", broken)
    app = MsoApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.theme = "nord"
        await settle(pilot)
        app.theme = "dracula"
        await settle(pilot)
        assert app.is_running and app.theme == "nord"
        assert any("dracula" in n.message for n in app._notifications)
    assert 'theme = "nord"' in (tmp_path / "config.toml").read_text()
