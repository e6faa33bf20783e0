"""Claude Code importer on small hand-written fixtures."""
from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

from mso_tui.importers import claude_code
from mso_tui.importers.base import ParsedTurn

FIXTURES = Path(__file__).parent.parent.parent / "fixtures" / "claude_code"
MAIN = FIXTURES / "s-1.jsonl"
SUB = FIXTURES / "s-sub" / "subagents" / "agent-abc.jsonl"


def _turns(path: Path = MAIN) -> list[ParsedTurn]:
    """All turns of the fixture's single session."""
    result = claude_code.parse(path)
    assert len(result.sessions) == 1
    return result.sessions[0].turns


def test_module_contract() -> None:
    """FORMAT, AGENT, sniff and parse are there."""
    assert claude_code.FORMAT == "claude-code"
    assert claude_code.AGENT == "claude-code"
    assert claude_code.sniff(MAIN, MAIN.read_bytes()[:4096])
    assert claude_code.sniff(SUB, SUB.read_bytes()[:4096])
    assert not claude_code.sniff(Path("x.jsonl"), b'{"timestamp":"t","type":"session_meta","payload":{}}\n')
    assert not claude_code.sniff(Path("x.md"), MAIN.read_bytes()[:4096])


def test_session_fields() -> None:
    """Session id, cwd and branch come from records; custom title beats the summary; times are naive UTC."""
    session = claude_code.parse(MAIN).sessions[0]
    assert session.agent_session_id == "s-1"
    assert session.agent == "claude-code"
    assert session.cwd == "/home/dev/proj"
    assert session.git_branch == "main"
    assert session.title == "Fix date parsing"
    assert session.started_at == dt.datetime(2026, 9, 1, 7, 1, 5)  # no fractional seconds: still accepted
    assert session.ended_at == dt.datetime(2026, 9, 1, 7, 2, 0)


def test_usage_deduplicated_with_cache_split_and_cost() -> None:
    """One event per (message.id, requestId); the 1h cache write is split out; costUSD kept; synthetic dropped."""
    usage = claude_code.parse(MAIN).sessions[0].usage
    assert [(u.message_id, u.request_id) for u in usage] == [("msg_1", "req_1"), ("msg_2", "req_2")]
    first, second = usage
    assert (first.input_tokens, first.output_tokens, first.cache_creation_tokens, first.cache_read_tokens) == (
        10, 200, 3000, 9000)
    assert first.cache_creation_1h_tokens == 2000
    assert first.cost_usd is None and second.cost_usd == 0.0123
    assert second.timestamp == dt.datetime(2026, 9, 1, 7, 1, 10)  # +02:00 converted to UTC


def test_turn_kinds_in_order() -> None:
    """Requests, thinking, tool calls/results, meta, summaries and API errors are told apart."""
    kinds = [(t.role, t.kind) for t in _turns()]
    assert kinds == [
        ("system", "summary"), ("user", "message"), ("assistant", "thinking"), ("assistant", "tool_call"),
        ("tool", "tool_result"), ("assistant", "message"), ("assistant", "tool_call"), ("tool", "tool_result"),
        ("assistant", "tool_call"), ("tool", "tool_result"), ("user", "meta"), ("user", "meta"),
        ("system", "summary"), ("system", "summary"), ("assistant", "message"), ("user", "message"),
    ]


def test_tool_calls_pair_with_results() -> None:
    """Call source ids are the tool_use ids; results refer to them; summaries and exit codes are set."""
    turns = _turns()
    calls = {t.source_id: t for t in turns if t.kind == "tool_call"}
    results = {t.source_id: t for t in turns if t.kind == "tool_result"}
    assert set(results) == {f"{key}:result" for key in calls}
    assert calls["toolu_1"].tool_name == "Bash" and calls["toolu_1"].tool_input == "pytest -q"
    assert calls["toolu_2"].tool_input == "/home/dev/proj/parser.py"
    assert calls["toolu_3"].tool_input == "[x] Fix parser; [~] Run full suite; [ ] Update docs"
    failed = results["toolu_1:result"]
    assert failed.is_error and failed.exit_code == 1 and failed.tool_name == "Bash"
    assert results["toolu_2:result"].text == "The file has been updated."
    assert not results["toolu_2:result"].is_error and results["toolu_2:result"].exit_code is None


def test_thinking_is_short_and_unsigned() -> None:
    """Thinking text is clipped and the signature never kept."""
    thinking = next(t for t in _turns() if t.kind == "thinking")
    assert len(thinking.text) <= 500
    assert "SIGNATURE" not in thinking.text


def test_api_error_and_tokens_on_first_turn() -> None:
    """An isApiErrorMessage record is an error; a call's tokens go on its first turn only."""
    turns = _turns()
    error = next(t for t in turns if t.text.startswith("API Error"))
    assert error.is_error and error.model is None
    assert sum(t.output_tokens for t in turns) == 280


