"""Codex CLI importer on small hand-written fixtures."""
from __future__ import annotations

import datetime as dt
import importlib.util
from pathlib import Path

import pytest

from mso_tui.importers import codex

FIXTURES = Path(__file__).parent.parent.parent / "fixtures" / "codex"
MAIN = FIXTURES / "rollout-2026-09-02T10-00-00-c-1.jsonl"
FORK = FIXTURES / "rollout-2026-09-03T08-00-00-f-1.jsonl"


def test_module_contract() -> None:
    """FORMAT, AGENT and sniff."""
    assert (codex.FORMAT, codex.AGENT) == ("codex", "codex")
    assert codex.sniff(MAIN, MAIN.read_bytes()[:4096])
    assert not codex.sniff(MAIN, b'{"type":"user","sessionId":"x","parentUuid":null}\n')


def test_session_fields() -> None:
    """Id, cwd and branch from session_meta; title from the first real request."""
    session = codex.parse(MAIN).sessions[0]
    assert session.agent_session_id == "c-1" and session.agent == "codex"
    assert session.cwd == "/home/dev/proj" and session.git_branch == "main"
    assert session.title == "Run the tests"
    assert session.started_at == dt.datetime(2026, 9, 2, 10, 0, 0)
    assert session.ended_at == dt.datetime(2026, 9, 2, 10, 0, 15)


def test_usage_splits_cached_input_and_skips_repeats() -> None:
    """last_token_usage per event; input excludes cached; a repeated total is not counted twice."""
    usage = codex.parse(MAIN).sessions[0].usage
    assert [(u.input_tokens, u.cache_read_tokens, u.output_tokens) for u in usage] == [(200, 800, 50), (500, 1000, 70)]
    assert {u.model for u in usage} == {"gpt-5-codex"}
    assert all(u.request_id == "" for u in usage)
    assert len({u.message_id for u in usage}) == 2
    # Ids do not depend on where a read started: a re-read gives the same ids.
    assert [u.message_id for u in codex.parse(MAIN).sessions[0].usage] == [u.message_id for u in usage]


def test_texts_counted_once_and_meta_marked() -> None:
    """Item and event copies of a text become one turn; injected context is meta."""
    turns = codex.parse(MAIN).sessions[0].turns
    texts = [t.text for t in turns if t.kind in ("message", "thinking")]
    assert texts.count("Run the tests") == 1
    assert texts.count("Running the tests now.") == 1
    assert texts.count("**Planning the test run**") == 1
    meta = [t for t in turns if t.kind == "meta"]
    assert [t.role for t in meta] == ["system", "user", "user", "system"]
    assert meta[1].text.startswith("# AGENTS.md") and meta[2].text.startswith("<environment_context>")
    assert not any("gAAAA" in t.text for t in turns)  # encrypted reasoning never kept


def test_tool_calls_summaries_and_exit_codes() -> None:
    """Arguments are parsed and summarised; outputs give exit codes from metadata or text."""
    turns = codex.parse(MAIN).sessions[0].turns
    calls = {t.source_id: t for t in turns if t.kind == "tool_call"}
    results = {t.source_id: t for t in turns if t.kind == "tool_result"}
    assert set(results) == {f"{key}:result" for key in calls}
    assert calls["call_1"].tool_input == "pytest -q"  # ["bash", "-lc", cmd] unwrapped
    assert calls["call_2"].tool_input == "[~] Fix parser; [ ] Run tests"
    assert calls["call_3"].tool_input == "src/parser.py, tests/test_new.py"
    assert calls["call_4"].tool_input == "pytest -q"
    assert (results["call_1:result"].exit_code, results["call_1:result"].is_error) == (1, True)
    assert results["call_1:result"].text == "1 failed, 3 passed"
    assert results["call_3:result"].exit_code == 0
    assert (results["call_4:result"].exit_code, results["call_4:result"].is_error) == (0, False)
    assert results["call_2:result"].exit_code is None
    assert calls["call_1"].model == "gpt-5-codex"


def test_compaction_abort_and_bad_lines() -> None:
    """compacted is a summary; unknown types are skipped; bad JSON is an error; the open line waits."""
    result = codex.parse(MAIN)
    turns = result.sessions[0].turns
    assert any(t.kind == "summary" and t.text.startswith("Summary of earlier work") for t in turns)
    assert any(t.kind == "meta" and t.text == "Turn aborted (turn_aborted): interrupted" for t in turns)
    assert [e.line for e in result.errors] == [26]
    assert result.skipped_lines == 2
    assert result.end_offset == MAIN.read_bytes().rfind(b"\n") + 1


def test_fork_skips_replayed_parent_rows() -> None:
    """A fork keeps its own id and cwd and drops the copied burst of its parent's rows."""
    session = codex.parse(FORK).sessions[0]
    assert session.agent_session_id == "f-1" and session.cwd == "/home/dev/proj"
    assert [t.text for t in session.turns] == ["Now fix the parser"]
    assert [(u.input_tokens, u.cache_read_tokens, u.output_tokens) for u in session.usage] == [(800, 1200, 50)]
    assert session.usage[0].model == "gpt-5-codex"


