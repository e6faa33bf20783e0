"""Helpers for Pilot tests of the whole MsoApp."""
from __future__ import annotations

from textual.pilot import Pilot
from textual.widgets import DataTable


async def settle(pilot: Pilot) -> None:
    """Let workers finish and the messages they posted be handled."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.pause()


def rows(table: DataTable) -> list[str]:
    """The row keys of a table, in order."""
    return [str(key.value) for key in table.rows]


async def highlight(pilot: Pilot, table: DataTable, key: str) -> None:
    """Put the table cursor on the row with this key."""
    table.move_cursor(row=table.get_row_index(key))
    await pilot.pause()
