"""Cursor chat exports: title, export time, speaker sections, code-fence safety, actions in answers."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from mso_tui.importers import cursor

FIXTURES = Path(__file__).parent.parent.parent / "fixtures" / "cursor"
CHAT = FIXTURES / "cursor_fix_the_rent_message.md"


def test_sections_become_turns() -> None:
    result = cursor.parse(CHAT)
    (session,) = result.sessions
    assert result.errors == [] and result.end_offset == CHAT.stat().st_size
    assert (session.agent, session.title) == ("cursor", "Fix the rent message")
    assert session.ended_at == dt.datetime(2025, 7, 3, 17, 38, 42)  # 19:38:42 GMT+2 in UTC
    messages = [(t.role, t.text.split("\n")[0]) for t in session.turns if t.kind == "message"]
    assert messages == [("user", "The message shows the wrong month. Example:"),
                        ("assistant", "I'll change `friendly_message` to use the next month."),
                        ("user", "Thanks, works."), ("assistant", "Great!")]


def test_speaker_line_inside_code_does_not_split() -> None:
    user = next(t for t in cursor.parse(CHAT).sessions[0].turns if t.kind == "message")
    assert "this line is inside a code block" in user.text and user.text.endswith("```")


def test_path_fences_and_shell_fences_are_actions() -> None:
    turns = cursor.parse(CHAT).sessions[0].turns
    calls = [(t.tool_name, t.tool_input) for t in turns if t.kind == "tool_call"]
    assert calls == [("edit", "lib/rent.rb"), ("shell", "bundle exec ruby calculate_monthly_rent.rb")]
    ids = [t.source_id for t in turns]
    assert len(ids) == len(set(ids)) and ids == [t.source_id for t in cursor.parse(CHAT).sessions[0].turns]


def test_export_without_messages_has_no_session() -> None:
    result = cursor.parse(FIXTURES / "empty_clipboard.md")
    assert result.sessions == [] and result.errors == []


def test_export_time_formats() -> None:
    assert cursor.export_time("7/3/2025 at 7:38:42 PM GMT-5") == dt.datetime(2025, 7, 4, 0, 38, 42)
    assert cursor.export_time("no date here") is None


def test_sniff() -> None:
    assert cursor.sniff(CHAT, CHAT.read_bytes()[:4096])
    assert not cursor.sniff(Path("x.md"), b"# Notes\n")


def test_unclosed_snippet_fence_does_not_swallow_the_next_prompt(tmp_path: Path) -> None:
    chat = tmp_path / "chat.md"
    chat.write_text("# T\n_Exported on 7/3/2025 at 19:38:42 GMT+2 from Cursor (1.1.7)_\n\n"
                    "---\n\n**User**\n\nmake it\n\n"
                    "---\n\n**Cursor**\n\nI'll write it:\n\n"
                    "```assistant_snippet_x.txt\n1|text\n\n```plaintext\nout\n```\n\n"
                    "---\n\n**User**\n\nInclude Ada as well\n\n---\n\n**Cursor**\n\nDone.\n")
    roles = [(t.role, t.text) for t in cursor.parse(chat).sessions[0].turns if t.kind == "message"]
    assert roles[2] == ("user", "Include Ada as well") and roles[3] == ("assistant", "Done.")


def test_the_export_line_reaches_a_meta_turn() -> None:
    turns = cursor.parse(CHAT).sessions[0].turns
    assert turns[0].kind == "meta" and "from Cursor (" in turns[0].text


def test_an_export_without_speaker_markers_is_one_context_turn(tmp_path: Path) -> None:
    path = tmp_path / "notes.md"
    path.write_text("# Rent plan\n_Exported on 7/3/2025 at 19:38:42 GMT+2 from Cursor (1.2.3)_\n\n---\n\n"
                    "We agreed to compute `total_rent` per room and keep the old rounding.\n")
    (session,) = cursor.parse(path).sessions
    assert [(t.role, t.kind) for t in session.turns] == [("user", "context")]
    assert "`total_rent` per room" in session.turns[0].text
