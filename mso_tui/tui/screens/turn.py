"""A modal that shows one turn of a conversation in full (read-only, scrollable), secrets masked by default."""
from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Static, TextArea

from mso_tui.records import TurnRecord
from mso_tui.tui.widgets.turn_text import full_text, redact_turn


class TurnMasked(Message):
    """The turn with its secrets masked, computed in a worker (a long tool output takes a while)."""

    def __init__(self, masked: TurnRecord, count: int) -> None:
        super().__init__()
        self.masked = masked
        self.count = count


class TurnScreen(ModalScreen[None]):
    """The whole text of one turn, with its tool input; R reveals secrets, c copies (always masked)."""

    BINDINGS = [
        Binding("escape,q", "dismiss", "Close", id="turn.close"),
        Binding("c", "copy", "Copy", tooltip="Copy the text, secrets masked (OSC 52)", id="turn.copy"),
        Binding("R", "reveal", "Reveal secrets", tooltip="Show or mask secrets in this turn", id="turn.reveal"),
    ]

    def __init__(self, turn: TurnRecord, masked: TurnRecord | None = None, revealed: bool = False,
                 match: str = "") -> None:
        super().__init__()
        self.match = match  # search text to select and scroll to (opened from a search hit)
        self.turn = turn
        self.masked = masked  # None until the worker has masked it (when opened from search)
        self.revealed = revealed

    def compose(self) -> ComposeResult:
        """Title line, a read-only text area and the keys."""
        t = self.turn
        with Vertical(classes="dialog wide"):
            yield Static(f"[b]Turn {t.seq}[/b] · {t.role} · {t.kind}"
                         f"{' · error' if t.is_error else ''}{' · ' + t.model if t.model else ''}", classes="title")
            yield TextArea(self._body(), read_only=True, soft_wrap=True, id="turn-text")
            yield Static(id="turn-hint", classes="hint")

    def on_mount(self) -> None:
        """Mask in a worker if the caller had not already."""
        self._hint()
        if self.masked is None:
            self._mask()

    @work(thread=True, exit_on_error=False)
    def _mask(self) -> None:
        """Find and mask the turn's secrets off the UI thread."""
        self.post_message(TurnMasked(*redact_turn(self.turn)))

    def on_turn_masked(self, message: TurnMasked) -> None:
        """Show the masked text (unless revealed)."""
        self.masked = message.masked
        self._refresh_text()

    def _body(self) -> str:
        """What the text area shows: the stored text when revealed, else the masked one."""
        if self.revealed:
            return full_text(self.turn)
        return full_text(self.masked) if self.masked is not None else "Masking secrets…"

    def _hint(self) -> None:
        """The key line, with the redaction state."""
        found = self.masked is not None and self.masked is not self.turn
        state = "revealed" if self.revealed else "secrets hidden" if found else "no secrets found"
        self.query_one("#turn-hint", Static).update(
            f"{state} · [b]R[/b] {'hide' if self.revealed else 'reveal'} · [b]c[/b] copy (masked) · [b]esc[/b] close")

    def _refresh_text(self) -> None:
        """Redraw the text and the hint after a change; select the searched text, scrolled into view."""
        area = self.query_one("#turn-text", TextArea)
        area.load_text(self._body())
        self._hint()
        if self.match:
            self.call_after_refresh(self._select_match, area)

    def _select_match(self, area: TextArea) -> None:
        """Select the first place the search text occurs and bring it to the middle of the view."""
        from textual.widgets.text_area import Selection

        for row, line in enumerate(area.text.split("\n")):
            col = line.lower().find(self.match.lower())
            if col >= 0:
                area.selection = Selection((row, col), (row, col + len(self.match)))
                area.scroll_cursor_visible(center=True, animate=False)
                return

    def action_reveal(self) -> None:
        """Toggle between the stored text and the masked one."""
        self.revealed = not self.revealed
        self._refresh_text()

    def action_copy(self) -> None:
        """Copy the text with secrets masked, whatever is shown (OSC 52 works over SSH)."""
        if self.masked is None:
            self.notify("Still masking secrets; try again in a moment.", severity="warning")
            return
        text = full_text(self.masked)
        self.app.copy_to_clipboard(text)
        masked = "" if self.masked is self.turn else ", secrets masked"
        self.notify(f"Copied {len(text):,} characters{masked}")
