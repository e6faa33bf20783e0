"""Usage and cost from the database, grouped by session, day or project (the `mso usage` report)."""
from __future__ import annotations

import datetime as dt

from peewee import SQL, Case, SqliteDatabase, fn

from mso_tui.data.models import Project, Session, UsageEvent, database
from mso_tui.data.usage_report import GROUPINGS, FineRow, UsageReport, build_report, parse_since
from mso_tui.errors import InvalidInput


def _hour_text() -> object:
    """SQL for a usage event's UTC hour as text 'YYYY-MM-DD HH' (each database spells it differently)."""
    if isinstance(database.obj, SqliteDatabase):  # datetimes are stored as ISO text: cut it
        return fn.SUBSTR(UsageEvent.timestamp, 1, 13).coerce(False)  # keep the text, not a datetime
    return fn.TO_CHAR(UsageEvent.timestamp, "YYYY-MM-DD HH24").coerce(False)  # PostgreSQL


def _local_day(hour: str | None) -> str:
    """A stored UTC 'YYYY-MM-DD HH' as the local calendar day (as the direct scan and ccusage count days)."""
    if not hour:
        return "(no date)"
    moment = dt.datetime.fromisoformat(hour[:10] + "T" + hour[11:13] + ":00").replace(tzinfo=dt.timezone.utc)
    return moment.astimezone().strftime("%Y-%m-%d")


def fine_rows() -> tuple[list[FineRow], set[str]]:
    """Stored usage summed per (session, project, UTC hour, model), and models with unpriced tokens."""
    hour = _hour_text()
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
        .group_by(Project.name, Session.number, SQL("hour"), UsageEvent.model)
        .tuples()
    )
    rows: list[FineRow] = []
    unpriced: set[str] = set()
    days: dict[str | None, str] = {}
    for project, number, hr, model, inp, out, cw, cr, cost, missing, _total in query:
        if hr not in days:
            days[hr] = _local_day(hr)
        if missing:
            unpriced.add(model or "(no model)")
        rows.append(FineRow(f"{project}#{number}", project, days[hr], model or "", int(inp or 0), int(out or 0),
                            int(cw or 0), int(cr or 0), None if cost is None else float(cost)))
    return rows, unpriced


def usage_report(since: str | None = None, by: str = "session") -> UsageReport:
    """Usage in the store grouped by session ("project#N"), day or project, from `since` (YYYY-MM-DD) on."""
    if by not in GROUPINGS:
        raise InvalidInput(f"--by: use one of {', '.join(GROUPINGS)}")
    since = parse_since(since)  # bad input is refused before any query runs
    rows, unpriced = fine_rows()
    return build_report(rows, by=by, since=since, source="database", unpriced=unpriced)


__all__ = ["parse_since", "usage_report", "fine_rows"]
