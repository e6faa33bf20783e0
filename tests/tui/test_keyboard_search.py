"""Issue 16 item 9: search works like a picker: Down reaches the hits, one Enter opens the turn at the match,
highlighted; snippets start on a word and show the match highlighted."""
from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.widgets import DataTable, TextArea

from mso_tui.services.search import snippet
from mso_tui.store.models import Turn
from mso_tui.tui.app import MsoApp
from tests.helpers.app_pilot import settle
from tests.helpers.payments_data import build

LONG = ("Setting up the payment workers took longer than planned because the sandbox keys rotated twice " * 3
        + "and then the refund webhook finally answered.")


async def _search(pilot, text: str) -> None:
    await pilot.press("slash", *text)
    await pilot.pause(0.4)  # past the debounce
    await settle(pilot)


def test_snippet_starts_and_ends_on_a_word() -> None:
    cut = snippet(LONG, "refund", width=60)
    assert "refund" in cut
    body = cut.removeprefix("…").removesuffix("…")
    assert body.split()[0] in LONG.split() and body.split()[-1] in LONG.split(), cut
    assert cut.startswith("…")


async def test_down_reaches_the_hits_and_enter_opens_the_turn_at_the_match(store: Path) -> None:
    ids = build(turns=3)
    Turn.create(session=ids["s1"], seq=3, role="assistant", text="Line one\n" * 40 + LONG, source_id="t3")
    app = MsoApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await _search(pilot, "sandbox keys")
        table = app.screen.query_one(DataTable)
        assert table.row_count >= 1
        cell = table.get_row_at(0)[2]
        assert isinstance(cell, Text) and any(span.style for span in cell.spans), cell
        await pilot.press("down")
        assert app.focused is table
        await pilot.press("slash")
        await pilot.press("enter")  # one Enter from the query box opens the highlighted hit
        await settle(pilot)
        assert type(app.screen).__name__ == "TurnScreen"
        area = app.screen.query_one(TextArea)
        assert area.selected_text.lower() == "sandbox keys"
        assert area.scroll_offset.y > 0  # scrolled down to the match on line 41
