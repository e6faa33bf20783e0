"""Shared pieces of the markdown importers: safe line reading, code fences, ids, actions in prose."""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from mso_tui.importers.base import FileParse, ParsedTurn, ParseError

MAX_ERRORS = 50  # one bad file must not flood the report; the count still goes to skipped_lines
SHELL_LANGS = frozenset({"bash", "sh", "shell", "shellscript", "console", "zsh", "terminal", "shell-session",
                         "powershell", "ps1", "cmd", "bat", "fish"})
_PROMPTS = ("$ ", "% ", "# ", "> ", "PS> ")
# A line that only announces an edit: "Applied edit to x.py", "Created `src/a.ts`.", "Updated README.md".
_EDIT_LINE = re.compile(r"^(?:Applied edit to|Created|Updated|Modified|Edited|Wrote)\s+`?"
                        r"((?:[\w.~@+-]+/)*[\w@+-][\w.@+-]*\.[A-Za-z0-9]{1,8}|(?:[\w.~@+-]+/)+[\w.@+-]+)`?[.:]?$")
_EDIT_WORDS = ("Applied edit to", "Created", "Updated", "Modified", "Edited", "Wrote")
_FILENAME_LINE = re.compile(r"^`?[\w./\\~@+-]+\.[A-Za-z0-9]{1,8}`?:?$")


@dataclass
class Lines:
    """A file decoded line by line, with what could not be read."""

    lines: list[str]
    errors: list[ParseError]
    skipped: int
    size: int


