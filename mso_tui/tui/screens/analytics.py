"""Analytics: efficiency, tokens, cost and duration as bar charts, per project or across all."""
from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid
from textual.message import Message
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Footer, Static

from mso_tui.tui.screens.base import usd_parts
from mso_tui.tui.screens.helpers import error_text, in_db_thread, pop_or_exit, style_path
from mso_tui.tui.widgets.charts import ChartPanel


def _short(count: int) -> str:
    """A token count in a few characters (1.2M, 520k)."""
    if count >= 1_000_000:
        return f"{count / 1_000_000:.1f}M"
    return f"{count / 1000:.0f}k" if count >= 1000 else str(count)


class AnalyticsScreen(Screen[None]):
    """Four charts; `a` switches between one project and all, `p` picks the next project, `v` the period."""

    CSS_PATH = style_path("analytics")
    BINDINGS = [
        Binding("escape", "back", "Back", id="analytics.back"),
        Binding("a", "toggle_scope", "All/project", id="analytics.scope"),
        Binding("p", "next_project", "Next project", id="analytics.next_project"),
        Binding("v", "toggle_period", "Session/day/block", id="analytics.period"),
        Binding("r", "reload", "Reload", id="analytics.reload"),
    ]

    scope: reactive[str | None] = reactive(None, init=False)  # a project name, or None for all
    by_day: reactive[bool] = reactive(False, init=False)
    by_block: reactive[bool] = reactive(False, init=False)  # tokens and cost per 5-hour billing block

    class Loaded(Message):
        """Chart data for one scope."""

        def __init__(self, scope: str | None, sessions: list, days: list, names: list[str],
                     blocks: list | None = None, limits: dict | None = None) -> None:
            super().__init__()
            self.scope, self.sessions, self.days, self.names = scope, sessions, days, names
            self.blocks, self.limits = blocks or [], limits or {}

    class Failed(Message):
        """The data could not be read."""

        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    def __init__(self, project_name: str | None = None) -> None:
        super().__init__()
        self.project_name = project_name  # the project this screen was opened for (the `a` key returns to it)
        self.names: list[str] = []
        self.sessions: list = []
        self.days: list = []
        self.blocks: list = []
        self.limits: dict[str, float] = {}
        self.set_reactive(AnalyticsScreen.scope, project_name)

    def compose(self) -> ComposeResult:
        """A summary line and four chart panels in a 2x2 grid."""
        yield Static("loading…", id="analytics-summary")
        with Grid(id="analytics-grid"):
            yield ChartPanel("Efficiency per session", id="chart-efficiency")
            yield ChartPanel("Duration per session", id="chart-duration")
            yield ChartPanel("Tokens per session", id="chart-tokens")
            yield ChartPanel("Cost per session", id="chart-cost")
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        """Read the data in a worker."""
        self.load(self.scope)

    @work(thread=True, exclusive=True, exit_on_error=False, group="analytics-load")
    def load(self, scope: str | None) -> None:
        """Read session and day points for scope (a project name, or None for all)."""
        from mso_tui.services import analytics as q

        def read() -> Message:
            return self.Loaded(scope, q.session_points(scope), q.day_points(scope), q.project_names(),
                               q.block_points(scope), q.budget_limits(scope))

        try:
            self.post_message(in_db_thread(read))
        except Exception as exc:  # e.g. the project was renamed meanwhile
            self.post_message(self.Failed(error_text(exc)))

    def on_analytics_screen_loaded(self, message: Loaded) -> None:
        """Keep the data and draw it."""
        if message.scope != self.scope:
            return  # an older request finished after the user switched scope
        self.sessions, self.days, self.names = message.sessions, message.days, message.names
        self.blocks, self.limits = message.blocks, message.limits
        self.draw()

    def on_analytics_screen_failed(self, message: Failed) -> None:
        """Say what went wrong."""
        self.query_one("#analytics-summary", Static).update(message.text)

    def draw(self) -> None:
        """Fill the four charts and the summary from the loaded data."""
        points, days = self.sessions, self.days
        labels = [p.label for p in points]
        self.query_one("#chart-efficiency", ChartPanel).show_bars(
            "Efficiency per session (% done)", labels,
            [None if p.efficiency is None else round(p.efficiency * 100) for p in points], colour="green", ymax=100)
        self.query_one("#chart-duration", ChartPanel).show_bars(
            "Duration per session (min)", labels, [p.duration_minutes for p in points], colour="magenta")
        line = None
        if self.by_block:
            tick = [b.label for b in self.blocks]
            tokens = [b.tokens / 1000 for b in self.blocks]
            cost = [b.cost_usd for b in self.blocks]
            unpriced = sum(1 for b in self.blocks if b.unpriced)
            period, line = "block", self.limits.get("block")
        elif self.by_day:
            day_labels = [d.day.strftime("%m-%d") for d in days]
            tokens = [d.tokens / 1000 for d in days]
            cost = [d.cost_usd for d in days]
            unpriced = sum(1 for d in days if d.unpriced_tokens)
            period, tick, line = "day", day_labels, self.limits.get("day")
        else:
            tokens = [p.tokens / 1000 for p in points]
            cost = [p.cost_usd for p in points]
            unpriced = sum(1 for p in points if p.unpriced_tokens)
            period, tick = "session", labels
        self.query_one("#chart-tokens", ChartPanel).show_bars(f"Tokens per {period} (k)", tick, tokens, colour="cyan")
        self.query_one("#chart-cost", ChartPanel).show_bars(
            f"Cost per {period} (USD)" + (f", budget ${line:,.2f}" if line else "")
            + (f", priced part: {unpriced} with unpriced models" if unpriced else ""),
            tick, cost, colour="yellow", line=line)
        self.query_one("#analytics-summary", Static).update(self.summary())

    def summary(self) -> str:
        """One line: scope, sessions, mean efficiency, tokens, cost."""
        points = self.sessions
        measured = [p.efficiency for p in points if p.efficiency is not None]
        mean = f"{sum(measured) / len(measured):.0%}" if measured else "–"
        tokens = sum(p.tokens for p in points)
        cost = usd_parts(sum(p.cost_usd for p in points), tokens, sum(p.unpriced_tokens for p in points))
        scope = f"project {self.scope}" if self.scope else "all projects"
        return f"{scope} · {len(points)} sessions · efficiency {mean} · {_short(tokens)} tokens · {cost}"

    def action_toggle_scope(self) -> None:
        """Switch between the project and all projects."""
        target = self.project_name or (self.names[0] if self.names else None)
        self.scope = None if self.scope is not None else target

    def action_next_project(self) -> None:
        """Show the next project (by name)."""
        if not self.names:
            return
        at = self.names.index(self.scope) + 1 if self.scope in self.names else 0
        self.scope = self.names[at % len(self.names)]

    def watch_scope(self, scope: str | None) -> None:
        """Reload for the new scope."""
        self.query_one("#analytics-summary", Static).update("loading…")
        self.load(scope)

    def watch_by_day(self) -> None:
        """Redraw tokens and cost for the other period."""
        self.draw()

    def watch_by_block(self) -> None:
        """Redraw tokens and cost for the other period."""
        self.draw()

    def action_toggle_period(self) -> None:
        """Tokens and cost per session, then per day, then per billing block."""
        if self.by_day:
            self.by_day, self.by_block = False, True
        elif self.by_block:
            self.by_block = False
        else:
            self.by_day = True

    def action_reload(self) -> None:
        """Read the data again."""
        self.load(self.scope)

    def action_back(self) -> None:
        """Go back to the previous screen."""
        pop_or_exit(self)
