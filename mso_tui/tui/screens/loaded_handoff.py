"""After a session starts: the handoff it loaded, ready to copy into the agent (OSC 52 works over SSH)."""
from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static, TextArea

from mso_tui.redaction.gate import clean
from mso_tui.services.sessions import StartResult
from mso_tui.tui.screens.base import tokens
from mso_tui.tui.widgets.handoff_view import coverage_line


class LoadedHandoffScreen(ModalScreen[None]):
    """Shows the master prompt a new session loaded; c copies it, enter/escape closes."""

    BINDINGS = [
        Binding("c", "copy", "Copy", id="loaded.copy"),
        Binding("escape,enter", "dismiss", "Close", id="loaded.close"),
    ]

    def __init__(self, result: StartResult) -> None:
        super().__init__()
        self.result = result

    def compose(self) -> ComposeResult:
        """A title, the prompt (or why there is none) and the keys."""
        s, h = self.result.session, self.result.handoff
        with Vertical(classes="dialog wide"):
            yield Static(f"[b]Session {s.number} of {s.project_name} started[/b]", classes="title")
            if h is None:
                yield Static("This is the project's first session: there is no handoff to load yet.\n"
                             "Complete it (x) and mso writes one for the next session.", id="no-handoff")
            else:
                yield Static(f"Loaded the handoff of session {h.session_number or '?'} · {h.kind} · "
                             f"{tokens(h.tokens_out)} tokens · used {h.times_used}×\n{coverage_line(h)}",
                             classes="muted")
                yield TextArea(clean(h.master_prompt), read_only=True, soft_wrap=True, id="prompt")
            yield Static("[b]c[/b] copy to clipboard · [b]esc[/b] close", classes="hint")

    def action_copy(self) -> None:
        """Copy the master prompt to the clipboard (a terminal escape, so it reaches a local machine)."""
        if self.result.handoff is None:
            self.notify("Nothing to copy: no handoff was loaded.", severity="warning")
            return
        from mso_tui.tui.screens.helpers import redact_for_clipboard

        # a handoff is masked when written, but a manual or older one may not be: mask again on the way out
        text, masked = redact_for_clipboard(self.result.handoff.master_prompt)
        self.app.copy_to_clipboard(text)
        note = f", {masked} secret(s) masked" if masked else ""
        self.notify(f"Copied the handoff ({len(text)} characters{note}) to the clipboard.")
