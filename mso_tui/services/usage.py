"""Usage and cost from the database, grouped by session, day or project (the `mso usage` report)."""
from __future__ import annotations

import datetime as dt

from peewee import SQL, Case, SqliteDatabase, fn

from mso_tui.errors import InvalidInput
from mso_tui.store.models import Project, Session, UsageEvent, database
from mso_tui.usage.blocks import Periods
from mso_tui.usage.report import GROUPINGS, FineRow, UsageReport, build_report, parse_since, parse_zone


def _minute_text() -> object:
    """SQL for a usage event's UTC minute as text 'YYYY-MM-DD HH:MM' (each database spells it differently)."""
    if isinstance(database.obj, SqliteDatabase):  # datetimes are stored as ISO text: cut it
        return fn.SUBSTR(UsageEvent.timestamp, 1, 16).coerce(False)  # keep the text, not a datetime
    return fn.TO_CHAR(UsageEvent.timestamp, "YYYY-MM-DD HH24:MI").coerce(False)  # PostgreSQL


def _minute(text: str | None) -> str:
    """A stored UTC 'YYYY-MM-DD HH:MM' as the scan's 'YYYY-MM-DDTHH:MM' ("" when there is no time)."""
    if not text or len(text) < 16:
        return ""
    return text[:10] + "T" + text[11:16]


def fine_rows(since: str | None = None) -> tuple[list[FineRow], set[str]]:
    """Stored usage summed per (session, project, UTC minute, model), and models with unpriced tokens.

    since: a UTC minute "YYYY-MM-DDTHH:MM"; only usage from then on (budgets look at recent periods only)."""
    hour = _minute_text()
    tokens = (UsageEvent.input_tokens + UsageEvent.output_tokens + UsageEvent.cache_creation_tokens
              + UsageEvent.cache_read_tokens)
    unpriced_calls = fn.SUM(Case(None, [(UsageEvent.cost_usd.is_null() & (tokens > 0), 1)], 0))
    query = (
        UsageEvent.select(
            Project.name, Session.number, hour.alias("hour"), UsageEvent.model,
            fn.SUM(UsageEvent.input_tokens), fn.SUM(UsageEvent.output_tokens),
            fn.SUM(UsageEvent.cache_creation_tokens), fn.SUM(UsageEvent.cache_read_tokens),
            fn.SUM(UsageEvent.cost_usd), unpriced_calls, fn.SUM(tokens),
        )
        .join(Session).join(Project)
        .where(UsageEvent.timestamp >= dt.datetime.fromisoformat(since) if since else SQL("1 = 1"))
        .group_by(Project.name, Session.number, SQL("hour"), UsageEvent.model)
        .tuples()
    )
    rows: list[FineRow] = []
    unpriced: set[str] = set()
    day = Periods().day
    for project, number, hr, model, inp, out, cw, cr, cost, missing, _total in query:
        minute = _minute(hr)
        if missing:
            unpriced.add(model or "(no model)")
        rows.append(FineRow(f"{project}#{number}", project, day(minute) if minute else "(no date)", model or "",
                            int(inp or 0), int(out or 0), int(cw or 0), int(cr or 0),
                            None if cost is None else float(cost), minute))
    return rows, unpriced


def usage_report(since: str | None = None, by: str = "session", until: str | None = None,
                 timezone: str | None = None, project: str | None = None, breakdown: bool = False,
                 now: dt.datetime | None = None) -> UsageReport:
    """Usage in the store grouped by session ("project#N"), period, block, model or project, within [since, until]."""
    if by not in GROUPINGS:
        raise InvalidInput(f"--by: use one of {', '.join(GROUPINGS)}")
    since, until = parse_since(since), parse_since(until, "--until")  # bad input is refused before any query runs
    parse_zone(timezone)
    rows, unpriced = fine_rows()
    return build_report(rows, by=by, since=since, source="database", unpriced=unpriced, until=until,
                        timezone=timezone, project=project, breakdown=breakdown, now=now)


__all__ = ["parse_since", "usage_report", "fine_rows"]
