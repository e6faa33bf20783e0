"""Choose under a token budget: the candidates that add the most not-yet-covered salient terms per token."""
from __future__ import annotations

import heapq
from dataclasses import dataclass, field
from typing import Callable

from mso_tui.handoff.extractive.salience import shaped_terms, weigh
from mso_tui.handoff.metrics import estimate_tokens

OVERHEAD = 6  # tokens an item costs beyond its text (bullet, joiner, label): fragments do not come cheap


@dataclass
class Candidate:
    """One piece of session material that may go into the handoff."""

    section: str  # where it goes: goal / decisions / files / commands / outputs
    text: str
    prior: float  # how much its source is worth per term (a user's words over a tool's output)
    seq: int  # order in the session, for rendering
    group: str = ""  # what it belongs to: a file path, a command line
    role: str = ""  # "status" for a command's own line (its output lines share its group)
    words: set[str] = field(default_factory=set)
    shaped: set[str] = field(default_factory=set)
    cost: int = 0  # what it costs when ranking: its tokens plus OVERHEAD
    tokens: int = 0  # what it costs in the handoff: its tokens plus a bullet


def prepare(candidates: list[Candidate]) -> list[Candidate]:
    """Candidates with their terms and token cost; exact repeats (same text) dropped, the latest kept."""
    from mso_tui.handoff.extractive.placing import lean  # placing imports this module

    latest: dict[str, Candidate] = {}
    for c in candidates:
        c.text = lean(c.text)
        key = " ".join(c.text.lower().split())
        old = latest.get(key)
        if old is None or c.prior > old.prior or (c.prior == old.prior and c.seq > old.seq):
            latest[key] = c
    out = []
    for c in latest.values():
        c.words, c.shaped = shaped_terms(c.text)
        c.tokens = estimate_tokens(c.text) + 2
        c.cost = c.tokens + OVERHEAD
        if c.words:
            out.append(c)
    return out


def pool_weights(candidates: list[Candidate]) -> dict[str, float]:
    """Term salience over the prepared candidates (each one document): cheaper than a second pass."""
    counts: dict[str, int] = {}
    shaped: set[str] = set()
    for c in candidates:
        shaped |= c.shaped
        for term in c.words:
            counts[term] = counts.get(term, 0) + 1
    return weigh(counts, shaped)


# what placing a candidate costs beyond its own line: (the group whose header it opens, or None when every item
# pays it, and that header's tokens)
Opening = Callable[[Candidate], tuple[str | None, int]]


def choose(candidates: list[Candidate], weights: dict[str, float], budget: int,
           covered: set[str] | None = None, opening: Opening | None = None) -> list[Candidate]:
    """Greedy coverage: most new salient weight per token first, until budget tokens are spent (lazy updates);
    the first line of a group also spends its header's tokens (opening), so the handoff holds to the budget."""
    covered = set(covered or ())
    opened: set[str] = set()

    def gain(c: Candidate) -> float:
        """The candidate's value now: prior times the weight of its terms not yet covered."""
        return c.prior * sum(weights.get(t, 1.0) for t in c.words if t not in covered)

    heap = [(-gain(c) / c.cost, i) for i, c in enumerate(candidates)]
    heapq.heapify(heap)
    chosen: list[Candidate] = []
    spent = 0
    while heap and spent < budget:
        neg, i = heapq.heappop(heap)
        c = candidates[i]
        value = gain(c) / c.cost
        if value <= 0:
            continue
        if heap and value < -heap[0][0] - 1e-12:  # stale: another candidate may be better now
            heapq.heappush(heap, (-value, i))
            continue
        key, extra = opening(c) if opening else (None, 0)
        tokens = c.tokens + (0 if key is not None and key in opened else extra)
        if spent + tokens > budget:
            continue
        chosen.append(c)
        spent += tokens
        covered |= c.words
        if key is not None:
            opened.add(key)
    return chosen
