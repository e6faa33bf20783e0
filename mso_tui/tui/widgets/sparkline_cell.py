"""Efficiency sparklines with real gaps: a Rich Text for table cells and a multi-row widget."""
from __future__ import annotations

from typing import Sequence

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.reactive import reactive
from textual.strip import Strip
from textual.widget import Widget

BLOCKS = " ▁▂▃▄▅▆▇█"
GAP = " "  # a session without objectives has no efficiency: leave the column empty


def level_style(value: float, low: Style, mid: Style, high: Style) -> Style:
    """The style for an efficiency value (below 0.5 low, below 0.8 mid, else high)."""
    return low if value < 0.5 else mid if value < 0.8 else high


def spark_text(values: Sequence[float | None], width: int, styles: tuple[Style, Style, Style] | None = None) -> Text:
    """One row of blocks for the most recent `width` values; None becomes a gap."""
    text = Text(no_wrap=True, overflow="crop")
    for value in list(values)[-width:] if width > 0 else []:
        if value is None:
            text.append(GAP)
            continue
        # a zero still gets the lowest block so it differs from a gap
        char = BLOCKS[max(1, round(value * 8))]
        text.append(char, level_style(value, *styles) if styles else Style())
    return text


def column_chars(value: float | None, rows: int) -> list[str]:
    """The characters of one column, bottom row first, for a sparkline `rows` high."""
    if value is None:
        return [GAP] * rows
    eighths = max(1, round(value * rows * 8))
    return [BLOCKS[min(max(eighths - row * 8, 0), 8)] for row in range(rows)]


class EfficiencySparkline(Widget):
    """Efficiency per session as columns of blocks; gaps where a session had no objectives."""

    COMPONENT_CLASSES = {"spark--low", "spark--mid", "spark--high", "spark--axis"}
    DEFAULT_CSS = """
    EfficiencySparkline { height: 3; width: 1fr; }
    EfficiencySparkline > .spark--low { color: $error; }
    EfficiencySparkline > .spark--mid { color: $warning; }
    EfficiencySparkline > .spark--high { color: $success; }
    EfficiencySparkline > .spark--axis { color: $text-muted; }
    """
    values: reactive[tuple[float | None, ...]] = reactive(tuple, layout=False)

    def __init__(self, values: Sequence[float | None] = (), **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.set_reactive(EfficiencySparkline.values, tuple(values))

    def render_line(self, y: int) -> Strip:
        """One row of the chart; the latest sessions win when there are more than columns."""
        width, rows = self.size.width, self.size.height
        shown = self.values[-width:] if width else ()
        row = rows - 1 - y  # y counts from the top, rows from the bottom
        styles = tuple(self.get_component_rich_style(f"spark--{n}") for n in ("low", "mid", "high"))
        segments = []
        for value in shown:
            char = column_chars(value, rows)[row]
            style = level_style(value, *styles) if value is not None else Style()  # type: ignore[arg-type]
            segments.append(Segment(char, style))
        if not shown and y == rows // 2:
            segments.append(Segment("no sessions yet", self.get_component_rich_style("spark--axis")))
        return Strip(segments).extend_cell_length(width).crop(0, width)
