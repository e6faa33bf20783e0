"""Paste a web-chat conversation into a session: detect speakers and turns in a worker, preview, attach."""
from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.markup import escape
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Static, TextArea

from mso_tui.tui.messages import DataChanged
from mso_tui.tui.screens.base import demo_refusal
from mso_tui.tui.screens.helpers import error_text, in_db_thread, pop_or_exit, style_path

DEBOUNCE = 0.3  # seconds after the last change: a 2 MB paste is detected once, not per keystroke
PREVIEW_TURNS = 6


def preview_text(text: str) -> tuple[object, list[tuple[str, str]]]:
    """Detection and the first turns (role, first line) of a paste; runs in a worker."""
    from mso_tui.importers.text import detect, parse_text

    detection = detect(text)
    parsed = parse_text(text, "paste")
    turns = [(t.role, " ".join(t.text.split())[:70]) for s in parsed.sessions for t in s.turns
             if t.kind == "message"][:PREVIEW_TURNS]
    return detection, turns


class PasteScreen(Screen[None]):
    """A text area for the pasted conversation and a live preview of what will be attached."""

    CSS_PATH = style_path("paste")
    BINDINGS = [
        Binding("escape", "back", "Back", id="paste.back"),
        Binding("ctrl+s", "attach", "Attach", id="paste.attach", priority=True),
    ]

    class Detected(Message):
        """What a paste looks like (for the text it was computed on)."""

        def __init__(self, text: str, detection: object, turns: list[tuple[str, str]]) -> None:
            super().__init__()
            self.text, self.detection, self.turns = text, detection, turns

    class Attached(Message):
        """The paste is stored as turns of the session (or why it was not)."""

        def __init__(self, report: object = None, error: str = "") -> None:
            super().__init__()
            self.report, self.error = report, error

    def __init__(self, session_id: int) -> None:
        super().__init__()
        self.session_id = session_id
        self.project: str | None = None
        self.number: int | None = None
        self.detection: object = None
        self.busy = False
        self._debounce: Timer | None = None

    def compose(self) -> ComposeResult:
        """Title, text area and preview side by side."""
        yield Static("Paste a conversation", id="paste-title")
        with Horizontal(id="paste-body"):
            yield TextArea(id="paste-text", soft_wrap=True, show_line_numbers=False)
            with VerticalScroll(id="paste-preview"):
                yield Static("Paste the conversation (ctrl+v or your terminal's paste), "
                             "then ctrl+s to attach it.", id="paste-summary")
                yield Static("", id="paste-turns")
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        """Name the session in the title and focus the text area."""
        from mso_tui.services.analytics import session_label

        try:
            self.project, self.number = session_label(self.session_id)  # one indexed read
            self.query_one("#paste-title", Static).update(f"Paste into {self.project} · session {self.number}")
        except Exception as exc:  # the session was deleted meanwhile
            self.query_one("#paste-title", Static).update(error_text(exc))
        self.query_one(TextArea).focus()

    @on(TextArea.Changed)
    def _changed(self) -> None:
        """Detect again once the text stops changing."""
        if self._debounce is not None:
            self._debounce.stop()
        self._debounce = self.set_timer(DEBOUNCE, self._start_detect)

    def _start_detect(self) -> None:
        """Hand the current text to the detection worker."""
        text = self.query_one(TextArea).text
        if not text.strip():
            self.detection = None
            self.query_one("#paste-summary", Static).update("Nothing pasted yet.")
            self.query_one("#paste-turns", Static).update("")
            return
        self.query_one("#paste-summary", Static).update("detecting…")
        self.detect(text)

    @work(thread=True, exclusive=True, exit_on_error=False, group="paste-detect")
    def detect(self, text: str) -> None:
        """Detect speakers and turns off the event loop."""
        try:
            detection, turns = preview_text(text)
        except Exception as exc:  # the preview must never take the screen down
            self.app.call_from_thread(self.notify, error_text(exc), severity="error")
            return
        self.post_message(self.Detected(text, detection, turns))

    def on_paste_screen_detected(self, message: Detected) -> None:
        """Show the detection, unless the text changed since."""
        if message.text != self.query_one(TextArea).text:
            return
        d = self.detection = message.detection
        if getattr(d, "style", "none") == "none":
            summary = (f"No speaker markers found: it will be attached as one context turn "
                       f"({len(message.text):,} characters).")
        else:
            summary = (f"[b]{d.turns}[/b] turns ({d.user_turns} user, {d.assistant_turns} assistant) · "  # type: ignore[attr-defined]
                       f"markers: {d.style} · speakers: {escape(', '.join(d.speakers))}")  # type: ignore[attr-defined]
        self.query_one("#paste-summary", Static).update(summary + "\nctrl+s attaches them to the session.")
        lines = [f"[b]{role}[/b]: {escape(first)}" for role, first in message.turns]
        self.query_one("#paste-turns", Static).update("\n".join(lines))

    def action_attach(self) -> None:
        """Store the paste as turns of the session (in a worker)."""
        text = self.query_one(TextArea).text
        if not text.strip():
            self.notify("Paste a conversation first.", severity="warning")
            return
        if self.busy or self.project is None:
            return
        if refusal := demo_refusal(self.app):
            self.query_one("#paste-summary", Static).update(refusal)
            return
        self.busy = True
        self.query_one("#paste-summary", Static).update("attaching…")
        self.attach(text, self.project, self.number)

    @work(thread=True, exclusive=True, exit_on_error=False, group="paste-attach")
    def attach(self, text: str, project: str, number: int | None) -> None:
        """Import the text into this session in one transaction."""
        from mso_tui.services.imports import import_text

        try:
            self.post_message(self.Attached(in_db_thread(import_text, text, project, number)))
        except Exception as exc:  # nothing was stored: the import is one transaction
            self.post_message(self.Attached(error=error_text(exc)))

    def on_paste_screen_attached(self, message: Attached) -> None:
        """Report, then offer to regenerate the session's handoff from the new turns."""
        self.busy = False
        if message.error:
            self.query_one("#paste-summary", Static).update(f"Not attached: {escape(message.error)}")
            return
        turns = getattr(message.report, "turns", 0)
        self.app.post_message(DataChanged())  # the session, its timeline and the projects show the new turns
        self.query_one("#paste-summary", Static).update(f"Attached {turns} turns.")
        from mso_tui.tui.dialogs.dialog_form import ConfirmDialog

        self.app.push_screen(ConfirmDialog(f"Make a new version of session {self.number}'s handoff now?",
                                      f"{turns} turns attached to {self.project} session {self.number}.\n"
                                      "Nothing is replaced. Unless this is the latest\n"
                                      "completed session, the next session still gets\n"
                                      "the handoff it gets now."),
                             self._answered)

    def _answered(self, yes: bool | None) -> None:
        """Open the handoff viewer generating for this session, or go back."""
        if yes and self.project is not None:
            from mso_tui.tui.screens.handoff import HandoffScreen

            self.app.switch_screen(HandoffScreen(self.project, self.number, regenerate=True))
        else:
            pop_or_exit(self)

    def action_back(self) -> None:
        """Leave without attaching (asking first when a conversation was pasted and not attached)."""
        from mso_tui.tui.screens.discard import close_or_ask

        if self.busy:
            return
        close_or_ask(self, ("",), lambda: pop_or_exit(self), "the pasted conversation")
