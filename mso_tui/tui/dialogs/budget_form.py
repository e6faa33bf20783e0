"""The budget form: what it is for (overall, a project, an account), the period and the limit in dollars.

New (n) or editing the highlighted budget (e); saved through services/budgets.py, each refusal under
its field, as `mso budget set` refuses it.
"""
from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Input, Select, Static

from mso_tui.tui.dialogs.dialog_form import DialogForm
from mso_tui.usage.budgets import PERIODS, SCOPES, BudgetLine


def parse_limit(text: str) -> float | None:
    """A limit as typed ("20", "$12.50", "1,000"), or None when it is not an amount above $0."""
    try:
        value = float(text.strip().lstrip("$").replace(",", ""))
    except ValueError:
        return None
    return value if 0 < value < float("inf") else None


class BudgetForm(DialogForm[BudgetLine | None]):
    """Scope, target (a project or account name), period and limit in dollars; a budget given is edited."""

    def __init__(self, budget: BudgetLine | None = None) -> None:
        super().__init__()
        self.budget = budget

    def compose(self) -> ComposeResult:
        """The four fields, filled from the budget being edited."""
        b = self.budget
        with VerticalScroll(classes="dialog", id="budget-form"):
            yield Static("Edit budget" if b else "New budget", classes="dialog-title")
            yield from self.row("For", Select([(s, s) for s in SCOPES], value=b.scope if b else "overall",
                                              allow_blank=False, id="bud-scope", compact=True), "scope")
            yield from self.row("Project or account name (empty for overall)",
                                Input(b.target if b else "", id="bud-target", compact=True), "target")
            yield from self.row("Period", Select([(p, p) for p in PERIODS], value=b.period if b else "day",
                                                 allow_blank=False, id="bud-period", compact=True), "period")
            yield from self.row("Limit in dollars", Input(f"{b.limit_usd:g}" if b else "", id="bud-limit",
                                                          placeholder="e.g. 20", compact=True), "limit")
            yield from self.buttons()

    def _refuse(self, field: str, text: str) -> None:
        """Show a refusal under its field and put the cursor there."""
        self.set_error(field, text)
        widget = self.query_one(f"#bud-{field}")
        if widget.focusable:
            widget.focus()

    def action_save(self) -> None:
        """Check the fields, then save through the service (an unknown name or a clash shown under its field)."""
        from mso_tui.errors import Conflict, MsoError
        from mso_tui.services.budgets import change_budget, set_budget

        self.clear_errors()
        scope = str(self.query_one("#bud-scope", Select).value)
        target = self.query_one("#bud-target", Input).value.strip()
        period = str(self.query_one("#bud-period", Select).value)
        limit = parse_limit(self.query_one("#bud-limit", Input).value)
        if scope == "overall" and target:
            return self._refuse("target", "An overall budget is for no one project or account: leave this empty.")
        if scope != "overall" and not target:
            return self._refuse("target", f"Name the {scope} this budget is for.")
        if limit is None:
            return self._refuse("limit", "The limit is an amount of dollars above 0, e.g. 20 or 12.50.")
        try:
            if self.budget is None:
                line = set_budget(scope, target, period, limit)
            else:
                line = change_budget(self.budget, scope, target, period, limit)
        except Conflict as exc:
            return self._refuse("period", str(exc))
        except MsoError as exc:
            return self._refuse("target", str(exc))
        self.dismiss(line)
