"""Fenced code blocks of a message, nested ones included: agents put a README's code blocks inside a block."""
from __future__ import annotations

import re
from typing import NamedTuple

# a fence line: three or more backticks or tildes, maybe an info string ("```kotlin", "~~~ py")
_FENCE_LINE = re.compile(r"^ {0,3}(`{3,}|~{3,})[ \t]*([^`\s]*)[^`\n]*$")


class Block(NamedTuple):
    """One outermost fenced block: where it starts and ends in the text, its info string and its body."""

    start: int
    end: int
    info: str
    body: str


def blocks(text: str) -> list[Block]:
    """The outermost fenced blocks of text. Inside a block, a fence with an info string opens a nested block
    (a bare fence cannot open one there: it closes), so a markdown block holding ```kotlin ... ``` ends at its
    own closing fence; a block left open runs to the end of the text."""
    out: list[Block] = []
    depth, mark, start, body, info = 0, "", 0, 0, ""
    pos = 0
    for line in text.splitlines(keepends=True):
        found = _FENCE_LINE.match(line.rstrip("\r\n"))
        if found:
            if depth == 0:
                depth, mark, start, body, info = 1, found.group(1)[0], pos, pos + len(line), found.group(2)
            elif found.group(1)[0] == mark:
                depth += 1 if found.group(2) else -1
                if depth == 0:
                    out.append(Block(start, pos + len(line), info, text[body:pos]))
        pos += len(line)
    if depth:
        out.append(Block(start, len(text), info, text[body:]))
    return out


def without_blocks(text: str) -> str:
    """The text with each fenced block replaced by a blank line: the prose around the code."""
    if "```" not in text and "~~~" not in text:
        return text
    parts, last = [], 0
    for block in blocks(text):
        parts += [text[last:block.start], "\n"]
        last = block.end
    return "".join(parts) + text[last:]
