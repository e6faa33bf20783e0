"""Gemini CLI importer on small hand-written fixtures (.jsonl log, older .json object, logs.json)."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from mso_tui.importers import gemini

FIXTURES = Path(__file__).parent.parent.parent / "fixtures" / "gemini"
LOG = FIXTURES / "session-2026-09-03T10-00-g1abcdef.jsonl"
OLD = FIXTURES / "session-2026-09-01T09-00-old12345.json"
PROMPTS = FIXTURES / "logs.json"


def test_module_contract() -> None:
    """FORMAT, AGENT and sniff for all three shapes."""
    assert (gemini.FORMAT, gemini.AGENT) == ("gemini", "gemini")
    for path in (LOG, OLD, PROMPTS):
        assert gemini.sniff(path, path.read_bytes()[:4096]), path.name
    assert not gemini.sniff(LOG, b'{"timestamp":"t","type":"session_meta","payload":{}}\n')


def test_jsonl_fold_upserts_and_rewinds() -> None:
    """A rewritten message counts once (its last version wins); $rewindTo drops the rewound prompt."""
    result = gemini.parse(LOG)
    session = result.sessions[0]
    assert session.agent_session_id == "g-1" and session.cwd is None
    assert session.title == "Login page work"  # from the $set summary
    texts = [t.text for t in session.turns]
    assert "Undo that" not in texts
    assert [t.kind for t in session.turns].count("tool_call") == 2
    assert session.started_at == dt.datetime(2026, 9, 3, 10, 0, 0)
    assert session.ended_at == dt.datetime(2026, 9, 3, 10, 0, 41)


def test_usage_split_of_cached_and_thoughts() -> None:
    """input includes cached; thoughts bill as output; ids name the session and message."""
    usage = gemini.parse(LOG).sessions[0].usage
    assert [u.message_id for u in usage] == ["gemini:g-1:m2", "gemini:g-1:m3"]
    assert [(u.input_tokens, u.cache_read_tokens, u.output_tokens) for u in usage] == [(600, 400, 80), (500, 1500, 100)]
    assert usage[0].model == "gemini-2.5-pro"


def test_tool_calls_and_errors() -> None:
    """Shell exit codes come from the output; an error status is an error; info/error messages kept."""
    turns = gemini.parse(LOG).sessions[0].turns
    by_id = {t.source_id: t for t in turns}
    assert by_id["m2:tool:tc1"].tool_input == "npm test"
    shell = by_id["m2:tool:tc1:result"]
    assert (shell.exit_code, shell.is_error, shell.tool_name) == (1, True, "run_shell_command")
    assert by_id["m3:tool:tc2"].tool_input == "src/login.tsx"
    assert by_id["m3:tool:tc2:result"].is_error and by_id["m3:tool:tc2:result"].text == "Permission denied"
    assert by_id["m5:info"].kind == "meta"
    assert by_id["m6:error"].is_error
    assert by_id["m2:thinking"].kind == "thinking"


def test_bad_lines_and_open_last_line(tmp_path: Path) -> None:
    """Garbage is an error with its line; an unknown shape is skipped; a whole last object without its
    newline is read, a cut-off one waits."""
    result = gemini.parse(LOG)
    assert [e.line for e in result.errors] == [11]
    assert result.skipped_lines == 2
    data = LOG.read_bytes()
    assert not data.endswith(b"\n") and result.end_offset == len(data)
    cut = tmp_path / LOG.name
    cut.write_bytes(data[:-1])
    assert gemini.parse(cut).end_offset == data.rfind(b"\n") + 1


def test_incremental_read_keeps_prompt_ids(tmp_path: Path) -> None:
    """A second read continues line numbers and gives a re-written prompt its first source id."""
    lines = LOG.read_bytes().splitlines(keepends=True)
    path = tmp_path / LOG.name
    path.write_bytes(b"".join(lines[:4]))
    first = gemini.parse(path)
    prompt_id = first.sessions[0].turns[0].source_id
    with path.open("ab") as handle:
        handle.write(b"".join(lines[4:]))
        handle.write(b'\n{"$set": {"messages": [{"id": "m1", "type": "user", "content": "Add a login page"}]}}\n')
    second = gemini.parse(path, first.end_offset, first.state)
    assert second.sessions[0].agent_session_id == "g-1"
    assert [e.line for e in second.errors] == [11]
    again = [t for t in second.sessions[0].turns if t.text == "Add a login page"]
    assert [t.source_id for t in again] == [prompt_id]


def test_older_json_object() -> None:
    """The single-object chat file reads whole, whatever the offset."""
    result = gemini.parse(OLD, offset=123)
    session = result.sessions[0]
    assert session.agent_session_id == "g-0"
    assert [t.text for t in session.turns] == ["Explain the build", "It uses vite."]
    assert session.usage[0].message_id == "gemini:g-0:o2"
    assert result.end_offset == OLD.stat().st_size


def test_logs_json_prompts_only() -> None:
    """logs.json: user turns grouped by session, slash commands as meta, no usage, same ids as the chat."""
    result = gemini.parse(PROMPTS)
    sessions = {s.agent_session_id: s for s in result.sessions}
    assert set(sessions) == {"g-1", "g-9"}
    assert all(not s.usage for s in sessions.values())
    kinds = [(t.role, t.kind, t.text) for t in sessions["g-1"].turns]
    assert kinds == [("user", "meta", "/mcp list"), ("user", "message", "Add a login page")]
    chat_prompt = gemini.parse(LOG).sessions[0].turns[0]
    assert sessions["g-1"].turns[1].source_id == chat_prompt.source_id
    assert [e.reason for e in result.errors] == ["log entry 4 has no sessionId"]


def test_not_json_at_all(tmp_path: Path) -> None:
    """A broken whole-file JSON is one error, not an exception."""
    path = tmp_path / "session-x.json"
    path.write_text('{"sessionId": "x", "messages": [')
    result = gemini.parse(path)
    assert result.sessions == [] and len(result.errors) == 1
