"""The price table: USD per million tokens per model, shipped dated, overridable in the config file."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Mapping, Protocol

PRICES_FILE = Path(__file__).parent / "prices.json"
PER_MILLION = 1_000_000.0
FAST_SUFFIX = "-fast"  # a model id with it: a fast-mode response of that model (both usage paths name it so)
SYNTHETIC = "<synthetic>"  # Claude Code's placeholder model for locally made messages (zero usage)

# Prefixes and suffixes that name the same model on other platforms or in dated releases.
_PROVIDER = re.compile(r"^(?:.*/)?(?:(?:[a-z]{2}|global)\.)?(?:anthropic\.)?")
_SUFFIXES = (
    re.compile(r"\[[^\]]*\]$"),  # claude-sonnet-4-5[1m]
    re.compile(r"@.*$"),  # vertex: claude-sonnet-4-5@20250929
    re.compile(r"-v\d+(?::\d+)?$"),  # bedrock: ...-20250929-v1:0
    re.compile(r"-(?:\d{8}|latest)$"),  # dated releases
)
_OPUS_LATER = re.compile(r"^claude-opus-4-(\d+)$")


@dataclass(frozen=True)
class Price:
    """USD per million tokens of each kind."""

    input: float
    output: float
    cache_write_5m: float
    cache_write_1h: float
    cache_read: float
    fast: float = 1.0  # fast mode (a response's `speed: "fast"`) costs this many times the standard price

    @classmethod
    def from_mapping(cls, raw: Mapping[str, Any]) -> "Price":
        """Build from a mapping; missing cache prices follow from input by the usual ratios."""
        inp = float(raw["input"])
        return cls(
            input=inp,
            output=float(raw.get("output", 0.0)),
            cache_write_5m=float(raw.get("cache_write_5m", inp * 1.25)),
            cache_write_1h=float(raw.get("cache_write_1h", inp * 2.0)),
            cache_read=float(raw.get("cache_read", inp * 0.1)),
            fast=float(raw.get("fast", 1.0)),
        )

    def scaled(self, factor: float) -> "Price":
        """Every rate times factor (fast mode)."""
        return Price(self.input * factor, self.output * factor, self.cache_write_5m * factor,
                     self.cache_write_1h * factor, self.cache_read * factor, 1.0)


class UsageLike(Protocol):
    """Anything carrying a model and the token counts (ParsedUsage, UsageEvent rows)."""

    model: str
    input_tokens: int
    output_tokens: int
    cache_creation_tokens: int
    cache_read_tokens: int


def normalize(model: str) -> str:
    """The table key a model id maps to before lookup: no provider prefix, date or context tag."""
    name = _PROVIDER.sub("", model.strip().lower())
    for pattern in _SUFFIXES:
        name = pattern.sub("", name)
    return name


class PriceTable:
    """Model prices with lookup by (dated, prefixed) model id, and the set of models it could not price."""

    def __init__(self, models: Mapping[str, Price], aliases: Mapping[str, str] | None = None,
                 date: str = "", overrides: Mapping[str, Price] | None = None, maintained: Any = None) -> None:
        self.maintained = maintained  # genai-prices rates (pricing_genai.GenaiRates), asked before the shipped table
        self.models = dict(models)
        self.aliases = dict(aliases or {})
        self.date = date
        self.overrides = dict(overrides or {})
        self.unpriced: set[str] = set()
        self._memo: dict[str, Price | None] = {}

    def lookup(self, model: str | None) -> Price | None:
        """The price of a model id, or None when the table does not know it."""
        if not model:
            return None
        if model in self._memo:
            return self._memo[model]
        price = self._find(model)
        self._memo[model] = price
        return price

    def _find(self, model: str) -> Price | None:
        """Overrides first (exact, then normalized), then the table, its aliases and family rules."""
        if model in self.overrides:
            return self.overrides[model]
        if model.endswith(FAST_SUFFIX):  # fast mode: its own price if given, else the model's times its multiplier
            own = self._plain(model, maintained=False)  # genai-prices matches by prefix: it would give the base
            if own is not None:
                return own
            base = self.lookup(model[:-len(FAST_SUFFIX)])
            return base.scaled(base.fast) if base is not None else None
        return self._plain(model)

    def _plain(self, model: str, maintained: bool = True) -> Price | None:
        """Overrides, then genai-prices, then the shipped table by normalized name, aliases and family rules."""
        key = normalize(model)
        if key in self.overrides:
            return self.overrides[key]
        found = self._maintained(model, key) if maintained else None
        if found is not None:
            return found
        if key in self.models:
            return self.models[key]
        if key in self.aliases:
            return self.models.get(self.aliases[key])
        later = _OPUS_LATER.match(key)
        if later and int(later.group(1)) >= 5:  # "claude-opus-4-5 and later 4.x" share a price
            return self.models.get("claude-opus-4-5")
        return None

    def _maintained(self, model: str, key: str) -> Price | None:
        """genai-prices' rates of the model (the shipped entry's fast-mode multiplier kept), or None."""
        if self.maintained is None:
            return None
        rates = self.maintained.get(model) or (self.maintained.get(key) if key != model else None)
        if rates is None:
            return None
        raw = {name: value for name, value in zip(("input", "output", "cache_write_5m", "cache_write_1h",
                                                   "cache_read"), rates) if value is not None}
        shipped = self.models.get(key) or self.models.get(self.aliases.get(key, ""))
        raw["fast"] = shipped.fast if shipped is not None else 1.0
        return Price.from_mapping(raw)

    def cost(self, usage: UsageLike, cache_1h_tokens: int = 0) -> float | None:
        """USD for one usage; None (and the model noted as unpriced) when the model has no price."""
        return self.cost_of(usage.model, usage.input_tokens, usage.output_tokens, usage.cache_creation_tokens,
                            usage.cache_read_tokens,
                            cache_1h_tokens or getattr(usage, "cache_creation_1h_tokens", 0))

    def cost_of(self, model: str | None, inp: int, out: int, write: int, read: int,
                one_hour: int = 0) -> float | None:
        """USD for one call's counts (`one_hour`: the part of `write` kept an hour); None when unpriced."""
        if not (inp or out or write or read):
            return 0.0  # nothing billed (e.g. "<synthetic>" lines): zero is the true cost, not a guess
        price = self.lookup(model)
        if price is None:
            self.unpriced.add(model or "(no model)")
            return None
        one_hour = min(one_hour, write)
        return (
            inp * price.input
            + out * price.output
            + (write - one_hour) * price.cache_write_5m
            + one_hour * price.cache_write_1h
            + read * price.cache_read
        ) / PER_MILLION


