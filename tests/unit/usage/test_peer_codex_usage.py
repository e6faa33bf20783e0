"""Codex usage cases from ccusage's and claude-code-log's suites: forks, spawned subagents, cumulative totals,
archived copies, negative deltas, the model on each event. The scan and the import agree on every one."""
from __future__ import annotations

from pathlib import Path

import pytest

from mso_tui.importers import codex
from mso_tui.usage import scan as usage_scan
from tests.helpers.peer_trees import (
    codex_line,
    codex_tokens,
    lines,
    scan_totals,
    store_totals,
    tokens,
    usage_of,
)

pytestmark = pytest.mark.usefixtures("backend")
PARENT = "11111111-1111-4111-8111-111111111111"
CHILD = "22222222-2222-4222-8222-222222222222"


def _meta(ts: str, sid: str, **extra: object) -> dict:
    return codex_line(ts, "session_meta", {"id": sid, "timestamp": ts, "cwd": "/w/app", **extra})


def _context(ts: str, model: str = "gpt-5-codex") -> dict:
    return codex_line(ts, "turn_context", {"cwd": "/w/app", "model": model})


def _user(ts: str, text: str) -> dict:
    return codex_line(ts, "event_msg", {"type": "user_message", "message": text})


def _parent_rows() -> list[dict]:
    """Two calls of 500 and 1,000 input tokens (cumulative 500, then 1,500)."""
    return [_context("2026-01-02T03:04:06.000Z"), _user("2026-01-02T03:04:06.500Z", "read the fixtures"),
            codex_tokens("2026-01-02T03:04:08.000Z", usage_of(500, 0, 20), usage_of(500, 0, 20)),
            codex_tokens("2026-01-02T03:04:20.000Z", usage_of(1000, 0, 30), usage_of(1500, 0, 50))]


def _restamped(rows: list[dict], instant: str) -> list[dict]:
    """The parent's rows as a fork copies them: every one re-stamped a millisecond apart at the fork."""
    base = instant[:-4]
    return [{**r, "timestamp": f"{base}{int(instant[-4:-1]) + i + 1:03d}Z"} for i, r in enumerate(rows)]


def _fork_tree(home: Path, spawned: bool) -> Path:
    """A parent rollout and a fork (or spawned subagent) opening with the parent's history copied in."""
    day = home / "sessions" / "2026" / "01" / "02"
    lines(day / f"rollout-2026-01-02T03-04-05-{PARENT}.jsonl", [_meta("2026-01-02T03:04:05.000Z", PARENT),
                                                             *_parent_rows()])
    fork = "2026-01-02T05:00:00.000Z"
    link = ({"source": {"subagent": {"thread_spawn": {"parent_thread_id": PARENT, "depth": 1}}}} if spawned
            else {"forked_from_id": PARENT})
    lines(day / f"rollout-2026-01-02T05-00-00-{CHILD}.jsonl", [
        _meta(fork, CHILD, **link), *_restamped([_meta("2026-01-02T03:04:05.000Z", PARENT), *_parent_rows()], fork),
        _user("2026-01-02T05:00:06.000Z", "now the child's own work"),
        codex_tokens("2026-01-02T05:00:09.000Z", usage_of(150, 0, 5), usage_of(1650, 0, 55)),
    ])
    return home


@pytest.mark.parametrize("spawned", [False, True], ids=["forked", "spawned"])
def test_copied_parent_history_in_a_fork_counts_once(tmp_path: Path, spawned: bool,
                                                     capsys: pytest.CaptureFixture) -> None:
    home = _fork_tree(tmp_path / "codex", spawned)
    expected = (1650, 55, 0, 0)  # ccusage: the parent's 1,500 input and the child's own 150, not the copies
    assert tokens(scan_totals(capsys, codex=home)) == expected
    assert tokens(store_totals(capsys, home)) == expected


