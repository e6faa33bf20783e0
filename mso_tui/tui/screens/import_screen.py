"""Import transcripts: a path, or discovery (what and how much first), with a progress bar fed by messages."""
from __future__ import annotations

import time
from pathlib import Path
from typing import Callable

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Input, ProgressBar, Static

from mso_tui.tui.messages import DataChanged
from mso_tui.tui.screens.base import demo_refusal
from mso_tui.tui.screens.helpers import error_text, in_db_thread, pop_or_exit, style_path
from mso_tui.tui.screens.import_plan_view import ImportPlanned, ImportPlanView, PlanTable


def human_size(size: float) -> str:
    """Bytes in a short human form."""
    for unit in ("B", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    return f"{size:.1f} GB"


def report_lines(report) -> str:
    """What an import did, in a few lines (errors name file and line)."""
    parts = [f"{report.files} files · {report.turns:,} turns · {report.usage_events:,} usage events · "
             f"{report.sessions} sessions ({report.sessions_created} new) · {report.unchanged} unchanged"]
    if report.skipped_lines or report.errors_total:
        parts.append(f"{report.skipped_lines} lines skipped · {report.errors_total} errors")
    joined = [p for p in getattr(report, "placements", []) if not p["new"]]
    if joined:  # say plainly when turns went into a session that existed before
        names = ", ".join(sorted({f"{p['project']} #{p['session']}" for p in joined}))
        parts.append(f"{len(joined)} file(s) added to existing session(s): {names}")
    for err in report.errors[:3]:
        parts.append(f"  {err['file']}:{err['line']}: {err['reason']}")
    if report.unrecognised:
        parts.append(f"{len(report.unrecognised)} files not recognised (e.g. {report.unrecognised[0]})")
    return "\n".join(parts)


class ImportScreen(ImportPlanView, Screen[None]):
    """A path field, what discovery found (per format: files and size), a progress bar and the report."""

    CSS_PATH = style_path("import")
    BINDINGS = [
        Binding("escape", "back", "Back", id="import.back"),
        Binding("ctrl+d", "discover", "Discover", id="import.discover", priority=True),
        Binding("ctrl+r", "import_found", "Import found", id="import.found"),
    ]
    PROGRESS_INTERVAL = 0.05  # seconds between progress messages: thousands of files must not flood the loop

    class DiscoveryDone(Message):
        """Discovery finished."""

        def __init__(self, discovery) -> None:
            super().__init__()
            self.discovery = discovery

    class Progress(Message):
        """Files and bytes done so far."""

        def __init__(self, files_done: int, files_total: int, bytes_done: int, bytes_total: int, path: str) -> None:
            super().__init__()
            self.files_done, self.files_total = files_done, files_total
            self.bytes_done, self.bytes_total, self.path = bytes_done, bytes_total, path

    class Done(Message):
        """An import finished (report) or failed (error)."""

        def __init__(self, report=None, error: str = "") -> None:
            super().__init__()
            self.report, self.error = report, error

    def __init__(self, discovery=None) -> None:
        super().__init__()
        self.discovery = discovery  # given by the welcome screen, which has already looked
        self.busy = False
        self.known_projects: list[str] = []
        self._confirmed: str | None = None  # a new project name the user said yes to
        self.planned: ImportPlanned | None = None  # the plan on screen, waiting for enter or esc

    def compose(self) -> ComposeResult:
        """Fields, the discovery table, progress and the report."""
        with Horizontal(id="import-fields"):
            yield Input(placeholder="path to a transcript or a folder (enter imports)", id="import-path", compact=True)
            yield Input(placeholder="project (optional)", id="import-project", compact=True)
        yield Static("Enter a path, or press ctrl+d to find transcripts on this machine.", id="import-status")
        yield DataTable(id="import-found", cursor_type="row", zebra_stripes=True)
        yield PlanTable(id="import-plan", cursor_type="row", zebra_stripes=True)
        with Horizontal(id="import-progress"):
            yield ProgressBar(total=1, id="import-bar", show_eta=False)
            yield Static("", id="import-file")
        yield Static("", id="import-report")
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        """Columns and focus."""
        table = self.query_one(DataTable)
        table.add_column("Format", key="format", width=14)
        table.add_column("Files", key="files", width=7)
        table.add_column("Size", key="size", width=10)
        table.add_column("Where", key="where")
        plan = self.query_one("#import-plan", DataTable)
        plan.add_column("File", key="file")
        plan.add_column("Project", key="project")
        plan.add_column("Session", key="session")
        plan.display = False
        self.query_one("#import-progress").display = False
        self.query_one("#import-report").display = False
        self.query_one("#import-path", Input).focus()
        self._project_field()
        if self.discovery is not None:
            self.post_message(self.DiscoveryDone(self.discovery))

    def _project_field(self) -> None:
        """Complete existing project names; start with the project of the screen the user came from."""
        from textual.suggester import SuggestFromList

        from mso_tui.services.session_view import project_names

        self.known_projects = project_names()
        field = self.query_one("#import-project", Input)
        field.suggester = SuggestFromList(self.known_projects, case_sensitive=False)
        context = getattr(self.app, "context_screen", lambda: None)()
        name = context.context_project() if context is not None else None
        if name and not field.value:
            field.value = name

    def _status(self, text: str | Text) -> None:
        """Update the status line."""
        self.query_one("#import-status", Static).update(text)

    def action_discover(self) -> None:
        """Look for transcripts in the usual places (in a worker)."""
        if not self.busy:
            self._status("Looking for transcripts…")
            self.discover()

    @work(thread=True, exclusive=True, exit_on_error=False, group="import-discover")
    def discover(self) -> None:
        """Run discovery in a thread."""
        from mso_tui.services.imports import discover_importable

        try:
            self.post_message(self.DiscoveryDone(in_db_thread(discover_importable)))
        except Exception as exc:  # an unreadable folder must not end the screen
            self.post_message(self.Done(error=error_text(exc)))

    def on_import_screen_discovery_done(self, message: DiscoveryDone) -> None:
        """List what was found per format, with counts and sizes, before importing anything."""
        self.discovery = message.discovery
        table = self.query_one(DataTable)
        table.clear()
        roots: dict[str, list[str]] = {}
        for fmt, root in self.discovery.roots:
            roots.setdefault(fmt, []).append(str(root))
        for fmt, (files, size) in self.discovery.counts().items():
            where = ", ".join(roots.get(fmt, [])) or str(next(f.path.parent for f in self.discovery.found
                                                              if f.format == fmt))
            table.add_row(fmt, str(files), human_size(size), where, key=fmt)
        total = len(self.discovery.found)
        if total:
            self._status(f"Found {total} files ({human_size(self.discovery.total_bytes)}). "
                         "Press ctrl+r to import them all.")
            table.focus()
        else:
            self._status("Found no transcripts in the usual places. Enter a path instead.")

    @on(Input.Submitted)
    def _submitted(self) -> None:
        """Enter in either field shows where the path's files would go (the plan), before importing."""
        text = self.query_one("#import-path", Input).value.strip()
        if not text:
            self._status("Enter a path first (or ctrl+d to discover).")
            return
        path = Path(text).expanduser()
        if not path.exists():
            self._status(f"{path}: no such file or folder")
            return
        self.start([path])

    def action_import_found(self) -> None:
        """Import everything discovery found."""
        if self.discovery is None or not self.discovery.found:
            self._status("Nothing discovered yet: press ctrl+d first.")
            return
        self.start([f.path for f in self.discovery.found])

    def start(self, paths: list[Path]) -> None:
        """Show the progress bar and import in a worker."""
        if self.busy:
            self.notify("An import is already running.", severity="warning")
            return
        if refusal := demo_refusal(self.app):
            self._status(refusal)
            return
        project = self.query_one("#import-project", Input).value.strip() or None
        if project and project not in self.known_projects and project != self._confirmed:
            from mso_tui.tui.dialogs.dialog_form import ConfirmDialog

            def answered(yes: bool | None) -> None:
                if yes:
                    self._confirmed = project
                    self.start(paths)

            self.app.push_screen(ConfirmDialog(f"Create a new project {project!r}?",
                                          "No project has that name. y creates it and imports; n goes back."),
                                 answered)
            return
        self.busy = True
        self.query_one("#import-report").display = False
        self.query_one("#import-progress").display = True
        self.query_one(ProgressBar).update(total=max(len(paths), 1), progress=0)
        self._status(f"Reading {len(paths)} path(s) to show where each file would go…")
        self.make_plan(paths, project)

    def progress_poster(self) -> Callable[[int, int, int, int, str], None]:
        """A progress callback for a worker: posts at most every PROGRESS_INTERVAL (and the last one)."""
        last = 0.0

        def progress(files_done: int, files_total: int, bytes_done: int, bytes_total: int, path: str) -> None:
            nonlocal last
            now = time.monotonic()
            if now - last >= self.PROGRESS_INTERVAL or files_done == files_total:
                last = now
                self.post_message(self.Progress(files_done, files_total, bytes_done, bytes_total, path))

        return progress

    @work(thread=True, exclusive=True, exit_on_error=False, group="import-run")
    def run_import(self, paths: list[Path], project: str | None, join_running: bool = False) -> None:
        """Import in a thread; progress is posted at most every PROGRESS_INTERVAL."""
        from mso_tui.services.imports import import_paths

        try:
            report = in_db_thread(import_paths, paths, project=project, progress=self.progress_poster(),
                                  join_running=join_running)
        except Exception as exc:  # e.g. a bad --format; the store is untouched by a failed file
            self.post_message(self.Done(error=error_text(exc)))
            return
        self.post_message(self.Done(report))

    def on_import_screen_progress(self, message: Progress) -> None:
        """Advance the bar (by bytes when sizes are known, else by files)."""
        bar = self.query_one(ProgressBar)
        if message.bytes_total:
            bar.update(total=message.bytes_total, progress=message.bytes_done)
        else:
            bar.update(total=message.files_total, progress=message.files_done)
        self.query_one("#import-file", Static).update(
            f"{message.files_done}/{message.files_total} · {Path(message.path).name}")

    def on_import_screen_done(self, message: Done) -> None:
        """Show the report (or the error) and allow another import."""
        self.busy = False
        if message.error:
            self.query_one("#import-progress").display = False
            self._status(f"Import failed: {message.error}")
            return
        bar = self.query_one(ProgressBar)
        bar.update(progress=bar.total or 1)
        self._status("Import finished.")
        self.app.post_message(DataChanged())  # the screens underneath show what was imported
        self.query_one("#import-report", Static).update(report_lines(message.report))
        self.query_one("#import-report").display = True

    def action_back(self) -> None:
        """From the plan back to the fields (nothing written); else leave (an import in progress keeps running)."""
        if not self.back_from_plan():
            pop_or_exit(self)
