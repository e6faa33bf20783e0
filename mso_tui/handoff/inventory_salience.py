"""What stands for an inventory item and how much it counts: its rarest words, and the turns that mention it.

A sentence is carried when the handoff holds most of its rarest words in the session (a port, a failing
test, a config key), whatever the filler around them (a paraphrase keeps the specifics). An item counts
once per turn that mentions it (the document frequency of its rarest word): what the session kept coming
back to is what a next session needs first, while a detail named once counts once.
"""
from __future__ import annotations

import re
from collections import Counter
from typing import Any, Iterable

KEY_WORDS = 4  # the rarest words of an item that stand for it
_TOKEN = re.compile(r"\w{3,}")  # any script: a session in Russian or German has its specifics too


def tokens(text: str) -> list[str]:
    """Distinct lower-case word tokens of three characters or more, in order."""
    return list(dict.fromkeys(_TOKEN.findall(str(text).lower())))


class Rarity:
    """Document frequency of every token over a session's turns."""

    def __init__(self, texts: Iterable[str]) -> None:
        self.df: Counter[str] = Counter()
        self.turns = 0
        for text in texts:
            self.turns += 1
            self.df.update(set(_TOKEN.findall((text or "").lower())))

    def keys(self, text: str) -> list[str]:
        """The item's KEY_WORDS rarest tokens (ties: first seen first)."""
        order = {t: i for i, t in enumerate(tokens(text))}
        return sorted(order, key=lambda t: (self.df.get(t, 0), order[t]))[:KEY_WORDS]

    def weight(self, text: str) -> float:
        """How many turns mention the item: the document frequency of its rarest token (at least 1)."""
        keys = self.keys(text)
        return float(max(self.df.get(keys[0], 0), 1)) if keys else 1.0


def annotate(items: list[dict[str, Any]], texts: Iterable[str]) -> list[dict[str, Any]]:
    """Give every item its key words and its weight, from the rarity of words over texts (the session's turns)."""
    rarity = Rarity(texts)
    for item in items:
        probe = str(item.get("probe") or item.get("text") or "")
        item["keys"] = rarity.keys(probe)
        item["weight"] = rarity.weight(probe)
    return items
