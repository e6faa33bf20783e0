"""The named token estimator, ratio and coverage."""
from __future__ import annotations

from mso_tui.handoff import metrics


def test_estimator_rules() -> None:
    assert metrics.TOKENIZER == "mso-estimate-v1"
    assert metrics.estimate_tokens("") == 0
    assert metrics.estimate_tokens("parse") == 2  # 5 characters: two started groups of four
    assert metrics.estimate_tokens("a b c") == 3
    assert metrics.estimate_tokens("f(x);") == 5  # f ( x ) ;
    assert metrics.estimate_tokens("handoff_engine") == 4
    prose = "The quick brown fox jumps over the lazy dog. " * 20
    assert 180 <= metrics.estimate_tokens(prose) <= 260  # cl100k gives 200 here


def test_ratio_and_coverage() -> None:
    assert metrics.compression_ratio(1000, 100) == 10.0
    assert metrics.compression_ratio(0, 10) is None and metrics.compression_ratio(10, 0) is None
    items = [{"kind": "file", "text": "src/a.py", "probe": "src/a.py"},
             {"kind": "error", "text": "KeyError: 'x'", "probe": "KeyError: 'x'"}]
    marked, coverage = metrics.score_coverage(items, "Edited `src/a.py`.\nNothing else.")
    assert coverage == 0.5 and [i["kept"] for i in marked] == [True, False]
    assert metrics.score_coverage([], "x") == ([], None)
    _, full = metrics.score_coverage(items, "SRC/A.PY and keyerror:   'x'")
    assert full == 1.0  # case and spacing do not matter
