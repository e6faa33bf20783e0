"""A short ranked narrative of what happened, and identifier-dense technical notes within a token budget."""
from __future__ import annotations

import re

from mso_tui.handoff.extractive.analysis import Analysis
from mso_tui.handoff.extractive.conversation import decision_score, units
from mso_tui.handoff.extractive.text import clip
from mso_tui.handoff.metrics import estimate_tokens

# concrete things a later session needs verbatim: code spans, paths, CamelCase, snake_case, calls, versions
_IDENT = re.compile(
    r"`[^`\n]{2,80}`|\b[\w.-]+/[\w./-]+|\b\w+\.(?:py|ts|js|tsx|rb|go|rs|java|md|json|toml|ya?ml|sh|sql|lua|c|h)\b"
    r"|(?<=[a-z,;:] )[A-Z][a-z]{2,}(?:-[A-Z][a-z]+)?\b|\b[a-z]+[A-Z]\w*|\b[A-Z][a-z]+[A-Z]\w*|\b\w+_\w+\b"
    r"|\b\w+\(\)|\bv?\d+\.\d+(?:\.\d+)?\b|\b[A-Z]{2,}\w*\b"
)
_CONCLUSION = ("root cause", "the issue", "the problem", "caused by", "because", "the fix", "fixed", "works",
               "fails", "error", "found", "turns out", "confirmed", "verified", "the reason", "recommend",
               "instead", "should", "need to", "next", "todo", "remaining", "not yet", "still", "left", "pending")
_FILLER = re.compile(r"^(let me|i'll|i will|now i|great|perfect|sure|okay|ok|thanks|now let me|first,? let me)\b",
                     re.IGNORECASE)
NOTE_LIMIT = 500  # characters per note
MIN_SCORE = 2.0
MAX_MESSAGES = 3000


def note_score(sentence: str, recency: float) -> float:
    """Rank a sentence: concrete identifiers, conclusion and decision words, recency; filler ranks low."""
    idents = len(set(_IDENT.findall(sentence)))
    if idents == 0:
        return 0.0
    low = sentence.lower()
    score = min(idents, 6) * 1.5 + sum(1 for w in _CONCLUSION if w in low) + decision_score(sentence)
    if _FILLER.match(sentence) and idents < 2:  # "I'll update `a.py` to use `b`" still says something
        score -= 3
    if len(sentence) < 40:
        score -= 1.5
    return score + 2.0 * recency


def notes(an: Analysis, budget: int, exclude: set[str]) -> list[str]:
    """The highest-ranked assistant sentences that fit in budget tokens, in transcript order."""
    messages = [t for t in an.turns
                if t.role == "assistant" and t.kind in ("message", "summary") and not t.is_sidechain and t.text]
    messages += [t for t in an.turns if t.role == "system" and t.kind == "summary" and t.text]
    messages.sort(key=lambda t: t.seq)
    messages = messages[-MAX_MESSAGES:]  # very long sessions: the latest messages bound the cost
    total = max(len(messages), 1)
    candidates: list[tuple[float, int, int, str]] = []
    seen = set(exclude)
    for index, turn in enumerate(messages):
        recency = (index + 1) / total
        for position, sentence in enumerate(units(turn.text[:30000])):
            key = " ".join(sentence.lower().split())[:120]
            if key in seen or len(sentence) < 20:
                continue
            seen.add(key)
            score = note_score(sentence, recency)
            if score >= MIN_SCORE:
                candidates.append((score, index, position, clip(sentence, NOTE_LIMIT)))
    chosen: list[tuple[int, int, str]] = []
    spent = 0
    for score, index, position, text in sorted(candidates, key=lambda c: (-c[0], c[1], c[2])):
        cost = estimate_tokens(text) + 2
        if spent + cost > budget:
            continue
        spent += cost
        chosen.append((index, position, text))
    return [text for _, _, text in sorted(chosen)]


def narrative(an: Analysis, budget: int = 0, exclude: set[str] | None = None) -> tuple[list[str], list[str]]:
    """(story lines for Current state, technical notes for Decisions)."""
    story: list[str] = []
    if an.turns:
        failed = len(an.unresolved)
        fixed = sum(1 for e in an.errors if e.resolved)
        story.append(
            f"Activity: {len(an.requests)} user requests, {len(an.events)} tool calls, {len(an.commands)} distinct "
            f"commands ({failed} still failing, {fixed} fixed), {len(an.edited)} files edited"
        )
    if an.models:
        story.append("Models used: " + ", ".join(f"`{m}`" for m in an.models))
    return story, notes(an, budget, exclude or set()) if budget > 0 else []
