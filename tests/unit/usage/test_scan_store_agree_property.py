"""The direct scan and import-then-usage give the same totals on any Claude and Codex tree (one property).

Trees are generated with the shapes the peers' suites test: streamed copies of a response, subagent
files replaying a parent's call under a new request id, workflow agents (`<session>#agent-<id>`),
Codex forks and spawned subagents opening with the parent's history re-stamped at the fork,
cumulative-only token events, archived copies of a rollout, and files without a final newline.
"""
from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.helpers.cli_run import run
from tests.helpers.peer_trees import TOKENS, claude_assistant, codex_line, codex_tokens, usage_of

COUNT = st.integers(0, 5000)
# a Claude call: (message, request, input, output, cache write, cache read, streamed copies)
CALL = st.tuples(st.integers(0, 5), st.integers(0, 2), COUNT, COUNT, COUNT, COUNT, st.integers(0, 2))
SESSION = st.fixed_dictionaries({
    "calls": st.lists(CALL, max_size=5),
    "replays": st.lists(st.tuples(st.integers(0, 9), COUNT, COUNT), max_size=3),  # (which call, output, cache read)
    "workflow": st.lists(CALL, max_size=2),
    "bare_end": st.booleans(),
})
# a Codex event: (last given, total given, input, cached, output, model named on the event)
EVENT = st.tuples(st.booleans(), st.booleans(), COUNT, COUNT, COUNT, st.booleans())
ROLLOUT = st.fixed_dictionaries({
    "events": st.lists(EVENT, max_size=5),
    "child": st.sampled_from(["", "fork", "spawn"]),
    "own": st.lists(EVENT, max_size=3),
    "archived": st.sampled_from(["", "same", "prefix"]),
    "bare_end": st.booleans(),
})


def _write(path: Path, records: list[dict], bare_end: bool) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = "\n".join(json.dumps(r) for r in records)
    path.write_text(text + ("" if bare_end or not records else "\n"))


def _claude_calls(sid: str, calls: list[tuple], prefix: str, side: bool) -> list[dict]:
    """Each call and its streamed copies; a later copy's count is larger, as when streaming ends."""
    out = []
    for n, (m, r, inp, outp, cw, cr, copies) in enumerate(calls):
        for copy in range(copies + 1):
            usage = {"input_tokens": inp, "output_tokens": outp + copy * 7, "cache_creation_input_tokens": cw,
                     "cache_read_input_tokens": cr}
            out.append(claude_assistant(sid, f"{prefix}{n}.{copy}", f"msg_{prefix}{m}", f"req_{prefix}{m}.{r}",
                                        usage, side=side, ts=f"2026-09-01T10:{n % 60:02d}:{copy:02d}.000Z"))
    return out


def _claude_tree(root: Path, sessions: list[dict]) -> None:
    for i, s in enumerate(sessions):
        sid = f"s{i}"
        project = root / "projects" / f"-w-p{i % 2}"
        parent = _claude_calls(sid, s["calls"], f"{sid}-", False)
        _write(project / f"{sid}.jsonl", parent, s["bare_end"])
        replays = []
        for k, (which, outp, cr) in enumerate(s["replays"]):
            if not parent:
                break
            source = parent[which % len(parent)]["message"]
            usage = {"input_tokens": 1, "output_tokens": outp, "cache_read_input_tokens": cr + 10 * k}
            replays.append(claude_assistant(sid, f"{sid}-r{k}", source["id"], f"req_{sid}-replay{k}", usage,
                                            side=True, ts=f"2026-09-01T11:00:{k:02d}.000Z"))
        if replays:
            _write(project / sid / "subagents" / "agent-a1.jsonl", replays, False)
        if s["workflow"]:
            agent = f"{sid}#agent-w1"
            _write(project / sid / "subagents" / "workflows" / "wf1" / "agent-w1.jsonl",
                   _claude_calls(agent, s["workflow"], f"{sid}-w", True), False)


