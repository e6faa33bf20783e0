"""Usage reports: fine-grained usage rows grouped by session, period, block, model or project, with totals."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, NamedTuple

from mso_tui.records import TokenCounts, UsageRow
from mso_tui.usage.blocks import UTC, Periods, block_starts, block_state, local, parse_minute, zone

GROUPINGS = ("session", "day", "project", "week", "month", "block", "model")
_DATE = re.compile(r"^(\d{4})-?(\d{2})-?(\d{2})$")


def parse_since(text: str | None, flag: str = "--since") -> str | None:
    """A --since/--until value (YYYY-MM-DD or YYYYMMDD) as YYYY-MM-DD; InvalidInput when malformed."""
    from mso_tui.errors import InvalidInput

    if text is None:
        return None
    match = _DATE.match(text.strip())
    if not match:
        raise InvalidInput(f"{flag}: not a date (use YYYY-MM-DD): {text!r}")
    try:
        return dt.date(*(int(g) for g in match.groups())).isoformat()
    except ValueError:
        raise InvalidInput(f"{flag}: no such day: {text!r}") from None


def parse_zone(name: str | None) -> dt.tzinfo | None:
    """A --timezone name as a zone (None: the system's); InvalidInput when unknown."""
    from mso_tui.errors import InvalidInput

    try:
        return zone(name)
    except ValueError as exc:
        raise InvalidInput(str(exc)) from None


class FineRow(NamedTuple):
    """Usage summed per (session, project, UTC minute, model); cost None when the model is unpriced."""

    session: str
    project: str
    day: str  # YYYY-MM-DD, local (used when there is no minute)
    model: str
    input_tokens: int
    output_tokens: int
    cache_creation_tokens: int
    cache_read_tokens: int
    cost_usd: float | None
    minute: str = ""  # UTC "YYYY-MM-DDTHH:MM": days in any zone and billing blocks follow from it


@dataclass(frozen=True)
class UsageReport:
    """Usage grouped one way, with totals and the models that have no price."""

    by: str
    totals: TokenCounts
    rows: tuple[UsageRow, ...]
    unpriced_models: tuple[str, ...] = ()
    since: str | None = None
    source: str = "database"
    stats: dict[str, Any] = field(default_factory=dict)  # e.g. files read / from cache
    until: str | None = None
    timezone: str | None = None
    project: str | None = None

    def to_json(self) -> dict[str, Any]:
        """The `mso usage --json` shape of docs/architecture.md (plus by/since/until/timezone/project/source)."""
        return {
            "totals": _tokens_json(self.totals),
            "rows": [_row_json(r) for r in self.rows],
            "unpriced_models": list(self.unpriced_models),
            "by": self.by, "since": self.since, "until": self.until, "timezone": self.timezone,
            "project": self.project, "source": self.source,
        }


def _row_json(row: UsageRow) -> dict[str, Any]:
    """One row: key, the five numbers, models, unpriced models; breakdown and block when present."""
    out: dict[str, Any] = {"key": row.key, **_tokens_json(row.tokens), "models": list(row.models),
                           "unpriced_models": list(row.unpriced),
                           "cost_complete": not row.unpriced}  # False: cost_usd is the priced part only
    if row.breakdown:
        out["breakdown"] = [{"model": b.key, **_tokens_json(b.tokens), "priced": not b.unpriced}
                            for b in row.breakdown]
    if row.block is not None:
        out["block"] = row.block
    return out


def _tokens_json(t: TokenCounts) -> dict[str, Any]:
    """The five numbers of a TokenCounts under their JSON names."""
    return {
        "input_tokens": t.input_tokens, "output_tokens": t.output_tokens,
        "cache_creation_tokens": t.cache_creation_tokens, "cache_read_tokens": t.cache_read_tokens,
        "cost_usd": round(t.cost_usd, 6),
    }


def project_matches(project: str, wanted: str) -> bool:
    """A --project value names a project by its name (or cwd), or by the last part of its cwd."""
    return project == wanted or project.rstrip("/\\").replace("\\", "/").rsplit("/", 1)[-1] == wanted


def _sum(parts: Iterable[list[Any]]) -> TokenCounts:
    """Accumulators [in, out, write, read, cost, ...] added up."""
    inp = out = write = read = 0
    cost = 0.0
    for acc in parts:
        inp, out, write, read, cost = inp + acc[0], out + acc[1], write + acc[2], read + acc[3], cost + acc[4]
    return TokenCounts(inp, out, write, read, cost)


def build_report(rows: Iterable[FineRow | tuple], by: str = "session", since: str | None = None,
                 source: str = "database", unpriced: Iterable[str] = (), until: str | None = None,
                 timezone: str | None = None, project: str | None = None, breakdown: bool = False,
                 now: dt.datetime | None = None) -> UsageReport:
    """Group fine rows by `by`, keeping local days in [since, until] and one project; rows sort by key."""
    if by not in GROUPINGS:
        raise ValueError(f"cannot group by {by!r}; use one of {', '.join(GROUPINGS)}")
    tz = parse_zone(timezone)
    periods = Periods(tz)
    period_day, hour_days = periods.day, periods.hours
    # rows unpacked, not read by attribute: FineRows and the scan's plain tuples (ten values) alike, ~70k a report
    kept: list[tuple[tuple, str]] = []
    for row in rows:
        minute = row[9]
        day = (hour_days.get(minute[:13]) or period_day(minute)) if minute else row[2]
        if (since and day < since) or (until and day > until):
            continue
        if project and not project_matches(row[1], project):
            continue
        kept.append((row, day))
    starts = block_starts(r[9] for r, _ in kept if r[9]) if by == "block" else {}
    week = periods.week_of
    key_of: Callable[[tuple, str], str] = {
        "session": lambda r, d: r[0], "day": lambda r, d: d, "project": lambda r, d: r[1],
        "week": lambda r, d: week(d), "month": lambda r, d: d[:7], "model": lambda r, d: r[3] or "(no model)",
        "block": lambda r, d: starts.get(r[9], d + "T00:00")}[by]
    groups: dict[str, dict[str, list[Any]]] = {}
    for row, day in kept:
        _, _, _, model, inp, out, write, read, cost, minute = row
        models = groups.get(key := key_of(row, day))
        if models is None:
            models = groups[key] = {}
        acc = models.get(model)
        if acc is None:
            acc = models[model] = [inp, out, write, read, 0.0 if cost is None else cost, cost is None, minute,
                                   minute]
            continue
        acc[0] += inp
        acc[1] += out
        acc[2] += write
        acc[3] += read
        if cost is None:
            acc[5] = True
        else:
            acc[4] += cost
        if minute < acc[6]:
            acc[6] = minute
        elif minute > acc[7]:
            acc[7] = minute
    now = now or dt.datetime.now(UTC)
    out = tuple(_row(key, models, by, breakdown, tz, now) for key, models in sorted(groups.items()))
    # the caller's unpriced models count only where they have rows left after the filters
    unpriced_models = (set(unpriced) & {r[3] for r, _ in kept}) | {m for r in out for m in r.unpriced}
    return UsageReport(by=by, totals=_sum([[*_t(r.tokens)] for r in out]), rows=out,
                       unpriced_models=tuple(sorted(unpriced_models)), since=since, source=source,
                       until=until, timezone=timezone, project=project)


def _t(t: TokenCounts) -> tuple[int, int, int, int, float]:
    """A TokenCounts as an accumulator."""
    return (t.input_tokens, t.output_tokens, t.cache_creation_tokens, t.cache_read_tokens, t.cost_usd)


def _row(key: str, models: dict[str, list[Any]], by: str, breakdown: bool, tz: dt.tzinfo | None,
         now: dt.datetime) -> UsageRow:
    """One report row from its per-model accumulators."""
    tokens = _sum(models.values())
    names = tuple(sorted(m for m in models if m and m != "<synthetic>"))
    unpriced = tuple(sorted(m or "(no model)" for m, a in models.items() if a[5] and any(a[:4])))
    parts = tuple(UsageRow(m or "(no model)", _sum([a]), (m,) if m else (),
                           (m or "(no model)",) if a[5] and any(a[:4]) else ())
                  for m, a in sorted(models.items()) if m != "<synthetic>" or any(a[:4])) if breakdown else ()
    block = None
    if by == "block":
        minutes = [a[6] for a in models.values() if a[6]] + [a[7] for a in models.values() if a[7]]
        if minutes:
            block = block_state(key, min(minutes), max(minutes), tokens.total, tokens.cost_usd, now)
            key = local(parse_minute(key), tz).strftime("%Y-%m-%d %H:%M")
    return UsageRow(key=key, tokens=tokens, models=names, unpriced=unpriced, breakdown=parts, block=block)
