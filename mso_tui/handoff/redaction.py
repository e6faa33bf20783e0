"""Redaction at the handoff boundary: every handoff and every LLM prompt passes through scrub()."""
from __future__ import annotations

from typing import Callable

_redact: Callable[[str], object] | None = None
_loaded = False


def _load() -> Callable[[str], object] | None:
    """mso_tui.redact.redact when that module is installed (it is written by another part of the project)."""
    global _redact, _loaded
    if not _loaded:
        _loaded = True
        try:
            from mso_tui.redact import redact
        except ImportError:
            _redact = None
        else:
            _redact = redact
    return _redact


def scrub(text: str) -> str:
    """text with secrets (tokens, keys, passwords) masked."""
    redact = _load()
    if redact is None or not text:
        return text
    result = redact(text)
    return getattr(result, "text", result) if not isinstance(result, str) else result
