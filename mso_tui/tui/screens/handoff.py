"""The handoff viewer: versions, diff, copy (redacted), export and regeneration with streaming."""
from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import ContentSwitcher, Footer, ProgressBar, Static

from mso_tui.records import HandoffRecord
from mso_tui.redaction.gate import clean
from mso_tui.tui.screens.handoff_account import HandoffAccountMixin
from mso_tui.tui.screens.handoff_generate import HandoffGenerateMixin
from mso_tui.tui.screens.handoff_share import HandoffShareMixin
from mso_tui.tui.screens.helpers import error_text, in_db_thread, pop_or_exit, style_path
from mso_tui.tui.widgets.diff_view import DiffView, diff_stats, unified_diff
from mso_tui.tui.widgets.handoff_view import HandoffMetrics, HandoffView
from mso_tui.tui.widgets.left_out import LeftOutList


class HandoffScreen(HandoffAccountMixin, HandoffShareMixin, HandoffGenerateMixin, Screen[None]):
    """A project's handoffs, newest by default; [ and ] step through the versions."""

    CSS_PATH = style_path("handoff")
    BINDINGS = [
        Binding("escape", "back", "Back", id="handoff.back", show=False),
        Binding("left_square_bracket", "step(-1)", "Older", id="handoff.previous"),
        Binding("right_square_bracket", "step(1)", "Newer", id="handoff.next"),
        Binding("d", "toggle_diff", "Diff", id="handoff.diff"),
        Binding("c", "copy", "Copy", id="handoff.copy"),
        Binding("e", "export", "Export", id="handoff.export"),
        Binding("g", "regenerate(False)", "Regen", tooltip="Make a new version of the shown session's handoff",
                id="handoff.regenerate"),
        Binding("G", "regenerate(True)", "LLM regen", show=False, tooltip="A new version written by the configured LLM",
                id="handoff.regenerate_llm"),
        Binding("w", "left_out", "Left out", tooltip="What this version left out, by class; p pins an item",
                id="handoff.left_out"),
        Binding("u", "use_version", "Use", show=False, tooltip="Deliver this version to the next sessions (asks first)",
                id="handoff.use"),
    ]

    index: reactive[int] = reactive(-1, init=False)
    diff_mode: reactive[bool] = reactive(False, init=False)
    generating: reactive[bool] = reactive(False, init=False)

    class Loaded(Message):
        """The project's handoffs were read (select: the id to show, or None for the default)."""

        def __init__(self, handoffs: list[HandoffRecord], select: int | None) -> None:
            super().__init__()
            self.handoffs, self.select = handoffs, select

    def __init__(self, project_name: str, session_number: int | None = None, *, regenerate: bool = False,
                 select_id: int | None = None) -> None:
        super().__init__()
        self.select_id = select_id  # a handoff to show first (the global search opens one)
        self.project_name = project_name
        self.session_number = session_number
        self.regenerate_on_load = regenerate
        self.handoffs: list[HandoffRecord] = []
        self._streamed = 0
        self.keep_left_out = False  # after a pin changes, the reload shows the panel again

    def compose(self) -> ComposeResult:
        """Title line, the prompt or the diff, the progress line, metrics and the key footer."""
        yield Static(f"{self.project_name} · loading handoffs…", id="handoff-title")
        with ContentSwitcher(initial="handoff-view", id="handoff-switcher"):
            yield HandoffView(id="handoff-view")
            yield DiffView(id="handoff-diff")
            yield LeftOutList(id="handoff-leftout")
        with Horizontal(id="handoff-progress"):
            yield ProgressBar(total=None, show_eta=False, show_percentage=False, id="handoff-bar")
            yield Static("", id="handoff-status")
        yield HandoffMetrics("", id="handoff-metrics")
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        """Read the handoffs in a worker."""
        self.query_one("#handoff-progress").display = False
        self.load(self.select_id)

    @work(thread=True, exclusive=True, exit_on_error=False, group="handoff-load")
    def load(self, select: int | None = None) -> None:
        """Read the project's handoffs, oldest first, and post them."""
        from mso_tui.services import handoffs

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
        if self.keep_left_out:
            self.keep_left_out = False
            self.action_left_out()
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
        delivered = " · delivered" if record.delivered else ""
        title = (f"{self.project_name} · handoff {self.index + 1}/{len(self.handoffs)} · {session} · "
                 f"{record.kind} · {record.created_at:%Y-%m-%d %H:%M}{delivered}")
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
            lines = unified_diff(clean(prev.master_prompt) if prev else "", clean(record.master_prompt),
                                 f"handoff {self.index}" if prev else "(nothing)", f"handoff {self.index + 1}")
            added, removed = diff_stats(lines)
            self.query_one(HandoffMetrics).update(f"+{added} −{removed} lines against the previous version")
            self.query_one(DiffView).show(lines)
            switcher.current = "handoff-diff"
        else:
            self.query_one(HandoffView).show(clean(record.master_prompt))
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

    def action_back(self) -> None:
        """Go back to the previous screen."""
        pop_or_exit(self)
