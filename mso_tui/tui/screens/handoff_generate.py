"""Regeneration for the handoff viewer: a thread worker whose progress and streamed text come back as messages."""
from __future__ import annotations

from textual import work
from textual.message import Message
from textual.widgets import ContentSwitcher, Static

from mso_tui.records import HandoffRecord
from mso_tui.tui.messages import DataChanged
from mso_tui.tui.screens.helpers import error_text, in_db_thread
from mso_tui.tui.widgets.handoff_view import HandoffView


class Status(Message, namespace="handoff_screen"):
    """Generation progress in words."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text


class Chunk(Message, namespace="handoff_screen"):
    """A piece of streamed LLM text."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text


class Generated(Message, namespace="handoff_screen"):
    """A new handoff was stored."""

    def __init__(self, record: HandoffRecord) -> None:
        super().__init__()
        self.record = record


class Failed(Message, namespace="handoff_screen"):
    """Loading or generating failed; text says why in one line."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text


class HandoffGenerateMixin:
    """Generation actions and message handlers of HandoffScreen (which provides the widgets and state)."""

    Status = Status
    Chunk = Chunk
    Generated = Generated
    Failed = Failed

    def action_regenerate(self, use_llm: bool) -> None:
        """Ask, then make a new version of the shown version's session's handoff (or the latest session's)."""
        from mso_tui.tui.dialogs.dialog_form import ConfirmDialog

        if self.generating:
            self.notify("A handoff is already being generated.", severity="warning")
            return
        record = self.current
        how = "with the LLM" if use_llm else "extractively"
        if record is None:
            question, detail = f"Generate the first handoff {how}?", "From the project's latest session."
        else:
            newest = max((h.session_number or 0 for h in self.handoffs), default=0)
            question = f"Make a new version of session {record.session_number or '-'}'s handoff {how}?"
            detail = ("Nothing is replaced: the versions before it stay.\n" + (
                "It belongs to an older session, so the next session\nstill gets the handoff it gets now."
                if (record.session_number or 0) < newest else
                "It becomes the one delivered, unless another\nversion was chosen with u."))
        self.app.push_screen(ConfirmDialog(question, detail),
                             lambda yes: self.begin_generation(record.session_id if record else None, use_llm)
                             if yes else None)

    def begin_generation(self, session_id: int | None, use_llm: bool) -> None:
        """Show progress and generate for session_id (None: the session this screen was opened for)."""
        if self.generating:
            self.notify("A handoff is already being generated.", severity="warning")
            return
        self.generating = True
        self._streamed = 0
        self.query_one("#handoff-progress").display = True
        self.query_one("#handoff-status", Static).update("starting…")
        self.query_one(ContentSwitcher).current = "handoff-view"
        self.generate(session_id, use_llm)

    @work(thread=True, exclusive=True, exit_on_error=False, group="handoff-generate")
    def generate(self, session_id: int | None, use_llm: bool) -> None:
        """Generate in a thread; progress and streamed text go back as messages."""
        from mso_tui.services import handoffs, sessions

        def run() -> HandoffRecord:
            target = session_id
            if target is None:  # the session the screen was opened for, else the latest one
                target = sessions.get_session(self.project_name, self.session_number).id
            return handoffs.generate_for_session(
                target, use_llm=use_llm,
                on_text=lambda chunk: self.post_message(self.Chunk(chunk)),
                on_status=lambda text: self.post_message(self.Status(text)))

        self.post_message(self.Status("generating with the LLM…" if use_llm else "extracting…"))
        try:
            record = in_db_thread(run)
        except Exception as exc:  # every failure is reported in the status line, never raised
            self.post_message(self.Failed(error_text(exc)))
            return
        self.post_message(self.Generated(record))

    def on_handoff_screen_status(self, message: Status) -> None:
        """Show generation progress."""
        self.query_one("#handoff-status", Static).update(message.text)

    def on_handoff_screen_chunk(self, message: Chunk) -> None:
        """Stream LLM text into the view as it arrives."""
        view = self.query_one(HandoffView)
        if self._streamed == 0:
            view.start_stream()
            self.query_one("#handoff-title", Static).update(f"{self.project_name} · generating (streaming)…")
        self._streamed += len(message.text)
        view.append(message.text)
        self.query_one("#handoff-status", Static).update(f"streaming · {self._streamed:,} characters")

    def on_handoff_screen_generated(self, message: Generated) -> None:
        """Show the stored handoff as the newest version."""
        self._finish()
        self.diff_mode = False
        note = f" ({message.record.notes.splitlines()[0]})" if message.record.notes else ""
        number = message.record.session_number or 0
        older = number < max((h.session_number or 0 for h in self.handoffs), default=0)
        where = " It is an older session's: the next session still gets the delivered version." if older else ""
        self.notify(f"New version of session {number or '-'}'s handoff: {message.record.kind}{note}.{where}",
                    title="Handoff")
        self.load(message.record.id)
        self.app.post_message(DataChanged())  # the session and timeline underneath show the new handoff

    def on_handoff_screen_failed(self, message: Failed) -> None:
        """Report a failure and go back to what was shown."""
        was_generating = self.generating
        self._finish()
        self.notify(message.text, severity="error", title="Handoff")
        if was_generating:
            self._show_current()

    def _finish(self) -> None:
        """Leave the generating state."""
        self.generating = False
        self.query_one("#handoff-progress").display = False
