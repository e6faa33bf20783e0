"""The statusline's small caches (marshal files in the cache folder): the command reads them, a service writes them."""
from __future__ import annotations

import os

from mso_tui.locations import cache_path
from mso_tui.usage import tree


def cache_file(name: str) -> str:
    """A statusline cache file."""
    return os.path.join(cache_path(), f"statusline-{name}.marshal")


def load(name: str) -> dict:
    """A cached dict ({} when missing or broken)."""
    value = tree.load(cache_file(name))
    return value if isinstance(value, dict) else {}


def save(name: str, value: dict) -> None:
    """Write a cache atomically (owner-only), as the scan's caches are; a failure only means a slower next line."""
    tree.save(cache_file(name), value)
