"""The import screen's plan: where each file would go (project, session #N existing or new), before writing.

A mixin of ImportScreen: the plan is made in a worker, listed, and imported on enter; esc goes back.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from rich.text import Text
from textual import work
from textual.binding import Binding
from textual.message import Message
from textual.widgets import DataTable, Input, ProgressBar, Static

from mso_tui.redaction.gate import clean
from mso_tui.tui.screens.helpers import error_text, in_db_thread


def plan_row(place: Any) -> tuple[Text, Text, Text]:
    """One row of the plan: file, project (new or not), session (existing #N, or new).

    File and project names come from disk and transcripts: shown as they are, never read as markup.
    """
    project = f"{place.project} (new)" if place.project_new else place.project
    if place.state == "joins":
        session = f"#{place.session} EXISTING: joins"
    elif place.state == "continues":
        session = f"#{place.session} existing: continues"
    else:
        session = "new session"
    # bold only (no colour name): every theme, ansi ones included, has it
    return (Text(clean(Path(place.file).name or place.file)), Text(clean(project)),
            Text(session, style="bold" if place.state == "joins" else ""))


class PlanTable(DataTable):
    """The plan, file by file; enter imports it (said in the footer)."""

    BINDINGS = [Binding("enter", "select_cursor", "Import as listed", id="import.confirm")]


PLAN_ROWS = 200  # conversations listed one by one; the rest are counted in one last row


def plan_rows(preview: Any) -> list[tuple[Text, Text, Text]]:
    """The plan's rows: joins first (every one listed), then the others, up to PLAN_ROWS, then a count of the rest."""
    ordered = preview.joins + [p for p in preview.placements if p.state != "joins"]
    shown = ordered[:max(PLAN_ROWS, len(preview.joins))]
    rows = [plan_row(place) for place in shown]
    rest = ordered[len(shown):]
    if rest:
        continuing = sum(p.state == "continues" for p in rest)
        kinds = ", ".join(part for part in (f"{len(rest) - continuing} new" if len(rest) > continuing else "",
                                            f"{continuing} continuing" if continuing else "") if part)
        rows.append((Text(f"… and {len(rest)} more"), Text(""), Text(f"{kinds} (not listed)")))
    return rows


class ImportPlanned(Message):
    """Where each file would go (or why the plan could not be made), before anything is written."""

    def __init__(self, paths: list[Path], project: str | None, preview: Any = None, error: str = "") -> None:
        super().__init__()
        self.paths, self.project, self.preview, self.error = paths, project, preview, error
        # the table's rows, joins first, made here in the plan's thread: for a thousand files, making them
        # on the event loop, and laying out a table that long, stalled the screen for 90 ms
        self.rows = plan_rows(preview) if preview else []


class ImportPlanView:
    """Make, show, confirm or close the plan; `self` is the ImportScreen."""

    planned: ImportPlanned | None
    busy: bool

    @work(thread=True, exclusive=True, exit_on_error=False, group="import-plan")
    def make_plan(self: Any, paths: list[Path], project: str | None) -> None:
        """Work out the plan in a thread; nothing is written."""
        from mso_tui.services.import_preview import preview_paths

        try:
            self.post_message(ImportPlanned(paths, project, in_db_thread(
                preview_paths, paths, project, progress=self.progress_poster())))
        except Exception as exc:  # an unreadable path: said on the status line, the screen stays
            self.post_message(ImportPlanned(paths, project, error=error_text(exc)))

    def on_import_planned(self: Any, message: ImportPlanned) -> None:
        """List file -> project, session (existing #N or new) and wait for enter (import) or esc (back)."""
        self.busy = False
        self.query_one("#import-progress").display = False
        if message.error:
            self._status(f"Import failed: {message.error}")
            return
        preview = message.preview
        if not preview.placements:
            self._status(f"Nothing new to import: {preview.unchanged} files unchanged, "
                         f"{len(preview.unrecognised)} not recognised.")
            return
        table = self.query_one("#import-plan", DataTable)
        table.clear()
        table.add_rows(message.rows)
        self.planned = message
        self.query_one("#import-found").display = False
        table.display = True
        table.focus()
        joins = preview.joins
        sessions = clean(", ".join(preview.joined_sessions()))
        warning = f"{len(joins)} join EXISTING session(s) {sessions}. " if joins else ""
        self._status(Text(f"{len(preview.placements)} conversation(s) to import. {warning}"
                          "Enter imports as listed · esc goes back"))

    def on_data_table_row_selected(self: Any, event: DataTable.RowSelected) -> None:
        """Enter on the plan imports it."""
        if event.data_table.id == "import-plan":
            event.stop()
            self.action_confirm_import()

    def action_confirm_import(self: Any) -> None:
        """Import what the plan lists (a join only when the plan showed it)."""
        planned = self.planned
        if planned is None or self.busy:
            return
        self._close_plan()
        self.busy = True
        self.query_one("#import-progress").display = True
        self.query_one("#import-report", Static).update("")
        self.query_one(ProgressBar).update(total=max(len(planned.paths), 1), progress=0)
        self._status(f"Importing {len(planned.paths)} path(s)…")
        self.run_import(planned.paths, planned.project, bool(planned.preview.joins))

    def _close_plan(self: Any) -> None:
        """Hide the plan and show the discovery table again."""
        self.planned = None
        self.query_one("#import-plan").display = False
        self.query_one("#import-found").display = True

    def back_from_plan(self: Any) -> bool:
        """Esc on the plan: back to the fields, nothing written (False: no plan was on screen)."""
        if self.planned is None:
            return False
        self._close_plan()
        self._status("Nothing imported. Change the path or project, then press enter.")
        self.query_one("#import-path", Input).focus()
        return True
