"""How a session was cut short: the user's interruptions as each agent marks them, and what they stopped."""
from __future__ import annotations

import datetime as dt

from mso_tui.handoff.extractive.ending import ending
from mso_tui.records import TurnRecord


def turn(seq: int, role: str, text: str, kind: str = "message", tool: str | None = None) -> TurnRecord:
    """A minimal stored turn."""
    return TurnRecord(id=seq, session_id=1, seq=seq, role=role, kind=kind, text=text, tool_name=tool,
                      tool_input=text if kind == "tool_call" else None, is_error=False, exit_code=None,
                      is_sidechain=False, model=None, timestamp=dt.datetime(2026, 1, 1), source_id=str(seq))


def test_an_interruption_at_the_end_says_what_it_stopped_and_that_its_outcome_is_unknown() -> None:
    turns = [turn(1, "user", "deploy the staging stack"),
             turn(2, "assistant", "./deploy.sh staging", "tool_call", "Bash"),
             turn(3, "system", "Turn aborted (turn_aborted): interrupted", "meta")]
    assert ending(turns) == ("Interrupted by the user once; the last mark, “Turn aborted (turn_aborted): interrupted”, "
                             "stopped Bash `./deploy.sh staging` (the log ends there, so its outcome is unknown)")


def test_each_agents_mark_counts_and_talk_about_interrupting_does_not() -> None:
    turns = [turn(1, "user", "/commit", "meta"), turn(2, "system", "^C again to exit", "meta"),
             turn(3, "user", "[Request interrupted by user]"), turn(4, "user", "sorry, I didn't mean to interrupt you"),
             turn(5, "assistant", "Continuing."), turn(6, "system", "Request cancelled.", "meta")]
    assert ending(turns) == ("Interrupted by the user 3 times; the last mark, “Request cancelled.”, stopped the "
                             "user's “sorry, I didn't mean to interrupt you” (the log ends there, so its outcome "
                             "is unknown)")
    assert ending(turns[:5]) == ""  # the work went on after the interruptions: nothing to say
    assert ending([turn(1, "user", "what does ^C do here? and can a turn be aborted?")]) == ""
