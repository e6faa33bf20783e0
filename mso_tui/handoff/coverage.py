"""Coverage by class: how many inventory items a handoff names, per class, and which it left out.

An item is named when its probe appears in the handoff (case and spacing aside); a file also when its
base name does; a request or decision sentence when most of its content words do (a paraphrase keeps
them). The single figure, where a table column needs one, is a weighted share over the classes present.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any, Iterable, Sequence

from mso_tui.handoff.inventory import CLASSES
from mso_tui.handoff.inventory_text import content_words, norm

# Fixed before measuring, from what a next session needs first: what was asked, what is broken, where the
# work is. Not fitted to any facts file (a figure must not claim more than it measures).
WEIGHTS = {"files": 2.0, "identifiers": 1.0, "commands": 1.0, "errors": 2.0, "requests": 2.0,
           "decisions": 1.0, "names": 1.0}
SENTENCE_SHARE = 0.6  # share of a sentence's content words the handoff must contain
LABEL = "inventory kept"


@dataclass(frozen=True)
class Coverage:
    """Per class (kept, total); the items left out; the weighted share (None without items)."""

    by_class: dict[str, list[int]] = field(default_factory=dict)
    left_out: list[dict[str, Any]] = field(default_factory=list)
    share: float | None = None


def named(item: dict[str, Any], haystack: str, words: set[str]) -> bool:
    """Whether the (normalised) handoff text names the item."""
    cls, probe = item.get("cls"), norm(item.get("probe") or item.get("text") or "")
    if not probe:
        return False
    if probe in haystack:
        # a command counts with its last result: the line that says how it ended must be there too
        result = norm(item.get("result") or "")[:40] if cls == "commands" else ""
        return not result or result in haystack
    if cls == "files":
        base = os.path.basename(probe.rstrip("/"))
        return len(base) >= 4 and base in haystack
    if cls in ("requests", "decisions"):
        want = content_words(probe)[:12]
        return bool(want) and sum(w in words for w in want) >= SENTENCE_SHARE * len(want)
    return False


def score(items: Sequence[dict[str, Any]], handoff_text: str) -> Coverage:
    """Count, per class, the items the handoff names; list the rest."""
    haystack = norm(handoff_text)
    words = set(content_words(handoff_text))
    by_class: dict[str, list[int]] = {}
    left: list[dict[str, Any]] = []
    for item in items:
        counts = by_class.setdefault(str(item.get("cls")), [0, 0])
        counts[1] += 1
        if named(item, haystack, words):
            counts[0] += 1
        else:
            left.append(dict(item))
    ordered = {c: by_class[c] for c in CLASSES if c in by_class}
    ordered.update({c: v for c, v in by_class.items() if c not in ordered})
    return Coverage(ordered, left, weighted_share(ordered))


def weighted_share(by_class: dict[str, Any]) -> float | None:
    """The mean of the per-class shares, each class weighted by WEIGHTS; None when nothing was inventoried."""
    total = weight = 0.0
    for cls, (kept, count) in by_class.items():
        if count:
            w = WEIGHTS.get(cls, 1.0)
            total += w * kept / count
            weight += w
    return round(total / weight, 4) if weight else None


def by_class_text(by_class: dict[str, Any] | None) -> str:
    """`files 14/14 · identifiers 21/38 · ...`, or a plain statement that nothing was inventoried."""
    if not by_class:
        return "no inventory items"
    return " · ".join(f"{cls} {kept}/{count}" for cls, (kept, count) in by_class.items())


def share_text(share: float | None) -> str:
    """The single figure with its name: `inventory kept 71 %`."""
    return f"{LABEL} {share * 100:.0f} %" if share is not None else f"{LABEL} –"


def group_left_out(items: Iterable[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """Left-out items grouped by class, in the inventory's class order."""
    groups: dict[str, list[dict[str, Any]]] = {c: [] for c in CLASSES}
    for item in items:
        groups.setdefault(str(item.get("cls")), []).append(item)
    return {c: v for c, v in groups.items() if v}
