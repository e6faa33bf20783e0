"""Add or edit an account in a modal form: a non-number budget is shown inline and nothing is saved."""
from __future__ import annotations

import math

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Input, Select, Static

from mso_tui.errors import Conflict, MsoError
from mso_tui.records import AccountRecord
from mso_tui.services import accounts
from mso_tui.tui.dialogs.dialog_form import DialogForm


def parse_budget(text: str) -> tuple[float | None, str]:
    """A daily budget from the field (empty means 0), or None and why it is not one."""
    text = text.strip().replace(",", "")
    if not text:
        return 0.0, ""
    try:
        value = float(text)
    except ValueError:
        return None, f"Not a number: {text!r}."
    if math.isnan(value) or math.isinf(value) or value < 0:
        return None, "The budget is a number of credits, 0 or more."
    return value, ""


class AccountForm(DialogForm[AccountRecord | None]):
    """Name, platform, email, daily budget, specialization (and status when editing)."""

    def __init__(self, account: AccountRecord | None = None) -> None:
        super().__init__()
        self.account = account

    def compose(self) -> ComposeResult:
        """The fields, pre-filled when editing; the name is fixed once created."""
        a = self.account
        with VerticalScroll(classes="dialog", id="account-form"):
            yield Static("Edit account" if a else "New account", classes="dialog-title")
            yield from self.row("Name", Input(a.name if a else "", id="acc-name", compact=True,
                                              disabled=a is not None), "name")
            yield from self.row("Platform (claude.ai, chatgpt, genspark…)",
                                Input(a.platform if a else "", id="acc-platform", compact=True), "platform")
            yield from self.row("Email", Input(a.email if a else "", id="acc-email", compact=True), "email")
            yield from self.row("Daily credit budget", Input(f"{a.daily_budget:g}" if a else "", id="acc-budget",
                                                             placeholder="0 = no budget", compact=True), "budget")
            yield from self.row("Specialization", Input(a.specialization if a else "", id="acc-spec",
                                                        compact=True), "spec")
            if a is not None:
                options = [(s, s) for s in accounts.STATUSES]
                yield from self.row("Status", Select(options, value=a.status, allow_blank=False, id="acc-status",
                                                     compact=True), "status")
            yield from self.buttons()

    def _value(self, name: str) -> str:
        """The text of one input."""
        return self.query_one(f"#acc-{name}", Input).value

    def action_save(self) -> None:
        """Check every field first; only a fully valid form reaches the service."""
        self.clear_errors()
        name = self._value("name").strip()
        budget, problem = parse_budget(self._value("budget"))
        if not name:
            self.set_error("name", "A name is required.")
        if budget is None:
            self.set_error("budget", problem)
        if not name or budget is None:
            self.query_one("#acc-name" if not name else "#acc-budget", Input).focus()
            return
        fields = dict(platform=self._value("platform"), email=self._value("email"), daily_budget=budget,
                      specialization=self._value("spec"))
        try:
            if self.account is None:
                saved = accounts.add_account(name, **fields)  # type: ignore[arg-type]
            else:
                status = str(self.query_one("#acc-status", Select).value)
                saved = accounts.update_account(self.account.name, status=status, **fields)
        except Conflict as exc:
            self.set_error("name", str(exc))
            return
        except MsoError as exc:
            self.set_error("budget", str(exc))
            return
        self.dismiss(saved)
