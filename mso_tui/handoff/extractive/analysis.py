"""One pass over a session's material: everything the section builders need, computed once."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from mso_tui.handoff.contract import HandoffInput
from mso_tui.handoff.extractive import conversation as conv
from mso_tui.handoff.extractive.ending import ending
from mso_tui.handoff.extractive.reported import ReportedError, user_errors
from mso_tui.handoff.extractive.text import clip, clip_middle, error_line, error_lines, located
from mso_tui.handoff.extractive.tools import (
    CommandRun,
    ToolEvent,
    command_runs,
    edit_gist,
    files_touched,
    mentioned_files,
    pair_tools,
    path_of,
)
from mso_tui.records import TurnRecord

# aider's "Commit <sha> <msg>" and git's own "[branch <sha>] <msg>"
_COMMIT = re.compile(r"^>?\s*Commit ([0-9a-f]{7,40}) (.+)$|^\[[\w./-]+(?: \(root-commit\))? ([0-9a-f]{7,40})\] (.+)$",
                     re.MULTILINE)
# "committed ... under the message: “feat: add x”": a commit the agent names by its message, not its hash
_SAID_MESSAGE = re.compile(r"\b(?:[Cc]ommitted|[Cc]ommit created)\b[^.\n]{0,60}?\b(?:message|as|with)\b"
                           r"[^\w\n]{0,4}\n{0,2}[ \t]*[“\"'`]([^“”\"`\n]{8,160})[”\"'`]")
# an agent naming a commit it made: "Committed and pushed as `ed51f43`"
_SAID_COMMIT = re.compile(r"\b(?:[Cc]ommit(?:ted)?|[Pp]ushed)\b[^.\n]{0,40}?`?\b([0-9a-f]{7,12})\b")
_RUNNING = re.compile(r"^(?:#+ )?Running:?\s+(.+)$|^\$ (.+)$", re.MULTILINE)


@dataclass
class ErrorItem:
    """A failing command or tool call, with its key error line."""

    command: str
    error: str
    exit_code: int | None
    tool: str
    resolved: bool = False
    attempts: int = 1
    fix: str = ""  # how the passing run differed from the failing one, when the call inputs say


@dataclass
class Analysis:
    """What the transcript says, in extractor terms."""

    turns: list[TurnRecord]
    events: list[ToolEvent] = field(default_factory=list)
    commands: list[CommandRun] = field(default_factory=list)
    edited: list[str] = field(default_factory=list)
    read_only: list[str] = field(default_factory=list)
    mentioned: list[str] = field(default_factory=list)  # paths the conversation names, no tool touched
    todos: list[tuple[str, str]] = field(default_factory=list)
    checklist: list[tuple[str, bool]] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    whole_requests: list[str] = field(default_factory=list)  # the same requests, not clipped
    decisions: list[str] = field(default_factory=list)
    errors: list[ErrorItem] = field(default_factory=list)
    commits: list[str] = field(default_factory=list)
    reported: list[str] = field(default_factory=list)  # errors reported outside any command
    user_errors: list[ReportedError] = field(default_factory=list)  # errors the user pasted, with the reply
    models: list[str] = field(default_factory=list)
    gists: dict[str, list[str]] = field(default_factory=dict)  # path -> gists of its edits
    last_assistant: str = ""
    ending: str = ""  # the user's interruptions and what the last one stopped (extract/ending.py)

    @property
    def unresolved(self) -> list[ErrorItem]:
        """Errors whose last attempt still failed."""
        return [e for e in self.errors if not e.resolved]

    @property
    def passed_commands(self) -> list[str]:
        """Command lines whose last run succeeded."""
        return [c.command for c in self.commands if c.last.has_result and not c.last.failed]


def input_diff(failed_raw: str, passed_raw: str) -> str:
    """What the passing call's JSON input set differently from the failing one (e.g. a permission flag)."""
    try:
        before, after = json.loads(failed_raw), json.loads(passed_raw)
    except ValueError:
        return ""
    if not isinstance(before, dict) or not isinstance(after, dict):
        return ""
    changed = [f"{k}={clip(str(v), 60)}" for k, v in after.items()
               if before.get(k) != v and isinstance(v, str | int | float | bool) and len(str(v)) <= 120]
    return ", ".join(changed[:3])


# a structured error body's own message ("message": "Quota ... exceeded"): an API's words under the tool's summary
_MESSAGE = re.compile(r'^\s*"?(?:message|detail|description|reason)"?\s*:\s*"([^"\n]{12,300})"', re.MULTILINE)


def failure(output: str) -> str:
    """A failed run's key error line; before it, the first error line when that one says something else (a
    parser's message, then the error id it ends with); after it, an error body's message the lines lack."""
    key = error_line(output)
    parts = [key]
    first = error_lines(output, 160)[:1]
    if first and not said(first[0], " ".join(parts)) and not said(key, first[0]):
        parts.insert(0, first[0])
    message = _MESSAGE.search(output[-60000:])
    if message and not said(message.group(1), " ".join(parts)):
        parts.append(clip(message.group(1), 200))
    return located(" … ".join(parts), output)


