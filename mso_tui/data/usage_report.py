"""Usage reports: fine-grained usage rows grouped by session, day or project, with totals and unpriced models."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any, Iterable, NamedTuple

from mso_tui.data.records import TokenCounts, UsageRow

GROUPINGS = ("session", "day", "project")
_DATE = re.compile(r"^(\d{4})-?(\d{2})-?(\d{2})$")


def parse_since(text: str | None) -> str | None:
    """A --since value (YYYY-MM-DD or YYYYMMDD) as YYYY-MM-DD; InvalidInput when malformed."""
    from mso_tui.errors import InvalidInput

    if text is None:
        return None
    match = _DATE.match(text.strip())
    if not match:
        raise InvalidInput(f"--since: not a date (use YYYY-MM-DD): {text!r}")
    try:
        return dt.date(*(int(g) for g in match.groups())).isoformat()
    except ValueError:
        raise InvalidInput(f"--since: no such day: {text!r}") from None


class FineRow(NamedTuple):
    """Usage summed per (session, project, day, model); cost None when the model is unpriced."""

    session: str
    project: str
    day: str  # YYYY-MM-DD
    model: str
    input_tokens: int
    output_tokens: int
    cache_creation_tokens: int
    cache_read_tokens: int
    cost_usd: float | None


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

    def to_json(self) -> dict[str, Any]:
        """The `mso usage --json` shape of DESIGN.md §4 (plus by/since/source)."""
        return {
            "totals": _tokens_json(self.totals),
            "rows": [{"key": r.key, **_tokens_json(r.tokens), "models": list(r.models)} for r in self.rows],
            "unpriced_models": list(self.unpriced_models),
            "by": self.by,
            "since": self.since,
            "source": self.source,
        }


def _tokens_json(t: TokenCounts) -> dict[str, Any]:
    """The five numbers of a TokenCounts under their JSON names."""
    return {
        "input_tokens": t.input_tokens, "output_tokens": t.output_tokens,
        "cache_creation_tokens": t.cache_creation_tokens, "cache_read_tokens": t.cache_read_tokens,
        "cost_usd": round(t.cost_usd, 6),
    }


def build_report(rows: Iterable[FineRow], by: str = "session", since: str | None = None,
                 source: str = "database", unpriced: Iterable[str] = ()) -> UsageReport:
    """Group fine rows by `by`, keeping days >= since (YYYY-MM-DD); rows sort by key."""
    if by not in GROUPINGS:
        raise ValueError(f"cannot group by {by!r}; use one of {', '.join(GROUPINGS)}")
    index = GROUPINGS.index(by)
    groups: dict[str, list[Any]] = {}
    unpriced_models = set(unpriced)
    for row in rows:
        if since and row.day < since:
            continue
        key = (row.session, row.day, row.project)[index]
        acc = groups.get(key)
        if acc is None:
            acc = groups[key] = [0, 0, 0, 0, 0.0, set()]
        acc[0] += row.input_tokens
        acc[1] += row.output_tokens
        acc[2] += row.cache_creation_tokens
        acc[3] += row.cache_read_tokens
        if row.cost_usd is None:
            unpriced_models.add(row.model)
        else:
            acc[4] += row.cost_usd
        if row.model and row.model != "<synthetic>":
            acc[5].add(row.model)
    out = tuple(
        UsageRow(key=k, tokens=TokenCounts(a[0], a[1], a[2], a[3], a[4]), models=tuple(sorted(a[5])))
        for k, a in sorted(groups.items())
    )
    totals = TokenCounts(
        sum(r.tokens.input_tokens for r in out), sum(r.tokens.output_tokens for r in out),
        sum(r.tokens.cache_creation_tokens for r in out), sum(r.tokens.cache_read_tokens for r in out),
        sum(r.tokens.cost_usd for r in out),
    )
    return UsageReport(by=by, totals=totals, rows=out, unpriced_models=tuple(sorted(unpriced_models)),
                       since=since, source=source)
