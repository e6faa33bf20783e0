"""Budgets: every USD cap with its period's spend (ok / warn from 80 % / over from 100 %); add and remove."""
from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import DataTable, Footer, Input, Select, Static

from mso_tui.tui.dialogs.dialog_form import DialogForm
from mso_tui.tui.screens.base import MsoScreen
from mso_tui.tui.screens.helpers import error_text, in_db_thread, pop_or_exit
from mso_tui.usage.budgets import PERIODS, SCOPES, BudgetLine, BudgetStatus

LEVEL_STYLE = {"ok": "green", "warn": "yellow", "over": "bold red"}


class BudgetsScreen(MsoScreen):
    """A table of budgets; n adds one, d removes the highlighted one, r reloads."""

    BINDINGS = [
        Binding("escape", "back", "Back", id="budgets.back"),
        Binding("n", "add", "New", id="budgets.add"),
        Binding("d,delete", "remove", "Remove", id="budgets.remove"),
        Binding("r", "reload", "Reload", id="budgets.reload"),
    ]

    class Loaded(Message):
        """Every budget with its spend."""

        def __init__(self, found: list[BudgetStatus]) -> None:
            super().__init__()
            self.found = found

    def __init__(self) -> None:
        super().__init__()
        self.found: list[BudgetStatus] = []
        self.sub_title = "Budgets"

    def compose(self) -> ComposeResult:
        """Summary, table, footer."""
        yield Static("loading…", id="budget-summary")
        yield DataTable(id="budget-table", cursor_type="row", zebra_stripes=True)
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        """Columns, then load."""
        table = self.query_one(DataTable)
        for label, key, width in (("For", "for", 20), ("Period", "period", 7), ("Limit", "limit", 10),
                                  ("Spent", "spent", 16), ("Used", "used", 6), ("State", "state", 6)):
            table.add_column(label, key=key, width=width)
        table.focus()
        self.load()

    @work(thread=True, exclusive=True, exit_on_error=False, group="budgets-load")
    def load(self) -> None:
        """Read the budgets and their spend in a thread."""
        from mso_tui.services.budgets import budget_statuses

        try:
            self.post_message(self.Loaded(in_db_thread(budget_statuses)))
        except Exception as exc:  # report, never crash the screen
            self.app.call_from_thread(self.notify, error_text(exc), severity="error")

    def on_budgets_screen_loaded(self, message: Loaded) -> None:
        """Fill the table and the summary line."""
        self.found = message.found
        table = self.query_one(DataTable)
        table.clear()
        for s in self.found:
            b = s.budget
            who = "overall" if b.scope == "overall" else f"{b.scope} {b.target}"
            spent = f"${s.spent_usd:,.2f}" + ("+unpriced" if s.unpriced else "")
            table.add_row(who, b.period, f"${b.limit_usd:,.2f}", spent, f"{s.ratio:.0%}",
                          Text(s.level, style=LEVEL_STYLE.get(s.level, "")))
        over = sum(1 for s in self.found if s.level == "over")
        warn = sum(1 for s in self.found if s.level == "warn")
        text = (f"{len(self.found)} budget(s) · {over} over · {warn} at 80 % or more" if self.found
                else "No budgets yet. Press [b]n[/b] to add one (a USD cap per day, week, month or billing block).")
        self.query_one("#budget-summary", Static).update(text)

    def highlighted(self) -> BudgetStatus | None:
        """The budget under the cursor."""
        row = self.query_one(DataTable).cursor_row
        return self.found[row] if self.found and 0 <= row < len(self.found) else None

    def action_add(self) -> None:
        """Open the form for a new budget."""
        self.app.push_screen(BudgetForm(), self._saved)

    def action_remove(self) -> None:
        """Remove the highlighted budget."""
        s = self.highlighted()
        if s is None:
            return
        from mso_tui.services.budgets import remove_budget

        b = s.budget
        remove_budget(b.scope, b.target, b.period)
        self.notify(f"Removed the {b.period} budget ({b.scope}{' ' + b.target if b.target else ''}).")
        self.load()

    def _saved(self, line: BudgetLine | None) -> None:
        """Reload after a save."""
        if line is not None:
            self.notify(f"Budget set: {line.period}, ${line.limit_usd:,.2f}.")
            self.load()
            self.app.refresh_spend()  # type: ignore[attr-defined]

    def reload(self) -> None:
        """Read the budgets again (spend changes as usage is imported)."""
        self.load()

    def action_reload(self) -> None:
        """r: read again."""
        self.load()

    def action_back(self) -> None:
        """Go back to the previous screen."""
        pop_or_exit(self)


class BudgetForm(DialogForm[BudgetLine | None]):
    """Scope, target (a project or account name), period and limit in dollars."""

    def compose(self) -> ComposeResult:
        """The four fields."""
        with VerticalScroll(classes="dialog", id="budget-form"):
            yield Static("New budget", classes="dialog-title")
            yield from self.row("For", Select([(s, s) for s in SCOPES], value="overall", allow_blank=False,
                                              id="bud-scope", compact=True), "scope")
            yield from self.row("Project or account name (not for overall)",
                                Input("", id="bud-target", compact=True), "target")
            yield from self.row("Period", Select([(p, p) for p in PERIODS], value="day", allow_blank=False,
                                                 id="bud-period", compact=True), "period")
            yield from self.row("Limit in dollars", Input("", id="bud-limit", placeholder="e.g. 20",
                                                          compact=True), "limit")
            yield from self.buttons()

    def action_save(self) -> None:
        """Check the amount, then save through the service (an unknown name is shown under its field)."""
        from mso_tui.errors import MsoError
        from mso_tui.services.budgets import set_budget

        self.clear_errors()
        text = self.query_one("#bud-limit", Input).value.strip().lstrip("$").replace(",", "")
        try:
            limit = float(text)
        except ValueError:
            limit = 0.0
        if not 0 < limit < float("inf"):
            self.set_error("limit", "The limit is an amount of dollars above 0.")
            self.query_one("#bud-limit", Input).focus()
            return
        scope = str(self.query_one("#bud-scope", Select).value)
        period = str(self.query_one("#bud-period", Select).value)
        try:
            line = set_budget(scope, self.query_one("#bud-target", Input).value.strip(), period, limit)
        except MsoError as exc:
            self.set_error("target", str(exc))
            return
        self.dismiss(line)
