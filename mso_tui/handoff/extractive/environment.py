"""The agent's set-up as the transcript's own header lines record it: tool version, model, sandbox, launch flags.

Agents write such lines as meta records (Codex's environment block, aider's start banner, an export's
"from Cursor (1.5.7)" line); the next session needs them verbatim and they cost a few tokens.
"""
from __future__ import annotations

import re
from typing import Iterable, Sequence

from mso_tui.handoff.extractive.text import clip
from mso_tui.records import TurnRecord

# <sandbox_mode>workspace-write</sandbox_mode>: a one-line element of a settings block
_ELEMENT = re.compile(r"^\s*<([a-z][\w-]{1,40})>([^<\n]{1,160})</\1>\s*$")
# the opening tag of a settings block ("<environment_context>"): its one-line elements are settings
_BLOCK = re.compile(r"^\s*<[\w-]*(?:environment|context|config|settings)[\w-]*>", re.IGNORECASE)
# "Main model: x with whole edit format": a short label of words (no ids, no digits), a colon, a value
_LABELLED = re.compile(r"^([A-Z][A-Za-z-]*(?: [A-Za-z-]+){0,2}): (\S.{0,160})$")
_VERSION = re.compile(r"(?<![\w.])(?:v?\d+\.\d+\.\d+|v\d+\.\d+)(?![\w.])")
_PROMPT = re.compile(r"\?|\(Y\)es|https?://\S+$|^(?:Warning|Error|Please|You can)\b", re.IGNORECASE)
LINES_PER_TURN = 20  # a banner is short; a long meta record (instructions) says its settings at the top
MAX_ITEMS = 12
MAX_LINE = 240
MAX_COMMANDS = 10
COMMAND_LINE = 100


def is_launch(line: str) -> bool:
    """A program started with options: `prog --flag [value] ...` and nothing else (not a sentence)."""
    words = line.split()
    if len(words) < 2 or ":" in words[0] or not words[1].startswith("-"):
        return False
    return all(w.startswith("-") or words[n].startswith("-") for n, w in enumerate(words[1:]))


def setting(line: str, in_block: bool = False) -> str | None:
    """The setting a header line states, or None when it states none (a prompt, a warning, prose)."""
    line = line.strip()
    if not line or len(line) > MAX_LINE:
        return None
    element = _ELEMENT.match(line)
    if element:
        return f"{element.group(1)}: {element.group(2).strip()}" if in_block else None
    if _PROMPT.search(line) or line.startswith("/") and " " in line and not is_launch(line):
        return None
    if _LABELLED.match(line) or is_launch(line):
        return line
    if _VERSION.search(line) and len(line) <= 120:
        return line
    return None


def settings(turns: Iterable[TurnRecord]) -> list[str]:
    """The distinct settings the session's meta records state, first seen first (each value once)."""
    seen: set[str] = set()
    out: list[str] = []
    for turn in turns:
        if turn.kind != "meta" or not turn.text:
            continue
        block = bool(_BLOCK.match(turn.text))
        if turn.role != "system" and not block:  # a user's meta record is a slash command, not a banner
            continue
        for line in turn.text.splitlines()[:LINES_PER_TURN]:
            found = setting(line, block)
            if found and found.lower() not in seen and len(out) < MAX_ITEMS:
                seen.add(found.lower())
                out.append(clip(found, MAX_LINE))
    return out


def agent_commands(turns: Iterable[TurnRecord]) -> list[str]:
    """The distinct slash commands with an argument the user gave the agent's own CLI (/model x, /add f, /load name),
    first seen first: they set the model, the files in the chat, saved state. A bare one (/ask, /quit) is a mode
    switch whose words, if any, are a turn of their own."""
    seen: set[str] = set()
    out: list[str] = []
    for turn in turns:
        if turn.kind != "meta" or turn.role != "user" or not turn.text.startswith("/"):
            continue
        line = turn.text.strip().splitlines()[0]
        if " " in line and line.lower() not in seen and len(out) < MAX_COMMANDS:
            seen.add(line.lower())
            out.append(clip(line, COMMAND_LINE))
    return out


# where a Python's packages live, as tracebacks, pip and warnings print it: "<env>/lib/python3.9/site-packages"
_SITE = re.compile(r"/lib/(python\d+(?:\.\d+)?)/(?:site|dist)-packages\b")
_PATH_START = re.compile(r"[\s'\"(<=,;|]")  # what a path printed in an output begins after
MAX_PYTHONS = 2


def python_environments(turns: Iterable[TurnRecord]) -> list[str]:
    """The Python environments the session's tool output shows packages in ("`/u/micromamba` (python3.9)"), the
    most often seen first: which interpreter ran is behind many a "works here, fails there"."""
    seen: dict[str, int] = {}
    for turn in turns:
        if turn.role != "tool" or "-packages" not in turn.text:
            continue
        text = turn.text[-20000:]
        for match in _SITE.finditer(text):
            # the environment's folder: back from the match to where the path began (linear, no backtracking)
            head = text[max(0, match.start() - 300):match.start()]
            begin = max((m.end() for m in _PATH_START.finditer(head)), default=0)
            folder = head[begin:]
            if folder.startswith("/") and len(folder) > 1:
                key = f"`{folder}` ({match.group(1)})"
                seen[key] = seen.get(key, 0) + 1
    return sorted(seen, key=lambda k: -seen[k])[:MAX_PYTHONS]


def environment_item(turns: Sequence[TurnRecord]) -> list[str]:
    """The settings, the Python environments and the user's agent commands as goal items, or nothing."""
    found, given, pythons = settings(turns), agent_commands(turns), python_environments(turns)
    items = ["Set-up recorded by the transcript: " + "; ".join(found)] if found else []
    items += ["Python packages installed in: " + ", ".join(pythons)] if pythons else []
    return items + (["Agent commands the user gave: " + ", ".join(f"`{c}`" for c in given)] if given else [])
