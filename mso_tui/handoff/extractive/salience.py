"""Term salience in one session: which words and identifiers a later session most needs verbatim.

A term weighs more when it looks like an identifier (digits, `_`, `.`, `/`, inner capitals: rare in
ordinary prose), when it recurs in this session, and nothing when it is a common word.
"""
from __future__ import annotations

import math
import re
from typing import Iterable

# runs that stay one term: paths, dotted names, versions, flags, host:port
_TERM = re.compile(r"[^\W_][\w.\-/@:+#]*[^\W_]|[^\W_]", re.UNICODE)
_SHAPE = re.compile(r"\d|_|[./:@#]|[a-z][A-Z]|^[A-Z]{2,}$|-\w")
_COMMON = frozenset("""
a about above after again against all also am an and any are as at be because been before being below between
both but by can could did do does doing done down during each few for from further had has have having he her
here hers him his how i if in into is it its itself just let like me more most my no nor not now of off on once
only or other our out over own same she should so some such than that the their them then there these they this
those through to too under until up very was we were what when where which while who whom why will with would
you your yours yes ok okay sure please thanks thank great perfect good need needs want make made use used using
get got one two see look looks looking check checking run running file files line lines code change changes
changed update updated add added new now let's i'll i'm it's that's here's there's don't doesn't didn't can't
we'll you'll also still just well right first next last then now again already into way work works working
time something anything everything thing things way sure know think going able may might must shall via per
true false none null yes yet etc e.g i.e de la le el en un une der die das und ist mit von los las del que
""".split())


WORD = 0.4  # a plain word against an identifier-shaped term (2.0): facts are mostly names


def terms(text: str) -> set[str]:
    """The distinct terms of text, lower-cased, common words and one-letter words dropped."""
    out = set()
    for raw in _TERM.findall(text):
        low = raw.lower()
        if (len(low) > 2 or any(c.isdigit() for c in low)) and low not in _COMMON:
            out.add(low)
    return out


def shaped_terms(text: str) -> tuple[set[str], set[str]]:
    """(terms of text, those of them shaped like identifiers)."""
    found, shaped = set(), set()
    for raw in _TERM.findall(text):
        low = raw.lower()
        if (len(low) > 2 or any(c.isdigit() for c in low)) and low not in _COMMON:
            found.add(low)
            if _SHAPE.search(raw):
                shaped.add(low)
    return found, shaped


def weigh(counts: dict[str, int], shaped: set[str]) -> dict[str, float]:
    """Salience from how many documents hold each term and which terms are identifier-shaped."""
    # a bare number (a line number, a count) says little alone; results carry it inside their line
    return {t: (0.5 if t.isdigit() else 2.0 if t in shaped else WORD) * (1.0 + math.log(n)) for t, n in counts.items()}


def shape_weight(term: str, original: str = "") -> float:
    """2 for identifier-shaped terms (digits, separators, camelCase), 1 for words."""
    return 2.0 if _SHAPE.search(original or term) else 1.0


def weights(documents: Iterable[str]) -> dict[str, float]:
    """term -> salience over the session's documents: identifier shape times how often it recurs (log)."""
    counts: dict[str, int] = {}
    shaped: set[str] = set()
    for text in documents:
        found, shapes = shaped_terms(text)
        shaped |= shapes
        for term in found:
            counts[term] = counts.get(term, 0) + 1
    return weigh(counts, shaped)
