"""Files the user pointed the agent at ("the feature in README.md", "follow docs/spec.md"): how each opens.

A request that names a file the agent then read hands the session its brief through that file; its
opening line (a project's README says what is being built) is the goal in the file's own words.
"""
from __future__ import annotations

import os
import re
from typing import Sequence

from mso_tui.handoff.extractive.text import clip, unwrapped
from mso_tui.handoff.extractive.tools import ToolEvent, path_of

MAX_FILES = 2  # files quoted: the brief is one or two documents, not every file a request names
OPENING = 200  # characters of a file's opening quoted
SHORT_TITLE = 40  # an opening line this short (a bare title) is followed by the next line
# the marks a viewer puts before each line (Claude Code's Read: "     1→"; cat -n: "     1\t") and markdown's own
_NUMBERED = re.compile(r"^\s*\d+(?:→|\t|: )")
_MARKUP = re.compile(r"^[#>*\-=\s]+")


def opening(text: str) -> str:
    """The first line of a file's text that says something, with a bare title joined to the line after it."""
    lines = []
    for raw in unwrapped(text).splitlines()[:40]:
        line = _MARKUP.sub("", _NUMBERED.sub("", raw)).strip()
        if not line or not any(c.isalpha() for c in line) or line.startswith(("<!--", "---", "```")):
            continue
        lines.append(line)
        if len(lines) == 2 or len(lines[0]) > SHORT_TITLE:
            break
    return clip(": ".join(lines), OPENING) if lines else ""


def pointed_openings(events: Sequence[ToolEvent], requests: Sequence[str]) -> list[tuple[str, str]]:
    """(path, opening) of each file a user request names by its name and the agent read, first read first."""
    asked = "\n".join(requests).lower()
    out: list[tuple[str, str]] = []
    for event in events:
        if event.family != "read" or event.failed or not event.output.strip():
            continue
        for path in path_of(event)[:1]:
            name = os.path.basename(path.rstrip("/\\")).lower()
            if len(name) < 4 or "." not in name or any(p == path for p, _ in out):
                continue
            if not re.search(rf"(?<![\w.-]){re.escape(name)}(?![\w-]|\.\w)", asked):  # a name, or a path's end
                continue
            said = opening(event.output)
            if said:
                out.append((path, said))
        if len(out) >= MAX_FILES:
            break
    return out
