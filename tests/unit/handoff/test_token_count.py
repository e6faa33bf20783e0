"""mso-estimate-v1's fast count equals the regex that defines it, on any text."""
from __future__ import annotations

import re
import sys

from hypothesis import given, settings
from hypothesis import strategies as st

from mso_tui.handoff import metrics

DEFINITION = re.compile(r"[A-Za-z0-9_]{1,4}|[^A-Za-z0-9_\s]")


def by_definition(text: str) -> int:
    """One token per match of the estimator's defining pattern."""
    return len(DEFINITION.findall(text))


# words, spaces of every kind, symbols, non-ASCII letters, astral characters and lone surrogates, in runs
PIECES = st.sampled_from(["a", "ab", "abc", "abcd", "abcde", "_x9", " ", "\t", "\n", "\x1c", "\x85", "\xa0",
                          "\u2003", "\u3000", ".", "(", "é", "ö", "日本", "𝔘", "\ud800", "\x00", "\x7f"])
TEXTS = st.lists(PIECES, max_size=400).map("".join) | st.text(max_size=600)


@settings(max_examples=300, deadline=None)
@given(TEXTS)
def test_fast_count_is_the_definition(text: str) -> None:
    assert metrics.estimate_tokens(text) == by_definition(text)


@given(TEXTS)
def test_long_texts_take_the_byte_passes_and_agree(text: str) -> None:
    long = (text + " ") * (metrics._SHORT // max(len(text) + 1, 1) + 1)  # past the short-text threshold
    assert len(long) >= metrics._SHORT
    assert metrics.estimate_tokens(long) == by_definition(long)


def test_the_wide_spaces_are_every_non_ascii_space_the_pattern_skips() -> None:
    spaces = {chr(c) for c in range(128, sys.maxunicode + 1) if chr(c).isspace()}
    assert set(metrics.WIDE_SPACES) == spaces
    assert all(re.fullmatch(r"\s", c) for c in spaces)


def test_word_runs_count_one_per_started_four_on_long_text() -> None:
    text = "handoff_engine " * 40 + "x" * 9  # 4 tokens per word, then 3 for nine letters
    assert metrics.estimate_tokens(text) == 40 * 4 + 3
