"""The direct usage scan: ccusage's counting rules, ground-truth totals, and the cache."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from mso_tui.usage import files as usage_files
from mso_tui.usage import scan as usage_scan
from mso_tui.usage.report import FineRow, build_report
from tests.helpers.claude_lines import assistant, ccusage_rules_tree, user, write

# the shared tools folder lies beside the repository (as in CI)
GEN = Path(__file__).resolve().parents[4] / "shared" / "tools" / "gen_claude_corpus.py"


def totals(claude: list[Path] = (), codex: list[Path] = (), **kw):  # type: ignore[no-untyped-def]
    """Scan and return (report totals, stats)."""
    rows, unpriced, stats = usage_scan.scan(claude, codex, **kw)
    return build_report([FineRow(*r) for r in rows], by="day", unpriced=unpriced).totals, stats


def _u(i: int, o: int, cw: int = 0, cr: int = 0) -> dict[str, int]:
    return {"input_tokens": i, "output_tokens": o, "cache_creation_input_tokens": cw, "cache_read_input_tokens": cr}


def test_counts_like_ccusage(tmp_path: Path) -> None:
    root = tmp_path / "claude" / "projects" / "-w-app"
    ts = "2026-09-01T10:00:00.000Z"
    a = [
        user("s1", "u1", "hi", ts, "/w/app"),
        assistant("s1", "a1", "x", ts, "/w/app", "msg_1", "req_1", _u(100, 10, 1000, 5000)),
        assistant("s1", "a2", "y", ts, "/w/app", "msg_1", "req_1", _u(100, 10, 1000, 5000)),  # same response
        # no requestId: an Anthropic message id in the same session is still one response
        assistant("s1", "a3", "z", ts, "/w/app", "msg_2", None, _u(1, 2)),
        assistant("s1", "a4", "z", ts, "/w/app", "msg_2", None, _u(1, 2)),
        # ... another id only when the timestamps are equal: these two are two responses
        assistant("s1", "a8", "z", ts, "/w/app", "gw-1", None, _u(20, 0)),
        assistant("s1", "a9", "z", "2026-09-01T10:00:01.000Z", "/w/app", "gw-1", None, _u(20, 0)),
        assistant("s1", "a5", "w", "2026-09-02T10:00:00Z", "/w/app", "msg_3", "req_3", _u(7, 8)),  # no fraction: ok
        {**assistant("s1", "a6", "bad", ts, "/w/app", "msg_4", "req_4"),
         "message": {"id": "msg_4", "usage": {"input_tokens": "9", "output_tokens": 9}}},  # not a number: skipped
        assistant("s1", "a7", "syn", ts, "/w/app", "msg_5", "req_5", _u(0, 0), model="<synthetic>"),
    ]
    write(root / "s1.jsonl", a, raw_tail='{"usage": broken\n')
    write(root / "s2.jsonl", [a[1], assistant("s2", "b1", "q", ts, "/w/app", "msg_9", "req_9", _u(3, 4))])
    got, _ = totals([tmp_path / "claude"], use_cache=False)
    assert (got.input_tokens, got.output_tokens, got.cache_creation_tokens, got.cache_read_tokens) == \
        (100 + 1 + 40 + 7 + 3, 10 + 2 + 8 + 4, 1000, 5000)
    expected_cost = (151 * 3 + 24 * 15 + 1000 * 3.75 + 5000 * 0.3) / 1e6
    assert got.cost_usd == pytest.approx(expected_cost)


def test_equals_generator_ground_truth(tmp_path: Path) -> None:
    out = subprocess.run([sys.executable, str(GEN), str(tmp_path / "gen"), "--mb", "2", "--seed", "7"],
                         capture_output=True, text=True, check=True)
    truth = json.loads(out.stdout)
    got, stats = totals([tmp_path / "gen"], use_cache=False, workers=2)
    assert stats.files == truth["sessions"]
    assert (got.input_tokens, got.output_tokens, got.cache_creation_tokens, got.cache_read_tokens) == \
        (truth["input"], truth["output"], truth["cache_create"], truth["cache_read"])
    # a projects/ folder itself is accepted too, with the same result
    assert totals([tmp_path / "gen" / "projects"], use_cache=False)[0] == got


def test_cache_second_run_reads_no_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "c" / "projects" / "p"
    for n in range(3):
        write(root / f"s{n}.jsonl", [assistant(f"s{n}", "a", "x", "2026-09-01T10:00:00.000Z", "/p", f"m{n}", f"r{n}")])
    first, stats1 = totals([tmp_path / "c"])
    assert stats1.files_read == 3

    def forbidden(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise AssertionError("a transcript was read on a warm run")

    with monkeypatch.context() as patch:  # (undo() would also drop the private MSO_DATA_DIR)
        patch.setattr(usage_files, "read_claude", forbidden)
        second, stats2 = totals([tmp_path / "c"])
    assert second == first and stats2.files_read == 0 and stats2.summary_cached
    with (root / "s1.jsonl").open("a") as handle:
        handle.write(json.dumps(assistant("s1", "b", "y", "2026-09-01T11:00:00.000Z", "/p", "m9", "r9")) + "\n")
    third, stats3 = totals([tmp_path / "c"])
    assert stats3.files_read == 1 and stats3.files_cached == 2
    assert third.input_tokens == first.input_tokens + 10


def test_codex_token_counts(tmp_path: Path) -> None:
    f = tmp_path / "codex" / "sessions" / "2026" / "02" / "07" / "rollout-x.jsonl"
    f.parent.mkdir(parents=True)

    def count(total: int, inp: int, cached: int, out: int) -> dict:
        usage = {"input_tokens": inp, "cached_input_tokens": cached, "output_tokens": out}
        return {"timestamp": "2026-02-07T08:00:00.000Z", "type": "event_msg",
                "payload": {"type": "token_count", "info": {"total_token_usage": {"input_tokens": total},
                                                            "last_token_usage": usage}}}
    lines = [
        {"timestamp": "2026-02-07T08:00:00.000Z", "type": "session_meta", "payload": {"id": "abc", "cwd": "/w"}},
        {"timestamp": "2026-02-07T08:00:00.000Z", "type": "turn_context", "payload": {"model": "gpt-5-codex"}},
        {"timestamp": "2026-02-07T08:00:00.000Z", "type": "event_msg",
         "payload": {"type": "token_count", "info": None}},
        count(100, 100, 60, 10), count(100, 100, 60, 10),  # a repeated count is not a new call
        count(300, 200, 150, 20),
    ]
    f.write_text("".join(json.dumps(x) + "\n" for x in lines))
    got, _ = totals(codex=[tmp_path / "codex"], use_cache=False)
    assert (got.input_tokens, got.cache_read_tokens, got.output_tokens) == (90, 210, 30)
    assert got.cost_usd == pytest.approx((90 * 1.25 + 210 * 0.125 + 30 * 10) / 1e6)


def test_any_iso_timestamp_counts_on_its_utc_minute(tmp_path: Path) -> None:
    root = tmp_path / "c" / "projects" / "p"
    lines = [
        assistant("s", "a1", "x", "20260901T103000Z", "/p", "m1", "r1", _u(1, 0)),  # basic format
        assistant("s", "a2", "x", "2026-09-02T01:30:00+02:00", "/p", "m2", "r2", _u(10, 0)),  # 23:30 UTC, 1 Sep
        assistant("s", "a3", "x", "2026-13-01T00:00:00Z", "/p", "m3", "r3", _u(100, 0)),  # no such month: skipped
        assistant("s", "a4", "x", 1756722600, "/p", "m4", "r4", _u(1000, 0)),  # not a string: skipped
    ]
    write(root / "s.jsonl", lines)
    data = usage_files.read_claude(str(root / "s.jsonl"))
    assert data[0] == "2026-09-01T10:30"  # earliest minute, normalised
    assert {(g[0], g[2]) for g in data[4]} == {("2026-09-01", 11)}


def test_resumed_session_counts_shared_responses_once_for_the_first(tmp_path: Path) -> None:
    root = tmp_path / "c" / "projects" / "p"
    first = [assistant("s1", f"a{i}", "x", f"2026-09-01T10:0{i}:00.000Z", "/p", f"m{i}", f"r{i}", _u(1, 1))
             for i in range(3)]
    resumed = [{**r, "sessionId": "s2"} for r in first]  # the history, copied into the new file
    first.insert(0, assistant("s1", "a", "x", "2026-09-01T09:00:00.000Z", "/p", "m", "r", _u(1, 1)))
    resumed += [assistant("s2", f"b{i}", "y", f"2026-09-02T10:0{i}:00.000Z", "/p", f"n{i}", f"q{i}", _u(5, 5))
                for i in range(2)]
    write(root / "a-resumed.jsonl", resumed)  # sorts first by name: order must come from the timestamps
    write(root / "b-first.jsonl", first)
    rows, _, _ = usage_scan.scan([tmp_path / "c"], use_cache=False, workers=2)
    by_session = build_report([FineRow(*r) for r in rows], by="session")
    assert {r.key: r.tokens.input_tokens for r in by_session.rows} == {"s1": 4, "s2": 10}


def test_caches_of_older_versions_are_removed(tmp_path: Path) -> None:
    from mso_tui.locations import cache_dir

    old = [cache_dir() / f"usage-{kind}-v2.marshal" for kind in ("files", "summary", "output")]
    for path in old:
        path.write_bytes(b"old")
    root = tmp_path / "c" / "projects" / "p"
    write(root / "s.jsonl", [assistant("s", "a", "x", "2026-09-01T10:00:00.000Z", "/p", "m", "r")])
    totals([tmp_path / "c"])
    assert not any(path.exists() for path in old)
    assert (cache_dir() / f"usage-files-v{usage_scan.CACHE_VERSION}.marshal").exists()


def test_counts_like_ccusage_20_on_every_rule(tmp_path: Path) -> None:
    expected = ccusage_rules_tree(tmp_path / "c" / "projects")
    got, _ = totals([tmp_path / "c"], use_cache=False, workers=2)
    # msg_A: its final copy; msg_B: the parent's progress copy wins over the sidechain's (as ccusage 20 counts)
    assert (got.input_tokens, got.output_tokens, got.cache_creation_tokens, got.cache_read_tokens) == expected
