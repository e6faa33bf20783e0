"""Bar charts for the analytics screen: a titled plotext panel that shows gaps and an empty state."""
from __future__ import annotations

import math
from typing import Sequence

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widget import Widget
from textual.widgets import Static

MAX_TICKS = 8  # more x labels than this overlap at 80 columns


def tick_positions(count: int, most: int = MAX_TICKS, gap: int = 1) -> list[int]:
    """Every step-th index from 0: at most `most` labels, at least `gap` bars apart (so none overlap)."""
    if count <= 0:
        return []
    step = max(gap, math.ceil((count - 1) / (most - 1)) if count > most else 1)
    return list(range(0, count, step))


def plotted(values: Sequence[float | None]) -> tuple[list[int], list[float]]:
    """Positions and values of the bars to draw; None values are left out, which shows as a gap."""
    xs = [i for i, v in enumerate(values) if v is not None]
    return xs, [float(values[i]) for i in xs]  # type: ignore[arg-type]


class ChartPanel(Vertical):
    """One bar chart with a title line; plotext is imported only when a panel is built."""

    DEFAULT_CSS = """
    ChartPanel { height: 1fr; border: round $primary-muted; border-title-color: $text-accent; }
    ChartPanel > .chart-empty { height: 1fr; content-align: center middle; color: $text-muted; }
    ChartPanel.-empty > .chart-plot { display: none; }
    ChartPanel > .chart-empty { display: none; }
    ChartPanel.-empty > .chart-empty { display: block; }
    """

    def __init__(self, title: str, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.border_title = title
        self.labels: list[str] = []
        self.values: list[float | None] = []
        self.line: float | None = None  # the level drawn across the bars (a budget), if any
        self._last: tuple | None = None  # the last show_bars call, replayed when the panel is resized

    def compose(self) -> ComposeResult:
        """The plot and the message shown when there is nothing to plot."""
        from textual_plotext import PlotextPlot  # lazy: plotext is heavy and only this screen needs it

        yield PlotextPlot(classes="chart-plot")
        yield Static("no data yet", classes="chart-empty")

    @property
    def plot(self) -> Widget:
        """The PlotextPlot widget."""
        return self.query_one(".chart-plot")

    def show_bars(self, title: str, labels: Sequence[str], values: Sequence[float | None],
                  unit: str = "", colour: str = "cyan", ymax: float | None = None,
                  line: float | None = None) -> None:
        """Draw one bar per label (None: a gap) and a level line (a budget); the empty message when no value."""
        self._last = (title, labels, values, unit, colour, ymax, line)
        self.line = line
        self.border_title = title
        self.labels, self.values = list(labels), list(values)
        xs, ys = plotted(self.values)
        self.set_class(not xs, "-empty")
        plt = self.plot.plt  # type: ignore[attr-defined]
        plt.clear_data()
        plt.clear_figure()
        if xs:
            plt.bar(xs, ys, color=colour, width=0.6)
            ticks = tick_positions(len(self.labels), MAX_TICKS, self._tick_gap())
            plt.xticks(ticks, [self.labels[i] for i in ticks])
            plt.xlim(-0.5, len(self.labels) - 0.5)  # room for every label, so a missing bar shows as a gap
            top = max(max(ys), line or 0.0)
            plt.ylim(0, ymax or top * 1.1 or 1)
            if line:
                plt.hline(line, "red")
            if unit:
                plt.ylabel(unit)
        self.plot.refresh()

    def _tick_gap(self) -> int:
        """How many bars apart x labels must be to fit; plotext drops overlapping ones unpredictably."""
        longest = max((len(label) for label in self.labels), default=1)
        width = self.size.width - 10  # the y axis labels and the borders
        if width <= 0 or not self.labels:
            return 1  # not laid out yet; on_resize draws again
        return max(1, math.ceil((longest + 3) / (width / len(self.labels))))

    def on_resize(self) -> None:
        """Draw again for the new width (the number of x labels depends on it)."""
        if self._last is not None:
            self.show_bars(*self._last)
