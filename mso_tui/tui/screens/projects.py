"""The home screen: every project with its statistics, an efficiency sparkline each, totals, a filter."""
from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Footer, Header, Input, Static

from mso_tui.records import ProjectRecord, TokenCounts
from mso_tui.tui.messages import LoadFailed, ProjectsLoaded
from mso_tui.tui.screens.base import MsoScreen, fit_columns, percent, tokens, usd
from mso_tui.tui.widgets.sparkline_cell import spark_text
from mso_tui.tui.widgets.theme_colours import theme_colours

STATUS_MARK = {"active": "●", "paused": "‖", "completed": "✓", "archived": "▪"}
# key, label, width, smallest screen width that shows the column
COLUMNS = [("name", "Project", 18, 0), ("status", "Status", 9, 100), ("sessions", "Sess", 4, 0),
           ("last", "Last", 10, 0), ("blockers", "Blk", 3, 0), ("tokens", "Tokens", 6, 0),
           ("cost", "Cost", 9, 0), ("credits", "Credits", 7, 100), ("kept", "Inv kept", 8, 0)]


class ProjectTable(DataTable):
    """The projects table, whose enter (open the project's timeline) the footer shows."""

    BINDINGS = [Binding("enter", "select_cursor", "Open", id="projects.open")]


class ProjectsScreen(MsoScreen):
    """A table of projects; type after `f` to filter, enter opens the timeline."""

    BINDINGS = [
        Binding("f", "filter", "Filter", id="projects.filter"),
        Binding("r", "reload", "Reload", show=False, id="projects.reload"),
    ]
    projects: list[ProjectRecord] = []

    def compose(self) -> ComposeResult:
        """Filter box, table, totals line."""
        yield Header()
        yield Input(placeholder="Filter projects (f)", id="filter", compact=True)
        yield ProjectTable(id="projects", cursor_type="row", zebra_stripes=True)
        yield Static("Loading projects…", id="totals", classes="status-line")
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        """Lay out the columns and load in a worker so the first frame comes at once."""
        self.title = self.app.title  # "mso DEMO" on the demo store
        self.sub_title = "Projects"
        self._width = 0
        self._set_columns()
        self.query_one(DataTable).focus()
        from mso_tui.services.session_view import prefetched_projects

        ready = prefetched_projects()
        if ready is not None:  # read while the app started: the first frame already shows the rows
            self.projects = ready
            self._fill()
        else:
            self.reload()

    def reload(self) -> None:
        """Load the projects again."""
        self._load()

    @work(thread=True, exclusive=True, exit_on_error=False)
    def _load(self) -> None:
        """Read the projects with statistics in a thread."""
        from mso_tui.services.session_view import in_worker, take_projects

        try:  # the first load takes what the launch started reading (prefetch_projects)
            self.post_message(ProjectsLoaded(in_worker(take_projects)))
        except Exception as exc:  # shown to the user; the screen stays usable
            self.post_message(LoadFailed("projects", f"{type(exc).__name__}: {exc}"))

    def on_projects_loaded(self, message: ProjectsLoaded) -> None:
        """Keep the records and show them."""
        self.projects = message.projects
        self._fill()

    def on_load_failed(self, message: LoadFailed) -> None:
        """Say what failed on the totals line."""
        self.query_one("#totals", Static).update(f"Could not load {message.what}: {message.text}")

    def on_resize(self) -> None:
        """Narrow terminals drop the status column and shrink the sparkline."""
        if self.size.width != self._width:
            self._set_columns()
            self._fill()

    def _set_columns(self) -> None:
        """Columns that fit the screen; the sparkline takes what is left."""
        self._width = self.size.width or 80
        table = self.query_one(DataTable)
        table.clear(columns=True)
        self._columns = fit_columns(COLUMNS, self._width)
        used = sum(w + 2 for _, _, w in self._columns) + 2 + 2  # cell padding, sparkline padding, scrollbar
        self._spark_width = max(self._width - used, 6)
        for key, label, width in self._columns:
            table.add_column(label, key=key, width=width)
        table.add_column("Efficiency" if self._spark_width >= 10 else "Eff.", key="spark", width=self._spark_width)

    def _row(self, p: ProjectRecord) -> list[object]:
        """The cells of one project."""
        colours = theme_colours(self.app, text=False)
        styles = (colours["error"], colours["warning"], colours["success"])

        cells = {
            "name": Text(f"{STATUS_MARK.get(p.status, '?')} {p.name}", no_wrap=True, overflow="ellipsis"),
            "status": p.status, "sessions": Text(str(p.session_count), justify="right"),
            "last": p.last_session_at.strftime("%Y-%m-%d") if p.last_session_at else "–",
            "blockers": Text(str(p.open_blockers), justify="right", style="bold" if p.open_blockers else ""),
            "tokens": Text(tokens(p.tokens.total), justify="right"),
            "cost": Text(usd(p.tokens) if p.tokens.total else self._credits_in_cost(p), justify="right"),
            "credits": Text(f"{p.credits_used:g}" if p.credits_used else "–", justify="right"),
            "kept": Text(percent(p.inventory_kept), justify="right"),
        }
        spark = spark_text(p.efficiency, self._spark_width, tuple(Style(color=c) for c in styles))  # type: ignore
        return [cells[key] for key, _, _ in self._columns] + [spark]

    def _credits_in_cost(self, p: ProjectRecord) -> str:
        """A project billed only in credits: its credits with their unit where no credits column fits, else –."""
        if not p.credits_used or any(key == "credits" for key, _, _ in self._columns):
            return "–"
        return f"{p.credits_used:g} cr"

    @on(Input.Changed, "#filter")
    def _fill(self) -> None:
        """Show the projects matching the filter, keeping the highlighted one."""
        table = self.query_one(DataTable)
        keep = self.context_project()
        needle = self.query_one("#filter", Input).value.strip().lower()
        shown = [p for p in self.projects
                 if not needle or needle in f"{p.name} {p.description} {p.status}".lower()]
        table.clear()
        for p in shown:
            table.add_row(*self._row(p), key=p.name)
        if keep in {p.name for p in shown}:
            table.move_cursor(row=table.get_row_index(keep), animate=False)
        self._totals(shown, needle)
        self.app.refresh_bindings()  # the project keys need a highlighted project

    def _totals(self, shown: list[ProjectRecord], needle: str) -> None:
        """The totals line under the table."""
        if not self.projects:
            text = "No projects yet: press n to create one, i to import transcripts."
        else:
            sessions = sum(p.session_count for p in shown)
            cost = usd(TokenCounts(sum(p.tokens.total for p in shown), 0, 0, 0, sum(p.tokens.cost_usd for p in shown),
                                   sum(p.tokens.unpriced_tokens for p in shown)))
            cover = [p.inventory_kept for p in shown if p.inventory_kept is not None]
            text = (f"{len(shown)}/{len(self.projects)} projects · {sessions} sessions · "
                    f"{sum(p.open_blockers for p in shown)} open blocker(s) · "
                    f"{tokens(sum(p.tokens.total for p in shown))} tokens · {cost} · "
                    f"inventory kept {percent(sum(cover) / len(cover) if cover else None)} (mean of handoffs)")
            if needle:
                text += f" · filter: {needle!r}"
        self.query_one("#totals", Static).update(text)

    def action_filter(self) -> None:
        """Put the cursor in the filter box."""
        self.query_one("#filter", Input).focus()

    def action_reload(self) -> None:
        """Reload from the store."""
        self.reload()

    @on(Input.Submitted, "#filter")
    def _filter_done(self) -> None:
        """Enter in the filter goes back to the table."""
        self.query_one(DataTable).focus()

    def back(self) -> bool:
        """Escape in the filter box returns to the table instead of leaving."""
        if self.focused is self.query_one("#filter", Input):
            self.query_one(DataTable).focus()
            return True
        return False

    @on(DataTable.RowSelected, "#projects")
    async def _open(self, event: DataTable.RowSelected) -> None:
        """Enter opens the project's timeline."""
        await self.app.run_action("timeline")

    def context_project(self) -> str | None:
        """The highlighted project."""
        table = self.query_one(DataTable)
        if not table.row_count:
            return None
        return str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)
