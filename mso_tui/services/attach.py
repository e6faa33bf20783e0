"""Where an imported conversation goes: which project, and which session of it.

Project: --project NAME (created if missing); else the project whose repo_path contains the
transcript's cwd; else a new project named after the cwd's last folder with repo_path = cwd (so
later transcripts from that folder find it); else, without a cwd, "imported-<format>".
Session: the session an earlier import put the same agent session id into (AgentLink); else, for a
transcript that names its agent session, the project's in-progress session whose time window covers
it; else a new completed session of type "imported" spanning its first and last turns. A transcript
without a session id never joins an existing session unless the caller names one.
"""
from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field

from mso_tui.importers.base import ParsedSession
from mso_tui.services.ingest import cached_sql, insert_row, update_row
from mso_tui.services.rollups import next_session_number
from mso_tui.store.models import AgentLink, Project, Session, Turn, utcnow

# An agent is often launched a little before `mso session start`: still the same piece of work.
START_SLACK = dt.timedelta(minutes=10)


@dataclass
class Attacher:
    """Resolves projects and sessions for one import run, remembering answers (cwd -> project)."""

    project_name: str | None = None  # --project
    by_cwd: dict[str, int] = field(default_factory=dict)
    by_name: dict[str, int] = field(default_factory=dict)
    created_sessions: set[int] = field(default_factory=set)
    just_created: int | None = None  # the session the last session_for call created, if it created one
    project_names: dict[int, str] = field(default_factory=dict)
    join_without_id: bool = False  # a paste into a project joins its running session; a file does not
    # a conversation naming its agent session may join the running session it falls in; False when the user
    # did not agree to that (services/import_preview.py shows it first): it becomes a new session instead
    join_running: bool = True
    last_state: str = ""  # where session_for's last conversation went: new, continues or joins

    def project_for(self, parsed: ParsedSession, fmt: str) -> int:
        """The project id this conversation belongs to (created when needed; call in a transaction)."""
        from mso_tui.services.projects import ensure_project, project_id_for_path

        cwd = (parsed.cwd or "").strip()
        if self.project_name or not cwd:
            name = self.project_name or f"imported-{fmt}"
            if name not in self.by_name:
                self.by_name[name] = ensure_project(name).id
            return self.by_name[name]
        if cwd in self.by_cwd:
            return self.by_cwd[cwd]
        project_id = project_id_for_path(cwd) or self._new_project_for(cwd)
        self.by_cwd[cwd] = project_id
        return project_id

    def name_of(self, project_id: int) -> str:
        """A project's name, read once per run (a file's placement names it)."""
        name = self.project_names.get(project_id)
        if name is None:
            name = self.project_names[project_id] = Project.get_by_id(project_id).name
        return name

    def _new_project_for(self, cwd: str) -> int:
        """A project for an unknown cwd: its folder name, made unique if another project took it."""
        name, existing = project_name_for(cwd)
        if existing is None:  # one prepared INSERT: a tree of many folders creates a project per folder
            existing = insert_row(Project, name=name, repo_path=os.path.normpath(cwd))
        self.project_names[existing] = name  # its placements name it without reading it back
        return existing

    def session_for(self, project_id: int, parsed: ParsedSession, fixed_session: int | None = None) -> Session:
        """The session row the conversation goes into (a new one when nothing fits; call in a transaction)."""
        agent_id = parsed.agent_session_id
        self.just_created = None
        if fixed_session is not None:
            row, self.last_state = Session.get_by_id(fixed_session), "joins"
        else:
            linked = linked_session(agent_id) if agent_id else None
            # only a conversation that names its agent session may join a running one; a file without an id
            # (SpecStory, aider, a paste) becomes its own session unless the user picks one (fixed_session)
            named = bool(agent_id) and parsed.id_from_file
            joins = (named and self.join_running) or self.join_without_id
            if linked is not None:
                row, self.last_state = Session.get_by_id(linked), "continues"
            else:
                row = self.covering_in_progress(project_id, parsed) if joins else None
                self.last_state = "joins"
            if row is None:
                row = self._new_session(project_id, parsed)
                self.created_sessions.add(row.id)
                self.last_state = "new"
                self.just_created = row.id
        if agent_id:
            # every agent session that went into this mso session finds it again on re-import
            sql = cached_sql(("link-agent",), lambda: AgentLink.insert(
                agent_session_id=agent_id, session=row.id).on_conflict_ignore().sql()[0])
            Session._meta.database.execute_sql(sql, (agent_id, row.id))
            if row.agent_session_id is None:
                row.agent_session_id = agent_id
                row.save(only=[Session.agent_session_id])
        return row

    @staticmethod
    def covering_in_progress(project_id: int, parsed: ParsedSession) -> Session | None:
        """The newest in-progress session of the project started before the conversation ended."""
        # most projects have none: one cheap prepared lookup (parameters: project, status, limit)
        # spares building the full query per file
        sql = cached_sql(("any-in-progress",), lambda: Session.select(Session.id).where(
            (Session.project == project_id) & (Session.status == "in_progress")).limit(1).sql()[0])
        if Session._meta.database.execute_sql(sql, (project_id, "in_progress", 1)).fetchone() is None:
            return None
        query = Session.select().where((Session.project == project_id) & (Session.status == "in_progress"))
        last = parsed.ended_at or parsed.started_at
        if last is not None:
            query = query.where(Session.started_at <= last + START_SLACK)
        return query.order_by(Session.started_at.desc()).first()

    @staticmethod
    def _new_session(project_id: int, parsed: ParsedSession) -> Session:
        """A completed session of type imported spanning the conversation."""
        start = parsed.started_at or parsed.ended_at or utcnow()
        end = parsed.ended_at or start
        values = dict(
            project=project_id, number=next_session_number(project_id), type="imported",
            agent=parsed.agent or "manual", title=(parsed.title or "")[:200], started_at=start,
            completed_at=end, duration_seconds=max((end - start).total_seconds(), 0.0), status="completed",
            agent_session_id=parsed.agent_session_id, cwd=parsed.cwd,
        )
        return Session(id=insert_row(Session, **values), **values)


