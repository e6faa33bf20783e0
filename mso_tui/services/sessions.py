"""Sessions: start (numbering, handoff delivery), complete (outcome, git changes, handoff), queries."""
from __future__ import annotations

import datetime as dt
import math
import os
from dataclasses import dataclass
from typing import Callable

from peewee import SqliteDatabase, fn

from mso_tui.config import Settings
from mso_tui.errors import Conflict, InvalidInput, NotFound
from mso_tui.records import HandoffRecord, SessionRecord
from mso_tui.services import git_changes as gitinfo
from mso_tui.services.git_baseline import dirty_files, has_start_point, session_changes
from mso_tui.services.projects import project_row
from mso_tui.services.rollups import next_session_number
from mso_tui.store.models import Account, FileChange, Handoff, Project, Session, Turn, database, utcnow
from mso_tui.store.to_records import handoff_record, session_record

TYPES = ("development", "research", "debugging", "deployment", "imported")
AGENTS = ("claude-code", "codex", "aider", "gemini", "cursor", "manual", "web", "specstory")
END_STATUSES = ("completed", "failed", "paused")


@dataclass(frozen=True)
class StartResult:
    """A started session and the handoff it loaded (None for a project's first session)."""

    session: SessionRecord
    handoff: HandoffRecord | None
    # a later ended session that has no handoff (its completion was interrupted before the fix): its number
    missing_handoff: int | None = None


def _check_choice(value: str, allowed: tuple[str, ...], what: str) -> str:
    """value if allowed, else a clear InvalidInput."""
    if value not in allowed:
        raise InvalidInput(f"{what} must be one of {', '.join(allowed)} (got {value!r})")
    return value


def _latest_handoff(project_id: int) -> Handoff | None:
    """The handoff row the project delivers (services/delivery.py says which)."""
    from mso_tui.services.delivery import delivered_row

    return delivered_row(project_id)


def start_session(project: str, objectives: list[str] | tuple[str, ...] = (), *, type: str = "development",
                  agent: str = "manual", account: str | None = None, title: str = "",
                  parallel: bool = False, credit_budget: float | None = None,
                  agent_session_id: str | None = None) -> StartResult:
    """Open the next session of a project and deliver the latest handoff (its times_used goes up)."""
    _check_choice(type, TYPES, "type")
    _check_choice(agent, AGENTS, "agent")
    if credit_budget is not None and not (math.isfinite(credit_budget) and credit_budget >= 0):
        raise InvalidInput("a credit budget must be a finite number, 0 or more")
    cleaned = [o.strip() for o in objectives if o and o.strip()]
    account_row = None
    if account:
        account_row = Account.get_or_none(Account.name == account)
        if account_row is None:
            raise NotFound(f"no account named {account!r} (see: mso account list)")
    proj = project_row(project)
    in_repo = gitinfo.is_repo(proj.repo_path)
    git_start = gitinfo.head_commit(proj.repo_path) if in_repo else None
    # what was already changed before the session: its files, unchanged since, are not the session's work
    baseline = dirty_files(proj.repo_path) if in_repo and proj.repo_path else None
    with database.atomic():  # IMMEDIATE on SQLite: numbering is serialised across processes
        query = Project.select().where(Project.id == proj.id)
        if not isinstance(database.obj, SqliteDatabase):
            query = query.for_update()  # other servers: lock the project row for the numbering
        proj = query.get()
        if proj.status in ("archived", "completed"):
            raise Conflict(f"project {proj.name!r} is {proj.status}; set it active first")
        open_row = (Session.select().where(Session.project == proj.id, Session.status == "in_progress")
                    .order_by(Session.number.desc()).first())
        if open_row is not None and not parallel:
            raise Conflict(f"session {open_row.number} of {proj.name!r} is still in progress; "
                           "complete it first or start a parallel one")
        handoff = _latest_handoff(proj.id)
        missing = _ended_without_handoff(proj.id, handoff)
        row = Session.create(
            project=proj.id, number=next_session_number(proj.id), type=type, agent=agent,
            account=account_row, title=title.strip(), objectives=[{"text": o, "done": False} for o in cleaned],
            git_start=git_start, git_baseline=baseline, cwd=proj.repo_path, credit_budget=credit_budget,
            previous_handoff=handoff.id if handoff else None, agent_session_id=agent_session_id or None,
        )
        if handoff is not None:
            Handoff.update(times_used=Handoff.times_used + 1).where(Handoff.id == handoff.id).execute()
            handoff = Handoff.get_by_id(handoff.id)
        if account_row is not None:
            Account.update(status="active", last_used=utcnow()).where(Account.id == account_row.id).execute()
        Project.update(updated_at=utcnow()).where(Project.id == proj.id).execute()
    return StartResult(session_record(row, proj.name), handoff_record(handoff) if handoff else None, missing)