def said(line: str, text: str) -> bool:
    """Whether text already holds line (a clipped line counts by the part before its ellipsis)."""
    return line.rstrip("…").strip().lower() in text.lower()


def _errors(commands: list[CommandRun], events: list[ToolEvent]) -> list[ErrorItem]:
    """Commands whose last run failed (unresolved) or that failed and later passed (resolved)."""
    out: list[ErrorItem] = []
    for run in commands:
        failed = [r for r in run.runs if r.failed]
        if not failed:
            continue
        last_fail = failed[-1]
        resolved = not run.last.failed
        out.append(ErrorItem(run.command, failure(last_fail.output) or "(no output)", last_fail.exit_code,
                             last_fail.name, resolved=resolved, attempts=len(run.runs),
                             fix=input_diff(last_fail.raw, run.last.raw) if resolved else ""))
    # non-shell tools: a failure counts as open only when the last call on the same target failed too
    last_by_target: dict[str, ToolEvent] = {}
    for event in events:
        if event.family not in ("shell", "todo") and event.has_result:
            target = f"{event.name}:{(path_of(event) or [event.command[:80]])[0]}"
            last_by_target[target] = event
    for target, event in last_by_target.items():
        if event.failed and event.family == "edit":
            out.append(ErrorItem(f"{event.name} {target.split(':', 1)[1]}", error_line(event.output) or "failed",
                                 event.exit_code, event.name))
    return out


def analyse(inp: HandoffInput) -> Analysis:
    """Run every extractor over the input's turns."""
    turns = sorted(inp.turns, key=lambda t: t.seq)
    result = Analysis(turns=turns)
    result.events = pair_tools(turns)
    result.commands = command_runs(result.events)
    texts = [t.text for t in turns if t.kind in ("message", "tool_result", "meta") and t.text]
    result.edited, result.read_only = files_touched(result.events, texts)
    prose = [t.text for t in turns if t.kind == "message" and t.role in ("user", "assistant") and not t.is_sidechain]
    known = set(result.edited) | set(result.read_only) | {c.path for c in inp.file_changes}
    result.mentioned = mentioned_files(prose, known)
    for event in result.events:
        if event.family == "edit" and not event.failed:
            gist = edit_gist(event)
            for path in path_of(event) if gist else ():
                if gist not in result.gists.setdefault(path, []):
                    result.gists[path].append(gist)
    result.todos = conv.latest_todos(result.events)
    messages = [t.text for t in turns if t.kind == "message" and t.role in ("user", "assistant")]
    result.checklist = conv.checklist(messages)
    result.whole_requests = conv.user_requests(turns, None)
    result.requests = [clip(r, 600) for r in result.whole_requests]
    result.decisions = conv.decisions(turns)
    result.errors = _errors(result.commands, result.events)
    from mso_tui.handoff.extractive.narrative import note_score  # narrative imports this module

    result.user_errors = user_errors(turns, note_score)
    seen: set[str] = set()
    for text in texts:
        if "Commit " in text or "] " in text:
            for match in _COMMIT.finditer(text):
                sha, message = match.group(1) or match.group(3), match.group(2) or match.group(4)
                if sha not in seen:
                    seen.add(sha)
                    result.commits.append(f"{sha[:7]} {clip(message, 160)}")
    for turn in turns:
        if turn.role == "assistant" and turn.kind == "message" and ("ommit" in turn.text or "ushed" in turn.text):
            for match in _SAID_COMMIT.finditer(turn.text):
                sha = match.group(1)
                if sha not in seen and any(c.isdigit() for c in sha) and any(c.isalpha() for c in sha):
                    seen.add(sha)
                    context = turn.text[max(match.start() - 60, 0): match.end() + 100]
                    result.commits.append(f"{sha} (the agent said: …{clip(context, 180)})")
            for match in _SAID_MESSAGE.finditer(turn.text):
                message = match.group(1).strip()
                if not any(message.lower() in c.lower() for c in result.commits):
                    result.commits.append(f"“{message}” (the agent said it committed this; no hash shown)")
        if turn.is_error and turn.kind in ("message", "meta") and turn.role in ("system", "assistant"):
            line = error_line(turn.text)
            running = _RUNNING.search(turn.text)
            if line and running:
                line = f"{line} (while running `{clip_middle(running.group(1) or running.group(2), 160)}`)"
            if line and line not in result.reported:
                result.reported.append(line)
        if turn.model and turn.model not in result.models and not turn.model.startswith("<"):
            result.models.append(turn.model)
    result.ending = ending(turns)
    for turn in reversed(turns):
        if turn.role == "assistant" and turn.kind == "message" and turn.text.strip() and not turn.is_sidechain:
            result.last_assistant = turn.text
            break
    return result
