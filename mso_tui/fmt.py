"""Short human forms of numbers, shared by the CLI and the TUI (no Textual here)."""
from __future__ import annotations


def short_tokens(n: int) -> str:
    """A token count in a few characters: 950, 12.3k, 4.1M, 2.05B."""
    if n >= 1e9:
        return f"{n / 1e9:.2f}B"
    if n >= 1e6:
        return f"{n / 1e6:.1f}M"
    return f"{n / 1e3:.1f}k" if n >= 1e3 else str(n)
