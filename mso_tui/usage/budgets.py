"""Budgets against usage: what each budget's period has spent, and whether it passed 80 % or 100 %.

Pure over fine usage rows (session, project, UTC minute, cost): the store and the direct scan feed it alike.
Periods are local to a zone: today, this week (from Monday), this month, and the active billing block.
"""
from __future__ import annotations

import datetime as dt
from typing import Iterable, NamedTuple

from mso_tui.usage.blocks import BLOCK, UTC, Periods, block_starts, parse_minute

PERIODS = ("day", "week", "month", "block")
SCOPES = ("overall", "project", "account")
WARN = 0.8


class BudgetLine(NamedTuple):
    """A budget: scope, target (a project's or account's name, "" overall), period and USD limit."""

    scope: str
    target: str
    period: str
    limit_usd: float


class BudgetStatus(NamedTuple):
    """A budget with its period's spend, the share of the limit used and its level (ok / warn / over)."""

    budget: BudgetLine
    spent_usd: float
    ratio: float
    level: str
    unpriced: bool  # some usage in the period has no price: the spend is a lower bound


def level_of(ratio: float) -> str:
    """ok below 80 %, warn from 80 %, over from 100 %."""
    return "over" if ratio >= 1.0 else "warn" if ratio >= WARN else "ok"


def period_key(period: str, minute: str, periods: Periods, blocks: dict[str, str]) -> str:
    """Which day, week, month or block a UTC minute falls in."""
    day = periods.day(minute)
    if period == "day":
        return day
    if period == "week":
        return Periods.week(day)
    if period == "month":
        return day[:7]
    return blocks.get(minute, "")


def current_keys(now: dt.datetime, periods: Periods, blocks: dict[str, str]) -> dict[str, str]:
    """The key of each period holding `now` (the block only while it is active)."""
    minute = now.astimezone(UTC).strftime("%Y-%m-%dT%H:%M")
    keys = {p: period_key(p, minute, periods, {}) for p in ("day", "week", "month")}
    active = ""
    if blocks:
        last = max(blocks)
        start = parse_minute(blocks[last])
        if now - parse_minute(last) < BLOCK and now < start + BLOCK:
            active = blocks[last]
    keys["block"] = active
    return keys


def statuses(budgets: Iterable[BudgetLine], rows: Iterable[tuple[str, str, str, float | None]],
             now: dt.datetime, tz: dt.tzinfo | None = None,
             account_of: dict[str, str] | None = None) -> list[BudgetStatus]:
    """Each budget's spend in its current period; rows are (session, project, UTC minute, cost or None)."""
    rows = [(session, project, minute, cost) for session, project, minute, cost in rows if minute]
    periods = Periods(tz)
    blocks = block_starts(minute for _, _, minute, _ in rows)
    now_keys = current_keys(now, periods, blocks)
    accounts = account_of or {}
    out = []
    for b in budgets:
        spent, unpriced = 0.0, False
        want = now_keys[b.period]
        for session, project, minute, cost in rows:
            if b.scope == "project" and project != b.target and project.rsplit("/", 1)[-1] != b.target:
                continue
            if b.scope == "account" and accounts.get(session) != b.target:
                continue
            if not want or period_key(b.period, minute, periods, blocks) != want:
                continue
            if cost is None:
                unpriced = True
            else:
                spent += cost
        ratio = spent / b.limit_usd if b.limit_usd > 0 else (1.0 if spent > 0 else 0.0)
        out.append(BudgetStatus(b, spent, ratio, level_of(ratio), unpriced))
    return out


def describe(s: BudgetStatus) -> str:
    """One line: "project app, day: $8.10 of $10.00 (81 %, warn)"."""
    b = s.budget
    who = "overall" if b.scope == "overall" else f"{b.scope} {b.target}"
    more = "+unpriced" if s.unpriced else ""
    return f"{who}, {b.period}: ${s.spent_usd:,.2f}{more} of ${b.limit_usd:,.2f} ({s.ratio:.0%}, {s.level})"
