"""Light, paged reads for the virtual lists (timeline, conversation): plain tuples, only the columns shown."""
from __future__ import annotations

from typing import Any, NamedTuple

from mso_tui.errors import NotFound
from mso_tui.json_text import loads
from mso_tui.records import TurnRecord
from mso_tui.services.unpriced import by_session
from mso_tui.store.models import Handoff, Project, Session, Turn

_TOKENS = Session.input_tokens + Session.output_tokens + Session.cache_creation_tokens + Session.cache_read_tokens


class TimelineRow(NamedTuple):
    """One session as the timeline shows it (a tuple: 5,000 of these load in tens of milliseconds)."""

    id: int
    number: int
    type: str
    agent: str
    status: str
    started_at: object  # datetime.datetime; `object` keeps NamedTuple construction free of checks
    duration_seconds: float | None
    done: int
    planned: int
    tokens: int
    cost_usd: float
    credits_used: float
    credit_budget: float | None
    has_handoff: bool
    blockers: int
    unpriced_tokens: int = 0  # tokens of models without a price: cost_usd leaves them out

    @property
    def efficiency(self) -> float | None:
        """Objectives done over planned; None when none were planned."""
        return self.done / self.planned if self.planned else None


def stored_json(raw: str) -> Any:
    """A stored JSON text as json.loads reads it (the projects list reads thousands: mso_tui/json_text.py)."""
    return loads(raw)


def _objective_counts(raw: str | list | None) -> tuple[int, int]:
    """(done, planned) of a stored objectives list."""
    items = stored_json(raw) if isinstance(raw, str) else raw or []
    return sum(1 for o in items if isinstance(o, dict) and o.get("done")), len(items)


class TimelineHead(NamedTuple):
    """What the timeline summary needs of a project, without loading its sessions as objects."""

    id: int
    name: str
    status: str
    session_count: int
    carried_blockers: int  # blockers the latest handoff carries forward
    cut_number: int  # blockers of sessions numbered above this are open too

    def open_blockers(self, rows: list[TimelineRow]) -> int:
        """Open blockers, counted the way the projects list counts them."""
        return self.carried_blockers + sum(r.blockers for r in rows if r.number > self.cut_number)


def timeline_head(name: str) -> TimelineHead:
    """The project named name with its session count and the latest handoff's carried blockers."""
    row = Project.select(Project.id, Project.name, Project.status).where(Project.name == name).tuples().first()
    if row is None:
        raise NotFound(f"no project named {name!r}")
    project_id = row[0]
    count = Session.select().where(Session.project == project_id).count()
    latest = (Handoff.select(Handoff.session, Handoff.sections).where(Handoff.project == project_id)
              .order_by(Handoff.id.desc()).tuples().first())
    carried, cut = 0, 0
    if latest is not None:
        session_id, sections = latest
        carried = len((sections or {}).get("blockers") or [])
        number = Session.select(Session.number).where(
            (Session.id == session_id) & (Session.project == project_id)).tuples().first()
        cut = number[0] if number else 0
    return TimelineHead(project_id, row[1], row[2], count, carried, cut)


def timeline_page(project_id: int, after_number: int = 0, limit: int = 1000) -> list[TimelineRow]:
    """Sessions of a project with number > after_number, by number (keyset paging: no OFFSET scans)."""
    query = (Session.select(Session.id, Session.number, Session.type, Session.agent, Session.status,
                            Session.started_at, Session.duration_seconds, Session.objectives, _TOKENS,
                            Session.cost_usd, Session.credits_used, Session.credit_budget,
                            Session.generated_handoff, Session.blockers)
             .where((Session.project == project_id) & (Session.number > after_number))
             .order_by(Session.number).limit(limit).tuples())
    rows = []
    query = list(query)
    unpriced = by_session(r[0] for r in query)
    for (id_, number, type_, agent, status, started, seconds, objectives, tokens, cost, credits, budget,
         handoff, blockers) in query:
        done, planned = _objective_counts(objectives)
        rows.append(TimelineRow(id_, number, type_, agent, status, started, seconds, done, planned,
                                int(tokens or 0), cost or 0.0, credits or 0.0, budget, handoff is not None,
                                len(blockers or ()), unpriced.get(id_, 0)))
    return rows


_TURN_COLUMNS = (Turn.id, Turn.session, Turn.seq, Turn.role, Turn.kind, Turn.text, Turn.tool_name,
                 Turn.tool_input, Turn.is_error, Turn.exit_code, Turn.is_sidechain, Turn.model, Turn.timestamp,
                 Turn.source_id)


def turn_page(session_id: int, offset: int = 0, limit: int = 200) -> list[TurnRecord]:
    """A page of a session's turns in order, read as tuples (no model objects on the way)."""
    query = (Turn.select(*_TURN_COLUMNS).where(Turn.session == session_id).order_by(Turn.seq, Turn.id)
             .offset(offset).limit(limit).tuples())
    return [TurnRecord(*row) for row in query]
