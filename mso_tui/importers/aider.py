"""Aider's `.aider.chat.history.md` (one session per launch) and `.aider.input.history` (user prompts).

Session ids: aider writes no ids and the file's absolute path moves with clones, so a launch is named
`<launch time>-<hash of its first user prompt>` (e.g. `2025-09-22T12:04:00-2320d72600f7`); launches with no prompt
and no answer (started and quit) are left out, which also keeps an in-progress launch from changing id once its
first prompt arrives.
The launch time is the writer's local clock (aider gives no zone); it is kept as written.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

from mso_tui.importers.aider_input import PROMPT_COMMANDS as _PROMPT_COMMANDS
from mso_tui.importers.aider_input import parse_input
from mso_tui.importers.base import MAX_TOKENS, FileParse, ParsedSession, ParsedTurn, ParsedUsage
from mso_tui.importers.jsonl import note_error
from mso_tui.importers.mdblocks import FenceTracker, Lines, actions, open_markdown, short_hash

FORMAT = "aider"
AGENT = "aider"

_LAUNCH = re.compile(r"^# aider chat started at (\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)")
_TOKENS = re.compile(r"^Tokens: (.*?received)\.?(?: Cost: \$([\d.,]+) message)?")
_COUNT = re.compile(r"([\d.,]+)([kKmM]?) (sent|cache write|cache hit|received)")
_MODEL = re.compile(r"^(?:Main )?[Mm]odel: (\S+)")
_WORKDIR = re.compile(r"^(?:Git|Cur) working dir: (.+)$")
_CONFIRM = re.compile(r"\? \(Y\)es/\(N\)o.*\]: ?(\S*)$")
_RUN_PROMPT = re.compile(r"^Run shell commands?\?")
_ERROR = re.compile(r"Error\b|Exception\b|Traceback|rate limited|FAILED|\bfailed\b|not found|Unable to")


def sniff(path: Path, head: bytes) -> bool:
    """An aider chat or input history, by name or by its launch header."""
    name = Path(path).name
    return name.endswith((".aider.chat.history.md", ".aider.input.history")) or b"# aider chat started at" in head


def _count(value: str, suffix: str) -> int:
    """'5,244' -> 5244, '1.2k' -> 1200 (aider rounds big counts to k)."""
    number = float(value.replace(",", "") or 0)
    return int(round(number * {"k": 1_000, "m": 1_000_000}.get(suffix.lower(), 1)))


def _usage(line: str) -> dict[str, Any] | None:
    """Token counts and message cost of a `Tokens:` line, or None."""
    match = _TOKENS.match(line)
    if not match:
        return None
    counts = {kind: _count(num, suffix) for num, suffix, kind in _COUNT.findall(match.group(1))}
    return {"counts": counts, "cost": float(match.group(2).replace(",", "")) if match.group(2) else None}


class _Launch:
    """One `# aider chat started at` section, collected before its id (which needs the first prompt) is known."""

    def __init__(self, stamp: str) -> None:
        self.stamp = stamp
        self.started = dt.datetime.strptime(stamp, "%Y-%m-%d %H:%M:%S")
        self.items: list[tuple[ParsedTurn, int | None]] = []  # (turn, index of the call a result answers)
        self.usage: list[tuple[dict[str, Any], str]] = []
        self.bad_counts: list[str] = []  # `Tokens:` lines with a count no call has: skipped, reported
        self.model: str | None = None
        self.cwd: str | None = None
        self.pending: int | None = None  # a /run or /test call waiting for its output block

    def add(self, turn: ParsedTurn, answers: int | None = None) -> int:
        """Append a turn; returns its index."""
        self.items.append((turn, answers))
        return len(self.items) - 1

    def meta(self, lines: list[str]) -> None:
        """Aider's own notices as one system turn."""
        text = "\n".join(lines).strip()
        if text:
            self.add(ParsedTurn(role="system", text=text, kind="meta", is_error=bool(_ERROR.search(text))))

    def call(self, tool: str, value: str, text: str | None = None) -> int:
        """A tool call turn (edits aider applied, commands it ran)."""
        return self.add(ParsedTurn(role="assistant", text=text or value, kind="tool_call", tool_name=tool,
                                   tool_input=value[:500], model=self.model))

    def result(self, call: int, lines: list[str]) -> None:
        """The output block of a command run."""
        text = "\n".join(lines).strip()
        self.add(ParsedTurn(role="tool", text=text, kind="tool_result", tool_name="shell",
                            is_error=bool(_ERROR.search(text))), answers=call)

    def user(self, lines: list[str]) -> None:
        """A prompt; slash commands become meta turns, /run and /test also a shell call."""
        text = "\n".join(lines).strip()
        if not text:
            return
        first = text.split(None, 1)
        command, rest = first[0], (first[1] if len(first) > 1 else "")
        if command in ("/run", "/test", "!") or (command.startswith("!") and len(command) > 1):
            self.add(ParsedTurn(role="user", text=text, kind="meta"))
            shell = rest if command in ("/run", "/test", "!") else text[1:]
            if shell.strip():
                self.pending = self.call("shell", shell.strip())
            return
        is_command = command.startswith("/") and not (command in _PROMPT_COMMANDS and rest)
        # "Add file to the chat? (Y)es/(N)o/(A)ll ... [Yes]: all": the user's answer to aider's own question
        answer = "\n" not in text and _CONFIRM.search(text) is not None
        self.add(ParsedTurn(role="user", text=text, kind="meta" if is_command or answer else "message"))

    def tool_block(self, lines: list[str]) -> None:
        """A run of `> ` lines: usage, model, edits, commits, commands run, errors, notices."""
        buf: list[str] = []
        mark = 0
        result_for, result = self.pending, []
        self.pending = None
        for line in lines:
            usage = _usage(line)
            if usage is not None:
                if any(not 0 <= n <= MAX_TOKENS for n in usage["counts"].values()):
                    self.bad_counts.append(line)
                else:
                    self.usage.append((usage, self.model or "unknown"))
                continue
            model, workdir = _MODEL.match(line), _WORKDIR.match(line)
            if model:
                self.model = model.group(1)
            if workdir and (self.cwd is None or line.startswith("Git")):
                self.cwd = workdir.group(1).strip()
            if result_for is not None and not _RUN_PROMPT.match(line):
                result.append(line)
                continue
            confirm = _CONFIRM.search(line)
            if line.startswith("Applied edit to "):
                self.meta(buf)
                buf, mark = [], 0
                self.call("edit", line[len("Applied edit to "):].strip(), line)
            elif confirm and _RUN_PROMPT.match(line) and confirm.group(1).lower() in ("y", "yes", "a", "all"):
                if result_for is not None:
                    self.result(result_for, result)
                    result_for, result = None, []
                commands = [c for c in buf[mark:] if c.strip()]
                self.meta(buf[:mark])
                buf, mark = [], 0
                for command in commands:
                    result_for = self.call("shell", command)
            elif line.startswith("Commit "):
                self.meta(buf)
                buf, mark = [line], 1
            elif confirm:
                buf.append(line)
                mark = len(buf)
            else:
                buf.append(line)
        if result_for is not None:
            self.result(result_for, result)
        self.meta(buf)

    def session(self) -> ParsedSession | None:
        """The launch as a session, or None when nobody spoke in it."""
        turns = [turn for turn, _ in self.items]
        if not any(t.role in ("user", "assistant") and t.kind == "message" for t in turns):
            return None
        first = next((t.text for t in turns if t.role == "user" and t.kind == "message"), "")
        sid = f"{self.stamp.replace(' ', 'T')}-{short_hash(first)}"
        ids = [f"{sid}:{i}" for i in range(len(turns))]
        out = [replace(t, source_id=ids[i] if link is None else f"{ids[link]}:result", timestamp=None)
               for i, (t, link) in enumerate(self.items)]
        # the launch line itself reaches a turn too (its own id: the numbered ids stay those of earlier imports)
        out.insert(0, ParsedTurn(role="system", text=f"aider chat started at {self.stamp}", kind="meta",
                                 source_id=f"{sid}:launch"))
        usage = []
        for n, (raw, model) in enumerate(self.usage, 1):
            counts = raw["counts"]
            write, hit = counts.get("cache write", 0), counts.get("cache hit", 0)
            # aider's "sent" is the whole prompt, cache included; ParsedUsage wants the uncached part
            usage.append(ParsedUsage(message_id=f"aider:{sid}:{n}", request_id="", model=model,
                                     input_tokens=max(counts.get("sent", 0) - write - hit, 0),
                                     output_tokens=counts.get("received", 0), cache_creation_tokens=write,
                                     cache_read_tokens=hit, timestamp=self.started, cost_usd=raw["cost"]))
        return ParsedSession(agent_session_id=sid, id_from_file=False, agent=AGENT, cwd=self.cwd,
                             title=first.split("\n")[0][:120],
                             started_at=self.started, turns=out, usage=usage)


