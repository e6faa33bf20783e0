"""Short human forms of numbers and safe one-line text, shared by the CLI and the TUI (no Textual here)."""
from __future__ import annotations

import re


def short_tokens(n: int) -> str:
    """A token count in a few characters: 950, 12.3k, 4.1M, 2.05B."""
    if n >= 1e9:
        return f"{n / 1e9:.2f}B"
    if n >= 1e6:
        return f"{n / 1e6:.1f}M"
    return f"{n / 1e3:.1f}k" if n >= 1e3 else str(n)


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]+")


def safe_line(text: str) -> str:
    """text on one line with every control character (escape sequences included) replaced by a space."""
    return _CONTROL.sub(" ", text)


def cost_text(cost: float | None, unpriced: bool = False, priced: bool = True, sign: str = "$") -> str:
    """A cost that is never a false $0.00: "unpriced" when nothing in it has a price, "$1.20+unpriced" when
    part of it has none (the figure is the priced part), else "$1.20"."""
    if cost is None or (unpriced and not priced):
        return "unpriced"
    return f"{sign}{cost:,.2f}" + ("+unpriced" if unpriced else "")


def tokens_cost(counts: object, sign: str = "$") -> str:
    """cost_text of token counts (a TokenCounts: cost_usd, unpriced_tokens, total), as screens and tables show it."""
    unpriced_tokens = getattr(counts, "unpriced_tokens", 0)
    total = getattr(counts, "total", 0)
    unpriced = unpriced_tokens > 0
    return cost_text(getattr(counts, "cost_usd", 0.0), unpriced, not unpriced or unpriced_tokens < total, sign)
