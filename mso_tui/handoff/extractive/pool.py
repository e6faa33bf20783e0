"""The candidate pool: every piece of session material a handoff may carry, each with its source's worth."""
from __future__ import annotations

import re
from typing import Callable

from mso_tui.handoff.extractive.analysis import Analysis
from mso_tui.handoff.extractive.conversation import is_user_request, units
from mso_tui.handoff.extractive.edits import added_lines, script_changes
from mso_tui.handoff.extractive.results import line_priors, result_gist
from mso_tui.handoff.extractive.sections import CORE_REQUEST
from mso_tui.handoff.extractive.select import Candidate
from mso_tui.handoff.extractive.text import clip
from mso_tui.handoff.extractive.tools import command_item, is_inspection, is_probe, path_of

_FILLER = re.compile(r"^(let me|i'll|i will|now i|now let me|first,? let me|great|perfect|sure|okay)\b", re.IGNORECASE)
_NOISE = re.compile(r"^[\s\W]*$")
# the line numbers a file reader puts before each line ("  12→", "12\t", "12: ")
_NUMBERED = re.compile(r"^\s*\d+(?:→|\t|: |\| )")
# a fenced block in a message: its info string (language, maybe a path) and its body
_FENCE = re.compile(r"^ {0,3}(```|~~~)([^\n`]*)\n(.*?)^ {0,3}\1[ \t]*$", re.DOTALL | re.MULTILINE)
CLAUSE = 120  # characters a prose candidate holds at most before it is cut into clauses
MIN_UNIT = 25  # characters: shorter prose (a heading, "Keep it running") rarely holds a fact
HEAD, TAIL = 30, 30  # lines kept from each tool output: how it started and how it ended
LINE = 200  # characters per output line
UNIT = 400  # characters per prose unit
MAX_MESSAGES = 3000
MAX_EVENTS = 2000
# what a term is worth by where it was said: the user's and the agent's words over a tool's output
PRIORS = {"failed": 1.6, "command": 1.3, "inspect": 0.8, "shell_out": 0.7, "edit_out": 0.3, "read_out": 0.35,
          "other_out": 0.5, "result": 1.5, "code": 0.9, "final": 2.2, "prose": 1.5, "request": 1.5, "context": 1.5,
          "summary": 1.0, "notice": 0.6, "env": 1.5, "decision": 1.4, "edit_line": 1.1, "pasted": 0.7}
_RECORD = re.compile(r'^[+\-> ]?\s*[{\[]\s*"')  # an output line that is a JSON object or array (maybe a diff's)
RECORD = 120  # characters: a shorter JSON line is a value worth reading ({"status": "ok"})
RECORD_WEIGHT = 0.2
ANSWER = 12  # lines of a probe's output (which, uname, --version) that are still its answer, not a dump
PASTED_LINES = 15  # a user message with more lines than this past its head is pasted output
RECENT_FLOOR = 0.7  # the first turn's material weighs this much, the last one's 2 - RECENT_FLOOR


_CODE_MARK = re.compile(r"[(){}\[\]=]|^(?:def|class|if|else|elif|for|while|try|except|with)\b")


def joined_headers(lines: list[str]) -> list[str]:
    """A short "label:" line joined with the line after it: alone it says nothing ("failed in sandbox:")."""
    out: list[str] = []
    for line in lines:
        if out and out[-1].endswith(":") and len(out[-1]) < 60 and not _CODE_MARK.search(out[-1]):
            out[-1] = f"{out[-1]} {line}"
        else:
            out.append(line)
    return out


def output_lines(output: str) -> list[str]:
    """The head and tail lines of an output worth reading (no blank or symbol-only lines)."""
    raw = output[-200000:].splitlines()
    if len(raw) > 3 * (HEAD + TAIL):  # cut before cleaning: a long output costs no more than a short one
        raw = raw[: 3 * HEAD] + raw[-3 * TAIL:]
    lines = [_NUMBERED.sub("", line).strip() for line in raw]
    lines = [line for line in lines if len(line) > 2 and not _NOISE.match(line)]
    lines = joined_headers(lines)
    if len(lines) > HEAD + TAIL:
        lines = lines[:HEAD] + lines[-TAIL:]
    return [clip(line, LINE) for line in lines]