def decode_lines(data: bytes) -> Lines:
    """Split bytes into lines; undecodable bytes are replaced, binary lines (NUL, control noise) dropped."""
    text = data.decode("utf-8-sig", errors="replace")  # -sig: a leading byte order mark is no text
    lines = text.splitlines()
    errors: list[ParseError] = []
    skipped = replaced = 0
    first_replaced = 0
    if "\ufffd" in text or "\x00" in text:
        for number, line in enumerate(lines, 1):
            if "\x00" in line or _controls(line) > max(4, len(line) // 10):
                skipped += 1
                if len(errors) < MAX_ERRORS:
                    errors.append(ParseError(number, "binary data, line skipped"))
                lines[number - 1] = ""
            elif "\ufffd" in line:
                replaced += 1
                first_replaced = first_replaced or number
    if replaced:
        errors.append(ParseError(first_replaced, f"undecodable bytes replaced on {replaced} line(s)"))
    return Lines(lines, errors, skipped, len(data))


def read_lines(path: Path) -> Lines:
    """Read a whole file (markdown formats are re-parsed whole) as decoded lines."""
    return decode_lines(Path(path).read_bytes())


def open_markdown(path: Path, fmt: str) -> tuple[FileParse, Lines | None]:
    """A FileParse for a whole markdown file with its read counts filled in, and its lines (None if unreadable)."""
    result = FileParse(format=fmt)
    try:
        read = read_lines(path)
    except OSError as exc:
        result.errors.append(ParseError(0, f"cannot read: {exc.strerror or exc}"))
        return result, None
    result.errors.extend(read.errors)
    result.skipped_lines, result.lines_read, result.end_offset = read.skipped, len(read.lines), read.size
    return result, read


def _controls(line: str) -> int:
    """How many control characters (other than tab) a line holds."""
    return sum(1 for ch in line if ch < " " and ch != "\t")


def short_hash(*parts: str) -> str:
    """A short, stable hash of some strings (ids must survive re-parses and other machines)."""
    digest = hashlib.sha1("\x1f".join(parts).encode("utf-8", "replace")).hexdigest()
    return digest[:12]


def fence_open(line: str) -> tuple[str, int, str] | None:
    """(char, length, info) when the line opens a code fence (CommonMark: <= 3 spaces, >= 3 ` or ~)."""
    if not line or line[0] not in "`~ ":
        return None  # the common case, decided without any string work
    stripped = line.lstrip(" ")
    if len(line) - len(stripped) > 3 or len(stripped) < 3 or stripped[0] not in "`~":
        return None
    char = stripped[0]
    length = len(stripped) - len(stripped.lstrip(char))
    if length < 3:
        return None
    info = stripped[length:].strip()
    if char == "`" and "`" in info:
        return None
    return char, length, info


class FenceTracker:
    """Follows code fences line by line, so marker-like lines inside code never split turns.

    Besides CommonMark's rule (a fence closes on the same char, at least as long, no info string),
    an opener with an info string inside a fence nests: LLM output often puts ```python inside ```markdown.
    """

    def __init__(self) -> None:
        self.stack: list[tuple[str, int]] = []

    @property
    def inside(self) -> bool:
        """True while the last line fed was inside (or opened/closed) a fence."""
        return bool(self.stack)

    def feed(self, line: str) -> bool:
        """Take one line; True when the line belongs to code (fence lines included)."""
        found = fence_open(line)
        if not self.stack:
            if found:
                self.stack.append((found[0], found[1]))
                return True
            return False
        char, length = self.stack[-1]
        if found and found[0] == char:
            if not found[2] and found[1] >= length:
                self.stack.pop()
            elif found[2]:
                self.stack.append((found[0], found[1]))
        return True

    def reset(self) -> None:
        """Forget open fences (a format boundary that cannot be inside code)."""
        self.stack.clear()


def shell_commands(info: str, body: list[str]) -> str | None:
    """The commands of a shell fence, or None when it is a script, a patch or not clearly commands."""
    lang = info.split()[0].split(":")[0].lower() if info else ""
    if lang not in SHELL_LANGS or not body or len(body) > 20:
        return None
    if body[0].startswith("#!") or any(line.startswith(("<<<<<<<", "=======", ">>>>>>>")) for line in body):
        return None
    if lang in ("console", "shell-session", "terminal"):
        cmds = [line[len(p):] for line in body for p in _PROMPTS if line.startswith(p)][:20]
        text = "\n".join(cmds).strip()
    else:
        # comment lines explain, they are not commands
        text = "\n".join(line for line in body if line.strip() and not line.lstrip().startswith("#")).strip()
    return text or None


def _fence_starts(text: str) -> list[int]:
    """Offsets of the lines that start with ``` or ~~~ (after at most 3 spaces), found with str.find."""
    starts = []
    for token in ("```", "~~~"):
        at = text.find(token)
        while at != -1:
            begin = text.rfind("\n", 0, at) + 1
            if at - begin <= 3 and not text[begin:at].strip(" "):
                starts.append(begin)
                end = text.find("\n", at)
                at = -1 if end == -1 else text.find(token, end)
            else:
                at = text.find(token, at + 3)
    return sorted(set(starts))


def fence_spans(text: str) -> list[tuple[int, int, str]]:
    """Top-level code fences as (open line, close line, info), 0-based; an unclosed one runs to the end.

    Only fence-like lines are visited (found with str.find), so a 2 MB paste costs milliseconds.
    """
    spans: list[tuple[int, int, str]] = []
    tracker = FenceTracker()
    line = last = 0
    start, info = -1, ""
    for begin in _fence_starts(text):
        line += text.count("\n", last, begin)
        last = begin
        end = text.find("\n", begin)
        current = text[begin:end if end != -1 else len(text)]
        was = tracker.inside
        tracker.feed(current)
        if not was and tracker.inside:
            opened = fence_open(current)
            start, info = line, opened[2] if opened else ""
        elif was and not tracker.inside:
            spans.append((start, line, info))
    if tracker.inside:
        spans.append((start, line + text.count("\n", last), info))
    return spans


# a command given inline in prose: "run `npm test -- auth`", "execute `make lint`"
_INLINE_RUN = re.compile(r"\b(?:[Rr]un(?:ning)?|[Ee]xecut(?:e|ing)|[Tt]ype|[Tt]ry)\s*:?\s+"
                         r"`([a-z][\w.+/-]*(?: [^`\n]{1,160})?)`")


def inline_commands(text: str, lines: list[str], code: list[bool]) -> list[tuple[int, str, str]]:
    """(line, "shell", command) for commands prose tells to run inline, outside code fences."""
    found = []
    for index, line in enumerate(lines):
        if not code[index] and "`" in line:
            found += [(index, "shell", m.group(1).strip()) for m in _INLINE_RUN.finditer(line)]
    return found


def actions(text: str) -> list[tuple[str, str]]:
    """(tool_name, input) for the commands and edits prose clearly shows: shell fences, path fences, edit lines,
    commands it says to run inline."""
    has_edit_words = any(word in text for word in _EDIT_WORDS)
    has_inline = "`" in text and _INLINE_RUN.search(text) is not None
    if "```" not in text and "~~~" not in text and not has_edit_words and not has_inline:
        return []  # most messages hold neither code nor edit lines
    lines = text.split("\n")
    spans = fence_spans(text)
    found: list[tuple[int, str, str]] = []
    for start, end, info in spans:
        if ":" in info and not info.startswith(("http", ":")):
            found.append((start, "edit", info.split(":", 1)[1].strip()))  # Cursor: ```lang:path/to/file
            continue
        before = next((lines[i].strip() for i in range(start - 1, max(start - 4, -1), -1) if lines[i].strip()), "")
        command = None if _FILENAME_LINE.match(before) else shell_commands(info, lines[start + 1:end])
        if command:
            found.append((start, "shell", command))
    code = [False] * len(lines)
    for start, end, _ in spans:
        code[start:end + 1] = [True] * (min(end, len(lines) - 1) - start + 1)
    if has_inline:
        found += inline_commands(text, lines, code)
    if has_edit_words:
        for index, line in enumerate(lines):
            if not code[index] and line.lstrip().startswith(_EDIT_WORDS):
                match = _EDIT_LINE.match(line.strip())
                if match:
                    found.append((index, "edit", match.group(1)))
    return [(tool, value) for _, tool, value in sorted(found, key=lambda f: f[0])]


def action_turns(text: str, base_id: str, model: str | None = None) -> list[ParsedTurn]:
    """Tool-call turns for the actions prose shows; source ids derive from the message's own id."""
    turns = []
    for index, (tool, value) in enumerate(actions(text)):
        turns.append(ParsedTurn(role="assistant", text=value, kind="tool_call", tool_name=tool,
                                tool_input=value[:500], model=model, source_id=f"{base_id}:a{index}"))
    return turns
