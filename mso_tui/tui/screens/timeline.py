"""A project's sessions in order, with an efficiency sparkline that leaves gaps for sessions without objectives."""
from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Footer, Header, Static
from textual.worker import get_current_worker

from mso_tui.records import SessionRecord
from mso_tui.services.timeline import TimelineHead, TimelineRow
from mso_tui.tui.messages import LiveStates, LoadFailed, TimelinePage
from mso_tui.tui.screens.base import MsoScreen, credits_short, duration, tokens, usd_parts, when
from mso_tui.tui.widgets.row_list import RowList
from mso_tui.tui.widgets.sparkline_cell import EfficiencySparkline

# key, label, width, smallest screen width that shows it, justify; narrow screens get the short forms below
COLUMNS = [("number", "#", 4, 0, "right"), ("type", "Type", 8, 0, "left"), ("agent", "Agent", 11, 100, "left"),
           ("status", "Status", 9, 0, "left"), ("started", "Started", 11, 0, "left"),
           ("duration", "Time", 6, 0, "right"), ("objectives", "Obj", 5, 0, "right"),
           ("tokens", "Tokens", 6, 0, "right"), ("cost", "Cost", 9, 0, "right"),
           ("credits", "Credits", 9, 100, "right"),
           ("handoff", "H", 1, 0, "left")]
# dollars and credits in their own columns; a wide "cost" fits "$12.34+unpriced"; below 100 columns there is
# no room for a credits column, so a session billed only in credits shows them in Cost with their unit
WIDE = {"type": 11, "started": 16, "status": 11, "cost": 15}
SHORT_TYPE = {"development": "dev", "debugging": "debug", "deployment": "deploy", "imported": "import"}
SHORT_STATUS = {"in_progress": "running"}
PAGE = 1000  # rows per worker message: the UI appends a page in well under a millisecond


