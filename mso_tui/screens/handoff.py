"""The handoff viewer: versions, diff, copy (redacted), export and regeneration with streaming."""
from __future__ import annotations

import io
from pathlib import Path

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import ContentSwitcher, Footer, ProgressBar, Static

from mso_tui.data.records import HandoffRecord
from mso_tui.screens.common2 import error_text, in_db_thread, pop_or_exit, redact_for_clipboard, style_path
from mso_tui.widgets.diff_view import DiffView, diff_stats, unified_diff
from mso_tui.widgets.handoff_view import HandoffMetrics, HandoffView


class HandoffScreen(Screen[None]):
    """A project's handoffs, newest by default; [ and ] step through the versions."""

    CSS_PATH = style_path("handoff")
    BINDINGS = [
        Binding("escape", "back", "Back", id="handoff.back"),
        Binding("left_square_bracket", "step(-1)", "Older", id="handoff.previous"),
        Binding("right_square_bracket", "step(1)", "Newer", id="handoff.next"),
        Binding("d", "toggle_diff", "Diff", id="handoff.diff"),
        Binding("c", "copy", "Copy", id="handoff.copy"),
        Binding("e", "export", "Export", id="handoff.export"),
        Binding("g", "regenerate(False)", "Regenerate", id="handoff.regenerate"),
        Binding("l", "regenerate(True)", "LLM regen", id="handoff.regenerate_llm"),
    ]

    index: reactive[int] = reactive(-1, init=False)
    diff_mode: reactive[bool] = reactive(False, init=False)
    generating: reactive[bool] = reactive(False, init=False)

    class Loaded(Message):
        """The project's handoffs were read (select: the id to show, or None for the default)."""

        def __init__(self, handoffs: list[HandoffRecord], select: int | None) -> None:
            super().__init__()
            self.handoffs, self.select = handoffs, select

    class Status(Message):
        """Generation progress in words."""

        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    class Chunk(Message):
        """A piece of streamed LLM text."""

        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    class Generated(Message):
        """A new handoff was stored."""

        def __init__(self, record: HandoffRecord) -> None:
            super().__init__()
            self.record = record

    class Failed(Message):
        """Loading or generating failed; text says why in one line."""

        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    def __init__(self, project_name: str, session_number: int | None = None, *, regenerate: bool = False,
                 select_id: int | None = None) -> None:
        super().__init__()
        self.select_id = select_id  # a handoff to show first (the global search opens one)
        self.project_name = project_name
        self.session_number = session_number
        self.regenerate_on_load = regenerate
        self.handoffs: list[HandoffRecord] = []
        self._streamed = 0

    def compose(self) -> ComposeResult:
        """Title line, the prompt or the diff, the progress line, metrics and the key footer."""
        yield Static(f"{self.project_name} · loading handoffs…", id="handoff-title")
        with ContentSwitcher(initial="handoff-view", id="handoff-switcher"):
            yield HandoffView(id="handoff-view")
            yield DiffView(id="handoff-diff")
        with Horizontal(id="handoff-progress"):
            yield ProgressBar(total=None, show_eta=False, show_percentage=False, id="handoff-bar")
            yield Static("", id="handoff-status")
        yield HandoffMetrics("", id="handoff-metrics")
        yield Footer()

    def on_mount(self) -> None:
        """Read the handoffs in a worker."""
        self.query_one("#handoff-progress").display = False
        self.load(self.select_id)

    @work(thread=True, exclusive=True, exit_on_error=False, group="handoff-load")
    def load(self, select: int | None = None) -> None:
        """Read the project's handoffs, oldest first, and post them."""
        from mso_tui.data.services import handoffs

        try:
            records = in_db_thread(handoffs.list_handoffs, self.project_name)
        except Exception as exc:  # a vanished project or a locked store: say so, never crash
            self.post_message(self.Failed(error_text(exc)))
            return
        self.post_message(self.Loaded(records, select))

    def on_handoff_screen_loaded(self, message: Loaded) -> None:
        """Show the requested version: a given id, the session's latest, or the newest."""
        self.handoffs = message.handoffs
        target = len(self.handoffs) - 1
        if message.select is not None:
            target = next((i for i, h in enumerate(self.handoffs) if h.id == message.select), target)
        elif self.session_number is not None:
            matches = [i for i, h in enumerate(self.handoffs) if h.session_number == self.session_number]
            target = matches[-1] if matches else target
        self.index = target
        self._show_current()
        if self.regenerate_on_load:
            self.regenerate_on_load = False
            self.begin_generation(None, False)

    @property
    def current(self) -> HandoffRecord | None:
        """The handoff shown, if any."""
        return self.handoffs[self.index] if 0 <= self.index < len(self.handoffs) else None

    @property
    def previous(self) -> HandoffRecord | None:
        """The version before the shown one, if any."""
        return self.handoffs[self.index - 1] if self.index > 0 else None

    def watch_index(self) -> None:
        """Re-render when the user steps to another version."""
        self._show_current()

    def watch_diff_mode(self) -> None:
        """Switch between the prompt and the diff."""
        self._show_current()

    def _title(self, record: HandoffRecord) -> str:
        """The title line for record."""
        session = f"session {record.session_number}" if record.session_number else "no session"
        title = (f"{self.project_name} · handoff {self.index + 1}/{len(self.handoffs)} · {session} · "
                 f"{record.kind} · {record.created_at:%Y-%m-%d %H:%M}")
        if self.diff_mode:
            prev = self.previous
            title += f" · diff vs {prev.session_number or prev.id}" if prev else " · diff (first version)"
        return title

    def _show_current(self) -> None:
        """Show the current version as Markdown or as a diff, with its title and metrics."""
        if self.generating:
            return  # the stream owns the view until the new handoff is stored
        record = self.current
        switcher = self.query_one(ContentSwitcher)
        if record is None:
            self.query_one("#handoff-title", Static).update(f"{self.project_name} · no handoff yet")
            self.query_one(HandoffView).show("*No handoff yet.* Press **g** to generate one from the latest session.")
            self.query_one(HandoffMetrics).show(None)
            switcher.current = "handoff-view"
            return
        self.query_one("#handoff-title", Static).update(self._title(record))
        self.query_one(HandoffMetrics).show(record)
        if self.diff_mode:
            prev = self.previous
            lines = unified_diff(prev.master_prompt if prev else "", record.master_prompt,
                                 f"handoff {self.index}" if prev else "(nothing)", f"handoff {self.index + 1}")
            added, removed = diff_stats(lines)
            self.query_one(HandoffMetrics).update(f"+{added} −{removed} lines against the previous version")
            self.query_one(DiffView).show(lines)
            switcher.current = "handoff-diff"
        else:
            self.query_one(HandoffView).show(record.master_prompt)
            switcher.current = "handoff-view"

    def action_step(self, delta: int) -> None:
        """Show an older (-1) or newer (+1) version."""
        if self.generating or not self.handoffs:
            return
        new = min(max(self.index + delta, 0), len(self.handoffs) - 1)
        if new == self.index:
            self.notify("No older version." if delta < 0 else "This is the newest version.", timeout=2)
        self.index = new

    def action_toggle_diff(self) -> None:
        """Toggle the diff against the previous version."""
        if not self.generating:
            self.diff_mode = not self.diff_mode

    def action_copy(self) -> None:
        """Copy the shown master prompt, with secrets masked, to the clipboard (OSC 52 works over SSH)."""
        record = self.current
        if record is None:
            self.notify("Nothing to copy yet.", severity="warning")
            return
        text, masked = redact_for_clipboard(record.master_prompt)
        self.app.copy_to_clipboard(text)
        if self.app.is_web:  # a browser tab cannot read OSC 52: hand the text over as a file too
            self.app.deliver_text(io.StringIO(text), save_filename=self._file_name(), open_method="browser")
        note = f", {masked} secret(s) masked" if masked else ""
        self.notify(f"Copied {len(text):,} characters{note}.", title="Handoff copied")

    def _file_name(self) -> str:
        """A default file name for the shown version."""
        record = self.current
        number = record.session_number if record and record.session_number else "latest"
        safe = "".join(c if c.isalnum() or c in "-_" else "-" for c in self.project_name)
        return f"{safe}-handoff-{number}.md"

    def action_export(self) -> None:
        """Export the shown version: a file path in a terminal, a download in a browser."""
        record = self.current
        if record is None:
            self.notify("Nothing to export yet.", severity="warning")
            return
        if self.app.is_web:
            # the file leaves this machine, so it goes out redacted like the clipboard
            text, _ = redact_for_clipboard(record.master_prompt)
            self.app.deliver_text(io.StringIO(text), save_filename=self._file_name())
            return
        from mso_tui.screens.handoff_export import HandoffExportModal

        self.app.push_screen(HandoffExportModal(str(Path.cwd() / self._file_name())), self._write_export)

    def _write_export(self, path: Path | None) -> None:
        """Write the shown version to path (atomically) once the modal returns one."""
        record = self.current
        if path is None or record is None:
            return
        try:
            tmp = path.with_name(f".{path.name}.tmp")
            tmp.write_text(record.master_prompt, encoding="utf-8")
            tmp.replace(path)
        except OSError as exc:
            self.notify(f"{path}: {exc.strerror or exc}", severity="error", title="Export failed")
            return
        self.notify(f"Wrote {path}", title="Handoff exported")

    def action_regenerate(self, use_llm: bool) -> None:
        """Generate a new handoff for the shown version's session (or the latest session)."""
        record = self.current
        self.begin_generation(record.session_id if record else None, use_llm)

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
        from mso_tui.data.services import handoffs, sessions

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
        self.notify(f"Handoff generated: {message.record.kind}{note}", title="Handoff")
        self.load(message.record.id)

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

    def action_back(self) -> None:
        """Go back to the previous screen."""
        pop_or_exit(self)
