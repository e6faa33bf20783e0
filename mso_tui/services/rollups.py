"""Derived totals: a session's tokens and cost are the sum of its usage events."""
from __future__ import annotations

from peewee import fn

from mso_tui.store.models import Session, UsageEvent


def recompute_session_usage(session_id: int) -> None:
    """Set the session's four token counts and cost from its usage events (call inside a transaction)."""
    from mso_tui.services.ingest import cached_sql, update_row

    # no literal in the SQL (peewee would bind it): the only parameter is the session id
    sql = cached_sql(("session-usage",), lambda: (
        UsageEvent.select(fn.SUM(UsageEvent.input_tokens), fn.SUM(UsageEvent.output_tokens),
                          fn.SUM(UsageEvent.cache_creation_tokens), fn.SUM(UsageEvent.cache_read_tokens),
                          fn.SUM(UsageEvent.cost_usd))
        .where(UsageEvent.session == session_id).sql()[0]))
    row = UsageEvent._meta.database.execute_sql(sql, (session_id,)).fetchone() or (None,) * 5
    inp, out, cw, cr = (int(v or 0) for v in row[:4])
    cost = float(row[4] or 0.0)
    update_row(Session, session_id, input_tokens=inp, output_tokens=out, cache_creation_tokens=cw,
               cache_read_tokens=cr, cost_usd=cost)


def next_session_number(project_id: int) -> int:
    """The next free session number of a project (call inside a write transaction)."""
    from mso_tui.services.ingest import cached_sql

    sql = cached_sql(("next-number",), lambda: Session.select(fn.MAX(Session.number)).where(
        Session.project == project_id).sql()[0])
    current = Session._meta.database.execute_sql(sql, (project_id,)).fetchone()[0]
    return (current or 0) + 1
