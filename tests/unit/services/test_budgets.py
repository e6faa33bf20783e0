"""Budgets: spend per period crossing 80 % and 100 %, `mso budget`, and `mso usage --check` exit codes."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from mso_tui.usage.budgets import BudgetLine, statuses
from tests.helpers.claude_lines import assistant, usage_counts, write
from tests.helpers.cli_run import run

UTC = dt.timezone.utc
NOW = dt.datetime(2026, 3, 4, 12, 0, tzinfo=UTC)  # a Wednesday


def rows(*spend: tuple[str, float | None], project: str = "/w/app") -> list[tuple[str, str, str, float | None]]:
    """Fine usage rows (session, project, UTC minute, cost)."""
    return [("s1", project, minute, cost) for minute, cost in spend]


@pytest.mark.parametrize("spent, level", [(7.99, "ok"), (8.0, "warn"), (9.99, "warn"), (10.0, "over"), (12.5, "over")])
def test_day_budget_crosses_80_and_100_percent(spent: float, level: str) -> None:
    found = statuses([BudgetLine("overall", "", "day", 10.0)],
                     rows(("2026-03-04T09:00", spent), ("2026-03-03T23:00", 50.0)), NOW, UTC)
    assert found[0].spent_usd == pytest.approx(spent) and found[0].level == level  # yesterday does not count


def test_periods_projects_accounts_and_unpriced() -> None:
    usage = rows(("2026-03-01T10:00", 3.0), ("2026-03-04T10:00", 2.0), ("2026-02-28T10:00", 4.0),
                 ("2026-03-04T11:00", None))
    budgets = [BudgetLine("overall", "", "week", 2.5), BudgetLine("overall", "", "month", 6.0),
               BudgetLine("project", "app", "day", 1.0), BudgetLine("project", "other", "day", 1.0),
               BudgetLine("account", "pro", "day", 4.0)]
    week, month, app, other, account = statuses(budgets, usage, NOW, UTC, {"s1": "pro"})
    assert (week.spent_usd, week.level) == (2.0, "warn")  # from Monday 2nd: not Sunday 1st
    assert (month.spent_usd, month.level) == (5.0, "warn")
    assert app.level == "over" and app.unpriced and other.spent_usd == 0.0 and account.ratio == 0.5


def test_block_budget_counts_the_active_block_only() -> None:
    usage = rows(("2026-03-04T03:00", 9.0), ("2026-03-04T10:10", 2.0), ("2026-03-04T11:30", 2.5))
    (block,) = statuses([BudgetLine("overall", "", "block", 5.0)], usage, NOW, UTC)
    assert block.spent_usd == 4.5 and block.level == "warn"
    (gone,) = statuses([BudgetLine("overall", "", "block", 5.0)], usage, NOW + dt.timedelta(hours=6), UTC)
    assert gone.spent_usd == 0.0  # no active block


def _tree(root: Path, output_tokens: int) -> Path:
    """One response today (priced: claude-sonnet-4-5 at $15 per million output tokens)."""
    stamp = dt.datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:00.000Z")
    write(root / "projects" / "-w-app" / "s1.jsonl",
          [assistant("s1", "a1", "x", stamp, "/w/app", "m1", "r1", usage_counts(0, output_tokens))])
    return root


def test_check_exit_codes_store_and_scan(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    tree = _tree(tmp_path / "claude", 1_000_000)  # $15.00 today
    assert run(["import", str(tree / "projects"), "--project", "app"], capsys)[0] == 0
    assert run(["usage", "--check"], capsys)[0] == 0  # no budget: nothing to exceed
    assert run(["budget", "set", "--period", "day", "100"], capsys)[0] == 0
    assert run(["usage", "--check", "--by", "day"], capsys)[0] == 0
    assert run(["budget", "set", "--project", "app", "--period", "day", "18"], capsys)[0] == 0
    status, _, err = run(["usage", "--check"], capsys)
    assert status == 0 and "project app, day: $15.00 of $18.00 (83%, warn)" in err
    assert run(["budget", "set", "--period", "day", "15"], capsys)[0] == 0
    status, _, err = run(["usage", "--check", "--json"], capsys)
    assert status == 3 and "overall, day: $15.00 of $15.00 (100%, over)" in err
    status, _, err = run(["usage", "--claude-dir", str(tree), "--check"], capsys)
    assert status == 3 and "over" in err  # the scan's usage against the same budgets
    status, _, _ = run(["usage", "--claude-dir", str(tree), "--check"], capsys)
    assert status == 3  # never answered from the replay cache
    status, out, _ = run(["budget", "list", "--json"], capsys)
    assert [(b["scope"], b["level"]) for b in json.loads(out)] == [("overall", "over"), ("project", "warn")]
    assert run(["budget", "remove", "--period", "day"], capsys)[0] == 0
    assert run(["usage", "--claude-dir", str(tree), "--check"], capsys)[0] == 0


@pytest.mark.parametrize("args, needle", [
    (["budget", "set", "--project", "nope", "5"], "nope"), (["budget", "set", "-3"], "-3"),
    (["budget", "set", "--period", "year", "5"], "year"), (["budget", "remove", "--period", "week"], "week"),
])
def test_budget_errors_one_line_exit_2(args: list[str], needle: str, capsys: pytest.CaptureFixture) -> None:
    status, _, err = run(args, capsys)
    assert status == 2 and needle in err and len(err.strip().splitlines()) == 1


def test_change_budget_edits_the_limit_or_moves_it(store: Path) -> None:
    from mso_tui.errors import Conflict, NotFound
    from mso_tui.services.budgets import change_budget, list_budgets, set_budget
    from mso_tui.store.models import Project

    Project.create(name="app")
    day = set_budget("overall", "", "day", 10.0)
    week = set_budget("overall", "", "week", 50.0)
    assert change_budget(day, "overall", "", "day", 12.0).limit_usd == 12.0
    moved = change_budget(BudgetLine("overall", "", "day", 12.0), "project", "app", "month", 99.0)
    assert [(b.scope, b.target, b.period, b.limit_usd) for b in list_budgets()] == [
        ("overall", "", "week", 50.0), ("project", "app", "month", 99.0)]
    with pytest.raises(Conflict):  # onto another budget: refused, both kept
        change_budget(moved, "overall", "", "week", 1.0)
    with pytest.raises(NotFound):
        change_budget(day, "overall", "", "day", 5.0)  # moved away already
    with pytest.raises(NotFound):
        change_budget(week, "project", "nope", "week", 5.0)
    assert len(list_budgets()) == 2