def _codex_events(events: list[tuple], start: int, clock: str) -> tuple[list[dict], int]:
    """Token events every 5 seconds from clock:SS; cumulative totals carried from `start`."""
    rows, total = [], start
    for n, (has_last, has_total, inp, cached, outp, named) in enumerate(events):
        cached = min(cached, inp)
        total += inp + outp
        last = usage_of(inp, cached, outp) if has_last or not has_total else None
        cumulative = usage_of(total, 0, 0) if has_total else None
        if cumulative is not None:
            cumulative = {**cumulative, "input_tokens": total - outp, "output_tokens": outp}
        extra = {"model": "gpt-5.1-codex"} if named else {}
        rows.append(codex_tokens(f"{clock}:{5 * n + 5:02d}.000Z", last, cumulative, **extra))
    return rows, total


def _codex_tree(home: Path, rollouts: list[dict]) -> None:
    for i, r in enumerate(rollouts):
        sid = f"0000000{i}-0000-4000-8000-000000000000"
        clock = f"2026-01-02T0{i}:00"
        meta = codex_line(f"{clock}:00.000Z", "session_meta", {"id": sid, "cwd": "/w/c"})
        context = codex_line(f"{clock}:01.000Z", "turn_context", {"model": "gpt-5-codex", "cwd": "/w/c"})
        events, total = _codex_events(r["events"], 0, clock)
        rows = [meta, context, *events]
        name = f"rollout-2026-01-02T0{i}-00-00-{sid}.jsonl"
        _write(home / "sessions" / "2026" / "01" / "02" / name, rows, r["bare_end"])
        if r["archived"]:
            _write(home / "archived_sessions" / name, rows if r["archived"] == "same" else rows[:-1], False)
        if r["child"]:
            child = f"1000000{i}-0000-4000-8000-000000000000"
            fork = f"2026-01-02T0{i}:30"
            link = {"forked_from_id": sid} if r["child"] == "fork" else {
                "source": {"subagent": {"thread_spawn": {"parent_thread_id": sid}}}}
            head = codex_line(f"{fork}:00.000Z", "session_meta", {"id": child, "cwd": "/w/c", **link})
            copied = [{**row, "timestamp": f"{fork}:00.{n + 1:03d}Z"} for n, row in enumerate(rows)]
            own, _ = _codex_events(r["own"], total, fork)
            _write(home / "sessions" / "2026" / "01" / "02" / f"rollout-2026-01-02T0{i}-30-00-{child}.jsonl",
                   [head, *copied, *own], False)


def _totals(capsys: pytest.CaptureFixture, args: list[str]) -> dict:
    status, out, err = run(args, capsys)
    assert status == 0, err
    return json.loads(out)["totals"]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(claude=st.lists(SESSION, max_size=3), rollouts=st.lists(ROLLOUT, max_size=3))
def test_scan_and_import_give_the_same_totals(claude: list[dict], rollouts: list[dict],
                                              capsys: pytest.CaptureFixture) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        _claude_tree(base / "claude", claude)
        _codex_tree(base / "codex", rollouts)
        (base / "claude").mkdir(exist_ok=True)
        (base / "codex").mkdir(exist_ok=True)
        saved = os.environ.get("MSO_DATA_DIR")
        os.environ["MSO_DATA_DIR"] = str(base / "data")
        try:
            scan = _totals(capsys, ["usage", "--json", "--no-cache", "--claude-dir", str(base / "claude"),
                                    "--codex-dir", str(base / "codex")])
            for folder in ("claude", "codex"):
                status, _, err = run(["import", str(base / folder)], capsys)
                assert status == 0, err
            store = _totals(capsys, ["usage", "--json"])
        finally:
            if saved is not None:
                os.environ["MSO_DATA_DIR"] = saved
        assert [scan[k] for k in TOKENS] == [store[k] for k in TOKENS]
        # costs: per call in the store, per summed group in the scan; equal to the printed precision
        assert (scan["cost_usd"] or 0) == pytest.approx(store["cost_usd"] or 0, abs=2e-6)
