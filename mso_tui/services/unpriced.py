"""Tokens the price table could not price, per session and per project (so no screen shows a false $0.00)."""
from __future__ import annotations

from typing import Iterable

from peewee import fn

from mso_tui.store.models import Session, UsageEvent

_TOKENS = (UsageEvent.input_tokens + UsageEvent.output_tokens + UsageEvent.cache_creation_tokens
           + UsageEvent.cache_read_tokens)
_CHUNK = 500  # ids per IN (...): well under every database's parameter limit


def by_session(session_ids: Iterable[int]) -> dict[int, int]:
    """Unpriced tokens of each given session that has any."""
    ids = list(session_ids)
    out: dict[int, int] = {}
    for i in range(0, len(ids), _CHUNK):
        query = (UsageEvent.select(UsageEvent.session, fn.SUM(_TOKENS))
                 .where(UsageEvent.session.in_(ids[i:i + _CHUNK]) & UsageEvent.cost_usd.is_null())
                 .group_by(UsageEvent.session).tuples())
        out.update({sid: int(n) for sid, n in query if n})
    return out


def by_project(project_ids: Iterable[int]) -> dict[int, int]:
    """Unpriced tokens of each given project that has any."""
    ids = list(project_ids)
    if not ids:
        return {}
    query = (UsageEvent.select(Session.project, fn.SUM(_TOKENS)).join(Session)
             .where(Session.project.in_(ids) & UsageEvent.cost_usd.is_null())
             .group_by(Session.project).tuples())
    return {pid: int(n) for pid, n in query if n}


def by_model(session_id: int) -> dict[str, int]:
    """Unpriced tokens of a session per model ("unknown" for none)."""
    query = (UsageEvent.select(UsageEvent.model, fn.SUM(_TOKENS))
             .where((UsageEvent.session == session_id) & UsageEvent.cost_usd.is_null())
             .group_by(UsageEvent.model).tuples())
    return {m or "unknown": int(n) for m, n in query if n}
