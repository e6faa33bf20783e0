"""The start-session form: objectives, type, agent, account; the loaded handoff is shown next."""
from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Label, Select, Static, TextArea

from mso_tui.errors import MsoError
from mso_tui.services.sessions import AGENTS, TYPES, StartResult
from mso_tui.tui.dialogs.forms import FormScreen
from mso_tui.tui.screens.base import demo_refusal


class StartSessionForm(FormScreen[StartResult | None]):
    """Open the next session of a project."""

    def __init__(self, project_name: str, accounts: list[str] | None = None) -> None:
        super().__init__()
        self.project_name = project_name
        self.accounts = accounts or []

    def compose(self) -> ComposeResult:
        """Objectives (one per line) and three choices side by side."""
        with VerticalScroll(classes="dialog"):
            yield Static(f"[b]Start a session of {self.project_name}[/b]", classes="title")
            yield from self.field("Objectives, one per line",
                                  TextArea(id="objectives", compact=True, soft_wrap=True), "objectives")
            with Horizontal(classes="choices"):
                with Vertical():
                    yield Label("Type", classes="field-label")
                    yield Select([(t, t) for t in TYPES if t != "imported"], value="development",
                                 allow_blank=False, id="type", compact=True)
                with Vertical():
                    yield Label("Agent", classes="field-label")
                    yield Select([(a, a) for a in AGENTS], value="claude-code", allow_blank=False, id="agent",
                                 compact=True)
                with Vertical():
                    yield Label("Account", classes="field-label")
                    yield Select([(a, a) for a in self.accounts], prompt="none", id="account", compact=True)
            yield Static("", id="error-form", classes="field-error")
            yield self.hint()

    def on_mount(self) -> None:
        """Start typing objectives at once."""
        self.query_one("#objectives", TextArea).focus()

    def action_save(self) -> None:
        """Start the session; a clash (one already running, project closed) shows inline."""
        from mso_tui.services.sessions import start_session

        self.clear_errors()
        if refusal := demo_refusal(self.app):
            self.show_error("form", refusal)
            return
        objectives = [line for line in self.query_one("#objectives", TextArea).text.splitlines() if line.strip()]
        account = self.query_one("#account", Select).value
        try:
            result = start_session(
                self.project_name, objectives, type=str(self.query_one("#type", Select).value),
                agent=str(self.query_one("#agent", Select).value),
                account=None if account is Select.NULL else str(account))
        except MsoError as exc:
            # the command line can start a parallel session; this form cannot, so it does not offer one
            self.show_error("form", str(exc).replace(" or start a parallel one", " (press x)"))
            return
        from mso_tui.services.agent_context import deliver_to_agent

        try:
            where = deliver_to_agent(result.session, result.handoff)
        except OSError as exc:  # the session is started; only the context file could not be written
            self.notify(f"Could not write the agent's context file: {exc}", severity="warning")
        else:
            if where:
                self.notify(f"Handoff delivered to {where}")
        self.dismiss(result)
