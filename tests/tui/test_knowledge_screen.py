"""Pilot tests of the knowledge base: search as you type, category filter, add/edit/delete with validation."""
from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable, Input, Static, TextArea

from mso_tui.services import knowledge
from mso_tui.tui.dialogs.dialog_form import ConfirmDialog
from mso_tui.tui.dialogs.knowledge_form import KnowledgeForm
from mso_tui.tui.screens.knowledge import KnowledgeScreen
from tests.helpers.atlas_data import build_knowledge
from tests.helpers.screen_host import Host, settle


def _titles(app) -> list[str]:
    return [e.title for e in app.screen.entries]


async def _wait_search(pilot) -> None:
    await pilot.pause(0.3)  # past the debounce
    await settle(pilot)


async def test_search_as_you_type_and_filter(store: Path) -> None:
    build_knowledge()
    app = Host(KnowledgeScreen)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert len(_titles(app)) == 4
        await pilot.press("slash", "s", "q", "l")
        await _wait_search(pilot)
        assert _titles(app) == ["Retry flaky SQLite writes"]
        assert "busy timeout" in str(app.screen.query_one("#kb-detail", Static).render())
        for _ in range(3):
            await pilot.press("backspace")
        await pilot.press(*"workers")
        await _wait_search(pilot)
        assert _titles(app) == ["Workers post messages"]
        await pilot.press("enter")  # to the table; now keys are screen keys
        for _ in range(7):
            app.screen.query_one("#kb-search", Input).action_delete_left()
        await _wait_search(pilot)
        await pilot.press("f", "f")  # all -> pattern -> solution
        await _wait_search(pilot)
        assert "solution" in str(app.screen.query_one("#kb-filter", Static).render())
        assert _titles(app) == ["Retry flaky SQLite writes"]


async def test_add_validates_then_saves(store: Path) -> None:
    app = Host(KnowledgeScreen)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert "No entries" in str(app.screen.query_one("#kb-detail", Static).render())
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, KnowledgeForm)
        await pilot.press("ctrl+s")
        error = app.screen.query_one("#error-title", Static)
        assert error.display and "required" in str(error.render())
        assert knowledge.list_entries() == []
        app.screen.query_one("#kb-title", Input).value = "Use WAL mode"
        app.screen.query_one("#kb-tags", Input).value = "sqlite, wal"
        app.screen.query_one("#kb-content", TextArea).text = "Readers never block the writer."
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, KnowledgeScreen)
        assert _titles(app) == ["Use WAL mode"]
    [saved] = knowledge.list_entries()
    assert saved.tags == ("sqlite", "wal") and saved.content == "Readers never block the writer."


async def test_edit_and_delete(store: Path) -> None:
    build_knowledge()
    app = Host(KnowledgeScreen)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        first = app.screen.highlighted()
        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, KnowledgeForm) and form.query_one("#kb-title", Input).value == first.title
        form.query_one("#kb-title", Input).value = "   "
        await pilot.press("ctrl+s")
        assert form.query_one("#error-title", Static).display
        form.query_one("#kb-title", Input).value = "Renamed entry"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert knowledge.get_entry(first.id).title == "Renamed entry"
        assert app.screen.highlighted().id == first.id
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")
        await pilot.pause()
        assert len(knowledge.list_entries()) == 4
        await pilot.press("x")
        await pilot.pause()
        await pilot.press("y")
        await settle(pilot)
        assert len(knowledge.list_entries()) == 3
        assert "Renamed entry" not in _titles(app)


async def test_opens_with_an_entry_selected(store: Path) -> None:
    build_knowledge()
    target = knowledge.search("plotext")[0]
    app = Host(lambda: KnowledgeScreen(select_id=target.id))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert app.screen.highlighted().id == target.id
        assert app.screen.query_one(DataTable).cursor_row == _titles(app).index(target.title)
