"""A checklist of objectives: space toggles the highlighted item; state shows in glyphs, not only colour."""
from __future__ import annotations

from typing import Sequence

from rich.segment import Segment
from rich.style import Style
from textual.binding import Binding
from textual.strip import Strip
from textual.widgets import OptionList, SelectionList
from textual.widgets.option_list import OptionDoesNotExist
from textual.widgets.selection_list import Selection

from mso_tui.records import Objective


class Checklist(SelectionList[int]):
    """Objectives as a selection list whose values are their 0-based indexes."""

    BINDINGS = [Binding("space", "select", "Toggle", show=False, id="checklist.toggle")]
    COMPONENT_CLASSES = {"checklist--done", "checklist--open"}
    DEFAULT_CSS = """
    Checklist { height: auto; max-height: 12; padding: 0; }
    Checklist, Checklist:focus { border: none; }
    Checklist > .checklist--done { color: $success; text-style: bold; }
    Checklist > .checklist--open { color: $text-muted; }
    """
    DONE, OPEN = "[x]", "[ ]"  # readable without colour (SSH terminals, screen readers)

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

    def render_line(self, y: int) -> Strip:
        """The option's line after a [x] or [ ] box (the stock button differs only by colour)."""
        line = OptionList.render_line(self, y)
        index = self.scroll_offset.y + y
        try:
            selection = self.get_option_at_index(index)
        except OptionDoesNotExist:
            return line
        done = selection.value in self._selected
        style = self.get_component_rich_style("checklist--done" if done else "checklist--open")
        base = next(iter(line)).style or Style() if line.cell_length else Style()
        meta = Style(meta={"option": index})  # a click on the box toggles, as on the stock button
        return Strip([Segment(self.DONE if done else self.OPEN, base + style + meta), Segment(" ", base), *line])

    @property
    def done(self) -> list[int]:
        """The 0-based indexes ticked done."""
        return sorted(self.selected)
