"""`mso usage` as an aligned table: rows, per-model lines (--breakdown), the active block's rates, totals."""
from __future__ import annotations

from mso_tui.fmt import cost_text, short_tokens

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

KEY_WIDTH = 40


def _cost(cost: float | None, unpriced: bool = False, priced: bool = True) -> str:
    """A cost for the "cost $" column (no sign: the header says dollars)."""
    return cost_text(cost, unpriced, priced, sign="")


def _line(key: str, t: Any, cost: str, models: str) -> str:
    """One table line."""
    return (f"{key[-KEY_WIDTH:]:<{KEY_WIDTH}} {short_tokens(t.input_tokens):>9} {short_tokens(t.output_tokens):>9} "
            f"{short_tokens(t.cache_creation_tokens):>9} {short_tokens(t.cache_read_tokens):>9} {cost:>15}  {models}")


def row_cost(row: Any) -> str:
    """A row's cost: the priced sum, "unpriced" when none of its models has a price, a marker when some lack one."""
    priced = any(m not in row.unpriced for m in row.models) or (not row.models and not row.unpriced)
    return _cost(row.tokens.cost_usd, bool(row.unpriced), priced)


def duration(minutes: Any) -> str:
    """Minutes as "2h 05m"."""
    minutes = int(minutes)
    return f"{minutes // 60}h {minutes % 60:02d}m"


def block_line(block: dict[str, Any]) -> str | None:
    """The active block's elapsed and remaining time, burn rate and projection, or None when it is not active."""
    if not block.get("active"):
        return None
    text = f"  active: {duration(block['elapsed_minutes'])} elapsed, {duration(block['remaining_minutes'])} left"
    if "burn_tokens_per_hour" in block:
        text += (f"; burn {short_tokens(block['burn_tokens_per_hour'])} tokens/h, ${block['burn_usd_per_hour']:,.2f}/h"
                 f"; projected {short_tokens(block['projected_tokens'])} tokens, ${block['projected_cost_usd']:,.2f}")
    return text


def print_table(report: Any) -> None:
    """The report as an aligned table with a totals line and an unpriced line."""
    head = (f"{report.by:<{KEY_WIDTH}} {'input':>9} {'output':>9} {'cache wr':>9} {'cache rd':>9} {'cost $':>15}"
            "  models")
    print(head)
    print("-" * len(head))
    for row in report.rows:
        print(_line(row.key, row.tokens, row_cost(row), ", ".join(row.models)))
        for part in row.breakdown:
            print(_line(f"  {part.key}", part.tokens, _cost(part.tokens.cost_usd, bool(part.unpriced),
                                                                  not part.unpriced), ""))
        if row.block is not None and (extra := block_line(row.block)):
            print(extra)
    t = report.totals
    print("-" * len(head))
    unpriced = bool(report.unpriced_models)
    priced = any(row_cost(r) != "unpriced" for r in report.rows) or not report.rows
    print(_line("total", t, _cost(t.cost_usd, unpriced, priced), "").rstrip())
    if report.unpriced_models:
        print(f"unpriced (cost not counted): {', '.join(report.unpriced_models)}")