def _aider_line(raw: str, in_code: bool) -> str | None:
    """'user' / 'tool' for aider's own lines, None for assistant text."""
    # aider ends its own lines with two spaces and writes replies raw: inside a reply's code fence only
    # a line with that ending is aider's
    kind = "user" if raw[:4] == "####" and raw[4:5] in ("", " ") else "tool" if raw[1:2] in ("", " ") else None
    if kind is None or not raw.startswith((">", "####")):
        return None
    return kind if not in_code or raw.endswith("  ") or raw.rstrip() in ("####", ">") else None


def _parse_chat(read: Lines, result: FileParse) -> None:
    """Split the chat history into launches and blocks of user, tool and assistant lines."""
    launch: _Launch | None = None
    mode: str | None = None
    block: list[str] = []
    fences = FenceTracker()
    launches: list[_Launch] = []

    def flush() -> None:
        if launch is None or not block:
            return
        if mode in ("user", "tool"):
            (launch.user if mode == "user" else launch.tool_block)(block)
        else:
            text = "\n".join(block).strip("\n")
            if text.strip():
                launch.add(ParsedTurn(role="assistant", text=text, model=launch.model))
                for tool, value in actions(text):
                    launch.call(tool, value)
        block.clear()

    for raw in read.lines:
        header = _LAUNCH.match(raw)
        if header:
            flush()
            mode, launch = None, _Launch(header.group(1))
            launches.append(launch)
            fences.reset()
            continue
        if launch is None:
            result.skipped_lines += bool(raw.strip())  # text before any launch header has no session
            continue
        kind = _aider_line(raw, mode == "assistant" and fences.inside)
        line = raw.rstrip()
        if kind is not None:
            if kind != mode:
                flush()
                mode = kind
                fences.reset()
            block.append(line[5:] if kind == "user" else line[2:])
        elif not line.strip() and mode != "assistant":
            flush()
            mode = None
        else:
            if mode != "assistant":
                flush()
                mode = "assistant"
            fences.feed(line)
            block.append(line)
    flush()
    result.sessions.extend(s for s in (one.session() for one in launches) if s is not None)
    for bad in (line for one in launches for line in one.bad_counts):
        # blocks are read after their lines: the line number is found again by its text
        number = next((i for i, raw in enumerate(read.lines, 1) if bad in raw), 0)
        note_error(result, number, "token count out of range: Tokens line skipped")



def parse(path: Path, offset: int = 0, state: dict | None = None) -> FileParse:
    """Parse a whole aider history file (markdown is re-read whole; offset is ignored)."""
    result, read = open_markdown(path, FORMAT)
    if read is None:
        return result
    if Path(path).name.endswith(".aider.input.history"):
        parse_input(read, result)
    else:
        _parse_chat(read, result)
    return result
