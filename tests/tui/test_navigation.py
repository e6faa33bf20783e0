"""Pilot tests of help, palette, keymap, theme persistence, lazy conversation and missing screens."""
from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable

from mso_tui.tui.app import MsoApp
from mso_tui.tui.widgets.conversation import ConversationView
from tests.helpers.app_pilot import highlight, settle
from tests.helpers.payments_data import build


async def test_help_lists_every_active_binding_with_ids(store: Path) -> None:
    build(turns=3)
    app = MsoApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        assert type(app.screen).__name__ == "HelpScreen"
        ids = {row[2] for row in app.screen.rows}
        assert {"app.timeline", "app.search", "app.quit", "projects.filter"} <= ids
        assert all(description for _, description, _ in app.screen.rows)
        await pilot.press("escape")
        assert type(app.screen).__name__ == "ProjectsScreen"


async def test_palette_offers_actions_and_opens_a_project(store: Path) -> None:
    build(turns=3)
    app = MsoApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        provider = next(p for p in app.COMMANDS if getattr(p, "__name__", "") == "MsoCommands")(app.screen)
        await provider.startup()
        titles = [title for title, _, _ in provider._commands()]
        for expected in ("Show every project", "Start a session of the current project",
                         "Search turns, handoffs and knowledge", "Open project mobile-app"):
            assert expected in titles
        await pilot.press("ctrl+p")
        await pilot.press(*"mobile", "enter")
        await settle(pilot)
        assert type(app.screen).__name__ == "TimelineScreen"
        assert app.screen.project_name == "mobile-app"


async def test_keys_remap_from_config(store: Path, tmp_path: Path) -> None:
    build(turns=3)
    (tmp_path / "config.toml").write_text('[keys]\n"app.timeline" = "ctrl+o"\n')
    app = MsoApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("t")
        assert type(app.screen).__name__ == "ProjectsScreen"
        await pilot.press("ctrl+o")
        await settle(pilot)
        assert type(app.screen).__name__ == "TimelineScreen"


async def test_theme_choice_persists(store: Path, tmp_path: Path) -> None:
    build(turns=3)
    app = MsoApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.theme = "nord"
        await pilot.pause()
    assert 'theme = "nord"' in (tmp_path / "config.toml").read_text()
    again = MsoApp()
    async with again.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert again.theme == "nord"


async def test_conversation_loads_pages_lazily(store: Path) -> None:
    ids = build(turns=450)
    from mso_tui.tui.screens.session import SessionScreen

    app = MsoApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.push_screen(SessionScreen(ids["s1"]))
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        view = app.screen.query_one(ConversationView)
        assert view.total == 450 and set(view._store.original) == {0}  # only what is visible was read
        await pilot.press("end")
        await settle(pilot)
        assert 2 in view._store.original and view.turn_at(449).seq == 449
        await pilot.press("enter")
        assert type(app.screen).__name__ == "TurnScreen"


async def test_escape_goes_back_and_p_returns_home(store: Path) -> None:
    build(turns=3)
    app = MsoApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await highlight(pilot, app.screen.query_one(DataTable), "payments-api")
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert type(app.screen).__name__ == "SessionScreen"
        await pilot.press("escape")
        assert type(app.screen).__name__ == "TimelineScreen"
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("p")
        assert type(app.screen).__name__ == "ProjectsScreen" and len(app.screen_stack) == 2


async def test_help_key_stays_in_a_narrow_footer(store: Path) -> None:
    from textual.widgets._footer import FooterKey

    build(turns=3)
    app = MsoApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for key in ("k", "escape", "enter", "h"):  # knowledge, back, a project's timeline, its handoff viewer
            await pilot.press(key)
            await settle(pilot)
            shown = [k for k in app.screen.query(FooterKey) if k.key == "question_mark"]
            assert shown and shown[0].region.right <= 80, type(app.screen).__name__
