"""Prompts typed while Claude Code works: queued_command attachments and queue-operation records as user turns.

A prompt queued mid-turn leaves no user record when the agent takes it in while it works. What it
leaves: a `queued_command` attachment (with the sender's origin) and a `queue-operation` record
`remove` with reason `absorbed_mid_turn` (the agent saw it). Either may be missing, so each counts,
and a prompt written both ways is one turn: per text, as many turns as the larger of the two counts.
`enqueue` (may still be cancelled), `dequeue` (a user record follows) and a plain `remove` (taken
back into the input box) make no turn.
"""
from __future__ import annotations

from typing import Any

from mso_tui.importers.base import ParsedTurn
from mso_tui.importers.claude_blocks import TEXT_LIMIT, classify_user_text, flatten
from mso_tui.importers.jsonl import clip, parse_ts, text_key

_KEEP = 200  # prompts remembered between incremental reads


def queued_turn(record: dict[str, Any], seen: dict[str, list[int]], sidechain_file: bool) -> ParsedTurn | None:
    """The user turn a queued_command attachment or an absorbed queue-operation stands for, or None."""
    if record.get("type") == "attachment":
        found = _attachment(record)
        slot = 0
    else:
        found = _absorbed(record)
        slot = 1
    if found is None:
        return None
    text, kind = found
    key = text_key("queued", text)
    counts = seen.pop(key, [0, 0, 0])
    seen[key] = counts  # most recent last, so the oldest are dropped first
    while len(seen) > _KEEP:
        del seen[next(iter(seen))]
    counts[slot] += 1
    if counts[slot] <= counts[2]:
        return None  # the other record of a prompt already made its turn
    counts[2] += 1
    uuid = record.get("uuid")
    source = f"{uuid}:queued" if isinstance(uuid, str) and uuid else f"queued:{record.get('timestamp')}:{key}"
    return ParsedTurn(role="user", kind=kind, text=clip(text, TEXT_LIMIT), timestamp=parse_ts(record.get("timestamp")),
                      is_sidechain=bool(record.get("isSidechain")) or sidechain_file, source_id=source)


def _attachment(record: dict[str, Any]) -> tuple[str, str] | None:
    """(text, kind) of a queued_command attachment a person (or a teammate) sent."""
    body = record.get("attachment")
    if not isinstance(body, dict) or body.get("type") != "queued_command":
        return None
    if body.get("commandMode", "prompt") != "prompt" or body.get("isCompactSummary"):
        return None
    origin = body.get("origin")
    who = origin.get("kind") if isinstance(origin, dict) else None
    if who not in (None, "human", "peer"):
        return None  # task notifications and other plumbing: not a message
    text = flatten(body.get("prompt")).strip()
    if not text:
        return None
    if who == "peer":
        return text, "teammate"
    kind, text = classify_user_text(text, bool(body.get("isMeta")))
    return text, "meta" if text.startswith("/") and " " not in text.strip() else kind


def _absorbed(record: dict[str, Any]) -> tuple[str, str] | None:
    """(text, kind) of a queue-operation the agent took in mid-turn."""
    if record.get("operation") != "remove" or record.get("reason") != "absorbed_mid_turn":
        return None
    content = record.get("content")
    text = flatten(content).strip() if content is not None else ""
    if not text:
        return None
    kind, text = classify_user_text(text, False)
    return text, "meta" if text.startswith("/") and " " not in text.strip() else kind
