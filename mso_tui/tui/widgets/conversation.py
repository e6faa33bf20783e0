"""A virtual list of a conversation: only visible turns are rendered, pages load (and are redacted) in a worker."""
from __future__ import annotations

from typing import Callable

from rich.segment import Segment
from rich.style import Style
from textual import work
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from mso_tui.records import TurnRecord
from mso_tui.tui.widgets.turn_text import TurnPages, preview_line, redact_page

Fetch = Callable[[int, int], list[TurnRecord]]


class ConversationView(ScrollView, can_focus=True):
    """Turns as fixed-height rows (a header and two lines of text) so 10,000 turns scroll like 10."""

    ROW = 3
    PAGE = 200
    MAX_PAGES = 60  # keep at most this many pages in memory; far ones are dropped and reloaded
    BINDINGS = [
        Binding("up,k", "move(-1)", "Up", show=False, id="conversation.up"),
        Binding("down,j", "move(1)", "Down", show=False, id="conversation.down"),
        Binding("pageup", "page(-1)", "Page up", show=False, id="conversation.page_up"),
        Binding("pagedown", "page(1)", "Page down", show=False, id="conversation.page_down"),
        Binding("home", "jump(0)", "First turn", show=False, id="conversation.first"),
        Binding("end", "jump(-1)", "Last turn", show=False, id="conversation.last"),
        Binding("enter", "open", "Read", tooltip="Read the turn in full", id="conversation.open"),
    ]
    COMPONENT_CLASSES = {"conversation--cursor", "conversation--user", "conversation--assistant",
                         "conversation--tool", "conversation--error", "conversation--muted"}
    DEFAULT_CSS = """
    ConversationView { height: 1fr; overflow-x: hidden; }
    ConversationView > .conversation--cursor { background: $boost; text-style: bold; }
    ConversationView:focus > .conversation--cursor { background: $primary 30%; }
    ConversationView > .conversation--user { color: $accent; text-style: bold; }
    ConversationView > .conversation--assistant { color: $primary; text-style: bold; }
    ConversationView > .conversation--tool { color: $secondary; }
    ConversationView > .conversation--error { color: $error; text-style: bold; }
    ConversationView > .conversation--muted { color: $text-muted; }
    """
    cursor = reactive(0, layout=False)
    revealed = reactive(False, layout=False)  # False: secrets show as markers; a change repaints

    class Opened(Message):
        """The user asked to read one turn in full (masked is the same turn with secrets masked)."""

        def __init__(self, turn: TurnRecord, masked: TurnRecord) -> None:
            super().__init__()
            self.turn = turn
            self.masked = masked

    class PageLoaded(Message):
        """A worker fetched one page of turns and masked their secrets."""

        def __init__(self, page: int, turns: list[TurnRecord], masked: list[TurnRecord], secrets: int) -> None:
            super().__init__()
            self.page = page
            self.turns = turns
            self.masked = masked
            self.secrets = secrets

    class SecretsCounted(Message):
        """Secrets found so far in the loaded pages; complete when every page has been read once."""

        def __init__(self, count: int, complete: bool) -> None:
            super().__init__()
            self.count = count
            self.complete = complete

    def __init__(self, fetch: Fetch, total: int, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._fetch = fetch
        self.total = total
        self._store = TurnPages(self.PAGE, self.MAX_PAGES)
        self._lines: dict[tuple[int, int], str] = {}  # (id of the shown turn object, part) -> preview
        self._wanted: set[int] = set()
        self._loading: int | None = None  # one page at a time: parallel loaders fight the UI for the GIL

    def reset(self, total: int) -> None:
        """Start over with total turns (the session gained turns): every page is read again when seen."""
        self.total = total
        self._store = TurnPages(self.PAGE, self.MAX_PAGES)
        self._lines.clear()
        self._wanted.clear()
        self.on_resize()
        self.refresh()

    def on_resize(self) -> None:
        """Size the virtual canvas to every turn (nothing loads until seen), as wide as the widget."""
        self.virtual_size = Size(self.size.width, self.total * self.ROW)

    on_mount = on_resize

    @property
    def secrets(self) -> tuple[int, int, bool]:
        """(secrets found, turns read, whether every turn has been read) over the pages read so far."""
        read = min(len(self._store.secrets) * self.PAGE, self.total)
        return sum(self._store.secrets.values()), read, self._store.complete(self.total)

    def turn_at(self, index: int, masked: bool = False) -> TurnRecord | None:
        """The turn at index (masked: with secrets masked) if its page is loaded; else ask for the page."""
        page, turn = self._store.get(index, masked)
        if turn is None and page not in self._store.original:
            self._wanted.add(page)  # note it, and start the loader if it is idle
            self._kick()
        return turn

    def _visible_pages(self) -> set[int]:
        """The pages under the viewport now."""
        first = self.scroll_offset.y // self.ROW
        last = (self.scroll_offset.y + self.size.height) // self.ROW
        return set(range(first // self.PAGE, last // self.PAGE + 1))

    def _kick(self) -> None:
        """Load the next wanted page that is still on screen; pages scrolled past are forgotten."""
        if self._loading is not None:
            return
        self._wanted &= self._visible_pages()
        self._wanted -= set(self._store.original)
        if self._wanted:
            self._loading = self._wanted.pop()
            self._load(self._loading)

    @work(thread=True, group="turn-pages", exit_on_error=False)
    def _load(self, page: int) -> None:
        """Fetch and redact a page in a thread (never all turns at once) and hand it over as a message."""
        from mso_tui.services.session_view import in_worker

        turns = in_worker(self._fetch, page * self.PAGE, self.PAGE)
        self.post_message(self.PageLoaded(page, turns, *redact_page(turns)))

    def on_conversation_view_page_loaded(self, message: PageLoaded) -> None:
        """Store the page, drop the farthest ones beyond MAX_PAGES, repaint."""
        message.stop()
        self._loading = None
        dropped, changed = self._store.store(message.page, message.turns, message.masked, message.secrets,
                                             self.cursor // self.PAGE)
        if dropped:
            self._lines.clear()
        if changed:
            self.post_message(self.SecretsCounted(*self.secrets[::2]))
        self.refresh()
        self._kick()

    def render_line(self, y: int) -> Strip:
        """One screen line: the header or a text line of one turn."""
        width = self.size.width
        index, part = divmod(self.scroll_offset.y + y, self.ROW)
        if index >= self.total:
            return Strip.blank(width)
        turn = self.turn_at(index, masked=not self.revealed)
        base = self.get_component_rich_style("conversation--cursor") if index == self.cursor else Style()
        muted = self.get_component_rich_style("conversation--muted")
        if turn is None:
            segments = [Segment(" loading…" if part == 0 else "", muted)]
        elif part == 0:
            segments = self._header(turn, muted)
        else:
            key = (id(turn), part)  # the page lists hold the turn, so its id is stable while cached
            if key not in self._lines:
                if len(self._lines) > 4 * self.PAGE:
                    self._lines.clear()
                self._lines[key] = preview_line(turn, part)
            segments = [Segment(self._lines[key])]
        strip = Strip(segments).crop(0, width - 1)
        if len(strip.text) >= width - 1 and part:
            strip = Strip(list(strip) + [Segment("…", muted)])
        return strip.extend_cell_length(width).apply_style(base)

    def _header(self, turn: TurnRecord, muted: Style) -> list[Segment]:
        """The first line of a turn: number, role, time, tool and model."""
        role_class = "error" if turn.is_error else turn.role if turn.role in ("user", "assistant") else "tool"
        when = turn.timestamp.strftime("%Y-%m-%d %H:%M") if turn.timestamp else ""
        tool = f" {turn.tool_name}" if turn.tool_name else ""
        return [Segment(f"{turn.seq:>6} ", muted),
                Segment(f"{turn.role:<10}", self.get_component_rich_style(f"conversation--{role_class}")),
                Segment(f"{when}{tool}", muted),
                Segment(f"  {turn.model}" if turn.model else "", muted)]

    def watch_cursor(self, old: int, new: int) -> None:
        """Keep the cursor turn in view and repaint both rows."""
        self.scroll_to_region(Region(0, new * self.ROW, self.size.width, self.ROW), animate=False)
        self.refresh()

    def action_move(self, delta: int) -> None:
        """Move the cursor by delta turns."""
        self.cursor = min(max(self.cursor + delta, 0), max(self.total - 1, 0))

    def action_page(self, direction: int) -> None:
        """Move the cursor by a screenful."""
        self.action_move(direction * max(self.size.height // self.ROW - 1, 1))

    def action_jump(self, where: int) -> None:
        """Go to the first (0) or last (-1) turn."""
        self.cursor = 0 if where == 0 else max(self.total - 1, 0)

    def action_open(self) -> None:
        """Ask the screen to show the cursor turn in full."""
        turn, masked = self.turn_at(self.cursor), self.turn_at(self.cursor, masked=True)
        if turn is not None and masked is not None:
            self.post_message(self.Opened(turn, masked))