class TimelineScreen(MsoScreen):
    """Sessions of one project; enter opens a session."""

    BINDINGS = [Binding("r", "reload", "Reload", id="timeline.reload")]

    def __init__(self, project_name: str) -> None:
        super().__init__()
        self.project_name = project_name
        self.project: TimelineHead | None = None
        self.loaded = False  # every page of the latest load has arrived
        self._placed = False  # the cursor was put on the latest session once
        self.live: dict[int, str] = {}  # session id -> running / waiting / idle, for open sessions

    def compose(self) -> ComposeResult:
        """Summary line, sparkline, the virtual session list."""
        self._wide = self.app.size.width >= 100
        columns = [(key, label, WIDE.get(key, width) if self._wide else width, justify)
                   for key, label, width, min_screen, justify in COLUMNS if self.app.size.width >= min_screen]
        yield Header()
        yield Static("Loading…", id="summary", classes="status-line")
        yield EfficiencySparkline(id="spark")
        yield RowList(columns, self._cells, strong=lambda r: r.status == "in_progress", id="sessions")
        yield Footer(compact=True, show_command_palette=False)

    @property
    def rows(self) -> list[TimelineRow]:
        """The session rows loaded so far, by number."""
        return self.query_one(RowList).rows

    def on_mount(self) -> None:
        """Rows come from a worker, a page at a time."""
        self.sub_title = f"{self.project_name} · timeline"
        self.query_one(RowList).focus()
        self.reload()

    def reload(self) -> None:
        """Load the sessions again."""
        self.loaded = False
        self._load()

    def action_reload(self) -> None:
        """Reload from the store."""
        self.reload()

    @work(thread=True, exclusive=True, exit_on_error=False)
    def _load(self) -> None:
        """Read the project, then its sessions as light tuples, a page per message."""
        from mso_tui.services.session_view import in_worker
        from mso_tui.services.timeline import timeline_head, timeline_page

        worker = get_current_worker()

        def pages() -> None:
            from mso_tui.services.live import states

            project, after, first = timeline_head(self.project_name), 0, True
            open_ids: list[int] = []
            while not worker.is_cancelled:
                rows = timeline_page(project.id, after, PAGE)
                last = len(rows) < PAGE
                self.post_message(TimelinePage(project, rows, first, last))
                open_ids += [r.id for r in rows if r.status == "in_progress"]
                if last:
                    break
                after, first = rows[-1].number, False
            self.post_message(LiveStates(states(open_ids)))  # running / waiting / idle of the open ones

        try:
            in_worker(pages)
        except Exception as exc:
            self.post_message(LoadFailed("sessions", f"{type(exc).__name__}: {exc}"))

    def on_live_states(self, message: LiveStates) -> None:
        """States computed by this screen's own load."""
        self.show_live_states(message.states)
        message.stop()

    def show_live_states(self, states: dict[int, str]) -> None:
        """Show the live state of open sessions in their status cell."""
        self.live.update(states)
        self.query_one(RowList).refresh()

    def on_load_failed(self, message: LoadFailed) -> None:
        """Say what failed."""
        self.query_one("#summary", Static).update(f"Could not load {message.what}: {message.text}")

    def on_timeline_page(self, message: TimelinePage) -> None:
        """Append a page; the summary and sparkline follow; the cursor starts on the latest session."""
        table = self.query_one(RowList)
        self.project = message.project
        table.set_rows(message.rows) if message.first else table.add_rows(message.rows)
        self.loaded = message.last
        self._summary()
        if message.last:
            self.query_one(EfficiencySparkline).values = tuple(r.efficiency for r in table.rows)
            if not self._placed and table.rows:
                table.cursor, self._placed = len(table.rows) - 1, True

    def _summary(self) -> None:
        """The line above the sparkline (with load progress while pages arrive)."""
        p, rows = self.project, self.rows
        assert p is not None
        open_ = sum(1 for r in rows if r.status == "in_progress")
        progress = "" if self.loaded else f" · loading {len(rows):,}/{p.session_count:,}…"
        self.query_one("#summary", Static).update(
            f"[b]{p.name}[/b] · {p.status} · {p.session_count} sessions · {open_} in progress · "
            f"{p.open_blockers(rows)} open blocker(s){progress} · efficiency per session ▼ (gaps: no objectives)")

    def _cells(self, s: TimelineRow) -> dict[str, str]:
        """The cells of one session (built only for the rows on screen)."""
        credits_only = not s.tokens and not s.cost_usd  # web chats bill credits, not tokens
        return {
            "number": str(s.number), "agent": s.agent,
            "type": s.type if self._wide else SHORT_TYPE.get(s.type, s.type),
            "status": self._status(s),
            "started": when(s.started_at) if self._wide else s.started_at.strftime("%m-%d %H:%M"),  # type: ignore
            "duration": duration(s.duration_seconds),
            "objectives": f"{s.done}/{s.planned}" if s.planned else "–",
            "tokens": "–" if credits_only else tokens(s.tokens),
            "cost": usd_parts(s.cost_usd, s.tokens, s.unpriced_tokens) if not credits_only
            else ("–" if self._wide else credits_short(s.credits_used, s.credit_budget)),
            "credits": credits_short(s.credits_used, s.credit_budget),
            "handoff": "✓" if s.has_handoff else "·",
        }

    def _status(self, s: TimelineRow) -> str:
        """An open session's live state (running, waiting, idle); else its stored status."""
        if s.status == "in_progress" and s.id in self.live:
            return self.live[s.id]
        return s.status.replace("_", " ") if self._wide else SHORT_STATUS.get(s.status, s.status)

    @on(RowList.Selected, "#sessions")
    def _open(self, event: RowList.Selected) -> None:
        """Enter opens the session."""
        from mso_tui.tui.screens.session import SessionScreen

        self.app.push_screen(SessionScreen(event.row.id))  # type: ignore[attr-defined]

    def context_project(self) -> str | None:
        """This screen's project."""
        return self.project_name

    def context_session(self) -> SessionRecord | None:
        """The highlighted session, read in full (one row, on a key press)."""
        from mso_tui.services.sessions import get_session_by_id

        row = self.query_one(RowList).current
        return get_session_by_id(row.id) if row is not None else None
