"""Carry forward (docs/architecture.md, handoff flow step 4): the previous handoff's open items stay until closed."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Iterable, Sequence

from mso_tui.handoff.extractive.text import norm, same_item

_CODE = re.compile(r"`([^`]+)`")
# what the previous handoff's renderer may have put around an item, stripped before comparing
_DECOR = re.compile(r"^\s*(\(carried from session \d+\)|\[open since session \d+\])\s*", re.IGNORECASE)


@dataclass
class Carried:
    """The previous handoff's open items split into still open and closed now."""

    next_steps: list[str] = field(default_factory=list)
    blockers: list[str] = field(default_factory=list)
    closed: list[str] = field(default_factory=list)


def as_items(value: Any) -> list[str]:
    """A stored section as a list of item strings (sections are lists; tolerate a text block)."""
    if isinstance(value, list):
        return [str(v) for v in value if str(v).strip()]
    if isinstance(value, str):
        return [line.strip().lstrip("-*• ").strip() for line in value.splitlines() if line.strip()]
    return []


def plain(item: str) -> str:
    """An item without carry-forward decoration."""
    return _DECOR.sub("", item).strip()


def is_closed(item: str, closers: Sequence[str], passed_commands: Iterable[str] = ()) -> bool:
    """Whether a done objective or accomplishment says the same as item, or item's failing command now passes."""
    text = plain(item)
    if any(same_item(text, closer) for closer in closers):
        return True
    passed = {norm(c) for c in passed_commands}
    return any(norm(code) in passed for code in _CODE.findall(text) if len(code) > 2)


def carry_forward(
    previous_sections: dict[str, Any] | None,
    closers: Sequence[str],
    passed_commands: Iterable[str] = (),
) -> Carried:
    """Split the previous handoff's next steps and blockers into still open and closed by this session."""
    result = Carried()
    if not previous_sections:
        return result
    passed = list(passed_commands)
    # blockers first: an item the previous handoff listed as both a blocker and a step is one item, a blocker
    for key, bucket in (("blockers", result.blockers), ("next_steps", result.next_steps)):
        for item in as_items(previous_sections.get(key)):
            text = plain(item)
            if not text:
                continue
            if is_closed(text, closers, passed):
                if not any(same_item(text, c) for c in result.closed):
                    result.closed.append(text)
            elif not any(same_item(text, b) for b in result.blockers + result.next_steps):
                bucket.append(text)
    return result
