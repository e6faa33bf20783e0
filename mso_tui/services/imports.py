"""Import transcripts: per file one transaction, incremental by (inode, size, mtime, offset), idempotent."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any, Callable, Iterable

from peewee import SqliteDatabase

from mso_tui.errors import InvalidInput, NotFound
from mso_tui.importers import registry
from mso_tui.services.attach import Attacher, fit_window_to_turns, widen_window
from mso_tui.services.import_plan import (
    FilePlan,
    Known,
    plan_file,
    stat_row,
    stored_files,
    stored_state,
    unchanged_format,
)
from mso_tui.services.ingest import RunCalls, insert_row, insert_turns, insert_usage, sqlite_text
from mso_tui.services.ingest_rows import PreparedFile, prepare
from mso_tui.services.parse_pool import parse_ahead, prepare_job, worker_count
from mso_tui.services.rollups import recompute_session_usage
from mso_tui.services.write_batch import WriteBatch
from mso_tui.store.db import import_scope
from mso_tui.store.models import ImportedFile, Session, database, utcnow
from mso_tui.usage.pricing import PriceTable, load_table

if TYPE_CHECKING:
    from mso_tui.importers.discovery import Discovery

MAX_ERRORS = 1000  # listed in the report; the rest are only counted
# progress(files_done, files_total, bytes_done, bytes_total, path)
ProgressFn = Callable[[int, int, int, int, str], None]


@dataclass
class ImportReport:
    """What an import did: the `mso import --json` shape of docs/architecture.md, plus detail."""

    files: int = 0  # files read (something new parsed)
    turns: int = 0
    usage_events: int = 0
    sessions: int = 0  # sessions that received turns or usage
    skipped_lines: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)
    errors_total: int = 0
    unchanged: int = 0  # files skipped because nothing changed since the last import
    by_other_run: int = 0  # of those, files another mso run imported while this one was reading them
    unrecognised: list[str] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)  # "path: cannot read: reason" for files and folders
    sessions_created: int = 0
    unpriced_models: list[str] = field(default_factory=list)
    by_format: dict[str, dict[str, int]] = field(default_factory=dict)
    session_ids: set[int] = field(default_factory=set)
    placements: list[dict[str, Any]] = field(default_factory=list)  # file -> project, session, new or not

    def add_error(self, file: str, line: int, reason: str) -> None:
        """Record one problem (listed up to MAX_ERRORS, always counted)."""
        self.errors_total += 1
        if len(self.errors) < MAX_ERRORS:
            self.errors.append({"file": file, "line": line, "reason": reason})

    def to_json(self) -> dict[str, Any]:
        """Plain data for --json."""
        return {
            "files": self.files, "turns": self.turns, "usage_events": self.usage_events,
            "sessions": self.sessions, "skipped_lines": self.skipped_lines, "errors": self.errors,
            "errors_total": self.errors_total, "unchanged": self.unchanged, "by_other_run": self.by_other_run,
            "unrecognised": self.unrecognised,
            "unreadable": self.unreadable,
            "sessions_created": self.sessions_created, "unpriced_models": self.unpriced_models,
            "by_format": self.by_format, "placements": self.placements,
        }


def _store_parse(prepared: PreparedFile, attacher: Attacher, table: PriceTable, report: ImportReport,
                 fixed_session: int | None = None, label: str = "",
                 run: RunCalls | None = None) -> tuple[int | None, dict[str, int]]:
    """Write every conversation of a file (call inside the file's transaction); return (last session, counts)."""
    counts = {"turns": 0, "usage_events": 0}
    last: int | None = None
    table.unpriced.update(prepared.unpriced)  # priced where it was parsed: the run's report names them
    for rows in prepared.sessions:
        ps = rows.header
        project_id = Session.get_by_id(fixed_session).project_id if fixed_session else \
            attacher.project_for(ps, prepared.format)
        row = attacher.session_for(project_id, ps, fixed_session)
        widen_window(row, ps)
        if not row.title and ps.title and row.type == "imported":  # first read before its first real request
            row.title = ps.title[:200]
            row.save(only=[Session.title])
        # only a session this conversation created is empty: one made earlier in the run may hold turns already
        created = attacher.just_created == row.id
        counts["turns"] += insert_turns(row.id, rows.turns, new_session=created)
        # a session created for this conversation holds only the turns written now: its window is known
        fit_window_to_turns(row, (list(rows.first_last) if rows.first_last else []) if created else None)
        added, touched = insert_usage(row.id, rows.calls, run)
        counts["usage_events"] += added
        for changed in sorted(touched):  # a better record may move a call from another session
            recompute_session_usage(changed)
        report.session_ids.add(row.id)
        report.placements.append({"file": label, "project": attacher.name_of(row.project_id),
                                  "session": row.number, "new": row.id in attacher.created_sessions,
                                  "state": attacher.last_state})
        last = row.id
    return last, counts


def _tally(report: ImportReport, fmt: str, counts: dict[str, int], parsed: PreparedFile, label: str) -> None:
    """Add one file's numbers to the report."""
    report.files += 1
    report.turns += counts["turns"]
    report.usage_events += counts["usage_events"]
    report.skipped_lines += parsed.skipped_lines
    per = report.by_format.setdefault(fmt, {"files": 0, "turns": 0, "usage_events": 0, "skipped_lines": 0,
                                            "errors": 0})
    per["files"] += 1
    per["turns"] += counts["turns"]
    per["usage_events"] += counts["usage_events"]
    per["skipped_lines"] += parsed.skipped_lines
    per["errors"] += len(parsed.errors)
    for err in parsed.errors:
        report.add_error(label, err.line, err.reason)


def _lock_path(key: str) -> None:
    """On a server database, make concurrent imports of one file take turns (SQLite's IMMEDIATE does it there)."""
    db = database.obj
    if not isinstance(db, SqliteDatabase) and type(db).__name__.startswith("Postgres"):
        db.execute_sql("SELECT pg_advisory_xact_lock(hashtext(%s))", (key,))


def import_file(path: Path, module: ModuleType, attacher: Attacher, table: PriceTable,
                report: ImportReport, retry: bool = True, run: RunCalls | None = None) -> None:
    """Import one file in one transaction, reading only what is new since the last import."""
    plan = plan_file(path, module)
    if plan is None:
        report.unchanged += 1
        return
    parsed = prepare(module.parse(path, plan.offset, plan.state), sqlite_text(), prices=table)
    store_file(path, module, plan, parsed, attacher, table, report, retry, run)


def store_file(path: Path, module: ModuleType, plan: FilePlan, parsed: PreparedFile, attacher: Attacher,
               table: PriceTable, report: ImportReport, retry: bool = True, run: RunCalls | None = None) -> None:
    """Write one file's parse (a savepoint of the batch) unless another run stored the file since it was planned."""
    key, st, stored = plan.key, plan.st, plan.stored
    with database.atomic() as txn:
        _lock_path(key)
        if stored_state(stat_row(key)) != stored_state(stored):
            # another mso run imported this file while it was read here: start again from what it stored
            txn.rollback()
            if retry:
                before = report.unchanged
                import_file(path, module, attacher, table, report, retry=False, run=run)
                report.by_other_run += report.unchanged - before
            return
        last, counts = _store_parse(parsed, attacher, table, report, label=str(path), run=run)
        values = {"size": st.st_size, "mtime": st.st_mtime, "inode": st.st_ino, "offset": parsed.end_offset,
                  "format": module.FORMAT, "state": parsed.state, "imported_at": utcnow(),
                  "last_result": {**counts, "skipped_lines": parsed.skipped_lines, "errors": len(parsed.errors),
                                  "from_offset": plan.offset}}
        if last is not None:
            values["session"] = last
        if stored is None:
            insert_row(ImportedFile, path=key, **values)
        else:
            ImportedFile.update(**values).where(ImportedFile.id == stored.id).execute()
    _tally(report, module.FORMAT, counts, parsed, str(path))


def _readable(path: Path, unreadable: list[str] | None) -> bool:
    """Whether the file opens; when it does not, why goes to `unreadable` (else it looked like no transcript)."""
    try:
        with open(path, "rb"):
            return True
    except OSError as exc:
        if unreadable is not None:
            unreadable.append(f"{path}: cannot read: {exc.strerror or exc}")
        return False


def collect(paths: Iterable[Path], fmt: str | None = None, unreadable: list[str] | None = None,
            known: Known | None = None) -> list[tuple[Path, ModuleType | None]]:
    """Files under the given paths with their importer (None: not a transcript we know).

    With a format, every file found is read with that importer (sidecars such as .meta.json aside).
    Files and folders that cannot be read are left out and named in `unreadable`. A file `known`
    holds unchanged keeps its stored importer without being opened.
    """
    forced = registry.by_format(fmt) if fmt else None
    formats = {registry.load(name).FORMAT: registry.load(name) for name in registry.MODULES} if known else {}
    out: list[tuple[Path, ModuleType | None]] = []
    for root in paths:
        if not root.exists():
            raise NotFound(f"{root}: no such file or folder")
        for path in registry.walk(root, unreadable):
            stored = unchanged_format(path, known) if known and forced is None else None
            if stored is not None and stored in formats:
                out.append((path, formats[stored]))
                continue
            if not _readable(path, unreadable):
                continue
            if forced is not None:
                out.append((path, None if registry.is_sidecar(path) else forced))
            else:
                out.append((path, registry.detect_format(path)))
    return out


def import_paths(paths: Iterable[Path | str], project: str | None = None, format: str | None = None,
                 progress: ProgressFn | None = None, join_running: bool = True) -> ImportReport:
    """Import every transcript under the paths; bad lines are reported, never fatal.

    A large import parses in worker processes while this process writes, file by file in order.
    join_running=False: a conversation that would join a running session gets a new session instead
    (the caller showed the plan, services/import_preview.py, and the user did not agree to a join).
    """
    with import_scope():
        return _import_files(paths, project, format, progress, join_running)


def _import_files(paths: Iterable[Path | str], project: str | None, format: str | None,
                  progress: ProgressFn | None, join_running: bool = True) -> ImportReport:
    """import_paths' work, inside its import scope."""
    report = ImportReport()
    known = stored_files()
    files = collect([Path(p).expanduser() for p in paths], format, report.unreadable, known)
    attacher = Attacher(project_name=project.strip() if project else None, join_running=join_running)
    table = load_table()
    sizes = [file_size(p) for p, _ in files]
    total_bytes, done_bytes = sum(sizes), 0
    plans = _plans(files, report, known)
    jobs = [(path, module.__name__, plan.offset, plan.state) for (path, module), plan in zip(files, plans)
            if plan is not None and module is not None]
    workers = worker_count(sum(size for size, plan in zip(sizes, plans) if plan is not None), len(jobs))
    as_text = sqlite_text()
    parses = parse_ahead(jobs, workers, partial(prepare_job, as_text=as_text)) if workers else None
    batch = WriteBatch()
    run = RunCalls()
    try:
        for index, ((path, module), size, plan) in enumerate(zip(files, sizes, plans), 1):
            if module is None:
                report.unrecognised.append(str(path))
            elif plan is not None:
                try:
                    parsed = next(parses) if parses is not None else \
                        prepare(module.parse(path, plan.offset, plan.state), as_text, prices=table)
                    if isinstance(parsed, OSError):
                        raise parsed
                    batch.join()
                    store_file(path, module, plan, parsed, attacher, table, report, run=run)
                except OSError as exc:
                    report.add_error(str(path), 0, f"cannot read: {exc.strerror or exc}")
                except OverflowError:  # a number the store cannot hold: the file's savepoint is undone, the run goes on
                    report.add_error(str(path), 0, "not imported: a number too large to store")
                batch.done(size)
            done_bytes += size
            if progress is not None:
                progress(index, len(files), done_bytes, total_bytes, str(path))
        batch.commit()
    except BaseException as exc:
        batch.abort(exc)
        raise
    finally:
        if parses is not None:
            parses.close()  # the workers stop now, not when the generator is collected
    return _finish(report, attacher, table)


def _plans(files: list[tuple[Path, ModuleType | None]], report: ImportReport,
           known: Known) -> list[FilePlan | None]:
    """Each file's plan (None: unrecognised, unchanged, or gone), counting the unchanged ones."""
    out: list[FilePlan | None] = []
    for path, module in files:
        plan = None
        if module is not None and unchanged_format(path, known) == module.FORMAT:
            report.unchanged += 1
        elif module is not None:
            try:
                plan = plan_file(path, module)
            except OSError as exc:
                report.add_error(str(path), 0, f"cannot read: {exc.strerror or exc}")
                out.append(None)
                continue
            report.unchanged += plan is None
        out.append(plan)
    return out


def file_size(path: Path) -> int:
    """A file's size, 0 when it cannot be read."""
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _finish(report: ImportReport, attacher: Attacher, table: PriceTable) -> ImportReport:
    """Fill the totals that depend on the whole run."""
    report.sessions = len(report.session_ids)
    report.sessions_created = len(attacher.created_sessions & report.session_ids)
    report.unpriced_models = sorted(table.unpriced)
    return report


def import_text(text: str, project: str | None = None, session_number: int | None = None,
                source: str = "paste") -> ImportReport:
    """Import a pasted conversation into the project's in-progress session, session N, or a new one."""
    from mso_tui.importers import text as text_importer
    from mso_tui.services.projects import find_project_for_path

    if not text.strip():
        raise InvalidInput("nothing to import: the pasted text is empty")
    table = load_table()
    parsed = prepare(text_importer.parse_text(text, source), sqlite_text(), prices=table)
    if project is None:
        found = find_project_for_path(os.getcwd())
        project = found.name if found else "imported-text"
    attacher = Attacher(project_name=project, join_without_id=True)
    report = ImportReport()
    with database.atomic():
        fixed = None
        if session_number is not None:
            from mso_tui.services.projects import ensure_project

            row = Session.get_or_none((Session.project == ensure_project(project).id)
                                      & (Session.number == session_number))
            if row is None:
                raise NotFound(f"project {project!r} has no session {session_number}")
            fixed = row.id
        _, counts = _store_parse(parsed, attacher, table, report, fixed)
    _tally(report, parsed.format, counts, parsed, source)
    return _finish(report, attacher, table)


def discover_importable(home: Path | None = None) -> Discovery:
    """What discovery finds on this machine, the known projects' repositories included."""
    from mso_tui.importers import discovery
    from mso_tui.services.projects import repo_paths

    return discovery.discover(home, repo_paths=repo_paths())
