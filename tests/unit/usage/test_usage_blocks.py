"""Billing blocks and periods on generated lines: gaps, midnight, time zones, DST, the active block."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from mso_tui.usage.blocks import Periods, block_starts, block_state, parse_minute
from mso_tui.usage.report import FineRow, build_report
from tests.helpers.claude_lines import assistant, usage_counts, write
from tests.helpers.cli_run import run

UTC = dt.timezone.utc


def fine(minute: str, model: str = "claude-sonnet-4-5", tokens: int = 100, cost: float | None = 1.0,
         project: str = "/w/app") -> FineRow:
    """A fine row of one minute."""
    return FineRow("s1", project, minute[:10], model, tokens, 0, 0, 0, cost, minute)


def test_a_gap_of_more_than_five_hours_starts_a_block_floored_to_the_hour() -> None:
    starts = block_starts(["2026-03-01T09:17", "2026-03-01T11:00", "2026-03-01T16:01", "2026-03-01T21:02"])
    assert starts["2026-03-01T09:17"] == starts["2026-03-01T11:00"] == "2026-03-01T09:00"
    assert starts["2026-03-01T16:01"] == "2026-03-01T16:00"  # 5h01m after the previous message
    assert starts["2026-03-01T21:02"] == "2026-03-01T21:00"  # 5h02m after the previous one


def test_the_block_ends_five_hours_after_its_start_though_there_is_no_gap() -> None:
    starts = block_starts(["2026-03-01T09:00", "2026-03-01T13:59", "2026-03-01T14:00", "2026-03-01T14:01"])
    assert starts["2026-03-01T13:59"] == "2026-03-01T09:00"
    # the minute 5 h after the start holds messages seconds past it: ccusage puts them in the next block
    assert starts["2026-03-01T14:00"] == starts["2026-03-01T14:01"] == "2026-03-01T14:00"


def test_blocks_cross_midnight_and_days_follow_the_zone() -> None:
    rows = [fine("2026-03-01T22:30"), fine("2026-03-02T01:10")]
    report = build_report(rows, by="block", timezone="UTC", now=dt.datetime(2026, 4, 1, tzinfo=UTC))
    assert [r.key for r in report.rows] == ["2026-03-01 22:00"]
    assert report.rows[0].tokens.input_tokens == 200
    by_day = build_report(rows, by="day", timezone="UTC")
    assert [r.key for r in by_day.rows] == ["2026-03-01", "2026-03-02"]
    tokyo = build_report(rows, by="day", timezone="Asia/Tokyo")  # +9: both on March 2nd
    assert [r.key for r in tokyo.rows] == ["2026-03-02"]
    ny_block = build_report(rows, by="block", timezone="America/New_York", now=dt.datetime(2026, 4, 1, tzinfo=UTC))
    assert [r.key for r in ny_block.rows] == ["2026-03-01 17:00"]  # the start shown in the zone


def test_dst_change_inside_a_block() -> None:
    # Europe/Paris springs forward at 01:00 UTC on 2026-03-29 (02:00 -> 03:00 local)
    rows = [fine("2026-03-29T00:20"), fine("2026-03-29T04:50"), fine("2026-03-29T10:00")]
    report = build_report(rows, by="block", timezone="Europe/Paris", now=dt.datetime(2026, 4, 1, tzinfo=UTC))
    assert [r.key for r in report.rows] == ["2026-03-29 01:00", "2026-03-29 12:00"]
    first = report.rows[0].block
    assert first is not None and first["end"] == "2026-03-29T05:00:00+00:00"  # five real hours, not wall hours
    assert [r.key for r in build_report(rows, by="day", timezone="Europe/Paris").rows] == ["2026-03-29"]


def test_active_block_elapsed_remaining_burn_and_projection() -> None:
    now = dt.datetime(2026, 3, 1, 11, 0, tzinfo=UTC)
    state = block_state("2026-03-01T09:00", "2026-03-01T09:30", "2026-03-01T10:30", 6000, 3.0, now)
    assert state["active"] and state["elapsed_minutes"] == 120 and state["remaining_minutes"] == 180
    assert state["burn_tokens_per_hour"] == 6000 and state["burn_usd_per_hour"] == 3.0  # over the 60 minutes used
    assert state["projected_tokens"] == 6000 + 100 * 180 and state["projected_cost_usd"] == 3.0 + 0.05 * 180
    later = now + dt.timedelta(hours=4)
    old = block_state("2026-03-01T09:00", "2026-03-01T09:30", "2026-03-01T10:30", 6000, 3.0, later)
    assert old["active"] is False and "burn_tokens_per_hour" not in old  # its end has passed


def test_week_starts_on_monday_month_and_model_rows() -> None:
    # as ccusage 20: 2026-03-01 is a Sunday, so it closes the week from Monday 2026-02-23
    assert Periods.week("2026-03-07") == "2026-03-02" and Periods.week("2026-03-01") == "2026-02-23"
    rows = [fine("2026-02-28T10:00", "a"), fine("2026-03-01T10:00", "b", cost=None)]
    months = build_report(rows, by="month", timezone="UTC")
    assert [r.key for r in months.rows] == ["2026-02", "2026-03"]
    models = build_report(rows, by="model", timezone="UTC")
    assert [(r.key, r.unpriced) for r in models.rows] == [("a", ()), ("b", ("b",))]
    assert models.unpriced_models == ("b",)


def test_until_project_and_breakdown() -> None:
    rows = [fine("2026-03-01T10:00", "a"), fine("2026-03-02T10:00", "b", project="/w/other"),
            fine("2026-03-01T11:00", "b", cost=None)]
    report = build_report(rows, by="day", timezone="UTC", until="2026-03-01", breakdown=True)
    assert [r.key for r in report.rows] == ["2026-03-01"]
    assert [(b.key, b.tokens.input_tokens, b.unpriced) for b in report.rows[0].breakdown] == [
        ("a", 100, ()), ("b", 100, ("b",))]
    assert build_report(rows, by="project", project="other").rows[0].key == "/w/other"
    assert parse_minute("2026-03-01 10:00").tzinfo is UTC


def _tree(root: Path) -> Path:
    """Claude lines at 09:10, 10:40 and, after a 6-hour gap, 16:45 UTC (two models, one unpriced)."""
    lines = [
        assistant("s1", "a1", "x", "2026-03-01T09:10:00.000Z", "/w/app", "m1", "r1", usage_counts(100, 10)),
        assistant("s1", "a2", "x", "2026-03-01T10:40:00.000Z", "/w/app", "m2", "r2", usage_counts(200, 20)),
        assistant("s1", "a3", "x", "2026-03-01T16:45:00.000Z", "/w/app", "m3", "r3", usage_counts(300, 30),
                  model="gpt-9-unknown"),
    ]
    write(root / "projects" / "-w-app" / "s1.jsonl", lines)
    return root


@pytest.mark.parametrize("by, keys", [
    ("block", ["2026-03-01 09:00", "2026-03-01 16:00"]), ("day", ["2026-03-01"]), ("week", ["2026-02-23"]),
    ("month", ["2026-03"]), ("model", ["claude-sonnet-4-5-20250929", "gpt-9-unknown"]),
    ("session", ["s1"]), ("project", ["/w/app"]),
])
def test_json_per_report_kind(tmp_path: Path, capsys: pytest.CaptureFixture, by: str, keys: list[str]) -> None:
    tree = _tree(tmp_path / "claude")
    status, out, _ = run(["usage", "--claude-dir", str(tree), "--by", by, "--timezone", "UTC", "--json",
                          "--breakdown"], capsys)
    data = json.loads(out)
    assert status == 0 and [r["key"] for r in data["rows"]] == keys
    assert data["totals"]["input_tokens"] == 600 and data["by"] == by and data["timezone"] == "UTC"
    assert data["unpriced_models"] == ["gpt-9-unknown"]
    for row in data["rows"]:
        assert {"key", "input_tokens", "output_tokens", "cache_creation_tokens", "cache_read_tokens", "cost_usd",
                "models", "unpriced_models", "cost_complete", "breakdown"} <= set(row)
        assert row["cost_complete"] == ("gpt-9-unknown" not in row["models"])
    if by == "block":
        assert all("block" in r and r["block"]["active"] is False for r in data["rows"])


def test_table_marks_unpriced_and_filters(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    tree = _tree(tmp_path / "claude")
    status, out, _ = run(["usage", "--claude-dir", str(tree), "--by", "block", "--timezone", "UTC"], capsys)
    lines = out.splitlines()
    assert status == 0
    assert "unpriced" in next(line for line in lines if line.startswith("2026-03-01 16:00"))
    assert "0.00" not in next(line for line in lines if line.startswith("2026-03-01 16:00"))
    assert "+unpriced" in next(line for line in lines if line.startswith("total"))
    status, out, _ = run(["usage", "--claude-dir", str(tree), "--by", "day", "--until", "2026-02-28", "--json"], capsys)
    assert json.loads(out)["rows"] == []
    status, out, _ = run(["usage", "--claude-dir", str(tree), "--project", "nothing", "--json"], capsys)
    assert json.loads(out)["rows"] == []
    status, _, err = run(["usage", "--claude-dir", str(tree), "--timezone", "Nowhere/City"], capsys)
    assert status == 2 and "unknown time zone" in err


def test_store_reports_the_same_blocks(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    tree = _tree(tmp_path / "claude")
    assert run(["import", str(tree / "projects"), "--project", "app"], capsys)[0] == 0
    status, out, _ = run(["usage", "--by", "block", "--timezone", "UTC", "--json"], capsys)
    data = json.loads(out)
    assert status == 0 and [r["key"] for r in data["rows"]] == ["2026-03-01 09:00", "2026-03-01 16:00"]
    assert data["totals"]["input_tokens"] == 600 and data["source"] == "database"
    status, out, _ = run(["usage", "--by", "month", "--project", "app", "--json"], capsys)
    assert [r["key"] for r in json.loads(out)["rows"]] == ["2026-03"]


def test_blocks_are_replayed_only_without_an_active_block(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    import io

    from mso_tui.usage.replay import replay

    tree = _tree(tmp_path / "claude")  # March 2026: no block is active now
    args = ["usage", "--claude-dir", str(tree), "--by", "block"]
    run(args, capsys)
    assert replay(args, io.StringIO(), io.StringIO())  # saved: only new usage can change these blocks
    recent = dt.datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:00.000Z")
    write(tree / "projects" / "-w-app" / "s2.jsonl",
          [assistant("s2", "b1", "x", recent, "/w/app", "n1", "q1", usage_counts(5, 5))])
    assert "active:" in run(args, capsys)[1]
    assert not replay(args, io.StringIO(), io.StringIO())  # an active block is computed again each time


@pytest.mark.parametrize("name", ["UTC", "Asia/Kolkata", "Asia/Kathmandu", "Australia/Lord_Howe", "America/Santiago",
                                  "Europe/Paris", "America/St_Johns"])
def test_days_taken_by_the_hour_equal_each_minute_converted(name: str) -> None:
    """Periods.day answers per UTC hour where it can: every minute still gets its own zone's day (half-hour
    zones, a 30-minute DST shift, DST at local midnight)."""
    from zoneinfo import ZoneInfo

    tz = ZoneInfo(name)
    periods = Periods(tz)
    start = dt.datetime(2026, 3, 28, tzinfo=UTC)  # covers Paris's spring change and Santiago's autumn one
    for step in range(0, 60 * 24 * 40, 7):  # 40 days, every 7th minute: every minute of an hour comes round
        moment = start + dt.timedelta(minutes=step)
        minute = moment.strftime("%Y-%m-%dT%H:%M")
        assert periods.day(minute) == moment.astimezone(tz).strftime("%Y-%m-%d"), minute
    assert len(periods.hours) < 40 * 24 + 60  # hours, not minutes, remembered
