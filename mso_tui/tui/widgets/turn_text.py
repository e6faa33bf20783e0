"""Turn text as the UI shows it: secrets masked (per turn, per page, in a worker) and two preview lines."""
from __future__ import annotations

import dataclasses

from mso_tui.records import TurnRecord


def redact_turn(turn: TurnRecord) -> tuple[TurnRecord, int]:
    """The turn with secrets masked in its text and tool input, and how many were masked.

    The same object comes back when nothing was found, so pages without secrets cost no memory.
    """
    from mso_tui.redaction import redact

    text = redact(turn.text or "")
    tool = redact(turn.tool_input) if turn.tool_input else None
    count = text.count + (tool.count if tool else 0)
    if not count:
        return turn, 0
    return dataclasses.replace(turn, text=text.text, tool_input=tool.text if tool else turn.tool_input), count


def redact_page(turns: list[TurnRecord]) -> tuple[list[TurnRecord], int]:
    """Every turn of a page masked, and the number of secrets on the page."""
    shown, total = [], 0
    for turn in turns:
        masked, count = redact_turn(turn)
        shown.append(masked)
        total += count
    return shown, total


def full_text(turn: TurnRecord) -> str:
    """The whole text of a turn with its tool input first, as the turn viewer shows and copies it."""
    from mso_tui.redaction.gate import strip_controls

    if turn.tool_input:
        return strip_controls(f"{turn.tool_name or 'tool'} input:\n{turn.tool_input}\n\n{turn.text}")
    return strip_controls(turn.text)


def preview_line(turn: TurnRecord, part: int) -> str:
    """Text line `part` (1 or 2) of a turn's preview; the second notes how many lines are left out."""
    lines = [line for line in turn.text.splitlines() if line.strip()] or [turn.tool_input or ""]
    text = lines[part - 1] if part - 1 < len(lines) else ""
    if part == 2 and len(lines) > 2:
        text += f"  (+{len(lines) - 2} lines)"
    from mso_tui.redaction.gate import strip_controls

    return "   " + " ".join(strip_controls(text).split())


class TurnPages:
    """Loaded pages of turns, original and masked, with the secrets found per page."""

    def __init__(self, page_size: int, max_pages: int) -> None:
        self.page_size = page_size
        self.max_pages = max_pages
        self.original: dict[int, list[TurnRecord]] = {}
        self.masked: dict[int, list[TurnRecord]] = {}
        self.secrets: dict[int, int] = {}  # kept when a page is dropped: the count stays true

    def get(self, index: int, masked: bool) -> tuple[int, TurnRecord | None]:
        """(page, turn) for an index; the turn is None while its page is not loaded."""
        page, at = divmod(index, self.page_size)
        turns = (self.masked if masked else self.original).get(page)
        return page, (turns[at] if turns is not None and at < len(turns) else None)

    def store(self, page: int, turns: list[TurnRecord], masked: list[TurnRecord], secrets: int,
              here: int) -> tuple[bool, bool]:
        """Keep a page, drop the pages farthest from page `here`; (pages dropped, secrets count changed)."""
        self.original[page], self.masked[page] = turns, masked
        dropped = len(self.original) > self.max_pages
        if dropped:
            for far in sorted(self.original, key=lambda p: -abs(p - here))[: len(self.original) - self.max_pages]:
                del self.original[far], self.masked[far]
        changed = self.secrets.get(page) != secrets
        self.secrets[page] = secrets
        return dropped, changed

    def complete(self, total: int) -> bool:
        """True once every page of `total` turns has been read."""
        return len(self.secrets) >= -(-total // self.page_size)
