"""Inventory classes for what a session ended with: outcome statements, command results, plans still open.

Like the rest of the inventory, written apart from the generator's selection (handoff/extract/): the
yardstick must not choose the way the generator does. The rules are structural where they can be (the
message that closes an exchange, a checklist tool's open items) so that they hold in any language.
"""
from __future__ import annotations

import re
from typing import Any, Iterator, Sequence

from mso_tui.handoff import inventory_text as tx
from mso_tui.handoff.inventory_salience import tokens
from mso_tui.records import TurnRecord

OUTCOME = re.compile(r"\b(?:fixed|added|changed|updated|created|implemented|removed|renamed|replaced|moved|"
                     r"refactored|now|works|passes|passing|resolved|completed|finished|done)\b", re.IGNORECASE)
PLAN = re.compile(r"\b(?:next steps?|todo|to-do|remaining|still (?:need|needs|to|open|missing|fails?|failing)|"
                  r"not yet|follow[- ]ups?|open questions?|pending|left to do|later)\b|\bTODO\b", re.IGNORECASE)
# a test runner's or a tool's summary count: "41 passed", "2 failed", "3 files changed", "0 errors"
RESULT_COUNT = re.compile(r"\b\d+[ \t]+(?:passed|failed|failing|errors?|tests?|skipped|warnings?|problems?|"
                          r"files? changed|insertions?|deletions?|modules? transformed)\b", re.IGNORECASE)
FAILED_TEST = re.compile(r"^(?:FAILED|FAIL|ERROR)\s+([\w./:\[\]-]+(?:::[\w\[\]-]+)*)", re.MULTILINE)
_CLOSING_MIN = 12  # a closing line shorter than this is a heading or a word of thanks, not an outcome


def closing_messages(turns: Sequence[TurnRecord]) -> list[TurnRecord]:
    """The assistant message that ends each exchange: the last one before the next user message, or the end."""
    found: list[TurnRecord] = []
    last: TurnRecord | None = None
    for turn in turns:
        if turn.role == "assistant" and turn.kind == "message" and (turn.text or "").strip():
            last = turn
        elif turn.role == "user" and turn.kind == "message" and last is not None:
            found.append(last)
            last = None
    if last is not None:
        found.append(last)
    return found


def statement_lines(text: str) -> Iterator[str]:
    """Sentences and bullet lines of a message outside code blocks, with two content words or more."""
    prose = re.sub(r"```.*?```", "\n", text or "", flags=re.DOTALL)
    for line in tx.sentences(prose):
        if _CLOSING_MIN <= len(line) <= 300 and len(tokens(line)) >= 2:
            yield line


def outcome_lines(text: str, closing: bool) -> Iterator[str]:
    """What a message says was done: every line of a closing message, else lines with an outcome verb."""
    for line in statement_lines(text):
        if closing or OUTCOME.search(line):
            yield line


def plan_lines(text: str) -> Iterator[str]:
    """Lines that name a next step or something still open."""
    for line in statement_lines(text):
        if PLAN.search(line):
            yield line


def result_marks(text: str) -> list[str]:
    """The marks of how a run ended: summary counts and the names of failing tests, in order, no repeats."""
    marks: list[str] = []
    for mark in [m.group(0) for m in RESULT_COUNT.finditer(text or "")] + FAILED_TEST.findall(text or ""):
        mark = " ".join(mark.split())
        if mark not in marks:
            marks.append(mark)
    return marks[:8]


def open_todos(call: TurnRecord) -> list[str]:
    """The items a checklist tool call (TodoWrite, update_plan) still has open."""
    data = tx.parse_json(call.text or "")
    if not isinstance(data, dict):
        return []
    entries: Any = data.get("todos") or data.get("plan") or data.get("items") or []
    if not isinstance(entries, list):
        return []
    out = []
    for entry in entries:
        if not isinstance(entry, dict):
            continue
        text = entry.get("content") or entry.get("step") or entry.get("text") or entry.get("title") or ""
        if isinstance(text, str) and text.strip() and str(entry.get("status", "")).lower() != "completed":
            out.append(" ".join(text.split()))
    return out
