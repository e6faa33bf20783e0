"""Aider chat and input history: launches, prompts, edits, commands, usage lines."""
from __future__ import annotations

from pathlib import Path

from mso_tui.importers import aider

FIXTURES = Path(__file__).parent.parent.parent / "fixtures" / "aider"
CHAT = FIXTURES / ".aider.chat.history.md"


def test_launches_become_sessions_and_empty_launches_are_left_out() -> None:
    result = aider.parse(CHAT)
    assert result.errors == [] and result.format == "aider"
    assert [s.agent_session_id.split("-")[0:3] for s in result.sessions] == [["2025", "03", "01T10:00:00"],
                                                                             ["2025", "03", "03T08:00:00"]]
    first = result.sessions[0]
    assert first.agent == "aider" and first.cwd == "/home/dev/calc"
    assert first.title == "Add a subtract function to calc.py"
    assert str(first.started_at) == "2025-03-01 10:00:00"
    assert result.end_offset == CHAT.stat().st_size


def test_multiline_prompt_and_hard_breaks_stripped() -> None:
    turns = aider.parse(CHAT).sessions[0].turns
    prompt = next(t for t in turns if t.role == "user" and t.kind == "message")
    assert prompt.text == "Add a subtract function to calc.py\nand a test for it."


def test_edits_commands_and_results() -> None:
    turns = aider.parse(CHAT).sessions[0].turns
    edits = [t.tool_input for t in turns if t.kind == "tool_call" and t.tool_name == "edit"]
    assert edits == ["calc.py"]  # the SEARCH/REPLACE block itself is not an edit until aider applies it
    shells = [t for t in turns if t.kind == "tool_call" and t.tool_name == "shell"]
    assert 'python -c "import calc; calc.div(1, 0)"' in [t.tool_input for t in shells]
    failing = next(t for t in turns if t.kind == "tool_result" and "ZeroDivisionError" in t.text)
    assert failing.is_error and failing.role == "tool"
    call = next(t for t in shells if "calc.div" in (t.tool_input or ""))
    assert failing.source_id == f"{call.source_id}:result"
    assert any(t.kind == "meta" and t.text.startswith("Commit 1a2b3c4") for t in turns)
    assert next(t for t in turns if t.text.startswith("/model")).kind == "meta"


def test_usage_lines_with_cost_cache_and_k_suffix() -> None:
    session = aider.parse(CHAT).sessions[0]
    first, second = session.usage
    assert first.message_id == f"aider:{session.agent_session_id}:1" and first.request_id == ""
    assert (first.model, first.input_tokens, first.output_tokens, first.cost_usd) == ("gpt-4o", 5244, 604, 0.02)
    # 12k sent includes the cache: the uncached part is what remains
    assert second.model == "claude-3-5-sonnet"
    assert (second.input_tokens, second.cache_creation_tokens, second.cache_read_tokens) == (8300, 2500, 1200)
    assert second.output_tokens == 1500 and second.cost_usd == 0.05


def test_aider_lines_inside_assistant_code_stay_assistant_text() -> None:
    last = aider.parse(CHAT).sessions[1]
    answer = next(t for t in last.turns if t.role == "assistant")
    assert "> quoted text inside a code block" in answer.text and "#### not a user line" in answer.text
    assert [t.role for t in last.turns if t.kind == "message"] == ["user", "assistant"]


def test_ids_are_stable_across_reparses_and_unique() -> None:
    one, two = aider.parse(CHAT), aider.parse(CHAT)
    ids = [t.source_id for s in one.sessions for t in s.turns]
    assert ids == [t.source_id for s in two.sessions for t in s.turns]
    assert len(ids) == len(set(ids))


def test_appended_launch_keeps_earlier_ids(tmp_path: Path) -> None:
    path = tmp_path / ".aider.chat.history.md"
    path.write_text(CHAT.read_text())
    before = {s.agent_session_id: [t.source_id for t in s.turns] for s in aider.parse(path).sessions}
    with path.open("a") as handle:
        handle.write("\n# aider chat started at 2025-03-04 09:00:00\n\n#### more work  \n\nOk.\n")
    after = {s.agent_session_id: [t.source_id for t in s.turns] for s in aider.parse(path).sessions}
    assert len(after) == 3 and all(after[key] == value for key, value in before.items())


def test_input_history_entries_are_user_turns() -> None:
    result = aider.parse(FIXTURES / ".aider.input.history")
    (session,) = result.sessions
    assert [t.text for t in session.turns] == ["Add a subtract function to calc.py\nand a test for it.", "/run pytest"]
    assert [t.kind for t in session.turns] == ["message", "meta"]
    assert str(session.turns[0].timestamp) == "2025-03-01 10:00:05"


