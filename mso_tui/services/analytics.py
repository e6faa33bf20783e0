"""Read-only queries for the analytics, search and paste screens; they return plain records."""
from __future__ import annotations

import datetime as dt
from collections import OrderedDict
from dataclasses import dataclass

from mso_tui.errors import NotFound
from mso_tui.records import TurnRecord
from mso_tui.services.unpriced import by_session
from mso_tui.store.models import Project, Session, Turn
from mso_tui.store.to_records import turn_record

MAX_SESSIONS = 60  # a chart wider than this is unreadable at 80 columns


@dataclass(frozen=True)
class SessionPoint:
    """One session as plotted: label, efficiency, tokens, cost, duration."""

    label: str
    project: str
    number: int
    started_at: dt.datetime
    efficiency: float | None
    tokens: int
    cost_usd: float
    credits: float
    duration_minutes: float | None
    unpriced_tokens: int = 0  # tokens of models without a price: cost_usd leaves them out


@dataclass(frozen=True)
class DayPoint:
    """Tokens and cost of the sessions started on one day."""

    day: dt.date
    tokens: int
    cost_usd: float
    sessions: int
    unpriced_tokens: int = 0


def _efficiency(objectives: list | None) -> float | None:
    """Objectives done over planned; None when none were planned."""
    if not objectives:
        return None
    return sum(bool(o.get("done")) for o in objectives) / len(objectives)


_TOKENS = Session.input_tokens + Session.output_tokens + Session.cache_creation_tokens + Session.cache_read_tokens


def _scoped(query, project: str | None):  # type: ignore[no-untyped-def]
    """The query limited to one project (NotFound when there is none of that name), or all."""
    if project is not None:
        if Project.get_or_none(Project.name == project) is None:
            raise NotFound(f"no project named {project!r}")
        query = query.where(Project.name == project)
    return query


def session_points(project: str | None = None, limit: int = MAX_SESSIONS) -> list[SessionPoint]:
    """The latest sessions of a project (or of all projects) as chart points, oldest first.

    Only those sessions are read, newest first through the start-time index, as plain tuples.
    """
    query = _scoped(Session.select(Session.id, Project.name, Session.number, Session.started_at, Session.objectives,
                                   _TOKENS, Session.cost_usd, Session.credits_used, Session.duration_seconds)
                    .join(Project), project)
    rows = list(query.order_by(Session.started_at.desc(), Session.id.desc()).limit(limit).tuples())
    unpriced = by_session(row[0] for row in rows)
    points = []
    for sid, name, number, started, objectives, tokens, cost, credits, seconds in reversed(rows):
        label = f"#{number}" if project else f"{name[:6]}#{number}"
        duration = seconds / 60 if seconds is not None else None
        points.append(SessionPoint(label, name, number, started, _efficiency(objectives), int(tokens or 0),
                                   cost, credits, duration, unpriced.get(sid, 0)))
    return points


def day_points(project: str | None = None) -> list[DayPoint]:
    """Tokens and cost per day (by session start), oldest first (three columns per session, as tuples)."""
    days: OrderedDict[dt.date, list[float]] = OrderedDict()
    query = _scoped(Session.select(Session.id, Session.started_at, _TOKENS, Session.cost_usd).join(Project), project)
    rows = list(query.order_by(Session.started_at, Session.id).tuples())
    unpriced = by_session(row[0] for row in rows)
    for sid, started, tokens, cost in rows:
        bucket = days.setdefault(started.date(), [0, 0.0, 0, 0])
        bucket[0] += int(tokens or 0)
        bucket[1] += cost
        bucket[2] += 1
        bucket[3] += unpriced.get(sid, 0)
    return [DayPoint(day, int(t), c, int(n), int(u)) for day, (t, c, n, u) in days.items()]


@dataclass(frozen=True)
class BlockPoint:
    """Tokens and cost of one 5-hour billing block (usage of every session in it)."""

    label: str  # local start, "MM-DD HH:MM"
    tokens: int
    cost_usd: float
    unpriced: bool


def block_points(project: str | None = None, limit: int = MAX_SESSIONS) -> list[BlockPoint]:
    """The latest billing blocks of a project's usage (or of all), oldest first."""
    from mso_tui.services.usage import usage_report

    if project is not None and Project.get_or_none(Project.name == project) is None:
        raise NotFound(f"no project named {project!r}")
    rows = usage_report(by="block", project=project).rows[-limit:]
    return [BlockPoint(r.key[5:], r.tokens.total, r.tokens.cost_usd, bool(r.unpriced)) for r in rows]


def budget_limits(project: str | None = None) -> dict[str, float]:
    """USD limit per period for the charts' budget line: the project's own budget, else the overall one."""
    from mso_tui.services.budgets import list_budgets

    found: dict[str, float] = {}
    for b in list_budgets():  # overall first, so a project's own budget replaces it
        if b.scope == "overall" or (b.scope == "project" and b.target == project):
            found[b.period] = b.limit_usd
    return found


def project_names() -> list[str]:
    """Every project name, sorted case-insensitively."""
    return sorted((p.name for p in Project.select(Project.name)), key=str.lower)


def get_turn(turn_id: int) -> TurnRecord:
    """One turn as a record."""
    row = Turn.get_or_none(Turn.id == turn_id)
    if row is None:
        raise NotFound(f"no turn {turn_id}")
    return turn_record(row)


def session_label(session_id: int) -> tuple[str, int]:
    """The project name and number of a session."""
    row = Session.select(Session.number, Project.name).join(Project).where(Session.id == session_id).first()
    if row is None:
        raise NotFound(f"no session with id {session_id}")
    return row.project.name, row.number
