"""The conversation: real user requests, todo lists and checklists, decision sentences."""
from __future__ import annotations

import json
import re
from typing import Sequence

from mso_tui.handoff.extractive.fences import prose
from mso_tui.handoff.extractive.text import clip, squash
from mso_tui.handoff.extractive.tools import ToolEvent
from mso_tui.records import TurnRecord

# injected or meta content that looks like a user turn but is not a request
_INJECTED = re.compile(
    r"^\s*(<(command-name|command-message|local-command-stdout|local-command-stderr|bash-input|bash-stdout|"
    r"bash-stderr|environment_context|user_instructions|system-reminder|user-prompt-submit-hook|"
    r"session-start-hook|turn_aborted|INSTRUCTIONS)|# AGENTS\.md|Caveat: The messages below|"
    r"This session is being continued from a previous conversation|\[Request interrupted)",
    re.IGNORECASE,
)
# a leading slash command ("/ask ", "/code "): aider also logs the text after it as a message of its own
_SLASH = re.compile(r"^/[a-z][\w-]*\s+", re.IGNORECASE)
# a checklist item, also as a line an edit adds ("+ - [ ] x": a plan file the agent changed)
_CHECK = re.compile(r"^\s*(?:\+\s*)?[-*+]\s*\[( |x|X)\]\s+(.+?)\s*$", re.MULTILINE)
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z`*(\"'])|\n+")
DECISION_WORDS = (
    ("decided", 3), ("decision", 3), ("we'll use", 3), ("we will use", 3), ("instead of", 3), ("chose", 3),
    ("switch to", 3), ("switched to", 3), ("going with", 3), ("rather than", 2), ("opted", 3),
    ("agreed", 2), ("settled on", 3), ("must not", 2), ("don't use", 2), ("do not use", 2), ("never ", 1),
    ("always ", 1), ("because", 1), ("prefer", 2), ("recommend", 2), ("should use", 2), ("use ", 0),
    ("the fix is", 2), ("root cause", 3), ("the cause", 2), ("workaround", 2), ("trade-off", 2),
)


def is_user_request(turn: TurnRecord) -> bool:
    """A real message typed by the user (not meta, not injected context, not a tool result)."""
    if turn.role != "user" or turn.kind != "message" or turn.is_sidechain:
        return False
    text = turn.text.strip()
    return bool(text) and not _INJECTED.match(text)


def user_requests(turns: Sequence[TurnRecord], limit: int | None = 600) -> list[str]:
    """The user's requests in order, each clipped to limit characters (None: whole, as typed)."""
    seen: set[str] = set()
    out: list[str] = []
    for turn in turns:
        if is_user_request(turn):
            key = _SLASH.sub("", clip(turn.text, 600).strip()).lower()
            if key not in seen:
                seen.add(key)
                out.append(clip(turn.text, limit) if limit is not None else turn.text.strip())
    return out


def _todo_items(data: object) -> list[tuple[str, str]] | None:
    """(text, status) pairs from a TodoWrite / update_plan / write_todos input, or None."""
    if isinstance(data, dict):
        for key in ("todos", "plan", "items", "tasks"):
            if isinstance(data.get(key), list):
                data = data[key]
                break
    if not isinstance(data, list):
        return None
    items = []
    for entry in data:
        if isinstance(entry, dict):
            text = entry.get("content") or entry.get("step") or entry.get("description") or entry.get("text")
            if isinstance(text, str) and text.strip():
                items.append((squash(text), str(entry.get("status", "pending")).lower()))
    return items


def latest_todos(events: Sequence[ToolEvent]) -> list[tuple[str, str]]:
    """The latest todo list written through a todo tool: (text, status) pairs."""
    latest: list[tuple[str, str]] | None = None
    for event in events:
        if event.family != "todo":
            continue
        for source in (event.raw, event.command):
            try:
                items = _todo_items(json.loads(source))
            except (ValueError, TypeError):
                continue
            if items is not None:
                latest = items
                break
    return latest or []


def checklist(texts: Sequence[str]) -> list[tuple[str, bool]]:
    """Markdown checklist items with their latest state (later mentions win)."""
    state: dict[str, tuple[str, bool]] = {}
    for text in texts:
        if "[" not in text:
            continue
        for mark, item in _CHECK.findall(text):
            key = squash(item).lower()
            state.pop(key, None)  # re-insert so the order follows the latest mention
            state[key] = (clip(item, 200), mark.lower() == "x")
    return list(state.values())


def sentences(text: str) -> list[str]:
    """Sentences and lines of text, code fences dropped."""
    text = prose(text)
    return [s.strip(" -*#>\t") for s in _SENTENCE.split(text) if len(s.strip()) > 12]


_BULLET = re.compile(r"^\s*(?:[-*+•]|\d+[.)])\s+")


def units(text: str) -> list[str]:
    """Sentences of prose, with a list that follows a "...:" line kept together with that line."""
    text = prose(text)
    out: list[str] = []
    header: str | None = None
    items: list[str] = []

    def flush() -> None:
        """Emit the pending header and its list items as one unit."""
        nonlocal header, items
        if header is not None:
            out.append(header + (" " + "; ".join(items) if items else ""))
        header, items = None, []

    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        bare = _BULLET.sub("", line).strip(" *#>\t")
        if bare.endswith(":") and len(bare) > 8:
            flush()
            header = bare
        elif header is not None and _BULLET.match(raw):
            items.append(bare)
        else:
            flush()
            out.extend(s.strip(" -*#>\t") for s in _SENTENCE.split(bare) if len(s.strip()) > 12)
    flush()
    return out


# a sentence needs one of the stronger words to reach the decision threshold: a cheap filter per message
_STRONG = re.compile("|".join(re.escape(w) for w, weight in DECISION_WORDS if weight >= 2), re.IGNORECASE)


def decision_score(sentence: str) -> int:
    """How strongly a sentence reads as a decision or technical conclusion (0: not at all)."""
    low = sentence.lower()
    score = sum(weight for word, weight in DECISION_WORDS if word in low)
    if score and ("`" in sentence or re.search(r"\w[./_]\w", sentence)):
        score += 1  # names something concrete
    return score


def decisions(turns: Sequence[TurnRecord], limit: int = 12) -> list[str]:
    """The strongest decision sentences from user and assistant messages, in transcript order."""
    scored: list[tuple[int, int, str]] = []
    seen: set[str] = set()
    for index, turn in enumerate(turns):
        if turn.kind != "message" or turn.role not in ("user", "assistant") or turn.is_sidechain:
            continue
        if turn.role == "user" and not is_user_request(turn):
            continue
        if not _STRONG.search(turn.text[:20000]):
            continue
        for sentence in sentences(turn.text[:20000]):
            score = decision_score(sentence)
            key = sentence.lower()[:80]
            if score >= 3 and 25 <= len(sentence) <= 600 and key not in seen:
                seen.add(key)
                scored.append((score, index, clip(sentence, 300)))
    best = sorted(scored, key=lambda s: (-s[0], -s[1]))[:limit]
    return [text for _, _, text in sorted(best, key=lambda s: s[1])]