def _tool_candidates(an: Analysis, out: list[Candidate], listed: Callable[[str], bool]) -> None:
    """Commands with their status, their output lines, edit lines, and other tools' outputs."""
    for run in an.commands:
        last = run.last
        kind = "failed" if last.failed else "inspect" if is_inspection(run.command) else "command"
        prior = PRIORS[kind]
        gist = result_gist(last.output) if last.has_result else ""
        if not listed(run.command):
            out.append(Candidate("commands", command_item(run, gist), prior, last.seq, group=run.command,
                                 role="status"))
    for event, script, changed in script_changes(an.events[-MAX_EVENTS:]):  # a script fixed and run again
        out += [Candidate("files", line, PRIORS["edit_line"], event.seq, group=script) for line in changed]
    for event in an.events[-MAX_EVENTS:]:  # very long sessions: the latest calls bound the cost
        if event.family == "edit" and not event.failed:
            path = (path_of(event) or ["(file)"])[0]
            for line in added_lines(event.raw):
                out.append(Candidate("files", line, PRIORS["edit_line"], event.seq, group=path))
        if not event.output or event.family == "todo":
            continue
        group = event.command if event.family == "shell" else f"{event.name} {clip(event.command, 80)}"
        section = "commands" if event.family == "shell" else "outputs"
        # a file's content read back is the code itself; a command's output is what happened
        base = PRIORS.get(f"{event.family}_out", PRIORS["other_out"])
        lines = output_lines(event.output)
        if event.family == "shell" and not event.failed and len(lines) <= ANSWER and is_probe(event.command):
            base = PRIORS["env"]  # what the machine answered about itself (a short answer, not a dump of it all)
        for line, prior in zip(lines, line_priors(lines, base, PRIORS["result"], PRIORS["env"])):
            if len(line) > RECORD and _RECORD.match(line):
                prior *= RECORD_WEIGHT  # a JSON record printed whole (a log line in a diff): ids, not findings
            out.append(Candidate(section, line, prior, event.seq, group=group))


_CLAUSE = re.compile(r"(?<=[,;:)])\s+(?=\S)|\s+(?:—|–|-)\s+")


def clauses(unit: str, limit: int = CLAUSE) -> list[str]:
    """A long unit as its clauses (cut after , ; : and at dashes), short neighbours joined back up to limit."""
    if len(unit) <= limit:
        return [unit]
    out: list[str] = []
    current = ""
    for part in _CLAUSE.split(unit):
        if current and len(current) + len(part) + 1 > limit:
            out.append(current)
            current = part
        else:
            current = f"{current} {part}" if current else part
    if current:
        out.append(current)
    return [clip(c, limit + 40) for c in out]


def pieces(found: list[str], limit: int = UNIT) -> list[str]:
    """Units cut to clauses of about CLAUSE characters: the greedy choice then takes what says most per token."""
    out: list[str] = []
    for unit in found:
        if len(unit) <= CLAUSE:
            out.append(unit)
            continue
        if CLAUSE < limit:
            out.extend(clauses(unit))
            continue
        current = ""
        for part in unit.split("; "):
            if current and len(current) + len(part) + 2 > limit:
                out.append(clip(current, limit))
                current = part
            else:
                current = f"{current}; {part}" if current else part
        if current:
            out.append(clip(current, limit))
    return out


# a dependency pinned to a version in a build or package file: a Gradle/Maven coordinate (g:a:1.2), a quoted
# name with a quoted version ("react": "^18.2.0", gem 'rails', '~> 7.1'), a plugin's `version "8.5.2"`, a
# requirement (requests==2.31), a TOML/INI key set to a version (serde = "1.0")
DEPENDENCY = re.compile(r"[\w.-]+:[\w.-]+:v?\d+\.\d+|[\"'][@\w./-]+[\"']\s*[:=,]\s*[\"'][\^~>=< ]*v?\d+\.\d+|"
                        r"\bversion\s*[(=:]?\s*[\"']\d+\.\d+|\b[\w.-]+\s*(?:==|>=|~=|<=)\s*\d+\.\d+|"
                        r"\b[\w-]+\s*=\s*[\"'][\^~>=<]*\d+\.\d+")
