"""Projects: add, list with statistics, rename, status, delete, repo path matching."""
from __future__ import annotations

import os
from collections import defaultdict

from peewee import IntegrityError, fn

from mso_tui.data.models import Handoff, Project, Session, database, utcnow
from mso_tui.data.records import ProjectRecord, TokenCounts
from mso_tui.errors import Conflict, InvalidInput, NotFound

STATUSES = ("active", "paused", "completed", "archived")


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
    """Records with statistics for the given rows, in a fixed number of queries."""
    ids = [r.id for r in rows]
    if not ids:
        return []
    sessions: dict[int, list[Session]] = defaultdict(list)
    query = (Session.select(Session.id, Session.project, Session.number, Session.started_at, Session.objectives,
                            Session.blockers, Session.status, Session.input_tokens, Session.output_tokens,
                            Session.cache_creation_tokens, Session.cache_read_tokens, Session.cost_usd,
                            Session.credits_used)
             .where(Session.project.in_(ids)).order_by(Session.number))
    for s in query:
        sessions[s.project_id].append(s)
    coverage = dict(
        Handoff.select(Handoff.project, fn.AVG(Handoff.coverage))
        # only handoffs measured against the session inventory: older rows hold a generator self-check
        .where(Handoff.project.in_(ids), Handoff.coverage.is_null(False), Handoff.coverage_by_class.is_null(False))
        .group_by(Handoff.project).tuples()
    )
    latest_ids = (Handoff.select(fn.MAX(Handoff.id)).where(Handoff.project.in_(ids)).group_by(Handoff.project))
    latest = {h.project_id: h for h in Handoff.select(Handoff.project, Handoff.session, Handoff.sections)
              .where(Handoff.id.in_(latest_ids))}
    from mso_tui.data.services.unpriced import by_project

    unpriced = by_project(ids)
    return [_record(r, sessions[r.id], coverage.get(r.id), latest.get(r.id), unpriced.get(r.id, 0)) for r in rows]


def _open_blockers(sessions: list[Session], latest: Handoff | None) -> int:
    """Blockers still open: those the latest handoff carries plus those of sessions after it."""
    carried = len((latest.sections or {}).get("blockers") or []) if latest is not None else 0
    after = latest.session_id if latest is not None else None
    numbers = {s.id: s.number for s in sessions} if after is not None else {}
    cut = numbers.get(after, 0) if after is not None else 0
    return carried + sum(len(s.blockers or []) for s in sessions if s.number > cut)


def _record(row: Project, sessions: list[Session], coverage: float | None, latest: Handoff | None,
            unpriced: int = 0) -> ProjectRecord:
    """One ProjectRecord from its row and its sessions."""
    def eff(s: Session) -> float | None:
        objs = s.objectives or []
        return sum(bool(o.get("done")) for o in objs) / len(objs) if objs else None

    return ProjectRecord(
        id=row.id, name=row.name, description=row.description, status=row.status, repo_path=row.repo_path,
        created_at=row.created_at, updated_at=row.updated_at, session_count=len(sessions),
        last_session_at=max((s.started_at for s in sessions), default=None),
        open_blockers=_open_blockers(sessions, latest),
        tokens=TokenCounts(
            sum(s.input_tokens for s in sessions), sum(s.output_tokens for s in sessions),
            sum(s.cache_creation_tokens for s in sessions), sum(s.cache_read_tokens for s in sessions),
            sum(s.cost_usd for s in sessions), unpriced,
        ),
        credits_used=sum(s.credits_used for s in sessions),
        inventory_kept=coverage,
        efficiency=tuple(eff(s) for s in sessions),
    )


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
    target = _normal_repo(path)
    if not target:
        return None
    best: Project | None = None
    for row in Project.select().where(Project.repo_path.is_null(False)):
        repo = row.repo_path.rstrip(os.sep) or os.sep
        if target == repo or target.startswith(repo + os.sep):
            if best is None or len(repo) > len(best.repo_path):
                best = row
    return _stats([best])[0] if best else None
