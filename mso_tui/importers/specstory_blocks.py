"""SpecStory block helpers: code fences of a block, where a tool block's result is, whether it failed."""
from __future__ import annotations

import re

from mso_tui.importers.mdblocks import FenceTracker, fence_open, shell_commands

_OUTPUT_INFO = ("", "text", "output", "console", "log")  # what an export labels a command's printed output


def fences(lines: list[str]) -> list[tuple[int, int, str]]:
    """Top-level code fences of a block: (first line, last line, info), nested fences kept inside."""
    found: list[tuple[int, int, str]] = []
    tracker = FenceTracker()
    start, info = -1, ""
    for index, line in enumerate(lines):
        was = tracker.inside
        tracker.feed(line)
        if not was and tracker.inside:
            opened = fence_open(line)
            start, info = index, opened[2] if opened else ""
        elif was and not tracker.inside:
            found.append((start, index, info))
    if tracker.inside:
        found.append((start, len(lines), info))
    return found


def result_span(body: list[str], tool_type: str) -> tuple[int | None, int]:
    """Where the result fence of a tool block opens and closes.

    Results often hold fences of their own (a Task's markdown answer), so a plain fence walk goes astray:
    write tools (input = file content, result = one line) take the last ```text, the others the first
    top-level one; the result runs to the block's last fence line.
    """
    marker = next((i for i, ln in enumerate(body) if ln.strip() == "**Result:**"), None)
    if marker is not None:
        start = next((i for i in range(marker + 1, len(body)) if fence_open(body[i])), None)
    elif tool_type == "write":
        start = next((i for i in range(len(body) - 1, -1, -1) if body[i].strip() == "```text"), None)
    else:
        tracker, start = FenceTracker(), None
        for index, line in enumerate(body):
            if not tracker.inside and line.strip() == "```text":
                start = index
                break
            tracker.feed(line)
    if start is None:
        return None, len(body)
    end = next((i for i in range(len(body) - 1, start, -1) if body[i].strip() == "```"), len(body))
    return start, end


def is_error(result: str) -> tuple[bool, int | None]:
    """Whether a tool result shows a failure, and the exit code when it states one."""
    head = result.lstrip()[:200]
    code = re.match(r"Exit code:? (-?\d+)", head)
    if code:
        return int(code.group(1)) != 0, int(code.group(1))
    return head.startswith(("<tool_use_error>", "Error:", "error:", "ERROR")), None


def last_nonblank(lines: list[str], before: int) -> int:
    """Index of the last non-blank line before `before` (or -1)."""
    for index in range(before - 1, -1, -1):
        if lines[index].strip():
            return index
    return -1


def shell_runs(lines: list[str]) -> list[tuple[int, int, str, str]]:
    """(first line, last line, command, output) of each shell fence that an output fence directly follows (only
    blank lines between): how Cursor-made exports show a command the agent ran and what it printed."""
    spans = fences(lines)
    out: list[tuple[int, int, str, str]] = []
    for (start, end, info), (o_start, o_end, o_info) in zip(spans, spans[1:]):
        if out and start <= out[-1][1] or (o_info.split() or [""])[0].lower() not in _OUTPUT_INFO or not info:
            continue
        if any(lines[i].strip() for i in range(end + 1, o_start)):
            continue
        command = shell_commands(info, lines[start + 1:end])
        if command:
            out.append((start, min(o_end, len(lines) - 1), command, "\n".join(lines[o_start + 1:o_end]).strip()))
    return out
