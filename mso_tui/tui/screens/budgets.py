"""Budgets: every USD cap with its period's spend (ok / warn from 80 % / over from 100 %); add, edit, delete."""
from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import DataTable, Footer, Static

from mso_tui.tui.dialogs.budget_form import BudgetForm
from mso_tui.tui.screens.base import MsoScreen
from mso_tui.tui.screens.helpers import error_text, in_db_thread, pop_or_exit
from mso_tui.usage.budgets import BudgetLine, BudgetStatus

LEVEL_STYLE = {"ok": "green", "warn": "yellow", "over": "bold red"}


class BudgetsScreen(MsoScreen):
    """A table of budgets; n adds one, e (enter) edits the highlighted one, d deletes it (asked first), r reloads."""

    BINDINGS = [
        Binding("escape", "back", "Back", id="budgets.back"),
        Binding("n", "add", "New", id="budgets.add"),
        Binding("e,enter", "edit", "Edit", id="budgets.edit"),
        Binding("d,delete", "remove", "Delete", id="budgets.remove"),
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
        self._select: tuple[str, str, str] | None = None
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
            spent = f"${s.spent_usd:,.2f}" + ("+unpriced" if s.unpriced else "")
            table.add_row(_who(b), b.period, f"${b.limit_usd:,.2f}", spent, f"{s.ratio:.0%}",
                          Text(s.level, style=LEVEL_STYLE.get(s.level, "")))
        over = sum(1 for s in self.found if s.level == "over")
        warn = sum(1 for s in self.found if s.level == "warn")
        text = (f"{len(self.found)} budget(s) · {over} over · {warn} at 80 % or more" if self.found
                else "No budgets yet. Press [b]n[/b] to add one (a USD cap per day, week, month or billing block).")
        self.query_one("#budget-summary", Static).update(text)
        if self._select is not None:  # the budget just saved stays under the cursor
            keys = [(s.budget.scope, s.budget.target, s.budget.period) for s in self.found]
            if self._select in keys:
                table.move_cursor(row=keys.index(self._select))
            self._select = None

    def highlighted(self) -> BudgetStatus | None:
        """The budget under the cursor."""
        row = self.query_one(DataTable).cursor_row
        return self.found[row] if self.found and 0 <= row < len(self.found) else None

    def action_add(self) -> None:
        """Open the form for a new budget."""
        self.app.push_screen(BudgetForm(), self._saved)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        """enter on a row (the table takes the key itself): edit it."""
        event.stop()
        self.action_edit()

    def action_edit(self) -> None:
        """Open the form on the highlighted budget."""
        s = self.highlighted()
        if s is not None:
            self.app.push_screen(BudgetForm(s.budget), self._saved)

    def action_remove(self) -> None:
        """Ask, then delete the highlighted budget."""
        from mso_tui.tui.dialogs.dialog_form import ConfirmDialog

        s = self.highlighted()
        if s is None:
            return
        b = s.budget

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            from mso_tui.errors import MsoError
            from mso_tui.services.budgets import remove_budget

            try:
                remove_budget(b.scope, b.target, b.period)
            except MsoError as exc:  # removed meanwhile (mso budget remove): say so, show what is left
                self.notify(error_text(exc), severity="error")
            else:
                self.notify(f"Deleted the {b.period} budget ({_who(b)}).")
            self.load()
            self.app.refresh_spend()  # type: ignore[attr-defined]

        self.app.push_screen(ConfirmDialog("Delete this budget?", f"{_who(b)}, {b.period}: ${b.limit_usd:,.2f}"),
                             answered)

    def _saved(self, line: BudgetLine | None) -> None:
        """Reload after a save, the saved budget highlighted."""
        if line is not None:
            self.notify(f"Budget set: {_who(line)}, {line.period}, ${line.limit_usd:,.2f}.")
            self._select = (line.scope, line.target, line.period)
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


def _who(b: BudgetLine) -> str:
    """"overall", or "project app" / "account work"."""
    return "overall" if b.scope == "overall" else f"{b.scope} {b.target}"
