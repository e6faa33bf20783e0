"""Errors the user pasted into the chat, and what the agent answered with, until the user spoke again.

Web chats and IDE agents often see failures only this way: no command ran inside the transcript, the user
copies the stack trace in. The agent's reply that says what it changed is the fix; the user's next message
tells whether it worked (the same error again means it did not).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Sequence

from mso_tui.handoff.extractive.conversation import units
from mso_tui.handoff.extractive.text import clip, error_line, located
from mso_tui.records import TurnRecord

# only unmistakable failure text: an exception name, a traceback, FAILED, fatal/panic
_STRONG = re.compile(r"\b\w*(?:Error|Exception)\b[:(]|Traceback \(most recent|\bFAILED\b|\b(?:FATAL|fatal|panic):")
# a sentence reporting a change made ranks above one explaining a cause, which ranks above advice
_CHANGED = re.compile(r"\b(?:has been|have been|was|were|I've|I have)?\s*(?:updated|fixed|changed|resolved|replaced|"
                      r"switched|corrected|renamed|downgraded|upgraded)\b", re.IGNORECASE)
_CAUSE = re.compile(r"\b(?:root cause|caused by|because|identified|the fix|the issue|the problem|added|removed|set)\b",
                    re.IGNORECASE)
_HEDGE = re.compile(r"^(?:if|when|in case)\b|\b(?:may|might|could) be\b", re.IGNORECASE)
_WORD = re.compile(r"[A-Za-z_]{4,}")
MAX_ITEMS = 8


@dataclass(frozen=True)
class ReportedError:
    """An error the user reported, the agent's answer to it, and whether it came back."""

    error: str
    fix: str
    resolved: bool | None  # None: the session ended before the user said


def _is_prompt(turn: TurnRecord) -> bool:
    """A real user message (not injected context or a slash command)."""
    return turn.role == "user" and turn.kind == "message" and not turn.is_sidechain


def _fix(replies: Sequence[TurnRecord], score) -> str:
    """The agent's best sentence about what it changed, or its first sentence."""
    best, best_score = "", 0.0
    sentences = [s for t in replies for s in units(t.text[:20000]) if len(s) >= 20]
    for position, sentence in enumerate(sentences):
        weight = 4.0 if _CHANGED.search(sentence) else 1.5 if _CAUSE.search(sentence) else 0.0
        if weight and not _HEDGE.search(sentence):
            value = weight + score(sentence, (position + 1) / len(sentences))
            if value >= best_score:  # ties go to the later sentence: it reports the outcome
                best, best_score = sentence, value
    return clip(best or (sentences[0] if sentences else ""), 240)


def _same(error: str, later: str) -> bool:
    """True when a later message repeats the error (most of its words again)."""
    words = set(_WORD.findall(error.lower()))
    if not words:
        return False
    return len(words & set(_WORD.findall(later.lower()))) >= max(2, len(words) * 2 // 3)


def user_errors(turns: Sequence[TurnRecord], score) -> list[ReportedError]:
    """User-pasted errors with the agent's fix, the latest MAX_ITEMS (score ranks candidate sentences)."""
    prompts = [i for i, t in enumerate(turns) if _is_prompt(t)]
    found: list[ReportedError] = []
    for n, index in enumerate(prompts):
        text = turns[index].text
        if not _STRONG.search(text):
            continue
        error = located(error_line(text), text)
        end = prompts[n + 1] if n + 1 < len(prompts) else len(turns)
        replies = [t for t in turns[index + 1:end] if t.role == "assistant" and t.kind == "message" and t.text]
        if not error or not replies:
            continue
        resolved = None if end == len(turns) else not _same(error, turns[end].text)
        found.append(ReportedError(error, _fix(replies, score), resolved))
    return found[-MAX_ITEMS:]
