"""How a session was cut short: the user's interruptions, as each agent's log marks them, and what they stopped."""
from __future__ import annotations

import re
from typing import Sequence

from mso_tui.handoff.extractive.text import clip
from mso_tui.records import TurnRecord

# the marks an interruption leaves: Codex's turn_aborted event, Claude Code's "[Request interrupted by user]",
# Gemini CLI's "Request cancelled.", aider's "^C again to exit" / "^C KeyboardInterrupt"
_MARK = re.compile(r"^\s*(?:Turn aborted\b|\[Request interrupted by user|Request cancelled\.?\s*$|"
                   r"\^C (?:again to exit|KeyboardInterrupt))")
WHAT = 100  # characters of the interrupted request or command quoted


def is_interruption(turn: TurnRecord) -> bool:
    """Whether a turn is the mark an interruption left (not a message that talks about one)."""
    return turn.kind in ("meta", "message") and turn.role in ("user", "system") and bool(_MARK.match(turn.text))


def _stopped(turns: Sequence[TurnRecord], at: int) -> str:
    """What the interruption at index `at` stopped: the latest command or user request before it."""
    for turn in reversed(turns[:at]):
        if turn.kind == "tool_call" and (turn.tool_input or turn.text):
            return f"{turn.tool_name or 'a tool call'} `{clip(turn.tool_input or turn.text, WHAT)}`"
        # a request, or a slash command the user typed (aider's /commit); other user-side meta is the tool's own
        if turn.role == "user" and (turn.kind == "message" or turn.kind == "meta" and turn.text.startswith("/")) \
                and turn.text.strip() and not is_interruption(turn):
            return f"the user's “{clip(turn.text, WHAT)}”"
    return ""


def ending(turns: Sequence[TurnRecord]) -> str:
    """One line when the log ends on the user's interruption ("" otherwise): how many there were, the last one's
    mark as the log wrote it, and what it stopped, whose outcome the log therefore never shows."""
    marks = [n for n, turn in enumerate(turns) if is_interruption(turn)]
    if not marks:
        return ""
    last = marks[-1]
    if any(t.kind in ("message", "tool_call") and t.role in ("user", "assistant") for t in turns[last + 1:]):
        return ""  # the work went on: the handoff's other items say where it stands
    where = "the log ends there, so its outcome is unknown"
    stopped = _stopped(turns, last)
    times = f"{len(marks)} times" if len(marks) > 1 else "once"
    return (f"Interrupted by the user {times}; the last mark, “{clip(turns[last].text, 80)}”, stopped "
            f"{stopped or 'the turn'} ({where})")
