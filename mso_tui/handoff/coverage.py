"""Coverage by class: how many inventory items a handoff names, per class, and which it left out.

An item is named when its probe appears in the handoff (case and spacing aside); a file also when its
base name does; a sentence (request, decision, outcome, plan) when most of its key words do, its rarest
words in the session (a paraphrase keeps the specifics). The single figure, where a table column needs
one, is the share of the session's mentions of its items that the handoff carries.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any, Iterable, Sequence

from mso_tui.handoff.inventory import CLASSES
from mso_tui.handoff.inventory_salience import tokens
from mso_tui.handoff.inventory_text import content_words, norm

# The single figure weighs every item by how many turns mention it (inventory_salience), not classes by fiat:
# what the session kept coming back to is what a next session needs first, a detail named once counts once.
# A class of few items (requests, nearly always kept) then counts little. Decided from that principle (after
# an information (idf) weighting ranked worse, see the issue 14 note), not fitted to keywords of a facts file.
SENTENCES = ("requests", "decisions", "outcomes", "plans")
SENTENCE_SHARE = 0.6  # share of a sentence's key words the handoff must contain
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
    if cls in SENTENCES:
        # its rarest words stand for it (inventory_salience); an item without them, by its first content words
        want = [str(k) for k in item.get("keys") or []] or content_words(probe)[:12]
        return bool(want) and sum(w in words for w in want) >= SENTENCE_SHARE * len(want)
    return False


def score(items: Sequence[dict[str, Any]], handoff_text: str) -> Coverage:
    """Count, per class, the items the handoff names; list the rest."""
    haystack = norm(handoff_text)
    words = set(content_words(handoff_text)) | set(tokens(handoff_text))
    by_class: dict[str, list[int]] = {}
    left: list[dict[str, Any]] = []
    kept_mass = total_mass = 0.0
    for item in items:
        counts = by_class.setdefault(str(item.get("cls")), [0, 0])
        counts[1] += 1
        weight = item_weight(item)
        total_mass += weight
        if named(item, haystack, words):
            counts[0] += 1
            kept_mass += weight
        else:
            left.append(dict(item))
    ordered = {c: by_class[c] for c in CLASSES if c in by_class}
    ordered.update({c: v for c, v in by_class.items() if c not in ordered})
    return Coverage(ordered, left, round(kept_mass / total_mass, 4) if total_mass else None)


def item_weight(item: dict[str, Any]) -> float:
    """An item's information (its `weight`, from inventory_salience); 1 for an item stored without one."""
    weight = item.get("weight")
    return float(weight) if isinstance(weight, int | float) and weight > 0 else 1.0


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
