"""One session: objectives to tick, outcome, the conversation (virtual), files, usage and its handoffs."""
from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Footer, Header, SelectionList, Static, TabbedContent, TabPane

from mso_tui.data.records import HandoffRecord, SessionRecord
from mso_tui.data.services.ui_queries import SessionDetail
from mso_tui.messages import DetailLoaded, LoadFailed
from mso_tui.screens.base import MsoScreen, cost_cell, duration, percent, tokens, when
from mso_tui.widgets.checklist import Checklist
from mso_tui.widgets.conversation import ConversationView

TABS = ("overview", "conversation", "files", "usage")


class SessionScreen(MsoScreen):
    """Everything about one session, in four tabs."""

    BINDINGS = [
        *(Binding(str(i), f"tab('{tab}')", tab.title(), show=False, id=f"session.tab_{tab}")
          for i, tab in enumerate(TABS, start=1)),
        Binding("l", "handoff('loaded')", "Loaded", tooltip="Open the handoff this session loaded", id="session.loaded_handoff"),
        Binding("o", "handoff('produced')", "Produced", tooltip="Open the handoff this session produced", id="session.produced_handoff"),
        Binding("v", "paste", "Paste", show=False, tooltip="Paste a transcript into this session", id="session.paste"),
        Binding("r", "reload", "Reload", show=False, id="session.reload"),
    ]

    def __init__(self, session_id: int) -> None:
        super().__init__()
        self.session_id = session_id
        self.detail: SessionDetail | None = None

    def compose(self) -> ComposeResult:
        """Summary line and the tabs."""
        yield Header()
        yield Static("Loading…", id="summary", classes="status-line")
        with TabbedContent(id="tabs"):
            with TabPane("1 Overview", id="overview"):
                with VerticalScroll():
                    yield Static("[b]Objectives[/b] (space toggles)", classes="section")
                    yield Checklist(id="objectives")
                    yield Static(id="outcome")
                    yield Static(id="handoffs")
            yield TabPane("2 Conversation", id="conversation")
            with TabPane("3 Files", id="files"):
                yield DataTable(id="files-table", cursor_type="row")
            with TabPane("4 Usage", id="usage"):
                yield DataTable(id="usage-table", cursor_type="row")
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        """Table columns now, data from a worker."""
        self.query_one("#files-table", DataTable).add_columns("File", "Change", "+", "-")
        self.query_one("#usage-table", DataTable).add_columns("Model", "Input", "Output", "Cache w", "Cache r",
                                                               "Cost")
        self.reload()

    def reload(self) -> None:
        """Load the session again."""
        self._load()

    def action_reload(self) -> None:
        """Reload from the store."""
        self.reload()

    @work(thread=True, exclusive=True, exit_on_error=False)
    def _load(self) -> None:
        """Read the session, files, usage and handoffs in a thread."""
        from mso_tui.data.services.ui_queries import in_worker, session_detail

        try:
            self.post_message(DetailLoaded(in_worker(session_detail, self.session_id)))
        except Exception as exc:
            self.post_message(LoadFailed("the session", f"{type(exc).__name__}: {exc}"))

    def on_load_failed(self, message: LoadFailed) -> None:
        """Say what failed."""
        self.query_one("#summary", Static).update(f"Could not load {message.what}: {message.text}")

    async def on_detail_loaded(self, message: DetailLoaded) -> None:
        """Show everything; the conversation widget is mounted once, sized to the turn count."""
        first = self.detail is None
        self.detail = d = message.detail
        s = d.session
        self.sub_title = f"{s.project_name} · session {s.number}"
        self.query_one("#summary", Static).update(
            f"[b]{s.project_name} #{s.number}[/b] {s.title} · {s.type} · {s.agent} · {s.status.replace('_', ' ')} · "
            f"{when(s.started_at)} · {duration(s.duration_seconds)} · {tokens(s.tokens.total)} tokens · "
            f"{cost_cell(s.tokens, s.credits_used)} · {s.turn_count} turns")
        self.query_one(Checklist).show(s.objectives)
        self.query_one("#outcome", Static).update(self._outcome(s))
        self.query_one("#handoffs", Static).update(self._handoffs(d.loaded, d.produced))
        self._tables(d)
        if first:
            from mso_tui.data.services.turns import session_turns

            view = ConversationView(lambda offset, limit: session_turns(self.session_id, offset, limit),
                                    s.turn_count, id="conversation-view")
            await self.query_one("#conversation", TabPane).mount(view)
            self.query_one(Checklist).focus()

    def _outcome(self, s: SessionRecord) -> Text:
        """Accomplishments and blockers as bullet lists."""
        text = Text()
        for title, items in (("Accomplishments", s.accomplishments), ("Blockers", s.blockers)):
            text.append(f"\n{title}\n", style="bold")
            for item in items or ("none",):
                text.append(f"  • {item}\n")
        return text

    def _handoffs(self, loaded: HandoffRecord | None, produced: HandoffRecord | None) -> Text:
        """One line per handoff: which session wrote it, its size and coverage."""
        text = Text("\nHandoffs\n", style="bold")
        for label, key, h in (("Loaded", "l", loaded), ("Produced", "o", produced)):
            if h is None:
                text.append(f"  {label}: none\n")
                continue
            text.append(f"  {label}: #{h.session_number or '?'} · {h.kind} · {tokens(h.tokens_out)} tokens · "
                        f"{percent(h.coverage)} preserved · ")
            text.append(f"{key} opens\n", style="bold")
        return text

    def _tables(self, d: SessionDetail) -> None:
        """Files with +/- lines and usage per model."""
        files = self.query_one("#files-table", DataTable)
        files.clear()
        for f in d.files:
            files.add_row(f.path if not f.old_path else f"{f.old_path} → {f.path}", f.change_type,
                          Text(f"+{f.lines_added}", style="green", justify="right"),
                          Text(f"-{f.lines_removed}", style="red", justify="right"))
        usage = self.query_one("#usage-table", DataTable)
        usage.clear()
        for model, t in sorted(d.usage.items()):
            usage.add_row(model, *(Text(tokens(v), justify="right") for v in (
                t.input_tokens, t.output_tokens, t.cache_creation_tokens, t.cache_read_tokens)),
                Text(f"${t.cost_usd:,.2f}", justify="right"))

    @on(SelectionList.SelectionToggled, "#objectives")
    def _toggled(self, event: SelectionList.SelectionToggled) -> None:
        """Store the tick at once (in a worker); the list already shows it."""
        index = int(event.selection.value)
        self._save_objective(index, index in event.selection_list.selected)

    @work(thread=True, exit_on_error=False, group="objectives")
    def _save_objective(self, index: int, done: bool) -> None:
        """Write one objective's state."""
        from mso_tui.data.services.sessions import set_objective
        from mso_tui.data.services.ui_queries import in_worker

        try:
            in_worker(set_objective, self.session_id, index, done)
        except Exception as exc:
            self.post_message(LoadFailed("the objective", f"{type(exc).__name__}: {exc}"))

    def on_conversation_view_opened(self, message: ConversationView.Opened) -> None:
        """Read one turn in full."""
        from mso_tui.screens.turn import TurnScreen

        self.app.push_screen(TurnScreen(message.turn))

    def action_tab(self, tab: str) -> None:
        """Switch tab and focus its content."""
        self.query_one(TabbedContent).active = tab
        target = {"overview": "#objectives", "conversation": "#conversation-view", "files": "#files-table",
                  "usage": "#usage-table"}[tab]
        for widget in self.query(target):
            widget.focus()

    def action_handoff(self, which: str) -> None:
        """Open the loaded or produced handoff in the handoff viewer."""
        h = None if self.detail is None else self.detail.loaded if which == "loaded" else self.detail.produced
        if h is None or self.detail is None:
            self.notify(f"This session has no {which} handoff.", severity="warning")
            return
        self.app.open_screen("handoff", "HandoffScreen", self.detail.session.project_name,  # type: ignore
                             h.session_number)

    def action_paste(self) -> None:
        """Paste a transcript into this session."""
        self.app.open_screen("paste", "PasteScreen", self.session_id)  # type: ignore[attr-defined]

    def context_project(self) -> str | None:
        """This session's project."""
        return self.detail.session.project_name if self.detail else None

    def context_session(self) -> SessionRecord | None:
        """This session."""
        return self.detail.session if self.detail else None
