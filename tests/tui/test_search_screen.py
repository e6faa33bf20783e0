"""Pilot tests of global search: as you type, debounced, in a worker; enter opens the hit."""
from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable, Static

from mso_tui.tui.screens.handoff import HandoffScreen
from mso_tui.tui.screens.knowledge import KnowledgeScreen
from mso_tui.tui.screens.search import SearchScreen
from tests.helpers.atlas_data import build_atlas, build_conversation, build_knowledge
from tests.helpers.screen_host import Host, settle


async def _type(pilot, text: str) -> None:
    await pilot.press(*text)
    await pilot.pause(0.4)  # past the debounce
    await settle(pilot)


async def _clear(pilot, count: int) -> None:
    for _ in range(count):
        await pilot.press("backspace")


def _kinds(app) -> list[str]:
    return [h.kind for h in app.screen.hits]


async def test_search_as_you_type_finds_all_kinds(store: Path) -> None:
    build_atlas()
    build_knowledge()
    build_conversation()
    app = Host(SearchScreen)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await _type(pilot, "cache")
        kinds = _kinds(app)
        assert {"turn", "handoff", "knowledge"} - set(kinds) == {"knowledge"}
        assert "turn" in kinds and "handoff" in kinds
        status = str(app.screen.query_one("#search-status", Static).render())
        assert "enter opens" in status
        await _clear(pilot, 5)
        await _type(pilot, "zzzz")
        assert app.screen.hits == []
        assert "no match" in str(app.screen.query_one("#search-status", Static).render())


async def test_enter_opens_a_handoff_hit(store: Path) -> None:
    build_atlas()
    app = Host(SearchScreen)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await _type(pilot, "Rotate the token")
        assert _kinds(app) == ["handoff"]
        await pilot.press("enter")  # the only hit opens straight from the query box
        await settle(pilot)
        assert isinstance(app.screen, HandoffScreen)
        assert "session 2" in str(app.screen.query_one("#handoff-title", Static).render())
        await pilot.press("escape")
        assert isinstance(app.screen, SearchScreen)


async def test_enter_opens_a_knowledge_hit(store: Path) -> None:
    build_knowledge()
    app = Host(SearchScreen)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await _type(pilot, "plotext")
        assert _kinds(app) == ["knowledge"]
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, KnowledgeScreen)
        assert app.screen.highlighted().title == "Pin plotext below 6"


async def test_enter_on_a_turn_row_opens_its_session_and_the_turn(store: Path) -> None:
    build_atlas()
    build_conversation()
    app = Host(SearchScreen)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await _type(pilot, "tests")
        assert set(_kinds(app)) == {"turn"} and len(app.screen.hits) >= 2
        await pilot.press("down")  # several hits: down moves to the table, enter opens the highlighted one
        assert app.screen.focused is app.screen.query_one(DataTable)
        await pilot.press("enter")
        await settle(pilot)
        names = [type(s).__name__ for s in app.screen_stack]
        assert names[-1] in ("TurnScreen", "SessionScreen")
        assert "SessionScreen" in names or "TurnScreen" in names