def _ended_without_handoff(project_id: int, handoff: Handoff | None) -> int | None:
    """The number of the latest ended session that has no handoff and is newer than the one delivered."""
    query = Session.select(Session.number).where(
        (Session.project == project_id) & (Session.status != "in_progress") & Session.generated_handoff.is_null())
    if handoff is not None and handoff.session_id is not None:
        newer = Session.select(Session.number).where(Session.id == handoff.session_id).scalar() or 0
        query = query.where(Session.number > newer)
    return query.order_by(Session.number.desc()).scalar()


def session_row(project: str, number: int | None = None) -> Session:
    """A session of a project by number (default: the latest in progress, else the latest)."""
    proj = project_row(project)
    query = Session.select().where(Session.project == proj.id)
    if number is not None:
        row = query.where(Session.number == number).first()
        if row is None:
            raise NotFound(f"project {project!r} has no session {number}")
        return row
    row = query.where(Session.status == "in_progress").order_by(Session.number.desc()).first()
    row = row or query.order_by(Session.number.desc()).first()
    if row is None:
        raise NotFound(f"project {project!r} has no sessions yet (see: mso session start)")
    return row


def get_session(project: str, number: int | None = None) -> SessionRecord:
    """One session as a record, with its turn count."""
    row = session_row(project, number)
    return _priced([session_record(row, project, Turn.select().where(Turn.session == row.id).count())])[0]


def get_session_by_id(session_id: int) -> SessionRecord:
    """One session by database id."""
    row = Session.get_or_none(Session.id == session_id)
    if row is None:
        raise NotFound(f"no session with id {session_id}")
    return _priced([session_record(row, None, Turn.select().where(Turn.session == row.id).count())])[0]


def list_sessions(project: str) -> list[SessionRecord]:
    """Every session of a project, by number."""
    proj = project_row(project)
    rows = Session.select().where(Session.project == proj.id).order_by(Session.number)
    counts = dict(Turn.select(Turn.session, fn.COUNT(Turn.id)).join(Session)
                  .where(Session.project == proj.id).group_by(Turn.session).tuples())
    return _priced([session_record(r, proj.name, counts.get(r.id, 0)) for r in rows])


def _priced(records: list[SessionRecord]) -> list[SessionRecord]:
    """The records with their unpriced tokens filled in (one grouped query), so no cost reads as a false $0.00."""
    from dataclasses import replace

    from mso_tui.services.unpriced import by_session

    unpriced = by_session(r.id for r in records)
    return [replace(r, tokens=replace(r.tokens, unpriced_tokens=unpriced[r.id])) if r.id in unpriced else r
            for r in records]


def _git_changes(row: Session, repo: str | None) -> tuple[list, str | None]:
    """The session's own changes since git_start and the current commit (read before any transaction).

    Files already changed at the start and unchanged since, and mso's exported handoffs, are left out;
    a session that recorded no start point (not a repository then) records no git change.
    """
    if not repo or not gitinfo.is_repo(repo):
        return [], None
    if not has_start_point(row.git_start, row.git_baseline):
        return [], gitinfo.head_commit(repo)
    return session_changes(repo, row.git_start, row.git_baseline)[0], gitinfo.head_commit(repo)


def _store_git_changes(row: Session, changes: list) -> None:
    """Store the changed files as FileChange rows (transcript rows are kept)."""
    FileChange.delete().where(FileChange.session == row.id, FileChange.file_type != "transcript").execute()
    for change in changes:
        FileChange.insert(
            project=row.project_id, session=row.id, path=change.path, old_path=change.old_path,
            file_type=os.path.splitext(change.path)[1].lstrip(".").lower(), change_type=change.change_type,
            lines_added=change.lines_added, lines_removed=change.lines_removed,
        ).on_conflict(conflict_target=[FileChange.session, FileChange.path],
                      preserve=[FileChange.old_path, FileChange.file_type, FileChange.change_type,
                                FileChange.lines_added, FileChange.lines_removed]).execute()


def _store_completion(row: Session, values: dict, changes: list, credits: float | None) -> None:
    """Write the outcome (call inside a transaction); refuses a session another run completed meanwhile."""
    current = Session.get_by_id(row.id)
    if current.status != "in_progress":
        raise Conflict(f"session {row.number} is already {current.status}")
    _store_git_changes(row, changes)
    Session.update(**values).where(Session.id == row.id).execute()
    closed = [r for r in values.get("resolved", ())[len(row.resolved or []):] if r]
    if closed:
        from mso_tui.services.pins import close_pins

        close_pins(row.project_id, closed)
    if credits and row.account_id is not None:
        from mso_tui.services.accounts import charge_credits

        charge_credits(row.account_id, credits)