DEPENDENCIES = 12  # lines of one code block that get a pin's prior as dependencies (a lock file pins all)


def code_priors(lines: list[str]) -> list[float]:
    """Each code line's prior: an environment pin's for a dependency the code pins to a version (the stack
    a build file sets is what the next session builds on) and for the pins line_priors finds, else code's."""
    priors = line_priors(lines, PRIORS["code"], None, PRIORS["env"])
    pinned = 0
    for n, line in enumerate(lines):
        if pinned < DEPENDENCIES and DEPENDENCY.search(line):
            pinned += 1
            priors[n] = max(priors[n], PRIORS["env"])
    return priors


def code_candidates(text: str, seq: int) -> list[Candidate]:
    """The lines of the code blocks a message shows (web chats and exports: the code is the change)."""
    out = []
    for n, match in enumerate(_FENCE.finditer(text)):
        info = match.group(2).strip()
        group = f"code {n}@{seq}" + (f" ({info})" if info else "")
        lines = [line for line in output_lines(match.group(3)) if len(line) > 3]
        for line, prior in zip(lines, code_priors(lines)):
            out.append(Candidate("code", line, prior, seq, group=group))
    return out


def _prose_candidates(an: Analysis, skip: set[int], out: list[Candidate]) -> None:
    """User requests, the assistant's sentences (its last answer above the rest), summaries, notices."""
    last_seq = max((t.seq for t in an.turns if t.role == "assistant" and t.kind == "message"), default=-1)
    messages = [t for t in an.turns if t.text and not t.is_sidechain][-MAX_MESSAGES * 3:]
    for turn in messages:
        if turn.seq in skip:
            continue
        if is_user_request(turn):
            rest = turn.text[CORE_REQUEST:]  # the core holds its head; the rest competes piece by piece
            if rest.count("\n") > PASTED_LINES:  # pasted output (a log, a test run): its head and tail lines
                lines = output_lines(rest)
                for line, prior in zip(lines, line_priors(lines, PRIORS["pasted"], PRIORS["result"], PRIORS["env"])):
                    out.append(Candidate("goal", line, prior, turn.seq))
            else:
                for sentence in pieces(units(rest[:30000])):
                    out.append(Candidate("goal", sentence, PRIORS["request"], turn.seq))
        elif turn.role == "assistant" and turn.kind in ("message", "summary"):
            final = turn.seq == last_seq
            if "```" in turn.text or "~~~" in turn.text:
                out += code_candidates(turn.text[:60000], turn.seq)
            for sentence in pieces(units(turn.text[:30000])):
                if len(sentence) < MIN_UNIT:
                    continue
                prior = PRIORS["final"] if final else PRIORS["prose"]
                if _FILLER.match(sentence):
                    prior *= 0.5
                out.append(Candidate("decisions", sentence, prior, turn.seq))
        elif turn.kind == "context":  # pasted or summary-only text: the session's whole record
            for sentence in pieces(units(turn.text[:30000])):
                out.append(Candidate("decisions", sentence, PRIORS["context"], turn.seq))
        elif turn.kind in ("summary", "meta") and turn.role in ("system", "user"):
            for line in output_lines(turn.text):
                prior = PRIORS["summary"] if turn.kind == "summary" else PRIORS["notice"]
                out.append(Candidate("outputs", line, prior, turn.seq, group="notice"))
    for sentence in an.decisions:
        out.append(Candidate("decisions", sentence, PRIORS["decision"], 0))


def candidates(an: Analysis, skip: set[int], listed: Callable[[str], bool] = lambda command: False) -> list[Candidate]:
    """Every candidate of the session; turns whose seq is in skip are already in the handoff whole; a command
    that listed() says the core lists already gets no line of its own (its output lines still compete)."""
    out: list[Candidate] = []
    _prose_candidates(an, skip, out)
    _tool_candidates(an, out, listed)
    last = max((t.seq for t in an.turns), default=0) or 1
    for c in out:  # later material is nearer the state the next session starts from
        c.prior *= RECENT_FLOOR + (1 - RECENT_FLOOR) * 2 * max(c.seq, 0) / last
    return out