def test_bad_lines_are_counted_with_real_line_numbers() -> None:
    """Malformed and non-object lines are errors; unknown types only skipped; the unfinished line is left."""
    result = claude_code.parse(MAIN)
    assert [(e.line, e.reason.split(":")[0]) for e in result.errors] == [
        (17, "malformed JSON"), (18, "expected a JSON object, got list")]
    assert result.skipped_lines == 3
    data = MAIN.read_bytes()
    assert not data.endswith(b"\n")
    assert result.end_offset == data.rfind(b"\n") + 1
    assert result.lines_read == 20


def test_incremental_read_continues_line_numbers(tmp_path: Path) -> None:
    """Reading in two parts gives the same turns and real line numbers for errors in the second part."""
    lines = MAIN.read_bytes().splitlines(keepends=True)
    path = tmp_path / "s-1.jsonl"
    path.write_bytes(b"".join(lines[:10]))
    first = claude_code.parse(path)
    assert first.errors == [] and first.end_offset == path.stat().st_size
    with path.open("ab") as handle:
        handle.write(b"".join(lines[10:]))
    second = claude_code.parse(path, first.end_offset, first.state)
    assert [e.line for e in second.errors] == [17, 18]
    whole = [t.source_id for t in _turns()]
    parts = [t.source_id for r in (first, second) for s in r.sessions for t in s.turns]
    assert parts == whole
    # The tool name of a call in part one still labels its result in part two.
    assert all(t.tool_name for r in (first, second) for s in r.sessions for t in s.turns if t.kind == "tool_result")


def test_finishing_the_last_line_makes_it_readable(tmp_path: Path) -> None:
    """Once the writer completes it, the held-back line is read (a whole object needs no newline)."""
    path = tmp_path / "s-1.jsonl"
    shutil.copy(MAIN, path)
    first = claude_code.parse(path)
    with path.open("ab") as handle:
        handle.write(b"}}")  # the last line complete, still without its newline
    second = claude_code.parse(path, first.end_offset, first.state)
    assert [t.text for s in second.sessions for t in s.turns] == ["still typing"]
    assert second.end_offset == path.stat().st_size


def test_subagent_file_is_sidechain() -> None:
    """A subagents/agent-*.jsonl file belongs to the parent session and is marked sidechain."""
    session = claude_code.parse(SUB).sessions[0]
    assert session.agent_session_id == "s-1"
    assert all(t.is_sidechain for t in session.turns)
    assert session.turns[1].tool_input == "def parse_date in src"
    assert claude_code.is_sidechain_file(SUB)
    assert not claude_code.is_sidechain_file(MAIN)


def test_usage_only_scan_matches_full_parse() -> None:
    """The fast usage scan yields the same usage as the full parse, and no turns."""
    fast = claude_code.parse(MAIN, usage_only=True)
    assert [s.usage for s in fast.sessions] == [s.usage for s in claude_code.parse(MAIN).sessions]
    assert all(not s.turns for s in fast.sessions)


def test_missing_file_and_garbage(tmp_path: Path) -> None:
    """A missing file is one error; binary garbage lines are errors, not exceptions."""
    missing = claude_code.parse(tmp_path / "nope.jsonl")
    assert missing.sessions == [] and len(missing.errors) == 1
    path = tmp_path / "junk.jsonl"
    path.write_bytes(b"\x00\xff\xfe garbage\n\x89PNG\r\n\x1a\n")
    junk = claude_code.parse(path)
    assert len(junk.errors) == junk.skipped_lines == 3
    assert junk.end_offset == path.stat().st_size


def test_a_streamed_response_counts_its_final_copy(tmp_path: Path) -> None:
    from tests.helpers.claude_lines import assistant, usage_counts

    ts = "2026-09-01T10:00:00.000Z"
    f = tmp_path / "s.jsonl"
    f.write_text("".join(json.dumps(r) + "\n" for r in [  # one response, one line per content block
        assistant("s", "a1", "thinking it over", ts, "/w", "msg_1", "req_1", usage_counts(5, 8)),
        assistant("s", "a2", "done", ts, "/w", "msg_1", "req_1", usage_counts(5, 291))]))
    session = claude_code.parse(f).sessions[0]
    assert [u.output_tokens for u in session.usage] == [291]
    assert [t.output_tokens for t in session.turns] == [291, 0]  # the call's turn shows its final count


def test_a_final_copy_after_a_copy_without_turns_is_no_error(tmp_path: Path) -> None:
    from tests.helpers.claude_lines import assistant, usage_counts

    ts = "2026-09-01T10:00:00.000Z"
    empty = assistant("s", "a1", "x", ts, "/w", "msg_1", "req_1", usage_counts(5, 8))
    empty["message"]["content"] = []  # a copy that shows nothing (found in the corpus)
    f = tmp_path / "s.jsonl"
    f.write_text("".join(json.dumps(r) + "\n" for r in [
        empty, assistant("s", "a2", "done", ts, "/w", "msg_1", "req_1", usage_counts(5, 291))]))
    result = claude_code.parse(f)
    assert result.errors == [] and [u.output_tokens for u in result.sessions[0].usage] == [291]