def complete_session(project: str, number: int | None = None, *, accomplishments: list[str] | tuple = (),
                     blockers: list[str] | tuple = (), done: list[int] | tuple = (),
                     credits: float | None = None, status: str = "completed", notes: str = "",
                     generate: bool = True, use_llm: bool = False, settings: Settings | None = None,
                     on_status: Callable[[str], None] | None = None,
                     resolved: list[str] | tuple = ()) -> SessionRecord:
    """Record a session's outcome and git changes with its handoff, as one unit (done is 1-based).

    The handoff is generated from the completed session, but stored in the same transaction as the
    completion: interrupted while it is written (Ctrl-C during an LLM call), the session stays open.

    resolved closes carried blockers and next steps (and pins): they move to Accomplished once.
    """
    _check_choice(status, END_STATUSES, "status")
    if credits is not None and not (math.isfinite(credits) and credits >= 0):
        raise InvalidInput("credits must be a finite number, 0 or more")
    row = session_row(project, number)
    if row.status != "in_progress":
        raise Conflict(f"session {row.number} of {project!r} is already {row.status}")
    objectives = [dict(o) for o in row.objectives or []]
    for index in done:
        if not 1 <= index <= len(objectives):
            raise InvalidInput(f"--done {index}: session {row.number} has {len(objectives)} objective(s)")
        objectives[index - 1]["done"] = True
    changes, git_end = _git_changes(row, Project.get_by_id(row.project_id).repo_path)
    now = utcnow()
    values = dict(
        status=status, completed_at=now, duration_seconds=(now - row.started_at).total_seconds(),
        objectives=objectives,
        accomplishments=list(row.accomplishments or []) + [a.strip() for a in accomplishments if a.strip()],
        blockers=list(row.blockers or []) + [b.strip() for b in blockers if b.strip()],
        credits_used=row.credits_used + (credits or 0.0), git_end=git_end or row.git_end,
        resolved=list(row.resolved or []) + [r.strip() for r in resolved if r.strip()],
        notes=(row.notes + "\n" + notes).strip() if notes else row.notes,
    )
    if not generate:
        with database.atomic():
            _store_completion(row, values, changes, credits)
        return get_session_by_id(row.id)
    from mso_tui.services import handoffs

    with database.atomic() as txn:  # the generator reads the completed session: written, read, undone
        _store_completion(row, values, changes, credits)
        inp = handoffs.build_input(row.id)
        txn.rollback()
    result = handoffs.generate(inp, use_llm, settings, None, on_status)  # minutes with an LLM; nothing stored yet
    with database.atomic():
        _store_completion(row, values, changes, credits)
        handoffs.store_generated(inp, result)
    if on_status:
        on_status("stored")
    return get_session_by_id(row.id)


def set_objective(session_id: int, index: int, done: bool) -> SessionRecord:
    """Tick or untick one objective (0-based index)."""
    with database.atomic():
        row = Session.get_or_none(Session.id == session_id)
        if row is None:
            raise NotFound(f"no session with id {session_id}")
        objectives = [dict(o) for o in row.objectives or []]
        if not 0 <= index < len(objectives):
            raise InvalidInput(f"objective {index + 1} does not exist")
        objectives[index]["done"] = done
        Session.update(objectives=objectives).where(Session.id == session_id).execute()
    return get_session_by_id(session_id)


def add_objective(session_id: int, text: str) -> SessionRecord:
    """Append an objective to a session's checklist."""
    text = text.strip()
    if not text:
        raise InvalidInput("an objective needs text")
    with database.atomic():
        row = Session.get_by_id(session_id)
        Session.update(objectives=list(row.objectives or []) + [{"text": text, "done": False}]).where(
            Session.id == session_id).execute()
    return get_session_by_id(session_id)


def parse_date(text: str) -> dt.datetime:
    """An ISO date or datetime from the user, as naive UTC; a clear error otherwise."""
    try:
        value = dt.datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        raise InvalidInput(f"not a date (use YYYY-MM-DD): {text!r}") from None
    if value.tzinfo is not None:
        value = value.astimezone(dt.timezone.utc).replace(tzinfo=None)
    return value


def set_resolved(session_id: int, text: str, resolved: bool = True) -> SessionRecord:
    """Close (or reopen) one carried blocker or next step in this session; closed, it moves to Accomplished."""
    text = " ".join(text.split())
    if not text:
        raise InvalidInput("say which item is resolved")
    with database.atomic():
        row = Session.get_or_none(Session.id == session_id)
        if row is None:
            raise NotFound(f"no session with id {session_id}")
        done = [r for r in row.resolved or [] if r != text] + ([text] if resolved else [])
        Session.update(resolved=done).where(Session.id == session_id).execute()
    return get_session_by_id(session_id)


def carried_items(session_id: int) -> list[str]:
    """The blockers and next steps the session's loaded handoff carries in (undecorated, duplicates merged)."""
    from mso_tui.handoff.extractive.carry import as_items, plain
    from mso_tui.handoff.extractive.text import same_item

    row = Session.get_or_none(Session.id == session_id)
    loaded = Handoff.get_or_none(Handoff.id == row.previous_handoff_id) if row and row.previous_handoff_id else None
    items: list[str] = []
    for key in ("blockers", "next_steps"):
        for item in as_items((loaded.sections or {}).get(key) if loaded else None):
            text = plain(item)
            if text and not any(same_item(text, seen) for seen in items):
                items.append(text)
    return items
