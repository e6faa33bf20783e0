"""Projects: add, list with statistics, rename, status, delete, repo path matching."""
from __future__ import annotations

import datetime as dt
import os
from collections import defaultdict
from typing import Any

from peewee import IntegrityError, fn

from mso_tui.errors import Conflict, InvalidInput, NotFound
from mso_tui.records import ProjectRecord, TokenCounts
from mso_tui.services.timeline import _objective_counts, stored_json
from mso_tui.store.models import Handoff, Project, Session, database, utcnow

STATUSES = ("active", "paused", "completed", "archived")
SPARK_SESSIONS = 400  # efficiency values a record carries: the newest sessions (a sparkline is narrower)


def _clean_name(name: str) -> str:
    """A stripped, non-empty project name."""
    name = (name or "").strip()
    if not name:
        raise InvalidInput("a project needs a name")
    if len(name) > 120:
        raise InvalidInput("a project name is at most 120 characters")
    return name


def _normal_repo(path: str | None) -> str | None:
    """An absolute, normalised repo path (None stays None)."""
    if not path:
        return None
    return os.path.normpath(os.path.abspath(os.path.expanduser(path)))


def project_row(name: str) -> Project:
    """The Project row named name, or a clear NotFound."""
    row = Project.get_or_none(Project.name == name)
    if row is None:
        raise NotFound(f"no project named {name!r} (see: mso project list)")
    return row


def _stats(rows: list[Project]) -> list[ProjectRecord]:
    """Records with statistics for the given rows: sums in SQL, blockers and efficiency from light reads.

    No Session object is built and no objectives list beyond the sparkline's is parsed: on 10,000
    sessions this is what the projects screen waits for.
    """
    ids = [r.id for r in rows]
    if not ids:
        return []
    sums = {row[0]: row[1:] for row in (
        Session.select(Session.project, fn.COUNT(Session.id), fn.MAX(Session.started_at),
                       fn.SUM(Session.input_tokens), fn.SUM(Session.output_tokens),
                       fn.SUM(Session.cache_creation_tokens), fn.SUM(Session.cache_read_tokens),
                       fn.SUM(Session.cost_usd), fn.SUM(Session.credits_used))
        .where(Session.project.in_(ids)).group_by(Session.project).tuples())}
    blockers: dict[int, list[tuple[int, int]]] = defaultdict(list)  # project -> (number, blockers)
    # most sessions have none ("[]", as JSONField writes it): only the others are read and parsed
    for project_id, number, raw in _raw(Session.select(Session.project, Session.number, Session.blockers)
                                        .where(Session.project.in_(ids) & (Session.blockers != "[]"))):
        blockers[project_id].append((number, _count_items(raw)))
    efficiency = {r.id: _recent_efficiency(r.id) for r in rows}
    coverage = dict(
        Handoff.select(Handoff.project, fn.AVG(Handoff.coverage))
        # only handoffs measured against the session inventory: older rows hold a generator self-check
        .where(Handoff.project.in_(ids), Handoff.coverage.is_null(False), Handoff.coverage_by_class.is_null(False))
        .group_by(Handoff.project).tuples()
    )
    latest_ids = (Handoff.select(fn.MAX(Handoff.id)).where(Handoff.project.in_(ids)).group_by(Handoff.project))
    latest = {h.project_id: h for h in Handoff.select(Handoff.project, Handoff.session, Handoff.sections)
              .where(Handoff.id.in_(latest_ids))}
    cuts = _cut_numbers(list(latest.values()))
    from mso_tui.services.unpriced import by_project

    unpriced = by_project(ids)  # one grouped query over the partial index of unpriced events
    return [_record(r, sums.get(r.id), blockers[r.id], efficiency[r.id], coverage.get(r.id), latest.get(r.id),
                    cuts, unpriced.get(r.id, 0)) for r in rows]


def _raw(query: Any) -> list[tuple]:
    """A query's rows as the driver returns them (no per-value converters: JSON stays text)."""
    return database.execute_sql(*query.sql()).fetchall()


def _recent_efficiency(project_id: int) -> tuple[float | None, ...]:
    """Objectives done over planned for the project's most recent sessions, oldest first (via the number index)."""
    found = _raw(Session.select(Session.objectives).where(Session.project == project_id)
                 .order_by(Session.number.desc()).limit(SPARK_SESSIONS))
    out = []
    for (raw,) in reversed(found):
        done, planned = _objective_counts(raw)
        out.append(done / planned if planned else None)
    return tuple(out)


def _count_items(raw: str | list | None) -> int:
    """How many items a stored JSON list holds ("[]" is most sessions' blockers: no parse)."""
    if not raw or raw == "[]":
        return 0
    items = stored_json(raw) if isinstance(raw, str) else raw
    return len(items) if isinstance(items, list) else 0


def _cut_numbers(handoffs: list[Handoff]) -> dict[int, int]:
    """The session number each latest handoff was written for (sessions after it add their blockers)."""
    session_ids = [h.session_id for h in handoffs if h.session_id is not None]
    if not session_ids:
        return {}
    return dict(Session.select(Session.id, Session.number).where(Session.id.in_(session_ids)).tuples())


