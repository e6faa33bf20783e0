"""A project's sessions in order, with an efficiency sparkline that leaves gaps for sessions without objectives."""
from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Footer, Header, Static

from mso_tui.data.records import ProjectRecord, SessionRecord
from mso_tui.messages import LoadFailed, SessionsLoaded
from mso_tui.screens.base import MsoScreen, cost_cell, duration, fit_columns, tokens, when
from mso_tui.widgets.sparkline_cell import EfficiencySparkline

# key, label, width, smallest screen width that shows it; narrow screens get the short forms below
COLUMNS = [("number", "#", 4, 0), ("type", "Type", 8, 0), ("agent", "Agent", 11, 100),
           ("status", "Status", 9, 0), ("started", "Started", 11, 0), ("duration", "Time", 6, 0),
           ("objectives", "Obj", 5, 0), ("tokens", "Tokens", 6, 0), ("cost", "Cost", 8, 0), ("handoff", "H", 1, 0)]
SHORT_TYPE = {"development": "dev", "debugging": "debug", "deployment": "deploy", "imported": "import"}
SHORT_STATUS = {"in_progress": "running"}
# DataTable measures every new cell when idle (~0.4 ms a row): add rows in small batches with a pause
# between them so each measuring pass stays far under 100 ms and keys are handled while rows arrive
BATCH = 100


class TimelineScreen(MsoScreen):
    """Sessions of one project; enter opens a session."""

    BINDINGS = [Binding("r", "reload", "Reload", show=False, id="timeline.reload")]

    def __init__(self, project_name: str) -> None:
        super().__init__()
        self.project_name = project_name
        self.sessions: list[SessionRecord] = []

    def compose(self) -> ComposeResult:
        """Summary line, sparkline, table."""
        yield Header()
        yield Static("Loading…", id="summary", classes="status-line")
        yield EfficiencySparkline(id="spark")
        yield DataTable(id="sessions", cursor_type="row", zebra_stripes=True)
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        """Columns now, rows from a worker."""
        self.sub_title = f"{self.project_name} · timeline"
        table = self.query_one(DataTable)
        self._wide = self.app.size.width >= 100
        columns = fit_columns(COLUMNS, self.app.size.width)
        for key, label, width in columns:
            wide = {"type": 11, "started": 16, "status": 11} if self._wide else {}
            table.add_column(label, key=key, width=wide.get(key, width))
        self._columns = [key for key, _, _ in columns]
        table.focus()
        self.reload()

    def reload(self) -> None:
        """Load the sessions again."""
        self._load()

    def action_reload(self) -> None:
        """Reload from the store."""
        self.reload()

    @work(thread=True, exclusive=True, exit_on_error=False)
    def _load(self) -> None:
        """Read the project and its sessions in a thread."""
        from mso_tui.data.services.projects import get_project
        from mso_tui.data.services.ui_queries import in_worker, project_sessions

        def both() -> tuple[ProjectRecord, list[SessionRecord]]:
            project = get_project(self.project_name)
            return project, project_sessions(project.id, project.name)

        try:
            self.post_message(SessionsLoaded(*in_worker(both)))
        except Exception as exc:
            self.post_message(LoadFailed("sessions", f"{type(exc).__name__}: {exc}"))

    def on_load_failed(self, message: LoadFailed) -> None:
        """Say what failed."""
        self.query_one("#summary", Static).update(f"Could not load {message.what}: {message.text}")

    async def on_sessions_loaded(self, message: SessionsLoaded) -> None:
        """Fill the sparkline and the table, a batch at a time."""
        p, self.sessions = message.project, message.sessions
        table = self.query_one(DataTable)
        keep = table.cursor_row if table.row_count else None
        open_ = sum(1 for s in self.sessions if s.status == "in_progress")
        self.query_one("#summary", Static).update(
            f"[b]{p.name}[/b] · {p.status} · {p.session_count} sessions · {open_} in progress · "
            f"{p.open_blockers} open blockers · efficiency per session ▼ (gaps: no objectives)")
        self.query_one(EfficiencySparkline).values = tuple(s.efficiency for s in self.sessions)
        table.clear()
        for start in range(0, len(self.sessions), BATCH):
            table.add_rows([self._row(s) for s in self.sessions[start:start + BATCH]])
            await self._yield()
        if self.sessions:
            target = keep if keep is not None else len(self.sessions) - 1
            table.move_cursor(row=min(target, len(self.sessions) - 1), animate=False)

    async def _yield(self) -> None:
        """Let the table measure the batch (on idle) and the loop handle input before the next one."""
        import asyncio

        await asyncio.sleep(0.02)

    def _row(self, s: SessionRecord) -> list[object]:
        """The cells of one session."""
        done = sum(o.done for o in s.objectives)
        cells = {
            "number": Text(str(s.number), justify="right"), "agent": s.agent,
            "type": s.type if self._wide else SHORT_TYPE.get(s.type, s.type),
            "status": Text(s.status.replace("_", " ") if self._wide else SHORT_STATUS.get(s.status, s.status),
                           style="bold" if s.status == "in_progress" else ""),
            "started": when(s.started_at) if self._wide else s.started_at.strftime("%m-%d %H:%M"), "duration": Text(duration(s.duration_seconds), justify="right"),
            "objectives": Text(f"{done}/{len(s.objectives)}" if s.objectives else "–", justify="right"),
            "tokens": Text(tokens(s.tokens.total), justify="right"),
            "cost": Text(cost_cell(s.tokens, s.credits_used), justify="right"),
            "handoff": "✓" if s.generated_handoff_id else "·",
        }
        return [cells[key] for key in self._columns]

    @on(DataTable.RowSelected, "#sessions")
    def _open(self, event: DataTable.RowSelected) -> None:
        """Enter opens the session."""
        from mso_tui.screens.session import SessionScreen

        if event.cursor_row < len(self.sessions):
            self.app.push_screen(SessionScreen(self.sessions[event.cursor_row].id))

    def context_project(self) -> str | None:
        """This screen's project."""
        return self.project_name

    def context_session(self) -> SessionRecord | None:
        """The highlighted session."""
        row = self.query_one(DataTable).cursor_row
        return self.sessions[row] if self.sessions and 0 <= row < len(self.sessions) else None