def test_cumulative_only_events_count_their_rise(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    home = tmp_path / "codex"
    lines(home / "sessions" / "rollout-2026-01-03T00-00-00-a.jsonl", [
        _meta("2026-01-03T00:00:00.000Z", "a"), _context("2026-01-03T00:00:01.000Z"),
        codex_tokens("2026-01-03T00:00:05.000Z", None, usage_of(1200, 200, 500)),
        codex_tokens("2026-01-03T00:00:09.000Z", None, usage_of(2000, 300, 800)),
        # a total below the one before (a counter reset): every figure's rise is at least 0, so nothing counts
        codex_tokens("2026-01-03T00:00:12.000Z", None, usage_of(100, 0, 10)),
        # a per-call figure below zero counts as zero
        codex_tokens("2026-01-03T00:00:15.000Z", {"input_tokens": 40, "cached_input_tokens": 0,
                                                  "output_tokens": -3}, None),
    ])
    expected = (1000 + 700 + 40, 500 + 300, 0, 200 + 100)  # ccusage: 1,200/200/500, then 800/100/300
    assert tokens(scan_totals(capsys, codex=home)) == expected
    assert tokens(store_totals(capsys, home)) == expected


def test_a_rollout_in_sessions_and_archived_sessions_counts_once(tmp_path: Path,
                                                                 capsys: pytest.CaptureFixture) -> None:
    home = tmp_path / "codex"
    rows = [_meta("2026-01-02T03:04:05.000Z", PARENT), *_parent_rows()]
    lines(home / "sessions" / "2026" / "01" / "02" / f"rollout-2026-01-02T03-04-05-{PARENT}.jsonl", rows[:-1])
    lines(home / "archived_sessions" / f"rollout-2026-01-02T03-04-05-{PARENT}.jsonl", rows)
    assert tokens(scan_totals(capsys, codex=home)) == (1500, 50, 0, 0)
    assert tokens(store_totals(capsys, home)) == (1500, 50, 0, 0)


def test_the_model_named_on_a_token_event_wins(tmp_path: Path) -> None:
    home = tmp_path / "codex"
    path = lines(home / "sessions" / "rollout-2026-01-04T00-00-00-m.jsonl", [
        _meta("2026-01-04T00:00:00.000Z", "m"), _context("2026-01-04T00:00:01.000Z", "gpt-5-codex"),
        codex_tokens("2026-01-04T00:00:05.000Z", usage_of(100, 0, 10), usage_of(100, 0, 10),
                     model="gpt-5.1-codex-mini"),
        codex_tokens("2026-01-04T00:00:09.000Z", usage_of(100, 0, 10), usage_of(200, 0, 20)),
    ])
    rows, _, _ = usage_scan.scan(codex_dirs=[home], use_cache=False)
    assert sorted((r[3], r[4]) for r in rows) == [("gpt-5.1-codex-mini", 200)]
    assert [u.model for u in codex.parse(path).sessions[0].usage] == ["gpt-5.1-codex-mini"] * 2


def test_mso_fork_fixture_scan_and_import_agree(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    fixture = Path(__file__).parent.parent.parent / "fixtures" / "codex" / "rollout-2026-09-03T08-00-00-f-1.jsonl"
    home = tmp_path / "codex" / "sessions"
    home.mkdir(parents=True)
    (home / fixture.name).write_bytes(fixture.read_bytes())
    assert tokens(scan_totals(capsys, codex=home)) == tokens(store_totals(capsys, home)) == (800, 50, 0, 1200)


def test_a_fork_read_in_two_parts_counts_what_a_whole_read_does(tmp_path: Path) -> None:
    home = _fork_tree(tmp_path / "codex", spawned=True)
    child = next(home.rglob(f"*{CHILD}.jsonl"))
    whole = [(u.message_id, u.input_tokens) for u in codex.parse(child).sessions[0].usage]
    data = child.read_bytes().splitlines(keepends=True)
    part = tmp_path / child.name
    part.write_bytes(b"".join(data[:3]))  # stops inside the copied burst
    first = codex.parse(part)
    part.write_bytes(b"".join(data))
    second = codex.parse(part, first.end_offset, first.state)
    parts = [(u.message_id, u.input_tokens) for r in (first, second) for s in r.sessions for u in s.usage]
    assert parts == whole == [(f"codex:{CHILD}:1705", 150)]
