"""Accounts: credits used today against each daily budget (a bar), status, add and edit."""
from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from mso_tui.records import AccountRecord
from mso_tui.tui.screens.helpers import error_text, in_db_thread, pop_or_exit, style_path
from mso_tui.tui.widgets.credit_bar import CreditBar, credit_bar_text
from mso_tui.tui.widgets.theme_colours import theme_colours

STATUS_STYLE = {"available": "green", "active": "cyan", "exhausted": "red", "inactive": "dim"}


class AccountsScreen(Screen[None]):
    """A table of accounts with a credit bar each; the highlighted account in detail below."""

    CSS_PATH = style_path("accounts")
    BINDINGS = [
        Binding("escape", "back", "Back", id="accounts.back"),
        Binding("n", "add", "New", id="accounts.add"),
        Binding("e,enter", "edit", "Edit", id="accounts.edit"),
        Binding("r", "reload", "Reload", id="accounts.reload"),
    ]

    class Loaded(Message):
        """Every account with today's credits."""

        def __init__(self, accounts: list[AccountRecord]) -> None:
            super().__init__()
            self.accounts = accounts

    def __init__(self) -> None:
        super().__init__()
        self.accounts: list[AccountRecord] = []
        self._select: str | None = None

    def compose(self) -> ComposeResult:
        """Summary line, table, detail with a full-width credit bar."""
        yield Static("loading…", id="acc-summary")
        yield DataTable(id="acc-table", cursor_type="row", zebra_stripes=True)
        with Vertical(id="acc-detail"):
            yield Static("", id="acc-detail-text")
            yield CreditBar(id="acc-bar")
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        """Columns, then load."""
        table = self.query_one(DataTable)
        for label, key, width in (("Name", "name", 13), ("Platform", "platform", 11), ("Status", "status", 9),
                                  ("Today", "today", 14), ("Left", "left", 5), ("Last used", "last", 11)):
            table.add_column(label, key=key, width=width)
        table.focus()
        self.load()

    @work(thread=True, exclusive=True, exit_on_error=False, group="accounts-load")
    def load(self) -> None:
        """Read every account in a thread."""
        from mso_tui.services import accounts

        try:
            self.post_message(self.Loaded(in_db_thread(accounts.list_accounts)))
        except Exception as exc:  # report, never crash the screen
            self.app.call_from_thread(self.notify, error_text(exc), severity="error")

    def on_accounts_screen_loaded(self, message: Loaded) -> None:
        """Fill the table and the summary."""
        keep = self._select or (self.highlighted().name if self.highlighted() else None)
        self._select = None
        self.accounts = message.accounts
        table = self.query_one(DataTable)
        table.clear()
        colours = theme_colours(self.app)
        for a in self.accounts:
            left = f"{a.remaining:g}" if a.daily_budget else "–"
            last = a.last_used.strftime("%m-%d %H:%M") if a.last_used else "never"
            table.add_row(a.name, a.platform or "–", Text(a.status, style=STATUS_STYLE.get(a.status, "")),
                          credit_bar_text(a.credits_today, a.daily_budget, 6, colours), left, last, key=a.name)
        names = [a.name for a in self.accounts]
        if keep in names:
            table.move_cursor(row=names.index(keep))
        used = sum(a.credits_today for a in self.accounts)
        budget = sum(a.daily_budget for a in self.accounts)
        free = sum(1 for a in self.accounts if a.status == "available")
        self.query_one("#acc-summary", Static).update(
            f"{len(self.accounts)} accounts · {free} available · {used:g} of {budget:g} credits used today")
        self.show_detail()

    def highlighted(self) -> AccountRecord | None:
        """The account under the cursor."""
        row = self.query_one(DataTable).cursor_row
        return self.accounts[row] if self.accounts and 0 <= row < len(self.accounts) else None

    @on(DataTable.RowHighlighted)
    def show_detail(self) -> None:
        """Describe the highlighted account."""
        a = self.highlighted()
        text = self.query_one("#acc-detail-text", Static)
        bar = self.query_one(CreditBar)
        bar.display = a is not None
        if a is None:
            text.update("No accounts yet. Press [b]n[/b] to add one (web chats bill in credits).")
            return
        extra = " · ".join(x for x in (a.email, a.specialization) if x)
        text.update(f"[b]{a.name}[/b] · {a.platform or 'no platform'} · {a.status}" + (f" · {extra}" if extra else ""))
        bar.set_credits(a.credits_today, a.daily_budget)

    def action_add(self) -> None:
        """Open the form for a new account."""
        from mso_tui.tui.dialogs.account_form import AccountForm

        self.app.push_screen(AccountForm(), self._saved)

    def action_edit(self) -> None:
        """Open the form on the highlighted account."""
        from mso_tui.tui.dialogs.account_form import AccountForm

        account = self.highlighted()
        if account is not None:
            self.app.push_screen(AccountForm(account), self._saved)

    def _saved(self, account: AccountRecord | None) -> None:
        """Reload and highlight the saved account."""
        if account is not None:
            self._select = account.name
            self.notify(f"Saved account {account.name}.")
            self.load()

    def action_reload(self) -> None:
        """Read the accounts again (credits change as sessions complete)."""
        self.load()

    def action_back(self) -> None:
        """Go back to the previous screen."""
        pop_or_exit(self)
