"""A Claude file decoded whole gives the same responses as read line by line; a bad line sends it line by line."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mso_tui.usage import claude_lines
from mso_tui.usage.claude_lines import responses
from tests.helpers.claude_lines import assistant, conversation

CORPUS = Path(os.environ.get("MSO_CORPUS", "")) / "claude_code"


def _plain(found: list[tuple]) -> list[tuple]:
    """Responses with their message structs as builtins, comparable."""
    import msgspec

    return [(msgspec.to_builtins(m), *rest) for m, *rest in found]


def _both(data: bytes) -> tuple[list[tuple], list[tuple]]:
    """(whole-file, line-by-line) responses of the same bytes."""
    return _plain(responses(data, "f.jsonl", [])), _plain(claude_lines._line_by_line(data, "f.jsonl", []))


def test_a_clean_file_decodes_whole_and_equals_the_line_by_line_reading() -> None:
    records = conversation("s1", "/w/app", 6)
    progress = {"type": "progress", "sessionId": "s1", "data": {"message": {
        "timestamp": "2026-09-01T10:00:00.000Z", "requestId": "r9",
        "message": assistant("s1", "u9", "sub", "2026-09-01T10:00:00.000Z", "/w", "m9", "r9")["message"]}}}
    data = "".join(json.dumps(r) + "\n" for r in [*records, progress]).encode()
    whole, lines = _both(data)
    assert whole == lines and len(whole) == 13  # 6 responses written twice, and the subagent's
    assert whole[-1][6] is None and whole[-1][3] == "s1"  # a progress copy: no cwd, the line's session


def test_a_torn_last_line_or_a_count_out_of_range_goes_line_by_line(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []
    real = claude_lines._line_by_line
    monkeypatch.setattr(claude_lines, "_line_by_line", lambda *a: calls.append(1) or real(*a))
    good = "".join(json.dumps(r) + "\n" for r in conversation("s1", "/w/app", 2)).encode()
    problems: list[str] = []
    assert len(responses(good + b'{"type":"assistant","message":{"usage":', "f.jsonl", problems)) == 4
    big = assistant("s1", "u", "x", "2026-09-01T10:00:00.000Z", "/w", "mx", "rx",
                    {"input_tokens": 10 ** 11, "output_tokens": 1})
    assert len(responses(good + json.dumps(big).encode() + b"\n", "f.jsonl", problems)) == 4
    assert calls == [1, 1] and problems == ["f.jsonl:7: token count out of range, line not counted"]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from([
    '{"type":"user","message":{"role":"user","content":"a \\"usage\\" word"}}', '{"data": {"type": "hook"}}',
    '{"data": "text"}', '{"message": "text"}', "[]", "", "   ", '{"usage": {}}', '{"isSidechain": 1}',
    json.dumps(assistant("s", "u", "t", "2026-09-01T10:00:00.000Z", "/w", "m1", "r1")),
    json.dumps(assistant("s", "u", "t", "2026-09-01T10:00:00.000Z", "/w", "m2", None, model="x")),
    json.dumps({"type": "progress", "data": {"message": {"timestamp": "2026-09-01T10:00:00Z", "message": {
        "id": "m3", "usage": {"input_tokens": 1, "output_tokens": 2}}}}}),
]), max_size=12))
def test_whole_and_line_by_line_agree_on_mixed_lines(lines: list[str]) -> None:
    whole, plain = _both("\n".join(lines).encode())
    assert whole == plain


@pytest.mark.skipif(not CORPUS.is_dir(), reason="needs MSO_CORPUS")
def test_the_corpus_files_agree() -> None:
    for path in sorted(CORPUS.glob("*.jsonl")):
        whole, plain = _both(path.read_bytes())
        assert whole == plain, path.name
