"""One session: objectives to tick, outcome, the conversation (virtual, redacted), files, usage and its handoffs."""
from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import (
    Footer,
    Header,
    SelectionList,
    Static,
    TabbedContent,
    TabPane,
)

from mso_tui.records import Objective, SessionRecord
from mso_tui.services.session_view import SessionDetail
from mso_tui.tui.messages import DetailLoaded, LiveStates, LoadFailed
from mso_tui.tui.screens import session_parts as parts
from mso_tui.tui.screens.base import MsoScreen
from mso_tui.tui.screens.session_tabs import FOCUS, ExtrasLoaded, SessionTabs
from mso_tui.tui.widgets.checklist import Checklist
from mso_tui.tui.widgets.conversation import ConversationView

TABS = ("overview", "conversation", "files", "usage")


TAB_KEYS = Binding.Group("Tabs", compact=True)  # the footer shows "1234 Tabs"


class SessionScreen(SessionTabs, MsoScreen):
    """Everything about one session, in four tabs; a tab's widgets are built when it is first opened."""

    BINDINGS = [
        *(Binding(str(i), f"tab('{tab}')", tab.title(), id=f"session.tab_{tab}", group=TAB_KEYS)
          for i, tab in enumerate(TABS, start=1)),
        Binding("l", "handoff('loaded')", "Loaded", tooltip="Open the handoff this session loaded",
                id="session.loaded_handoff"),
        Binding("o", "handoff('produced')", "Produced", tooltip="Open the handoff this session produced",
                id="session.produced_handoff"),
        Binding("R", "reveal", "Reveal", tooltip="Show or mask secrets in the conversation",
                id="session.reveal"),
        Binding("v", "paste", "Paste", tooltip="Paste a transcript into this session", id="session.paste"),
        Binding("r", "reload", "Reload", show=False, id="session.reload"),
    ]

    def __init__(self, session_id: int) -> None:
        super().__init__()
        self.session_id = session_id
        self.detail: SessionDetail | None = None
        self.revealed = False
        self._extras: ExtrasLoaded | None = None
        self._built: set[str] = {"overview"}
        self._ready = False  # the tabs are mounted
        self.live_state: str | None = None  # running / waiting / idle / ended, from the live watcher

    def compose(self) -> ComposeResult:
        """Header, summary and footer; the tabs are mounted right after this first, light frame."""
        yield Header()
        yield Static("Loading…", id="summary", classes="status-line")
        yield Footer(compact=True, show_command_palette=False)

    def _tabs(self) -> TabbedContent:
        """The four tabs; only the overview has content until a tab is first opened."""
        overview = VerticalScroll(Static("[b]Objectives[/b] (space toggles)", classes="section"),
                                  Checklist(id="objectives"),
                                  Static("[b]Carried in[/b] by the loaded handoff (space closes a blocker or step)",
                                         classes="section", id="carried-title"),
                                  Checklist(id="carried"), Static(id="outcome"), Static(id="handoffs"))
        tabs = TabbedContent(id="tabs")
        for pane in (TabPane("1 Overview", overview, id="overview"), TabPane("2 Conversation", id="conversation"),
                     TabPane("3 Files", id="files"), TabPane("4 Usage", id="usage")):
            tabs.compose_add_child(pane)
        return tabs

    def on_mount(self) -> None:
        """Data from a worker; the tabs after the first paint, so opening never paints everything at once."""
        self.reload()
        self.call_after_refresh(self._mount_tabs)

    async def _mount_tabs(self) -> None:
        """Mount the tabs (a separate, smaller step for the event loop), then show what has loaded."""
        await self.mount(self._tabs(), before=self.query_one(Footer))
        self._ready = True
        self.query_one("#objectives", Checklist).focus()
        if self.detail is not None:
            await self._show_detail()

    def reload(self) -> None:
        """Load the session again (and files and usage, if their tabs were built)."""
        self._load()
        if self._extras is not None:
            self._load_extras()

    def action_reload(self) -> None:
        """Reload from the store."""
        self.reload()

    @work(thread=True, exclusive=True, exit_on_error=False)
    def _load(self) -> None:
        """Read the session and its handoffs in a thread."""
        from mso_tui.services.live import states
        from mso_tui.services.session_view import in_worker, session_detail

        try:
            self.post_message(DetailLoaded(in_worker(session_detail, self.session_id)))
            self.post_message(LiveStates(in_worker(states, [self.session_id])))
        except Exception as exc:
            self.post_message(LoadFailed("the session", f"{type(exc).__name__}: {exc}"))

    def on_live_states(self, message: LiveStates) -> None:
        """The state computed by this screen's own load."""
        self.show_live_states(message.states)
        message.stop()

    def show_live_states(self, states: dict[int, str]) -> None:
        """Show the session's live state (running, waiting, idle) in the summary line."""
        if self.session_id not in states:
            return
        self.live_state = states[self.session_id]
        if self.detail is not None:
            self.query_one("#summary", Static).update(parts.summary_line(self.detail.session, self.live_state))

    def on_load_failed(self, message: LoadFailed) -> None:
        """Say what failed."""
        self.query_one("#summary", Static).update(f"Could not load {message.what}: {message.text}")

    async def on_detail_loaded(self, message: DetailLoaded) -> None:
        """Keep the session; show it once the tabs are there."""
        self.detail = message.detail
        self._titles()
        self.query_one("#summary", Static).update(parts.summary_line(message.detail.session, self.live_state))
        self._refresh_conversation()
        if self._ready:
            await self._show_detail()

    async def _show_detail(self) -> None:
        """Fill the overview; build the open tab if it waited for the session."""
        d = self.detail
        assert d is not None
        s = d.session
        self.query_one("#objectives", Checklist).show(s.objectives)
        carried = self.query_one("#carried", Checklist)
        carried.show(tuple(Objective(t, t in s.resolved) for t in d.carried))
        carried.display = self.query_one("#carried-title").display = bool(d.carried)
        self.query_one("#outcome", Static).update(parts.outcome_text(s))
        self.query_one("#handoffs", Static).update(parts.handoffs_text(d.loaded, d.produced))
        if self._extras is not None:
            self._show_extras()
        await self._build(self.query_one(TabbedContent).active)

    @on(SelectionList.SelectionToggled, "#objectives")
    def _toggled(self, event: SelectionList.SelectionToggled) -> None:
        """Store the tick at once (in a worker); the list already shows it."""
        index = int(event.selection.value)
        self._save_objective(index, index in event.selection_list.selected)

    @on(SelectionList.SelectionToggled, "#carried")
    def _carried_toggled(self, event: SelectionList.SelectionToggled) -> None:
        """Close (or reopen) a carried item in this session; its handoff moves it to Accomplished."""
        if self.detail is None:
            return
        index = int(event.selection.value)
        self._save_resolved(self.detail.carried[index], index in event.selection_list.selected)

    @work(thread=True, exit_on_error=False, group="resolved")
    def _save_resolved(self, text: str, resolved: bool) -> None:
        """Write one carried item's state."""
        from mso_tui.services.session_view import in_worker
        from mso_tui.services.sessions import set_resolved

        try:
            in_worker(set_resolved, self.session_id, text, resolved)
        except Exception as exc:
            self.post_message(LoadFailed("the carried item", f"{type(exc).__name__}: {exc}"))

    @work(thread=True, exit_on_error=False, group="objectives")
    def _save_objective(self, index: int, done: bool) -> None:
        """Write one objective's state."""
        from mso_tui.services.session_view import in_worker
        from mso_tui.services.sessions import set_objective

        try:
            in_worker(set_objective, self.session_id, index, done)
        except Exception as exc:
            self.post_message(LoadFailed("the objective", f"{type(exc).__name__}: {exc}"))

    def on_conversation_view_opened(self, message: ConversationView.Opened) -> None:
        """Read one turn in full, masked unless secrets are revealed."""
        from mso_tui.tui.screens.turn import TurnScreen

        self.app.push_screen(TurnScreen(message.turn, message.masked, self.revealed))

    def action_tab(self, tab: str) -> None:
        """Switch tab and focus its content (built on first use)."""
        if not self._ready:
            return
        self.query_one(TabbedContent).active = tab
        for widget in self.query(FOCUS[tab]):
            widget.focus()

    def action_handoff(self, which: str) -> None:
        """Open the loaded or produced handoff in the handoff viewer."""
        h = None if self.detail is None else self.detail.loaded if which == "loaded" else self.detail.produced
        if h is None or self.detail is None:
            self.notify(f"This session has no {which} handoff.", severity="warning")
            return
        self.app._push_local("handoff", "HandoffScreen", self.detail.session.project_name,  # type: ignore
                             h.session_number)

    def action_paste(self) -> None:
        """Paste a transcript into this session."""
        self.app._push_local("paste", "PasteScreen", self.session_id)  # type: ignore[attr-defined]

    def context_project(self) -> str | None:
        """This session's project."""
        return self.detail.session.project_name if self.detail else None

    def context_session(self) -> SessionRecord | None:
        """This session."""
        return self.detail.session if self.detail else None
