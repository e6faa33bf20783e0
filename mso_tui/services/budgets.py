"""Budgets in the store: set, list, remove, and each budget's spend in its current period."""
from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from mso_tui.errors import Conflict, InvalidInput, NotFound
from mso_tui.store import models as m
from mso_tui.usage.budgets import PERIODS, SCOPES, BudgetLine, BudgetStatus, statuses

LOOKBACK = dt.timedelta(days=32)  # the longest period (a month) plus a margin: older usage never counts


def _check(scope: str, target: str, period: str) -> str:
    """The target to store; InvalidInput for a bad scope or period, NotFound for an unknown project/account."""
    if scope not in SCOPES:
        raise InvalidInput(f"budget scope: use one of {', '.join(SCOPES)}")
    if period not in PERIODS:
        raise InvalidInput(f"--period: use one of {', '.join(PERIODS)}")
    if scope == "overall":
        return ""
    model = m.Project if scope == "project" else m.Account
    if model.get_or_none(model.name == target) is None:
        raise NotFound(f"no {scope} named {target!r}")
    return target


def set_budget(scope: str, target: str, period: str, limit_usd: float) -> BudgetLine:
    """Create or change the budget of (scope, target, period)."""
    if not limit_usd > 0 or limit_usd != limit_usd or limit_usd == float("inf"):
        raise InvalidInput(f"a budget is an amount of dollars above 0, not {limit_usd!r}")
    target = _check(scope, target, period)
    with m.database.atomic():
        row = m.Budget.get_or_none((m.Budget.scope == scope) & (m.Budget.target == target)
                                   & (m.Budget.period == period))
        if row is None:
            m.Budget.create(scope=scope, target=target, period=period, limit_usd=limit_usd)
        else:
            row.limit_usd = limit_usd
            row.save()
    return BudgetLine(scope, target, period, limit_usd)


def change_budget(old: BudgetLine, scope: str, target: str, period: str, limit_usd: float) -> BudgetLine:
    """Edit a budget: its limit, or what it is for and its period too; Conflict when that budget exists already."""
    if not limit_usd > 0 or limit_usd != limit_usd or limit_usd == float("inf"):
        raise InvalidInput(f"a budget is an amount of dollars above 0, not {limit_usd!r}")
    target = _check(scope, target, period)
    key = (m.Budget.scope == old.scope) & (m.Budget.target == old.target) & (m.Budget.period == old.period)
    with m.database.atomic():
        row = m.Budget.get_or_none(key)
        if row is None:
            raise NotFound(f"no {old.period} budget for {_who(old.scope, old.target)} (removed meanwhile?)")
        if (scope, target, period) != (old.scope, old.target, old.period) and m.Budget.get_or_none(
                (m.Budget.scope == scope) & (m.Budget.target == target) & (m.Budget.period == period)) is not None:
            raise Conflict(f"there is a {period} budget for {_who(scope, target)} already: edit that one")
        row.scope, row.target, row.period, row.limit_usd = scope, target, period, limit_usd
        row.save()
    return BudgetLine(scope, target, period, limit_usd)


def _who(scope: str, target: str) -> str:
    """"overall" or "project app"."""
    return scope if scope == "overall" else f"{scope} {target}"


def list_budgets() -> list[BudgetLine]:
    """Every budget, overall first, then by scope, target and period."""
    rows = m.Budget.select().order_by(m.Budget.scope != "overall", m.Budget.scope, m.Budget.target, m.Budget.id)
    return [BudgetLine(r.scope, r.target, r.period, r.limit_usd) for r in rows]


def remove_budget(scope: str, target: str, period: str) -> BudgetLine:
    """Delete one budget; NotFound when there is none."""
    target = "" if scope == "overall" else target
    row = m.Budget.get_or_none((m.Budget.scope == scope) & (m.Budget.target == target) & (m.Budget.period == period))
    if row is None:
        raise NotFound(f"no {period} budget for {scope}{' ' + target if target else ''}")
    line = BudgetLine(row.scope, row.target, row.period, row.limit_usd)
    row.delete_instance()
    return line


def _accounts() -> dict[str, str]:
    """Session key ("project#N") -> account name, for sessions that have one."""
    query = (m.Session.select(m.Project.name, m.Session.number, m.Account.name).join(m.Project)
             .switch(m.Session).join(m.Account).tuples())
    return {f"{p}#{n}": a for p, n, a in query}


def budget_statuses(now: dt.datetime | None = None, timezone: str | None = None) -> list[BudgetStatus]:
    """Each stored budget with its spend in its current period (usage from the store)."""
    from mso_tui.services.usage import fine_rows
    from mso_tui.usage.report import parse_zone

    budgets = list_budgets()
    if not budgets:
        return []
    now = now or dt.datetime.now(dt.timezone.utc)
    since = (now - LOOKBACK).astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M")
    rows, _ = fine_rows(since=since)
    usage = [(r.session, r.project, r.minute, r.cost_usd) for r in rows]
    return statuses(budgets, usage, now, parse_zone(timezone), _accounts())


class SpendSummary(NamedTuple):
    """What the app's header shows: today's spend, the budgets' states and the active block's time left."""

    today_usd: float
    today_unpriced: bool
    budgets: list[BudgetStatus]
    block_minutes_left: int | None  # None: no active block


def spend_summary(now: dt.datetime | None = None) -> SpendSummary:
    """Today's spend (local day), every budget's status and the active block, from the store's recent usage."""
    from mso_tui.services.usage import fine_rows
    from mso_tui.usage.blocks import BLOCK, Periods, block_starts, parse_minute

    now = now or dt.datetime.now(dt.timezone.utc)
    since = (now - LOOKBACK).astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M")
    rows, _ = fine_rows(since=since)
    periods = Periods()
    today = periods.day(now.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M"))
    spent = [r.cost_usd for r in rows if r.minute and periods.day(r.minute) == today]
    usage = [(r.session, r.project, r.minute, r.cost_usd) for r in rows]
    budgets = list_budgets()
    found = statuses(budgets, usage, now, None, _accounts()) if budgets else []
    left = None
    blocks = block_starts(r.minute for r in rows if r.minute)
    if blocks:
        last = max(blocks)
        end = parse_minute(blocks[last]) + BLOCK
        if now - parse_minute(last) < BLOCK and now < end:
            left = round((end - now).total_seconds() / 60)
    return SpendSummary(sum(c for c in spent if c is not None), any(c is None for c in spent), found, left)
