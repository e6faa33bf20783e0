"""What the conversation itself marks as a name: inline code and bold spans, each a candidate of its own.

Agents and users put identifiers, commands, endpoints, versions and values they mean verbatim in
backticks or bold; alone, such a span is the cheapest way to carry the fact it names.
"""
from __future__ import annotations

import re
from typing import Iterable

from mso_tui.handoff.extractive.pool import RECENT_FLOOR
from mso_tui.handoff.extractive.salience import WORD, shaped_terms
from mso_tui.handoff.extractive.select import Candidate
from mso_tui.handoff.metrics import estimate_tokens

# `code` (not a fence), **bold**, or a "quoted phrase" of two words or more (the message a program prints, a
# button's label: said verbatim); one line, short: longer spans are code or prose, not a name. A quote next to a
# colon or a brace is JSON, not a phrase.
_SPAN = re.compile(r"(?<!`)`([^`\n]{2,80})`(?!`)|\*\*([^*\n]{2,80})\*\*|"
                   r"(?<![\w:=])[\"“]([^\"“”\n:{}]{3,60} [^\"“”\n:{}]{1,60})[\"”](?![\w:])")
PRIOR = 2.0
PHRASE = 3.0  # what the span's exact wording is worth besides its terms (a phrase is not its words)
_FENCED = re.compile(r"^ {0,3}(```|~~~)[^\n]*\n.*?(?:^ {0,3}\1[ \t]*$|\Z)", re.DOTALL | re.MULTILINE)
MAX_SPANS = 3000  # distinct spans read from one session
LABEL = "Named in the conversation: "


def is_emphasis(bold: str, after: str = "") -> bool:
    """Bold plain words that label what follows ("**Risk:**", "**Avantage** :", a table's "**Row** |") or stress
    one lower-case word ("**always**"): emphasis, not a name (a name has an identifier's shape or stands alone)."""
    words = bold.strip(" :.,").split()
    if shaped_terms(bold)[1] or len(words) != 1:
        return False
    label = bold.rstrip().endswith((":", ".")) or after.lstrip(" ").startswith((":", "|"))
    return label or words[0][:1].islower()


def spans(texts: Iterable[tuple[int, str]]) -> list[tuple[int, str]]:
    """(seq, span) of each distinct marked span outside code blocks: its first spelling, the last time it was
    said, in first-seen order."""
    found: dict[str, tuple[int, str]] = {}
    for seq, text in texts:
        if "`" not in text and "**" not in text and '"' not in text and "“" not in text:
            continue
        if "```" in text or "~~~" in text:
            text = _FENCED.sub("\n", text)
        for match in _SPAN.finditer(text):
            span = " ".join((match.group(1) or match.group(2) or match.group(3)).strip(" :.,").split())
            key = span.lower()
            if len(span) < 3 or span.startswith(("http://", "https://")) and len(span) > 60:
                continue
            if match.group(2) and is_emphasis(match.group(2), text[match.end():match.end() + 3]):
                continue
            if key in found:
                found[key] = (seq, found[key][1])
            elif len(found) < MAX_SPANS:
                found[key] = (seq, span)
    return list(found.values())


def span_candidates(texts: Iterable[tuple[int, str]], known: str = "", prior: float = PRIOR) -> list[Candidate]:
    """One candidate per marked span that the text already written (known, lower-cased) lacks; each costs its
    tokens and a separator, since the spans share one line."""
    out = []
    found = spans(texts)
    last = max((seq for seq, _ in found), default=0) or 1
    for seq, span in found:
        if span.lower() in known:
            continue
        # like the rest of the pool: a name said late is nearer the state the next session starts from
        weight = RECENT_FLOOR + (1 - RECENT_FLOOR) * 2 * max(seq, 0) / last
        c = Candidate("names", span, prior * weight, seq, group="names")
        c.words, c.shaped = shaped_terms(span)
        c.words.add(phrase_key(span))
        c.tokens = c.cost = estimate_tokens(span) + 1
        out.append(c)
    return out


def phrase_key(span: str) -> str:
    """The term that stands for a span's exact wording (no real term has a space and this prefix)."""
    return "\x00 " + span.lower()


def phrase_weights(candidates: Iterable[Candidate], weight: float = PHRASE) -> dict[str, float]:
    """The weight of each candidate's phrase term; a single plain word ("Terminal", "charts") is no phrase and
    weighs as a word: else, at two tokens each, such spans outbid every line that carries a fact."""
    return {phrase_key(c.text): weight if c.shaped or " " in c.text.strip() else WORD for c in candidates}


def named_line(chosen: list[Candidate]) -> list[str]:
    """The chosen spans as one item, in session order."""
    ordered = sorted(chosen, key=lambda c: c.seq)
    return [LABEL + ", ".join(c.text for c in ordered)] if ordered else []
