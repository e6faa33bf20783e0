"""SpecStory histories: sessions per comment, agents, thinking, tool blocks with results and failures."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from mso_tui.importers import specstory

FIXTURES = Path(__file__).parent.parent / "fixtures" / "specstory"
NEW = FIXTURES / "2026-02-09_22-30-00Z-fix-the-failing.md"
OLD = FIXTURES / "2025-01-05_10-00-00Z-old-format.md"


def test_one_file_several_sessions_with_agents() -> None:
    result = specstory.parse(NEW)
    assert result.errors == [] and result.end_offset == NEW.stat().st_size
    claude, codex = result.sessions
    assert (claude.agent_session_id, claude.agent) == ("11111111-2222-3333-4444-555555555555", "claude-code")
    assert (codex.agent, codex.title) == ("codex", "what branch am I on?")
    assert claude.started_at == dt.datetime(2026, 2, 9, 22, 30) and claude.ended_at == dt.datetime(2026, 2, 9, 22, 30, 12)


def test_thinking_tool_calls_results_and_failures() -> None:
    turns = specstory.parse(NEW).sessions[0].turns
    kinds = [(t.role, t.kind, t.tool_name) for t in turns]
    assert ("assistant", "thinking", None) in kinds
    bash = next(t for t in turns if t.tool_name == "Bash" and t.kind == "tool_call")
    assert bash.tool_input == "pytest -q tests/test_app.py" and bash.model == "claude-opus-4-5"
    result = next(t for t in turns if t.source_id == f"{bash.source_id}:result")
    assert result.is_error and result.exit_code == 1 and "FAILED" in result.text
    edits = {t.tool_name: t.tool_input for t in turns if t.kind == "tool_call" and t.tool_name in ("Edit", "Write")}
    assert edits == {"Edit": "/repo/app.py", "Write": "/repo/NOTES.md"}
    assert turns[-1].text == "Fixed: `add` now returns the sum. Tests pass."


def test_turn_headers_inside_tool_output_are_content() -> None:
    turns = specstory.parse(NEW).sessions[0].turns
    assert [t.text for t in turns if t.role == "user"] == ["fix the failing test in app.py"]
    read = next(t for t in turns if t.kind == "tool_result" and t.tool_name == "Read")
    assert "this is file content, not a turn" in read.text


def test_plain_command_with_output_becomes_call_and_result() -> None:
    codex = specstory.parse(NEW).sessions[1]
    call = next(t for t in codex.turns if t.kind == "tool_call")
    assert (call.tool_name, call.tool_input) == ("shell", "git rev-parse --abbrev-ref HEAD")
    result = next(t for t in codex.turns if t.kind == "tool_result")
    assert result.text == "main" and not result.is_error and result.source_id == f"{call.source_id}:result"
    assert codex.turns[-1].model == "gpt-5.5"


def test_older_format_and_prose_actions() -> None:
    (session,) = specstory.parse(OLD).sessions
    assert session.agent == "specstory" and session.agent_session_id.startswith("specstory-")
    assert [t.role for t in session.turns if t.kind == "message"] == ["user", "assistant"]
    calls = [(t.tool_name, t.tool_input) for t in session.turns if t.kind == "tool_call"]
    assert calls == [("edit", "parser.py"), ("shell", "python -m pytest")]


def test_source_ids_stable_and_unique() -> None:
    first = [t.source_id for s in specstory.parse(NEW).sessions for t in s.turns]
    assert first == [t.source_id for s in specstory.parse(NEW).sessions for t in s.turns]
    assert len(first) == len(set(first)) and all(first)


def test_sniff() -> None:
    assert specstory.sniff(NEW, NEW.read_bytes()[:4096])
    assert not specstory.sniff(Path("a.md"), b"# Just notes\n")


def test_truncated_block_does_not_raise(tmp_path: Path) -> None:
    path = tmp_path / "cut.md"
    text = NEW.read_text()
    path.write_text(text[: text.index("FAILED")])
    result = specstory.parse(path)
    assert result.sessions and result.sessions[0].turns[-1].kind in ("tool_call", "tool_result")
