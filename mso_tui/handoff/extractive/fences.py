"""Fenced code blocks of a message, nested ones included (agents put a README's code blocks inside a block),
and the final answer's long edit blocks folded to one line."""
from __future__ import annotations

import re
from typing import NamedTuple

from mso_tui.importers.mdblocks import FenceTracker, fence_open

FOLD_LINES = 8  # an edit block longer than this is folded in the final answer's head


class Block(NamedTuple):
    """One outermost fenced block: where it starts and ends in the text, its info string and its body."""

    start: int
    end: int
    info: str
    body: str


def blocks(text: str) -> list[Block]:
    """The outermost fenced blocks of text, by the importers' fence rules (importers/mdblocks.FenceTracker):
    inside a block, a fence with an info string opens a nested block, so a markdown block holding ```kotlin
    ... ``` ends at its own closing fence; a block left open runs to the end of the text."""
    out: list[Block] = []
    tracker = FenceTracker()
    pos = start = body = 0
    info = ""
    for line in text.splitlines(keepends=True):
        bare = line.rstrip("\r\n")
        was = tracker.inside
        tracker.feed(bare)
        if not was and tracker.inside:
            opened = fence_open(bare)
            start, body, info = pos, pos + len(line), (opened[2].split() or [""])[0] if opened else ""
        elif was and not tracker.inside:
            out.append(Block(start, pos + len(line), info, text[body:pos]))
        pos += len(line)
    if tracker.inside:
        out.append(Block(start, len(text), info, text[body:]))
    return out


def prose(text: str) -> str:
    """text with its fenced blocks (nested ones within them too) said as one space: the prose around the code."""
    if "```" not in text and "~~~" not in text:
        return text
    parts, last = [], 0
    for block in blocks(text):
        parts.append(text[last:block.start])
        last = block.end
    return " ".join(parts) + " " + text[last:]


# an editor's marker for the unchanged code an edit block leaves out ("// ... existing code ...")
_ELIDED = re.compile(r"^\W{0,4}\.\.\.? ?(?:existing|rest of|unchanged|previous)\b", re.IGNORECASE | re.MULTILINE)


def is_edit_block(body: str) -> bool:
    """A code block that shows an edit (an elision marker, or mostly +/- diff lines), not a whole text."""
    lines = [line for line in body.splitlines() if line.strip()]
    changed = sum(1 for line in lines if line[:1] in "+-" and line[:3] not in ("---", "+++"))
    return bool(_ELIDED.search(body)) or (len(lines) > 0 and changed >= 0.6 * len(lines))


def folded(message: str) -> str:
    """The message with its long edit blocks said in one line: the edit's lines compete in the pool, and the
    core keeps the prose that says what was done (an export's last message often opens with the edit)."""
    parts, last = [], 0
    for block in blocks(message):
        lines = block.body.count("\n")
        if lines > FOLD_LINES and is_edit_block(block.body):
            parts += [message[last:block.start], f"[{block.info + ' ' if block.info else ''}code, {lines} lines]\n"]
            last = block.end
    return "".join(parts) + message[last:]
