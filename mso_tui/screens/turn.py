"""A modal that shows one turn of a conversation in full (read-only, scrollable)."""
from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static, TextArea

from mso_tui.data.records import TurnRecord


class TurnScreen(ModalScreen[None]):
    """The whole text of one turn, with its tool input."""

    BINDINGS = [
        Binding("escape,q", "dismiss", "Close", id="turn.close"),
        Binding("c", "copy", "Copy", id="turn.copy"),
    ]

    def __init__(self, turn: TurnRecord) -> None:
        super().__init__()
        self.turn = turn

    def compose(self) -> ComposeResult:
        """Title line and a read-only text area."""
        t = self.turn
        body = t.text
        if t.tool_input:
            body = f"{t.tool_name or 'tool'} input:\n{t.tool_input}\n\n{body}"
        with Vertical(classes="dialog wide"):
            yield Static(f"[b]Turn {t.seq}[/b] · {t.role} · {t.kind}"
                         f"{' · error' if t.is_error else ''}{' · ' + t.model if t.model else ''}", classes="title")
            yield TextArea(body, read_only=True, soft_wrap=True, id="turn-text")
            yield Static("[b]c[/b] copy · [b]esc[/b] close", classes="hint")

    def action_copy(self) -> None:
        """Copy the text (OSC 52 works over SSH)."""
        self.app.copy_to_clipboard(self.turn.text)
        self.notify(f"Copied {len(self.turn.text)} characters")
