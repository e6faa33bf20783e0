"""What an agent's hook does to the store: start or join the mso session, import, complete, hand off."""
from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from mso_tui.agents.hook_events import HookEvent
from mso_tui.records import SessionRecord
from mso_tui.store.models import AgentLink, ImportedFile, Project, Session, database
from mso_tui.store.to_records import session_record


@dataclass(frozen=True)
class Started:
    """The mso session an agent session is in, and the context to hand the agent."""

    session: SessionRecord
    context: str
    joined: bool  # an agent session resumed: its mso session was found, not started


def _linked(agent_session_id: str) -> Session | None:
    """The mso session an agent session id went into before."""
    if not agent_session_id:
        return None
    link = AgentLink.get_or_none(AgentLink.agent_session_id == agent_session_id)
    return link.session if link is not None else None


def _link(row: Session, event: HookEvent) -> None:
    """Tie the agent's session id and transcript to the mso session (idempotent)."""
    with database.atomic():
        if event.session_id:
            AgentLink.insert(agent_session_id=event.session_id, session=row.id).on_conflict_ignore().execute()
            if not row.agent_session_id:
                Session.update(agent_session_id=event.session_id).where(Session.id == row.id).execute()
        if event.transcript_path:  # noted as a file not read yet (inode 0): the first import reads it whole
            key = str(Path(event.transcript_path).expanduser().resolve())
            ImportedFile.insert(path=key, session=row.id, format="", last_result={"linked_by": event.agent}
                                ).on_conflict_ignore().execute()


def _claim_waiting(project_id: int, event: HookEvent) -> Session | None:
    """A session started for this agent (`mso session start --agent A`, the start dialog) that no agent took yet.

    The claim is one conditional UPDATE, so two agents starting at once never take the same session.
    """
    from mso_tui.services.attach import START_SLACK
    from mso_tui.store.models import utcnow

    if not event.session_id:
        return None
    candidates = (Session.select(Session.id).where(
        (Session.project == project_id) & (Session.status == "in_progress") & (Session.agent == event.agent)
        & Session.agent_session_id.is_null() & (Session.started_at >= utcnow() - START_SLACK))
        .order_by(Session.number.desc()))
    for (session_id,) in candidates.tuples():
        claimed = (Session.update(agent_session_id=event.session_id)
                   .where((Session.id == session_id) & Session.agent_session_id.is_null()).execute())
        if claimed:
            return Session.get_by_id(session_id)
    return None


def start_or_join(event: HookEvent) -> Started | None:
    """Start the mso session for an agent session in a known project (join it on resume); None elsewhere."""
    from mso_tui.services.agent_context import deliver, delivered_for_project
    from mso_tui.services.projects import find_project_for_path
    from mso_tui.services.sessions import start_session

    project = find_project_for_path(event.cwd) if event.cwd else None
    if project is None:
        return None
    row = _linked(event.session_id) or _claim_waiting(project.id, event)
    joined = row is not None
    if row is None:  # two agents at once: two sessions; the agent's id is set at creation, so none claims it
        started = start_session(project.name, agent=event.agent, parallel=True,
                                agent_session_id=event.session_id or None)
        row = Session.get_by_id(started.session.id)
        handoff = started.handoff
    else:
        if row.status != "in_progress":  # a resumed agent session goes on in its mso session
            Session.update(status="in_progress", completed_at=None).where(Session.id == row.id).execute()
            row = Session.get_by_id(row.id)
        handoff = delivered_for_project(row.project_id)
    _link(row, event)
    record = session_record(row, project.name)
    return Started(record, deliver(record, handoff, event.agent, project.repo_path), joined)


def _codex_rollout(thread_id: str) -> Path | None:
    """The Codex rollout file of a thread (its name ends in the thread id), newest first."""
    import os

    if not thread_id:
        return None
    home = Path(os.environ.get("CODEX_HOME") or Path.home() / ".codex") / "sessions"
    found = sorted(home.rglob(f"rollout-*{thread_id}.jsonl"), key=lambda p: p.stat().st_mtime) if home.is_dir() else []
    return found[-1] if found else None


def finish(event: HookEvent) -> str:
    """The slow half of a hook (run detached): import, then complete and hand off; one line ("" if nothing done)."""
    from mso_tui.services.imports import import_paths
    from mso_tui.services.live import mark_event

    began = time.monotonic()
    row = _linked(event.session_id)
    new = row is None
    if row is None:  # the hook was installed mid-session, or start did not run: start now
        started = start_or_join(event)
        if started is None:
            return ""  # a directory in no project: nothing happens
        row = Session.get_by_id(started.session.id)
    path = Path(event.transcript_path) if event.transcript_path else None
    if path is None and event.agent == "codex":
        path = _codex_rollout(event.session_id)
    parts = [f"{event.agent} {event.name}: session {row.number} of {Project.get_by_id(row.project_id).name}"]
    if path is not None and path.exists():
        report = import_paths([path])
        parts.append(f"imported {report.turns} turn(s), {report.usage_events} usage event(s)")
        if report.errors_total:
            parts.append(f"{report.errors_total} bad line(s)")
    elif path is not None:
        parts.append(f"transcript {path} not found")
    mark_event(row.id, event.kind)
    if new and event.agent == "codex":
        parts += _close_idle_codex(row)
    if event.kind in ("end", "compact"):
        parts.append(_hand_off(row.id, complete=event.kind == "end"))
    parts.append(f"{time.monotonic() - began:.1f} s")
    return "; ".join(parts)


def _close_idle_codex(current: Session) -> list[str]:
    """Codex's notify has no end event: a new Codex thread ends the project's other Codex sessions gone idle.

    Only idle ones (no activity for [live] idle_after): a Codex thread still at work in another terminal goes on.
    """
    from mso_tui.services.live import session_state

    others = (Session.select(Session.id, Session.number)
              .where((Session.project == current.project_id) & (Session.agent == "codex")
                     & (Session.status == "in_progress") & (Session.id != current.id)).tuples())
    return [f"idle Codex session {number}: {_hand_off(session_id, complete=True)}"
            for session_id, number in others if session_state(session_id) == "idle"]


def _hand_off(session_id: int, complete: bool) -> str:
    """Complete the session (at end) and write its handoff; refresh an AGENTS.md block kept in the repo."""
    from mso_tui.services.agent_context import refresh_agents_md
    from mso_tui.services.handoffs import generate_for_session
    from mso_tui.services.sessions import complete_session

    row = Session.get_by_id(session_id)
    project = Project.get_by_id(row.project_id)
    if complete and row.status == "in_progress":
        record = complete_session(project.name, row.number)
        said = f"completed, handoff #{record.generated_handoff_id or '-'}"
    else:
        said = f"handoff #{generate_for_session(session_id).id} (session goes on)"
    if refresh_agents_md(project.id, project.repo_path):
        said += ", AGENTS.md block updated"
    return said
