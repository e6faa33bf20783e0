"""Fuzz the JSON-lines importers: random and mutated lines never make parse() raise."""
from __future__ import annotations

import json
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mso_tui.importers import claude_code, codex, gemini

FIXTURES = Path(__file__).parent.parent.parent / "fixtures"
MODULES = [claude_code, codex, gemini]
# Keys the importers look at, so random objects reach deep into their code paths.
KEYS = ["type", "message", "content", "payload", "sessionId", "id", "uuid", "timestamp", "usage", "requestId",
        "model", "role", "text", "thinking", "tool_use_id", "input", "name", "is_error", "isMeta", "isSidechain",
        "cwd", "info", "total_token_usage", "last_token_usage", "input_tokens", "cached_input_tokens",
        "output_tokens", "arguments", "call_id", "output", "metadata", "exit_code", "toolCalls", "args", "result",
        "status", "tokens", "cached", "thoughts", "$set", "$rewindTo", "messages", "summary", "subtype",
        "cache_creation", "forked_from_id", "functionResponse", "response", "todos", "plan", "command"]
VALUES = ["user", "assistant", "system", "summary", "session_meta", "turn_context", "response_item", "event_msg",
          "token_count", "message", "function_call", "function_call_output", "custom_tool_call", "reasoning",
          "tool_use", "tool_result", "thinking", "text", "gemini", "info", "error", "Bash", "apply_patch",
          "update_plan", "run_shell_command", "compact_boundary", "2026-09-01T07:01:05Z", "2026-13-45T99:99:99Z",
          "user_message", "agent_message", "compacted", "*** Begin Patch\n*** Update File: a.py\n"]
SCALARS = (st.none() | st.booleans() | st.integers(-(2 ** 70), 2 ** 70) | st.floats(allow_nan=True)
           | st.sampled_from(VALUES) | st.text(max_size=20))
JSON = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=4)
                    | st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=5), inner, max_size=6), max_leaves=25)
RECORDS = st.dictionaries(st.sampled_from(KEYS), JSON, max_size=8)


def _line(value: object) -> bytes:
    """One JSON line; values plain json cannot write (NaN) still become text."""
    return json.dumps(value, default=str).encode() + b"\n"


def _fixture_lines() -> list[bytes]:
    """Real-shaped lines from all the JSON-lines fixtures, to mutate."""
    lines: list[bytes] = []
    for folder in ("claude_code", "codex", "gemini"):
        for path in sorted((FIXTURES / folder).rglob("*.jsonl")):
            lines.extend(line for line in path.read_bytes().splitlines(keepends=True) if line.endswith(b"\n"))
    return lines


FIXTURE_LINES = _fixture_lines()


def _check(module: ModuleType, path: Path) -> None:
    """parse() returns a coherent result for the file, from zero and from its own end offset."""
    size = path.stat().st_size
    result = module.parse(path)
    assert 0 <= result.end_offset <= size
    assert result.skipped_lines >= len([e for e in result.errors if e.line > 0])
    for error in result.errors:
        assert 0 <= error.line <= result.lines_read + 1
    again = module.parse(path, result.end_offset, result.state)
    assert again.end_offset >= result.end_offset or path.suffix == ".json"


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.FORMAT)
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(records=st.lists(RECORDS, max_size=12))
def test_random_records(module: ModuleType, records: list[dict], tmp_path: Path) -> None:
    """Random objects built from the keys and values the importers read."""
    path = tmp_path / "random.jsonl"
    path.write_bytes(b"".join(_line(record) for record in records))
    _check(module, path)


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.FORMAT)
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(chunks=st.lists(st.binary(max_size=60), max_size=8), tail=st.binary(max_size=30))
def test_random_bytes(module: ModuleType, chunks: list[bytes], tail: bytes, tmp_path: Path) -> None:
    """Binary garbage, empty lines and an unterminated tail."""
    path = tmp_path / "garbage.jsonl"
    path.write_bytes(b"".join(chunk + b"\n" for chunk in chunks) + tail)
    _check(module, path)


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.FORMAT)
@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_mutated_fixture_lines(module: ModuleType, data: st.DataObject, tmp_path: Path) -> None:
    """Real-shaped lines with bytes cut, flipped, or values replaced by random JSON."""
    picks = data.draw(st.lists(st.sampled_from(FIXTURE_LINES), min_size=1, max_size=10))
    lines = []
    for line in picks:
        how = data.draw(st.sampled_from(["keep", "cut", "flip", "replace"]))
        if how == "cut":
            line = line[: data.draw(st.integers(0, max(len(line) - 1, 0)))] + b"\n"
        elif how == "flip" and len(line) > 2:
            at = data.draw(st.integers(0, len(line) - 2))
            line = line[:at] + bytes([data.draw(st.integers(0, 255))]) + line[at + 1:]
        elif how == "replace":
            try:
                record = json.loads(line)
            except ValueError:  # the fixtures hold deliberately broken lines too
                record = None
            if isinstance(record, dict) and record:
                key = data.draw(st.sampled_from(sorted(record)))
                record[key] = data.draw(JSON)
                line = _line(record)
        lines.append(line)
    path = tmp_path / "mutated.jsonl"
    path.write_bytes(b"".join(lines))
    _check(module, path)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=JSON)
def test_gemini_whole_file_shapes(value: object, tmp_path: Path) -> None:
    """Any JSON value as an older .json chat or a logs.json never raises."""
    for name in ("session-x.json", "logs.json"):
        path = tmp_path / name
        path.write_bytes(json.dumps(value, default=str).encode())
        _check(gemini, path)
    chat = tmp_path / "session-y.json"
    chat.write_bytes(json.dumps({"sessionId": "s", "messages": value if isinstance(value, list) else [value]},
                                default=str).encode())
    _check(gemini, chat)