def project_name_for(cwd: str, taken: frozenset[str] | set[str] = frozenset()) -> tuple[str, int | None]:
    """The name a project for an unknown cwd gets (its folder name, made unique), or the project already there.

    taken: names a preview has already given to other new projects.
    """
    norm = os.path.normpath(cwd)
    base = os.path.basename(norm.rstrip("/\\")) or "root"
    parent = os.path.basename(os.path.dirname(norm)) or "root"
    sql = cached_sql(("project-by-name",), lambda: Project.select(Project.id, Project.repo_path).where(
        Project.name == "").sql()[0])
    for name in (base, f"{parent}-{base}", *(f"{base}-{n}" for n in range(2, 1000))):
        row = Project._meta.database.execute_sql(sql, (name[:120],)).fetchone()
        if row is None and name[:120] not in taken:
            return name[:120], None
        if row is not None and row[1] and os.path.normpath(row[1]) == norm:
            return name[:120], row[0]
    return f"{base}-{utcnow():%Y%m%d%H%M%S}", None


def linked_session(agent_id: str) -> int | None:
    """The mso session an earlier import put this agent session into, if any."""
    sql = cached_sql(("linked-session",), lambda: AgentLink.select(AgentLink.session).where(
        AgentLink.agent_session_id == agent_id).sql()[0])
    found = Session._meta.database.execute_sql(sql, (agent_id,)).fetchone()
    return None if found is None else found[0]


def widen_window(row: Session, parsed: ParsedSession) -> None:
    """Stretch an imported session's start/end to cover newly read parts of its transcript."""
    if row.type != "imported" or row.status != "completed":
        return  # a live session's times belong to the user
    start, end = parsed.started_at, parsed.ended_at or parsed.started_at
    changed = False
    if start is not None and start < row.started_at:
        row.started_at, changed = start, True
    if end is not None and (row.completed_at is None or end > row.completed_at):
        row.completed_at, changed = end, True
    if changed:
        row.duration_seconds = max((row.completed_at - row.started_at).total_seconds(), 0.0)
        row.save(only=[Session.started_at, Session.completed_at, Session.duration_seconds])


def fit_window_to_turns(row: Session, stamps: list[dt.datetime] | None = None) -> None:
    """An imported session lasts from its first to its last turn; without two turn times it is unknown.

    `stamps`: the times of every turn the session holds, when the caller knows them (a session this
    import just created), so the store is not asked.
    """
    if row.type != "imported" or row.status != "completed":
        return
    if stamps is not None:
        first, last = (min(stamps), max(stamps)) if stamps else (None, None)
    else:
        timed = Turn.select(Turn.timestamp).where((Turn.session == row.id) & Turn.timestamp.is_null(False))
        found = timed.order_by(Turn.timestamp).first(), timed.order_by(Turn.timestamp.desc()).first()
        first, last = (None, None) if None in found else (found[0].timestamp, found[1].timestamp)
    if first is not None and last is not None and last > first:
        row.started_at, row.completed_at = first, last
        row.duration_seconds = (last - first).total_seconds()
    elif not row.duration_seconds:
        row.duration_seconds = None  # one moment known (a title's date): how long it took is not
    update_row(Session, row.id, started_at=row.started_at, completed_at=row.completed_at,
               duration_seconds=row.duration_seconds)
