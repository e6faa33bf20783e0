"""Redaction at the handoff boundary: every handoff and every LLM prompt passes through scrub()."""
from __future__ import annotations

from mso_tui.redact import redact

ENABLED = True  # switched off only to measure what redaction costs (tests, evaluation)


def scrub(text: str) -> str:
    """text with secrets (tokens, keys, passwords) masked."""
    return redact(text).text if ENABLED and text else text


def scrub_count(text: str) -> tuple[str, int]:
    """text with secrets masked, and how many were masked."""
    if not ENABLED or not text:
        return text, 0
    result = redact(text)
    return result.text, result.count
