"""A virtual table: one line per row, only the visible lines are drawn (5,000 rows cost what 30 do)."""
from __future__ import annotations

from typing import Callable, Generic, Sequence, TypeVar

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

R = TypeVar("R")
Column = tuple[str, str, int, str]  # key, label, width, justify ("left" or "right")
Cells = Callable[[object], dict[str, str]]


class RowList(ScrollView, Generic[R], can_focus=True):
    """Rows of plain-text cells under a fixed header line; a cursor row; enter or a click selects."""

    BINDINGS = [
        Binding("up,k", "move(-1)", "Up", show=False, id="rows.up"),
        Binding("down,j", "move(1)", "Down", show=False, id="rows.down"),
        Binding("pageup", "page(-1)", "Page up", show=False, id="rows.page_up"),
        Binding("pagedown", "page(1)", "Page down", show=False, id="rows.page_down"),
        Binding("home", "jump(0)", "First", show=False, id="rows.first"),
        Binding("end", "jump(-1)", "Last", show=False, id="rows.last"),
        Binding("enter", "select", "Open", id="rows.select"),
    ]
    COMPONENT_CLASSES = {"row-list--header", "row-list--cursor", "row-list--stripe", "row-list--strong"}
    DEFAULT_CSS = """
    RowList { height: 1fr; scrollbar-size-vertical: 1; }
    RowList > .row-list--header { color: $text; background: $panel; text-style: bold; }
    RowList > .row-list--stripe { background: $surface-lighten-1 40%; }
    RowList > .row-list--cursor { background: $boost; text-style: bold; }
    RowList:focus > .row-list--cursor { background: $primary 40%; }
    RowList > .row-list--strong { text-style: bold; }
    """
    cursor = reactive(0, layout=False)

    class Selected(Message):
        """Enter (or a click on the cursor row) on a row."""

        def __init__(self, row_list: RowList, index: int, row: object) -> None:
            super().__init__()
            self.row_list = row_list
            self.index = index
            self.row = row

        @property
        def control(self) -> RowList:
            """The list the row was chosen in (so @on can match its id)."""
            return self.row_list

    def __init__(self, columns: Sequence[Column], cells: Cells, strong: Callable[[object], bool] | None = None,
                 **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.columns = list(columns)
        self.rows: list[R] = []
        self._cells = cells
        self._strong = strong or (lambda row: False)

    def set_rows(self, rows: Sequence[R]) -> None:
        """Replace every row (the cursor stays where it was, within range)."""
        self.rows = list(rows)
        self._resized()

    def add_rows(self, rows: Sequence[R]) -> None:
        """Append rows (a page from a worker); only the size and the visible lines change."""
        self.rows.extend(rows)
        self._resized()

    def _resized(self) -> None:
        """One extra line for the header; clamp the cursor; repaint."""
        self.virtual_size = Size(sum(w + 2 for _, _, w, _ in self.columns), len(self.rows) + 1)
        self.set_reactive(RowList.cursor, min(self.cursor, max(len(self.rows) - 1, 0)))
        self.refresh()

    def render_line(self, y: int) -> Strip:
        """The header on the first line, then the row under each following line."""
        width = self.size.width
        if y == 0:
            labels = {key: label for key, label, _, _ in self.columns}
            return self._strip(labels, self.get_component_rich_style("row-list--header"), width)
        index = self.scroll_offset.y + y - 1
        if index >= len(self.rows):
            return Strip.blank(width)
        row = self.rows[index]
        style = Style()
        if index % 2:
            style += self.get_component_rich_style("row-list--stripe")
        if self._strong(row):
            style += self.get_component_rich_style("row-list--strong")
        if index == self.cursor:
            style += self.get_component_rich_style("row-list--cursor")
        return self._strip(self._cells(row), style, width)

    def _strip(self, cells: dict[str, str], style: Style, width: int) -> Strip:
        """Cells padded to their column widths (one space each side), cropped to the widget."""
        parts = []
        for key, _, w, justify in self.columns:
            text = cells.get(key, "")
            text = text if len(text) <= w else text[: max(w - 1, 0)] + "…"
            parts.append(" " + (text.rjust(w) if justify == "right" else text.ljust(w)) + " ")
        line = "".join(parts)[self.scroll_offset.x:]
        return Strip([Segment(line, style)]).extend_cell_length(width, style).crop(0, width)

    def watch_cursor(self, old: int, new: int) -> None:
        """Keep the cursor row in view below the header and repaint."""
        visible = max(self.size.height - 1, 1)
        top = self.scroll_offset.y
        if new < top:
            self.scroll_to(y=new, animate=False)
        elif new >= top + visible:
            self.scroll_to(y=new - visible + 1, animate=False)
        self.refresh()

    def action_move(self, delta: int) -> None:
        """Move the cursor by delta rows."""
        self.cursor = min(max(self.cursor + delta, 0), max(len(self.rows) - 1, 0))

    def action_page(self, direction: int) -> None:
        """Move the cursor by a screenful."""
        self.action_move(direction * max(self.size.height - 2, 1))

    def action_jump(self, where: int) -> None:
        """Go to the first (0) or last (-1) row."""
        self.cursor = 0 if where == 0 else max(len(self.rows) - 1, 0)

    def action_select(self) -> None:
        """Tell the screen which row was chosen."""
        if 0 <= self.cursor < len(self.rows):
            self.post_message(self.Selected(self, self.cursor, self.rows[self.cursor]))

    def on_click(self, event: events.Click) -> None:
        """A click moves the cursor; a click on the cursor row (or a double click) selects it."""
        index = self.scroll_offset.y + event.y - 1
        if event.y < 1 or not 0 <= index < len(self.rows):
            return
        again = index == self.cursor or event.chain > 1
        self.cursor = index
        if again:
            self.action_select()

    @property
    def current(self) -> R | None:
        """The row under the cursor, if any."""
        return self.rows[self.cursor] if 0 <= self.cursor < len(self.rows) else None
