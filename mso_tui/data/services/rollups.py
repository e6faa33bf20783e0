"""Derived totals: a session's tokens and cost are the sum of its usage events."""
from __future__ import annotations

from peewee import fn

from mso_tui.data.models import Session, UsageEvent


def recompute_session_usage(session_id: int) -> None:
    """Set the session's four token counts and cost from its usage events (call inside a transaction)."""
    row = (
        UsageEvent.select(
            fn.COALESCE(fn.SUM(UsageEvent.input_tokens), 0),
            fn.COALESCE(fn.SUM(UsageEvent.output_tokens), 0),
            fn.COALESCE(fn.SUM(UsageEvent.cache_creation_tokens), 0),
            fn.COALESCE(fn.SUM(UsageEvent.cache_read_tokens), 0),
            fn.COALESCE(fn.SUM(UsageEvent.cost_usd), 0.0),
        )
        .where(UsageEvent.session == session_id)
        .tuples()
        .first()
    )
    inp, out, cw, cr, cost = row or (0, 0, 0, 0, 0.0)
    Session.update(
        input_tokens=inp, output_tokens=out, cache_creation_tokens=cw, cache_read_tokens=cr, cost_usd=cost,
    ).where(Session.id == session_id).execute()


def next_session_number(project_id: int) -> int:
    """The next free session number of a project (call inside a write transaction)."""
    current = Session.select(fn.MAX(Session.number)).where(Session.project == project_id).scalar()
    return (current or 0) + 1
