"""Global search over turns, handoffs and knowledge: as you type (debounced, in a worker); enter opens a hit."""
from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import DataTable, Footer, Input, Static

from mso_tui.tui.screens.helpers import error_text, in_db_thread, pop_or_exit, style_path

DEBOUNCE = 0.25  # seconds: substring search over every turn is the slowest query we run as you type
LIMIT = 50  # hits of each kind asked for; reaching it means there are more, so the count says "50+"
KIND_STYLE = {"turn": "cyan", "handoff": "magenta", "knowledge": "green"}


class SearchScreen(Screen[None]):
    """A query box over a table of hits (kind, where, snippet)."""

    CSS_PATH = style_path("search")
    BINDINGS = [
        Binding("escape", "back", "Back", id="search.back"),
        Binding("slash", "focus_query", "Query", id="search.query"),
        Binding("enter", "open", "Open", id="search.open"),
        Binding("down", "to_hits", "Hits", show=False, id="search.hits"),
    ]

    class Results(Message):
        """Hits for a query."""

        def __init__(self, query: str, hits: list) -> None:
            super().__init__()
            self.query, self.hits = query, hits

    def __init__(self, query: str = "") -> None:
        super().__init__()
        self.initial = query
        self.hits: list = []
        self._debounce: Timer | None = None

    def compose(self) -> ComposeResult:
        """Query box, status line, results."""
        yield Input(self.initial, placeholder="search turns, handoffs and knowledge…", id="search-query", compact=True)
        yield Static("type to search", id="search-status")
        yield DataTable(id="search-table", cursor_type="row", zebra_stripes=True)
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        """Columns; the cursor starts in the query box."""
        table = self.query_one(DataTable)
        table.add_column("Kind", key="kind", width=9)
        table.add_column("Where", key="where", width=22)
        table.add_column("Match", key="snippet")
        self.query_one(Input).focus()
        if self.initial:
            self.run_search(self.initial)

    @on(Input.Changed, "#search-query")
    def _typed(self, event: Input.Changed) -> None:
        """Search once typing pauses."""
        if self._debounce is not None:
            self._debounce.stop()
        self._debounce = self.set_timer(DEBOUNCE, lambda: self.run_search(event.value))

    @on(Input.Submitted, "#search-query")
    def _submitted(self) -> None:
        """Enter in the box opens the highlighted hit, as a picker does."""
        self.action_open()

    def action_to_hits(self) -> None:
        """Down from the query box goes to the hits (the table handles Down once it has focus)."""
        if self.hits:
            self.query_one(DataTable).focus()

    def run_search(self, query: str) -> None:
        """Start a search (an empty query clears the table)."""
        if not query.strip():
            self.on_search_screen_results(self.Results(query, []))
            return
        self.query_one("#search-status", Static).update(f"searching for “{query}”…")
        self.search(query)

    @work(thread=True, exclusive=True, exit_on_error=False, group="search")
    def search(self, query: str) -> None:
        """Ask the store in a thread; a newer search cancels this one's result."""
        from mso_tui.services.search import search_all

        try:
            hits = in_db_thread(search_all, query, LIMIT)
        except Exception as exc:  # report, keep the screen
            self.app.call_from_thread(self.notify, error_text(exc), severity="error")
            return
        self.post_message(self.Results(query, [self._masked(hit) for hit in hits]))

    @staticmethod
    def _masked(hit):
        """A hit whose snippet has its secrets masked (turn text is stored as it was typed)."""
        from dataclasses import replace

        from mso_tui.tui.screens.helpers import redact_for_clipboard

        snippet, title = redact_for_clipboard(hit.snippet)[0], redact_for_clipboard(hit.title)[0]
        return hit if (snippet, title) == (hit.snippet, hit.title) else replace(hit, snippet=snippet, title=title)

    def on_search_screen_results(self, message: Results) -> None:
        """Show the hits, unless the query changed meanwhile."""
        if message.query != self.query_one(Input).value:
            return
        self.hits = message.hits
        table = self.query_one(DataTable)
        table.clear()
        for i, hit in enumerate(self.hits):
            where = hit.title if hit.kind != "handoff" else f"{hit.project} #{hit.session_number or '–'}"
            match = Text(hit.snippet)
            match.highlight_words([message.query.strip()], style="bold reverse", case_sensitive=False)
            table.add_row(Text(hit.kind, style=KIND_STYLE.get(hit.kind, "")), where, match, key=str(i))
        names = {"turn": ("turn", "turns"), "handoff": ("handoff", "handoffs"), "knowledge": ("entry", "entries")}
        status = " · ".join(f"{n}{'+' if n >= LIMIT else ''} {names[k][n != 1]}" for k in names
                            for n in [sum(1 for h in self.hits if h.kind == k)])
        self.query_one("#search-status", Static).update(
            (f"{status} — enter opens" if self.hits else f"no match for “{message.query}”")
            if message.query.strip() else "type to search")

    def action_focus_query(self) -> None:
        """Back to the query box."""
        self.query_one(Input).focus()

    def action_open(self) -> None:
        """Open the highlighted hit."""
        row = self.query_one(DataTable).cursor_row
        if self.hits and 0 <= row < len(self.hits):
            self.open_hit(self.hits[row])

    @on(DataTable.RowSelected)
    def _selected(self, event: DataTable.RowSelected) -> None:
        """Enter on a row opens it."""
        event.stop()
        self.action_open()

    def open_hit(self, hit) -> None:
        """A knowledge hit opens the knowledge base on it, a handoff the viewer, a turn its session."""
        if hit.kind == "knowledge":
            from mso_tui.tui.screens.knowledge import KnowledgeScreen

            self.app.push_screen(KnowledgeScreen(select_id=hit.ref_id))
        elif hit.kind == "handoff":
            from mso_tui.tui.screens.handoff import HandoffScreen

            self.app.push_screen(HandoffScreen(hit.project, hit.session_number, select_id=hit.ref_id))
        else:
            self.open_turn(hit.ref_id)

    def open_turn(self, turn_id: int) -> None:
        """The session holding the turn, with the turn itself shown on top."""
        from mso_tui.services.analytics import get_turn

        turn = get_turn(turn_id)  # one primary-key read: fast enough for the event loop
        from mso_tui.tui.screens.session import SessionScreen
        from mso_tui.tui.screens.turn import TurnScreen

        self.app.push_screen(SessionScreen(turn.session_id))
        self.app.push_screen(TurnScreen(turn, match=self.query_one(Input).value.strip()))

    def action_back(self) -> None:
        """Leave the screen."""
        pop_or_exit(self)
