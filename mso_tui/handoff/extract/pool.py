"""The candidate pool: every piece of session material a handoff may carry, each with its source's worth."""
from __future__ import annotations

import re
from typing import Callable

from mso_tui.handoff.extract.analysis import Analysis
from mso_tui.handoff.extract.conversation import is_user_request, units
from mso_tui.handoff.extract.edits import added_lines
from mso_tui.handoff.extract.select import Candidate
from mso_tui.handoff.extract.text import clip, clip_middle
from mso_tui.handoff.extract.tools import ToolEvent, is_inspection, path_of

# an output line that reports an outcome: counts of tests, exit codes, errors, "listening on"
_RESULT = re.compile(r"\b\d+ (?:passed|failed|errors?|skipped|tests?|warnings?|succeeded|failures?|rows?|files? "
                     r"changed|insertions?|deletions?)\b|\bexit(?:ed)? (?:code|status)\b|\b\w*(?:Error|Exception)\b|"
                     r"\b(?:FAILED|PASSED|ERROR|OK)\b|\blistening on\b|\brunning on\b|\bcommand not found\b",
                     re.IGNORECASE)
_FILLER = re.compile(r"^(let me|i'll|i will|now i|now let me|first,? let me|great|perfect|sure|okay)\b", re.IGNORECASE)
_NOISE = re.compile(r"^[\s\W]*$")
# the line numbers a file reader puts before each line ("  12→", "12\t", "12: ")
_NUMBERED = re.compile(r"^\s*\d+(?:→|\t|: |\| )")
HEAD, TAIL = 30, 30  # lines kept from each tool output: how it started and how it ended
LINE = 200  # characters per output line
UNIT = 400  # characters per prose unit
MAX_MESSAGES = 3000
MAX_EVENTS = 2000


def status_of(event: ToolEvent) -> str:
    """A command's last status in words."""
    if not event.has_result:
        return "no result recorded"
    if event.failed:
        return f"FAILED (exit {event.exit_code})" if event.exit_code is not None else "FAILED"
    return "ok"


def output_lines(output: str) -> list[str]:
    """The head and tail lines of an output worth reading (no blank or symbol-only lines)."""
    raw = output[-200000:].splitlines()
    if len(raw) > 3 * (HEAD + TAIL):  # cut before cleaning: a long output costs no more than a short one
        raw = raw[: 3 * HEAD] + raw[-3 * TAIL:]
    lines = [_NUMBERED.sub("", line).strip() for line in raw]
    lines = [line for line in lines if len(line) > 2 and not _NOISE.match(line)]
    if len(lines) > HEAD + TAIL:
        lines = lines[:HEAD] + lines[-TAIL:]
    return [clip(line, LINE) for line in lines]


def _tool_candidates(an: Analysis, out: list[Candidate], listed: Callable[[str], bool]) -> None:
    """Commands with their status, their output lines, edit lines, and other tools' outputs."""
    for run in an.commands:
        last = run.last
        prior = 1.6 if last.failed else 0.8 if is_inspection(run.command) else 1.3
        text = f"`{clip_middle(run.command, 220)}` — last: {status_of(last)}" + (
            f", {len(run.runs)} runs" if len(run.runs) > 1 else "")
        if not listed(run.command):
            out.append(Candidate("commands", text, prior, last.seq, group=run.command, role="status"))
    for event in an.events[-MAX_EVENTS:]:  # very long sessions: the latest calls bound the cost
        if event.family == "edit" and not event.failed:
            path = (path_of(event) or ["(file)"])[0]
            for line in added_lines(event.raw):
                out.append(Candidate("files", line, 1.1, event.seq, group=path))
        if not event.output or event.family == "todo":
            continue
        group = event.command if event.family == "shell" else f"{event.name} {clip(event.command, 80)}"
        section = "commands" if event.family == "shell" else "outputs"
        # a file's content read back is the code itself; a command's output is what happened
        base = {"shell": 0.7, "edit": 0.3, "read": 0.35}.get(event.family, 0.5)
        for line in output_lines(event.output):
            out.append(Candidate(section, line, 1.5 if _RESULT.search(line) else base, event.seq, group=group))


def _prose_candidates(an: Analysis, skip: set[int], out: list[Candidate]) -> None:
    """User requests, the assistant's sentences (its last answer above the rest), summaries, notices."""
    last_seq = max((t.seq for t in an.turns if t.role == "assistant" and t.kind == "message"), default=-1)
    messages = [t for t in an.turns if t.text and not t.is_sidechain][-MAX_MESSAGES * 3:]
    for turn in messages:
        if turn.seq in skip:
            continue
        if is_user_request(turn):
            if len(turn.text) > 600:  # the core holds its head; the rest competes sentence by sentence
                for sentence in units(turn.text[600:30000]):
                    out.append(Candidate("goal", clip(sentence, UNIT), 1.5, turn.seq))
        elif turn.role == "assistant" and turn.kind in ("message", "summary"):
            final = turn.seq == last_seq
            for sentence in units(turn.text[:30000]):
                prior = 2.2 if final else 1.5
                if _FILLER.match(sentence):
                    prior *= 0.5
                out.append(Candidate("decisions", clip(sentence, UNIT), prior, turn.seq))
        elif turn.kind == "context":  # pasted or summary-only text: the session's whole record
            for sentence in units(turn.text[:30000]):
                out.append(Candidate("decisions", clip(sentence, UNIT), 1.5, turn.seq))
        elif turn.kind in ("summary", "meta") and turn.role in ("system", "user"):
            for line in output_lines(turn.text):
                out.append(Candidate("outputs", line, 1.0 if turn.kind == "summary" else 0.6, turn.seq, group="notice"))
    for sentence in an.decisions:
        out.append(Candidate("decisions", sentence, 1.4, 0))


def candidates(an: Analysis, skip: set[int], listed: Callable[[str], bool] = lambda command: False) -> list[Candidate]:
    """Every candidate of the session; turns whose seq is in skip are already in the handoff whole; a command
    that listed() says the core lists already gets no line of its own (its output lines still compete)."""
    out: list[Candidate] = []
    _prose_candidates(an, skip, out)
    _tool_candidates(an, out, listed)
    return out