def _record(row: Project, sums: tuple | None, blockers: list[tuple[int, int]], efficiency: tuple[float | None, ...],
            coverage: float | None, latest: Handoff | None, cuts: dict[int, int], unpriced: int = 0) -> ProjectRecord:
    """One ProjectRecord from its row, its sums and its per-session figures."""
    count, last, inp, out, cw, cr, cost, credits = sums or (0, None, 0, 0, 0, 0, 0.0, 0.0)
    carried = len((latest.sections or {}).get("blockers") or []) if latest is not None else 0
    # blockers still open: those the latest handoff carries plus those of sessions after it
    cut = cuts.get(latest.session_id, 0) if latest is not None and latest.session_id is not None else 0
    return ProjectRecord(
        id=row.id, name=row.name, description=row.description, status=row.status, repo_path=row.repo_path,
        created_at=row.created_at, updated_at=row.updated_at, session_count=count,
        last_session_at=_as_datetime(last),
        open_blockers=carried + sum(b for number, b in blockers if number > cut),
        tokens=TokenCounts(int(inp or 0), int(out or 0), int(cw or 0), int(cr or 0), float(cost or 0.0),
                           unpriced),
        credits_used=float(credits or 0.0),
        inventory_kept=coverage,
        efficiency=efficiency,
    )


def _as_datetime(value: object) -> dt.datetime | None:
    """MAX() of a timestamp column: SQLite hands back the stored text."""
    if value is None or isinstance(value, dt.datetime):
        return value  # type: ignore[return-value]
    return Session.started_at.python_value(value)


def add_project(name: str, description: str = "", repo_path: str | None = None) -> ProjectRecord:
    """Create a project; a duplicate name is a Conflict."""
    name = _clean_name(name)
    repo = _normal_repo(repo_path)
    if repo and not os.path.isdir(repo):
        raise InvalidInput(f"{repo}: not a folder")
    try:
        with database.atomic():
            row = Project.create(name=name, description=description.strip(), repo_path=repo)
    except IntegrityError:
        raise Conflict(f"a project named {name!r} already exists") from None
    return _stats([row])[0]


def ensure_project(name: str, repo_path: str | None = None) -> ProjectRecord:
    """The project named name, created (with repo_path, unchecked) when missing."""
    name = _clean_name(name)
    with database.atomic():
        row = Project.get_or_none(Project.name == name)
        if row is None:
            row = Project.create(name=name, repo_path=_normal_repo(repo_path))
    return _stats([row])[0]


def get_project(name: str) -> ProjectRecord:
    """The project named name with its statistics."""
    return _stats([project_row(name)])[0]


def repo_path_of(name: str) -> str | None:
    """The project's repository folder, if one is recorded (a cheap read for default paths)."""
    row = Project.select(Project.repo_path).where(Project.name == name).first()
    return row.repo_path if row is not None else None


def get_project_by_id(project_id: int) -> ProjectRecord:
    """The project with this id."""
    row = Project.get_or_none(Project.id == project_id)
    if row is None:
        raise NotFound(f"no project with id {project_id}")
    return _stats([row])[0]


def list_projects(status: str | None = None) -> list[ProjectRecord]:
    """Every project (optionally of one status), by name, with statistics."""
    query = Project.select().order_by(fn.LOWER(Project.name))
    if status:
        query = query.where(Project.status == status)
    return _stats(list(query))


def rename_project(name: str, new_name: str) -> ProjectRecord:
    """Give a project another (unique) name."""
    new_name = _clean_name(new_name)
    row = project_row(name)
    try:
        with database.atomic():
            Project.update(name=new_name, updated_at=utcnow()).where(Project.id == row.id).execute()
    except IntegrityError:
        raise Conflict(f"a project named {new_name!r} already exists") from None
    return get_project(new_name)


def update_project(name: str, *, description: str | None = None, repo_path: str | None = None,
                   status: str | None = None) -> ProjectRecord:
    """Change a project's description, repo path or status."""
    row = project_row(name)
    changes: dict = {"updated_at": utcnow()}
    if description is not None:
        changes["description"] = description.strip()
    if repo_path is not None:
        changes["repo_path"] = _normal_repo(repo_path)
    if status is not None:
        if status not in STATUSES:
            raise InvalidInput(f"status must be one of {', '.join(STATUSES)}")
        changes["status"] = status
    with database.atomic():
        Project.update(**changes).where(Project.id == row.id).execute()
    return get_project(name)


def delete_project(name: str) -> int:
    """Delete a project and everything under it (sessions, turns, handoffs...); return its session count."""
    row = project_row(name)
    with database.atomic():
        count = Session.select().where(Session.project == row.id).count()
        row.delete_instance()  # foreign keys cascade in the database
    return count


def find_project_for_path(path: str) -> ProjectRecord | None:
    """The project whose repo_path contains path (the longest such repo_path wins)."""
    found = project_id_for_path(path)
    return _stats([Project.get_by_id(found)])[0] if found is not None else None


def project_id_for_path(path: str) -> int | None:
    """The id of the project whose repo_path contains path (the longest such repo_path wins)."""
    target = _normal_repo(path)
    if not target:
        return None
    best: tuple[int, str] | None = None
    # (id, repo_path) pairs, no model objects: an import asks once per new folder, over every project
    for project_id, repo_path in Project.select(Project.id, Project.repo_path).where(
            Project.repo_path.is_null(False)).order_by(Project.id).tuples():
        repo = repo_path.rstrip(os.sep) or os.sep
        if target == repo or target.startswith(repo + os.sep):
            if best is None or len(repo) > len(best[1]):
                best = (project_id, repo_path)
    return best[0] if best else None


def repo_paths() -> list[str]:
    """The repository path of every project that has one (where discovery also looks)."""
    return [r.repo_path for r in Project.select(Project.repo_path).where(Project.repo_path.is_null(False))]