def test_sniff() -> None:
    assert aider.sniff(CHAT, b"")
    assert aider.sniff(Path("x.md"), b"\n# aider chat started at 2025-01-01 00:00:00\n")
    assert not aider.sniff(Path("notes.md"), b"# Notes\n")


def test_garbage_is_reported_not_raised(tmp_path: Path) -> None:
    path = tmp_path / ".aider.chat.history.md"
    path.write_bytes(b"# aider chat started at 2025-01-01 00:00:00\n\n"
                     b"#### hi \xff\xfe  \n\x00\x01\x02binary\x00\n\nanswer\n")
    result = aider.parse(path)
    reasons = {e.reason.split(" ")[0] for e in result.errors}
    assert {"binary", "undecodable"} <= reasons and result.skipped_lines == 1
    assert [e.line for e in result.errors if e.reason.startswith("binary")] == [4]
    assert next(t for t in result.sessions[0].turns if t.kind == "message").text.startswith("hi")


def test_missing_file_is_an_error_not_an_exception(tmp_path: Path) -> None:
    result = aider.parse(tmp_path / "nope.aider.chat.history.md")
    assert result.sessions == [] and result.errors


def test_prompts_sent_as_slash_commands_are_user_turns(tmp_path: Path) -> None:
    chat = tmp_path / ".aider.chat.history.md"
    chat.write_text("\n# aider chat started at 2025-04-01 09:00:00\n\n"
                    "#### /ask how does the retry loop in net.py back off?  \n\n"
                    "It doubles the delay up to `MAX_DELAY`.\n\n"
                    "#### /architect move the backoff into a helper  \n\n"
                    "Plan: add `backoff_delay()` in net.py.\n\n"
                    "#### /copy-context  \n\n"
                    "#### /code apply it  \n\n"
                    "Done.\n")
    result = aider.parse(chat)
    assert len(result.sessions) == 1
    users = [t for t in result.sessions[0].turns if t.role == "user" and t.kind == "message"]
    assert [t.text for t in users] == ["/ask how does the retry loop in net.py back off?",
                                       "/architect move the backoff into a helper", "/code apply it"]
    assert any(t.kind == "meta" and t.text == "/copy-context" for t in result.sessions[0].turns)


def test_a_log_of_copy_context_prompts_only_keeps_the_user_words(tmp_path: Path) -> None:
    chat = tmp_path / ".aider.chat.history.md"
    chat.write_text("\n# aider chat started at 2025-04-02 09:00:00\n\n"
                    "#### /copy-context why does login_view reject the session cookie?  \n\n"
                    "> Copied code context to clipboard.  \n\n"
                    "#### /copy-context now check SESSION_COOKIE_SAMESITE  \n\n")
    result = aider.parse(chat)
    assert len(result.sessions) == 1
    users = [t.text for t in result.sessions[0].turns if t.role == "user" and t.kind == "message"]
    assert users == ["/copy-context why does login_view reject the session cookie?",
                     "/copy-context now check SESSION_COOKIE_SAMESITE"]


def test_the_launch_line_reaches_a_meta_turn_without_moving_the_numbered_ids() -> None:
    turns = aider.parse(CHAT).sessions[0].turns
    assert (turns[0].kind, turns[0].text) == ("meta", "aider chat started at 2025-03-01 10:00:00")
    assert turns[0].source_id.endswith(":launch") and turns[1].source_id.endswith(":0")


def test_an_answer_to_aiders_own_question_is_no_request(tmp_path: Path) -> None:
    """aider logs a typed answer to its confirm prompt as user input ("#### Add file…? (Y)es/(N)o… [Yes]: all")."""
    chat = tmp_path / ".aider.chat.history.md"
    chat.write_text("\n# aider chat started at 2025-04-01 09:00:00\n\n"
                    "#### why does sync.py retry forever?  \n\n"
                    "> sync.py  \n"
                    "> Add file to the chat? (Y)es/(N)o/(A)ll/(S)kip all/(D)on't ask again [Yes]: a  \n\n"
                    "#### Add file to the chat? (Y)es/(N)o/(A)ll/(S)kip all/(D)on't ask again [Yes]: all  \n\n"
                    "The loop never reads `max_tries`.\n")
    turns = aider.parse(chat).sessions[0].turns
    assert [t.text for t in turns if t.role == "user" and t.kind == "message"] == ["why does sync.py retry forever?"]
    assert any(t.role == "user" and t.kind == "meta" and t.text.endswith("[Yes]: all") for t in turns)
