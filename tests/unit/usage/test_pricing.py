"""Prices: model-id matching, cache kinds, overrides, unpriced models never priced at zero."""
from __future__ import annotations

from pathlib import Path

import pytest

from mso_tui.importers.base import ParsedUsage
from mso_tui.usage.pricing import load_table, normalize, shipped_date


@pytest.mark.parametrize("model, key", [
    ("claude-sonnet-4-5-20250929", "claude-sonnet-4-5"),
    ("claude-opus-4-1-20250805", "claude-opus-4-1"),
    ("claude-haiku-4-5-20251001", "claude-haiku-4-5"),
    ("claude-3-5-haiku-20241022", "claude-3-5-haiku"),
    ("us.anthropic.claude-sonnet-4-20250514-v1:0", "claude-sonnet-4"),
    ("claude-sonnet-4-5@20250929", "claude-sonnet-4-5"),
    ("anthropic/claude-opus-4-5", "claude-opus-4-5"),
    ("claude-sonnet-4-5[1m]", "claude-sonnet-4-5"),
])
def test_dated_and_prefixed_ids_normalize(model: str, key: str) -> None:
    assert normalize(model) == key


def test_table_prices_match_the_formats_table() -> None:
    table = load_table({})
    assert shipped_date()
    opus41, opus45, opus47 = (table.lookup(m)
                              for m in ("claude-opus-4-1-20250805", "claude-opus-4-5", "claude-opus-4-7"))
    assert (opus41.input, opus41.output, opus41.cache_read) == (15, 75, 1.5)
    assert opus45 == opus47 and opus45.input == 5  # "4.5 and later 4.x"
    gpt = table.lookup("gpt-5-codex")
    assert (gpt.input, gpt.output, gpt.cache_read) == (1.25, 10, 0.125)
    sonnet = table.lookup("claude-sonnet-4-5-20250929")
    assert sonnet.cache_write_5m == pytest.approx(3.75) and sonnet.cache_write_1h == pytest.approx(6)


def test_cost_per_kind_including_one_hour_cache() -> None:
    table = load_table({})
    usage = ParsedUsage("m", "r", "claude-sonnet-4-5-20250929", input_tokens=1_000_000, output_tokens=1_000_000,
                        cache_creation_tokens=2_000_000, cache_read_tokens=1_000_000,
                        cache_creation_1h_tokens=1_000_000)
    assert table.cost(usage) == pytest.approx(3 + 15 + 3.75 + 6 + 0.3)


def test_unknown_model_is_unpriced_not_zero() -> None:
    table = load_table({})
    usage = ParsedUsage("m", "r", "acme-llm-9", input_tokens=100, output_tokens=5)  # in no price database
    assert table.cost(usage) is None and table.unpriced == {"acme-llm-9"}


def test_synthetic_lines_with_zero_usage_cost_nothing() -> None:
    table = load_table({})
    assert table.cost(ParsedUsage("m", "r", "<synthetic>")) == 0.0 and not table.unpriced


def test_overrides_from_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = tmp_path / "config.toml"
    config.write_text('[prices."gpt-5-mini"]\ninput = 0.25\noutput = 2.0\n'
                      '[prices."claude-sonnet-4-5"]\ninput = 4.0\noutput = 16.0\n')
    monkeypatch.setenv("MSO_CONFIG", str(config))
    table = load_table()
    mini = table.lookup("gpt-5-mini")
    assert mini.cache_read == pytest.approx(0.025)  # derived from input by the usual ratio
    assert table.lookup("claude-sonnet-4-5-20250929").input == 4.0
    usage = ParsedUsage("m", "r", "gpt-5-mini", input_tokens=1_000_000, output_tokens=1_000_000)
    assert table.cost(usage) == pytest.approx(2.25)
