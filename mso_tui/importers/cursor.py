"""Cursor chat exports: `# title`, `_Exported on ... from Cursor (version)_`, `**User**` / `**Cursor**` sections.

The export carries no per-message times and no ids: the session id is a hash of the title and the first
prompt (so a later, longer export of the same chat lands in the same session), and the export time is
kept as the session's end.
"""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from mso_tui.importers.base import FileParse, ParsedSession, ParsedTurn
from mso_tui.importers.mdblocks import FenceTracker, action_turns, open_markdown, short_hash

FORMAT = "cursor"
AGENT = "cursor"

_EXPORTED = re.compile(r"^_Exported on (.+?) from Cursor(?: \(([^)]*)\))?_\s*$")
_SPEAKERS = {"**User**": "user", "**Cursor**": "assistant"}
_WHEN = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4}) at (\d{1,2}):(\d\d)(?::(\d\d))?"
                   r"\s*(AM|PM)?\s*(?:GMT|UTC)?([+-]\d{1,2}(?::?\d\d)?)?")


def sniff(path: Path, head: bytes) -> bool:
    """A Cursor export: its `_Exported on ... from Cursor` line, or its speaker lines."""
    return b"from Cursor" in head and b"_Exported on" in head or b"\n**Cursor**" in head


def export_time(text: str) -> dt.datetime | None:
    """'7/3/2025 at 19:38:42 GMT+2' as naive UTC (month first, as Cursor writes it in en-US)."""
    match = _WHEN.search(text)
    if not match:
        return None
    month, day, year, hour, minute = (int(match.group(i)) for i in range(1, 6))
    second = int(match.group(6) or 0)
    if match.group(7):
        hour = hour % 12 + (12 if match.group(7) == "PM" else 0)
    offset = dt.timedelta()
    if match.group(8):
        sign = -1 if match.group(8).startswith("-") else 1
        digits = match.group(8)[1:].replace(":", "")
        offset = sign * dt.timedelta(hours=int(digits[:2] if len(digits) > 2 else digits),
                                     minutes=int(digits[2:] or 0) if len(digits) > 2 else 0)
    try:
        return dt.datetime(year, month, day, hour, minute, second) - offset
    except ValueError:
        return None


def _has_prose(lines: list[str]) -> bool:
    """Whether lines hold text beyond the export line: more than a one-line notice ("*No messages found*")."""
    prose = [line.strip() for line in lines if line.strip() and not line.startswith("Exported on")]
    return sum(len(line) for line in prose) >= MIN_CONTEXT


MIN_CONTEXT = 60  # characters of unmarked text that make a context turn


def parse(path: Path, offset: int = 0, state: dict | None = None) -> FileParse:
    """Parse a whole Cursor export (markdown is re-read whole; offset is ignored)."""
    result, read = open_markdown(path, FORMAT)
    if read is None:
        return result
    title, exported = "", None
    preamble: list[str] = []  # the export line and any text before the first speaker
    sections: list[tuple[str, list[str]]] = []
    fences = FenceTracker()
    previous = ""
    for line in read.lines:
        role = _SPEAKERS.get(line.strip())
        # Cursor leaves some snippet fences unclosed; a speaker line right after the `---` separator
        # is a section boundary even then (the export always writes it that way).
        if role and fences.inside and previous == "---":
            fences.reset()
        if line.strip():
            previous = line.strip()
        if not fences.inside:
            if role:
                sections.append((role, []))
                continue
            if not sections:
                found = _EXPORTED.match(line)
                if found:
                    exported = export_time(found.group(1))
                    preamble.append(line.strip().strip("_"))
                elif line.startswith("# ") and not title:
                    title = line[2:].strip()
                elif line.strip() and line.strip() != "---":
                    preamble.append(line)
                continue
        if sections:
            fences.feed(line)
            sections[-1][1].append(line)
    texts = []
    for role, lines in sections:
        while lines and lines[-1].strip() in ("", "---"):
            lines.pop()  # the separator before the next speaker belongs to neither
        texts.append((role, "\n".join(lines).strip()))
    first = next((text for role, text in texts if role == "user" and text), "")
    head = "\n".join(preamble).strip()
    if not any(text for _, text in texts):
        if not head or not _has_prose(preamble):
            return result
        texts = [("user", head)]  # no speaker markers: the text is one context turn, as a paste's is
        first, head = head, ""
    sid = f"cursor-{short_hash(title, first)}"
    turns: list[ParsedTurn] = []
    if head:  # the export line (Cursor's version) and text above the first speaker reach a turn too
        turns.append(ParsedTurn(role="system", text=head, kind="meta", source_id=f"{sid}:header"))
    for index, (role, text) in enumerate(texts):
        if not text:
            continue
        base = f"{sid}:{index}"
        kind = "context" if role == "user" and not sections else "message"
        turns.append(ParsedTurn(role=role, text=text, kind=kind, source_id=base))
        if role == "assistant":
            turns.extend(action_turns(text, base))
    result.sessions.append(ParsedSession(agent_session_id=sid, id_from_file=False, agent=AGENT,
                                         title=title or first.split("\n")[0][:120],
                                         ended_at=exported, turns=turns))
    return result
