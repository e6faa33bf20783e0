"""Token estimation, compression ratio and coverage: the numbers stored on every handoff.

The tokenizer is a named estimator, ``mso-estimate-v1``, so figures are reproducible offline
(tiktoken downloads its tables at first use, which fails without a network):

- every run of letters/digits/underscore is one token per started 4 characters
  (``parse`` = 1, ``handoff_engine`` = 4), which tracks BPE tokenizers on English and code;
- every other non-space character (punctuation, symbols, each non-ASCII glyph) is one token;
- whitespace is free.

On English prose this lands within about 10-15% of cl100k counts; on code and JSON it runs a
little high, which keeps ratios conservative.
"""
from __future__ import annotations

import re
from typing import Any, Iterable, Sequence

from mso_tui.records import TurnRecord

TOKENIZER = "mso-estimate-v1"

# one match per token: a run of up to four word characters (a longer word yields one match per started
# four), or a single non-space symbol; counting matches implements the rules above in one C-level pass
_PIECE = re.compile(r"[A-Za-z0-9_]{1,4}|[^A-Za-z0-9_\s]")


def estimate_tokens(text: str) -> int:
    """Tokens of text by mso-estimate-v1 (see the module docstring)."""
    if not text:
        return 0
    return _PIECE.subn("", text)[1]  # subn counts without building a list of pieces


def material_text(turns: Iterable[TurnRecord]) -> Iterable[str]:
    """The session material: every turn's text and tool input."""
    for turn in turns:
        if turn.text:
            yield turn.text
        if turn.tool_input and turn.tool_input not in (turn.text or ""):
            yield turn.tool_input


def tokens_of_material(turns: Sequence[TurnRecord], extra: str = "") -> int:
    """tokens_in: all turn text and tool inputs/outputs (plus fields text for manual sessions)."""
    return sum(estimate_tokens(t) for t in material_text(turns)) + estimate_tokens(extra)


def compression_ratio(tokens_in: int, tokens_out: int) -> float | None:
    """tokens_in over tokens_out, rounded to 0.01; None when either side is empty."""
    if tokens_in <= 0 or tokens_out <= 0:
        return None
    return round(tokens_in / tokens_out, 2)


def _norm(text: str) -> str:
    """Lower-case and squeeze whitespace, so a wrapped or re-cased item still matches."""
    return " ".join(text.lower().split())


def item_kept(item: dict[str, Any], handoff_text: str) -> bool:
    """Whether the handoff text carries a key item: its probe (or its text) appears in it."""
    probe = _norm(str(item.get("probe") or item.get("text") or ""))
    return bool(probe) and probe in handoff_text


def score_coverage(items: Sequence[dict[str, Any]], handoff_text: str) -> tuple[list[dict[str, Any]], float | None]:
    """Mark every key item kept or not; coverage is the share kept (None without items)."""
    haystack = _norm(handoff_text)
    marked = [{**item, "kept": item_kept(item, haystack)} for item in items]
    if not marked:
        return marked, None
    return marked, round(sum(i["kept"] for i in marked) / len(marked), 4)