def _shipped() -> dict[str, Any]:
    """The JSON table that ships with the package."""
    return json.loads(PRICES_FILE.read_text(encoding="utf-8"))


def shipped_date() -> str:
    """The date the shipped prices were checked."""
    return str(_shipped().get("date", ""))


def load_table(overrides: Mapping[str, Mapping[str, Any]] | None = None, maintained: bool = True) -> PriceTable:
    """A fresh table: config overrides ([prices] by default), genai-prices' rates, the shipped prices."""
    raw = _shipped()
    if overrides is None:
        from mso_tui.config import load_settings

        overrides = load_settings().prices
    parsed: dict[str, Price] = {}
    for name, values in (overrides or {}).items():
        try:
            parsed[name] = Price.from_mapping(values)
            parsed.setdefault(normalize(name), parsed[name])
        except (KeyError, TypeError, ValueError):
            continue  # a broken override line must not stop accounting; the model stays unpriced or shipped
    models = {k: Price.from_mapping(v) for k, v in raw["models"].items()}
    rates = None
    if maintained:
        from mso_tui.usage.pricing_genai import GenaiRates

        rates = GenaiRates()
    return PriceTable(models, raw.get("aliases", {}), str(raw.get("date", "")), parsed, rates)


@lru_cache(maxsize=1)
def default_table() -> PriceTable:
    """The process-wide table (shipped + config overrides), loaded once."""
    return load_table()


def cost(usage: UsageLike) -> float | None:
    """USD for one usage with the default table; None when the model is unpriced."""
    return default_table().cost(usage)