def test_incremental_read(tmp_path: Path) -> None:
    """Two reads give the same turns and usage as one, with real line numbers and no double texts."""
    lines = MAIN.read_bytes().splitlines(keepends=True)
    path = tmp_path / MAIN.name
    path.write_bytes(b"".join(lines[:10]))  # ends between the event and the item copy of a text
    first = codex.parse(path)
    with path.open("ab") as handle:
        handle.write(b"".join(lines[10:]))
    second = codex.parse(path, first.end_offset, first.state)
    whole = codex.parse(MAIN)
    assert [t.source_id for r in (first, second) for s in r.sessions for t in s.turns] == [
        t.source_id for t in whole.sessions[0].turns]
    assert [u.message_id for r in (first, second) for s in r.sessions for u in s.usage] == [
        u.message_id for u in whole.sessions[0].usage]
    assert [e.line for e in second.errors] == [26]
    assert second.sessions[0].agent_session_id == "c-1"


@pytest.mark.skipif(importlib.util.find_spec("zstandard") is not None, reason="zstandard is installed")
def test_zst_without_zstandard_is_a_clear_error(tmp_path: Path) -> None:
    """A compressed rollout without the zstandard module is one clear per-file error."""
    path = tmp_path / "rollout-2026-09-02T10-00-00-c-1.jsonl.zst"
    path.write_bytes(b"\x28\xb5\x2f\xfd junk")
    result = codex.parse(path)
    assert result.sessions == [] and "zstandard" in result.errors[0].reason


def _legacy_rollout(instructions_chars: int) -> bytes:
    """A rollout as Codex wrote it before the envelope: a bare meta line, then bare items."""
    import orjson

    meta = {"id": "0d5e5c1e-1111-4222-8333-944445555666", "timestamp": "2025-09-24T01:08:12.049Z",
            "instructions": "x" * instructions_chars, "git": {"branch": "main"}}
    item = {"type": "message", "role": "user", "content": [{"type": "input_text", "text": "Run the tests"}]}
    return b"\n".join([orjson.dumps(meta), b'{"record_type":"state"}', orjson.dumps(item)]) + b"\n"


@pytest.mark.parametrize("instructions_chars", [100, 70_000])
def test_sniff_knows_legacy_rollouts(tmp_path: Path, instructions_chars: int) -> None:
    """A pre-envelope rollout is a Codex file, also when its first line is longer than the sniff window."""
    path = tmp_path / "session-2025-09-24.jsonl"  # not named rollout-*: the content alone decides
    data = _legacy_rollout(instructions_chars)
    path.write_bytes(data)
    assert codex.sniff(path, data[:65536])
    from mso_tui.importers import registry

    assert registry.detect_format(path) is codex
    session = codex.parse(path).sessions[0]
    assert session.agent_session_id == "0d5e5c1e-1111-4222-8333-944445555666"
    assert session.title == "Run the tests"


def test_sniff_refuses_other_json_lines() -> None:
    """A line with an id and a timestamp but none of a rollout's meta keys is not Codex."""
    head = b'{"id":"abc","timestamp":"2025-09-24T01:08:12Z","type":"user","sessionId":"x"}\n'
    assert not codex.sniff(Path("x.jsonl"), head)


def test_a_call_the_sandbox_refused_or_killed_is_an_error() -> None:
    """A plain-text output in which Codex says its sandbox stopped the call is a failure, whatever the tool."""
    from mso_tui.importers.codex_items import result_turn

    tools = {"c1": "shell", "c2": "shell"}
    said = "failed in sandbox: sandbox error: command was killed by a signal"
    killed = result_turn({"call_id": "c1", "output": said}, None, "x", tools)
    assert killed.is_error and killed.exit_code is None
    fine = result_turn({"call_id": "c2", "output": "the sandbox is fine: 3 files"}, None, "y", tools)
    assert not fine.is_error


def test_a_sandbox_refusals_debug_dump_reads_as_the_commands_own_output() -> None:
    """Codex reports some refusals as the debug dump of its error value: the exit code and the command's output
    inside it become the result's, the dump's structure goes."""
    from mso_tui.importers.codex_items import result_turn

    inner = 'error: could not lock config file .git/config: Operation not permitted\\\\n'
    dump = ('exec_command failed: CreateProcess { message: "Codex(Sandbox(Denied { output: ExecToolCallOutput { '
            'exit_code: 255, stdout: StreamOutput { text: \\"\\", truncated_after_lines: None }, '
            f'stderr: StreamOutput {{ text: \\"{inner}\\", truncated_after_lines: None }}, '
            f'aggregated_output: StreamOutput {{ text: \\"{inner}\\", truncated_after_lines: None }}, '
            'duration: 0ns, timed_out: false } }))" }')
    turn = result_turn({"call_id": "c1", "output": dump}, None, "x", {"c1": "exec_command"})
    assert turn.text == "sandbox: denied\nerror: could not lock config file .git/config: Operation not permitted"
    assert turn.exit_code == 255 and turn.is_error
