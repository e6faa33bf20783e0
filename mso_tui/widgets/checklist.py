"""A checklist of objectives: space toggles the highlighted item."""
from __future__ import annotations

from typing import Sequence

from textual.binding import Binding
from textual.widgets import SelectionList
from textual.widgets.selection_list import Selection

from mso_tui.data.records import Objective


class Checklist(SelectionList[int]):
    """Objectives as a selection list whose values are their 0-based indexes."""

    BINDINGS = [Binding("space", "select", "Toggle", show=False, id="checklist.toggle")]
    DEFAULT_CSS = """
    Checklist { height: auto; max-height: 12; padding: 0; }
    Checklist, Checklist:focus { border: none; }
    """

    def __init__(self, objectives: Sequence[Objective] = (), **kwargs: object) -> None:
        super().__init__(*self._selections(objectives), **kwargs)  # type: ignore[arg-type]

    @staticmethod
    def _selections(objectives: Sequence[Objective]) -> list[Selection[int]]:
        """One Selection per objective, ticked when done."""
        return [Selection(o.text, i, o.done) for i, o in enumerate(objectives)]

    def show(self, objectives: Sequence[Objective]) -> None:
        """Replace the items, keeping the highlighted position."""
        highlighted = self.highlighted
        with self.prevent(SelectionList.SelectedChanged, SelectionList.SelectionToggled):
            self.clear_options()
            self.add_options(self._selections(objectives))
        if objectives:  # always highlight something, so space ticks without first pressing down
            self.highlighted = min(highlighted or 0, len(objectives) - 1)

    @property
    def done(self) -> list[int]:
        """The 0-based indexes ticked done."""
        return sorted(self.selected)
