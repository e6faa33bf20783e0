"""A plan reads Claude Code files with parse_headers: the same conversations, ids, folders and time windows as
parse, and a turn or a call exactly when parse finds some; the corpus's Claude files are checked too."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from mso_tui.importers import claude_code
from tests.helpers.claude_lines import assistant, conversation, user, write

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "claude_code"


def _headers(parsed):  # type: ignore[no-untyped-def]
    """What a plan reads of each conversation."""
    return [(s.agent_session_id, s.cwd, s.started_at, s.ended_at, s.id_from_file, bool(s.turns), bool(s.usage))
            for s in parsed.sessions]


def _files(tmp_path: Path) -> list[Path]:
    """Fixtures and written files: several conversations in one file, one with no turn, a bad line, a resume."""
    files = sorted(FIXTURES.rglob("*.jsonl"))
    files.append(write(tmp_path / "two.jsonl", conversation("a", "/w/p", 3) + conversation("b", "/w/q", 2, start=9),
                       raw_tail="not json\n"))
    files.append(write(tmp_path / "late-cwd.jsonl", [
        {**user("c", "c-u0", "", "2026-09-01T10:00:00Z", "/w/r"), "cwd": None},  # no text, no folder yet
        assistant("c", "c-a0", "done", "2026-09-01T10:05:00Z", "/w/r", "msg_c", "req_c"),
        user("c", "c-u1", "again", "2026-09-01T09:00:00Z", "/w/r")]))  # an earlier time, read last
    return files


def test_headers_match_the_full_parse(tmp_path: Path) -> None:
    for path in _files(tmp_path):
        assert _headers(claude_code.parse_headers(path)) == _headers(claude_code.parse(path)), path


def test_headers_match_on_the_corpus() -> None:
    corpus = os.environ.get("MSO_CORPUS")
    if not corpus:
        pytest.skip("MSO_CORPUS not set")
    files = sorted((Path(corpus) / "claude_code").glob("*.jsonl"))
    assert files
    for path in files:
        assert _headers(claude_code.parse_headers(path)) == _headers(claude_code.parse(path)), path.name
