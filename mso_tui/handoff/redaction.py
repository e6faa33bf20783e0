"""Redaction at the handoff boundary: every handoff and every LLM prompt passes through redact_text().

redact_text also drops terminal control sequences: a handoff is printed, copied and fed to agents, and
no escape a transcript carried belongs in it (the turns keep them).
"""
from __future__ import annotations

from typing import Any

from mso_tui.redaction import redact, redact_json_like
from mso_tui.redaction.gate import strip_controls

ENABLED = True  # switched off only to measure what redaction costs (tests, evaluation)


def redact_text(text: str) -> str:
    """text with secrets (tokens, keys, passwords) masked."""
    text = strip_controls(text)  # first: an escape glued to a key would hide it from redaction
    return redact(text).text if ENABLED and text else text


def redact_counted(text: str) -> tuple[str, int]:
    """text with secrets masked, and how many were masked."""
    if not ENABLED or not text:
        return strip_controls(text), 0
    result = redact(strip_controls(text))
    return result.text, result.count


def redact_tree(obj: Any) -> Any:
    """A JSON-like tree (key items, sections) with the secrets in its strings masked."""
    return redact_json_like(obj)[0] if ENABLED else obj
