"""Pricing cases from ccusage's suite: fast mode at the price source's multiplier in both paths, older models priced."""
from __future__ import annotations

from pathlib import Path

import pytest

from mso_tui.usage.pricing import load_table
from tests.helpers.peer_trees import claude_assistant, lines, scan_totals, store_totals

pytestmark = pytest.mark.usefixtures("backend")


def _fast_tree(root: Path) -> Path:
    """One fast-mode call, one standard call, one with speed null and one with a stated cost of null."""
    fast = {"input_tokens": 1000, "output_tokens": 100, "speed": "fast"}
    plain = {"input_tokens": 1000, "output_tokens": 100, "speed": "standard"}
    lines(root / "projects" / "-w-app" / "s1.jsonl", [
        claude_assistant("s1", "a1", "msg_f1", "req_f1", fast, model="claude-opus-4-6"),
        claude_assistant("s1", "a2", "msg_f2", "req_f2", plain, model="claude-opus-4-6"),
        claude_assistant("s1", "a3", "msg_f3", "req_f3", {**plain, "speed": None}, model="claude-opus-4-6"),
        claude_assistant("s1", "a4", "msg_f4", "req_f4", fast, model="claude-opus-4-6", costUSD=None),
    ])
    return root


def test_fast_mode_is_priced_at_its_multiplier_in_scan_and_store(tmp_path: Path,
                                                                 capsys: pytest.CaptureFixture) -> None:
    root = _fast_tree(tmp_path / "claude")
    standard = (1000 * 5.0 + 100 * 25.0) / 1e6  # claude-opus-4-6 per call
    multiplier = load_table({}).lookup("claude-opus-4-6").fast  # type: ignore[union-attr]
    assert multiplier == 6.0  # the price source's figure (Anthropic's fast-mode rate card)
    expected = standard * (2 + 2 * multiplier)  # speed null and costUSD null: standard and computed (ccusage)
    assert scan_totals(capsys, claude=root)["cost_usd"] == pytest.approx(expected)
    assert store_totals(capsys, root)["cost_usd"] == pytest.approx(expected)


def test_a_fast_price_of_its_own_in_the_config_wins() -> None:
    table = load_table({"claude-opus-4-6-fast": {"input": 1.0, "output": 2.0}})
    assert table.lookup("claude-opus-4-6-fast").input == 1.0  # type: ignore[union-attr]
    assert load_table({}).lookup("claude-sonnet-4-5-fast").input == 3.0  # type: ignore[union-attr]  # no multiplier: 1


def test_claude_3_sonnet_is_priced() -> None:
    price = load_table({}).lookup("claude-3-sonnet-20240229")
    assert price is not None and (price.input, price.output) == (3.0, 15.0)
