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
# four), or a single non-space symbol; the definition, and the count for short texts
_PIECE = re.compile(r"[A-Za-z0-9_]{1,4}|[^A-Za-z0-9_\s]")
_SHORT = 256  # below this many characters the regex is as fast as the byte passes
# What the regex's \s matches (str.isspace), beyond ASCII; tests/unit/handoff/test_token_count.py checks the list.
WIDE_SPACES = "\x85\xa0\u1680" + "".join(map(chr, range(0x2000, 0x200B))) + "\u2028\u2029\u202f\u205f\u3000"
_WIDE_BYTES = tuple(c.encode() for c in WIDE_SPACES)
_CLASSES = bytearray(b"." * 256)  # every byte: "a" a word character, " " a space, "." anything else
for _b in b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_":
    _CLASSES[_b] = ord("a")
for _b in b" \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f":
    _CLASSES[_b] = ord(" ")
_CLASS_TABLE = bytes(_CLASSES)
_CONTINUATION = bytes(range(0x80, 0xC0))  # UTF-8 continuation bytes: a character counts once, at its lead byte


def estimate_tokens(text: str) -> int:
    """Tokens of text by mso-estimate-v1 (see the module docstring)."""
    if len(text) < _SHORT:
        return _PIECE.subn("", text)[1] if text else 0  # subn counts without building a list of pieces
    # The same count in a few C passes over bytes instead of one regex match per token (3-4x faster on
    # a session's material): each character becomes its class, symbols are counted, and each run of
    # word characters gives one token per started four.
    data = text.encode("utf-8", "surrogatepass")
    wide = len(data) != len(text)
    classes = data.translate(_CLASS_TABLE, _CONTINUATION) if wide else data.translate(_CLASS_TABLE)
    symbols = classes.count(b".")
    if wide:  # a non-ASCII space became "." at its lead byte: it is free, not a symbol
        symbols -= sum(data.count(space) for space in _WIDE_BYTES)
    quads = classes.count(b"aaaa")  # non-overlapping: each run of n word characters holds n // 4
    # what is left of each run after its fours (1-3 characters) shrinks to one "a": one more token
    rest = classes.replace(b"aaaa", b"").replace(b"aa", b"a").replace(b"aa", b"a")
    return symbols + quads + rest.count(b"a")


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
