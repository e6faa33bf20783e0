"""Prices from genai-prices: models the shipped table lacks get a price, overrides still win, the rates are
saved so a later run prices without importing genai-prices (or pydantic), and the shipped table is the fallback."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from mso_tui.importers.base import ParsedUsage
from mso_tui.usage.pricing import load_table
from mso_tui.usage.pricing_genai import GenaiRates, database_mark

pytestmark = pytest.mark.skipif(not database_mark(), reason="genai-prices is not installed")


def test_models_the_shipped_table_lacks_are_priced() -> None:
    shipped = load_table({}, maintained=False)
    table = load_table({})
    for model in ("gpt-5.2-codex", "gpt-5.3-codex", "gemini-2.5-pro"):
        assert shipped.lookup(model) is None and table.lookup(model) is not None, model
    gemini = table.lookup("gemini-2.5-pro")
    assert gemini is not None and gemini.input == 1.25 and gemini.output == 10.0  # the base tier


def test_claude_prices_agree_with_the_shipped_table_and_fast_mode_is_kept() -> None:
    shipped, table = load_table({}, maintained=False), load_table({})
    for model in ("claude-sonnet-4-5-20250929", "claude-opus-4-1-20250805", "claude-haiku-4-5-20251001"):
        a, b = shipped.lookup(model), table.lookup(model)
        assert a is not None and b is not None
        assert (a.input, a.output, a.cache_write_5m, a.cache_write_1h, a.cache_read, a.fast) == \
            (b.input, b.output, b.cache_write_5m, b.cache_write_1h, b.cache_read, b.fast), model


def test_overrides_win_and_unknown_models_stay_unpriced() -> None:
    table = load_table({"gpt-5.2-codex": {"input": 9, "output": 9}})
    price = table.lookup("gpt-5.2-codex")
    assert price is not None and price.input == 9.0
    assert table.cost(ParsedUsage("m", "r", "acme-llm-9", input_tokens=5)) is None


def test_rates_are_saved_and_reused_without_importing_genai_prices(tmp_path: Path) -> None:
    GenaiRates().get("gemini-2.5-pro")  # looked up (and saved) in this test's data dir
    code = ("import sys; from mso_tui.usage.pricing import load_table; p = load_table({}).lookup('gemini-2.5-pro');"
            "print(p.input, 'genai_prices' in sys.modules, 'pydantic' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=dict(os.environ),
                          timeout=60)
    assert done.stdout.split() == ["1.25", "False", "False"], done.stderr
