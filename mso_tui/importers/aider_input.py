"""Aider's `.aider.input.history`: `# <datetime>` entries of `+`-prefixed lines, one user turn each."""
from __future__ import annotations

import datetime as dt
import re

from mso_tui.importers.base import FileParse, ParsedSession, ParsedTurn
from mso_tui.importers.mdblocks import Lines, short_hash

# Slash commands that carry a real prompt; other slash commands are bookkeeping (meta).
PROMPT_COMMANDS = frozenset({"/ask", "/code", "/architect", "/context", "/help", "/copy-context"})
_INPUT_ENTRY = re.compile(r"^# (\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)")


def parse_input(read: Lines, result: FileParse) -> None:
    """`.aider.input.history`: `# <datetime>` then `+`-prefixed lines, each entry one user turn."""
    entries: list[tuple[str, list[str]]] = []
    for raw in read.lines:
        header = _INPUT_ENTRY.match(raw)
        if header:
            entries.append((header.group(1), []))
        elif raw.startswith("+") and entries:
            entries[-1][1].append(raw[1:])
        elif raw.strip():
            result.skipped_lines += 1
    entries = [(stamp, lines) for stamp, lines in entries if "\n".join(lines).strip()]
    if not entries:
        return
    sid = f"input-{entries[0][0].replace(' ', 'T')}-{short_hash(chr(10).join(entries[0][1]).strip())}"
    turns = []
    for index, (stamp, lines) in enumerate(entries):
        text = "\n".join(lines).strip()
        when = dt.datetime.strptime(stamp, "%Y-%m-%d %H:%M:%S")
        kind = "meta" if text.startswith("/") and text.split()[0] not in PROMPT_COMMANDS else "message"
        turns.append(ParsedTurn(role="user", text=text, kind=kind, timestamp=when, source_id=f"{sid}:{index}"))
    result.sessions.append(ParsedSession(agent_session_id=sid, id_from_file=False, agent="aider",
                                         title=turns[0].text.split("\n")[0][:120],
                                         started_at=turns[0].timestamp, ended_at=turns[-1].timestamp, turns=turns))
