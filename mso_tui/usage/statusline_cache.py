"""The statusline's small caches (marshal files in the cache folder): the command reads them, a service writes them."""
from __future__ import annotations

import marshal
import os

from mso_tui.locations import cache_path


def cache_file(name: str) -> str:
    """A statusline cache file."""
    return os.path.join(cache_path(), f"statusline-{name}.marshal")


def load(name: str) -> dict:
    """A cached dict ({} when missing or broken)."""
    try:
        with open(cache_file(name), "rb") as handle:
            value = marshal.loads(handle.read())
    except (OSError, EOFError, ValueError, TypeError):
        return {}
    return value if isinstance(value, dict) else {}


def save(name: str, value: dict) -> None:
    """Write a cache atomically (owner-only); a failure only means a slower next line."""
    path = cache_file(name)
    tmp = f"{path}.{os.getpid()}.tmp"
    try:
        os.makedirs(os.path.dirname(path), mode=0o700, exist_ok=True)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(marshal.dumps(value))
        os.replace(tmp, path)
    except OSError:
        pass
