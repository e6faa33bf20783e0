"""Write one parsed conversation's turns and usage into a session: batched, de-duplicated, priced."""
from __future__ import annotations

import hashlib
from typing import Iterable

from peewee import fn

from mso_tui.data.models import Turn, UsageEvent
from mso_tui.importers.base import ParsedSession, ParsedTurn, ParsedUsage
from mso_tui.pricing import PriceTable

BATCH = 500  # rows per INSERT: well under SQLite's bound-variable limit, large enough to be fast


def _fallback_id(*parts: object) -> str:
    """A stable id from content, for records whose importer gave none (so re-imports still de-duplicate)."""
    return "h:" + hashlib.blake2b(repr(parts).encode("utf-8", "replace"), digest_size=12).hexdigest()


def _existing_source_ids(session_id: int, ids: list[str]) -> set[str]:
    """Which of these source ids the session already holds."""
    found: set[str] = set()
    for i in range(0, len(ids), BATCH):
        chunk = ids[i:i + BATCH]
        found.update(r[0] for r in Turn.select(Turn.source_id)
                     .where((Turn.session == session_id) & Turn.source_id.in_(chunk)).tuples())
    return found


def insert_turns(session_id: int, turns: Iterable[ParsedTurn]) -> int:
    """Append the session's new turns after its last seq; return how many were new."""
    keyed: dict[str, ParsedTurn] = {}
    for t in turns:
        sid = t.source_id or _fallback_id(t.role, t.kind, t.text, t.tool_name, t.timestamp)
        keyed.setdefault(sid, t)
    if not keyed:
        return 0
    existing = _existing_source_ids(session_id, list(keyed))
    fresh = [(sid, t) for sid, t in keyed.items() if sid not in existing]
    if not fresh:
        return 0
    seq = (Turn.select(fn.MAX(Turn.seq)).where(Turn.session == session_id).scalar() or 0) + 1
    rows = []
    for offset, (sid, t) in enumerate(fresh):
        rows.append({
            "session": session_id, "seq": seq + offset, "role": t.role, "kind": t.kind, "text": t.text,
            "tool_name": t.tool_name, "tool_input": t.tool_input, "is_error": t.is_error,
            "exit_code": t.exit_code, "is_sidechain": t.is_sidechain, "model": t.model,
            "input_tokens": t.input_tokens, "output_tokens": t.output_tokens, "timestamp": t.timestamp,
            "source_id": sid,
        })
    for i in range(0, len(rows), BATCH):
        Turn.insert_many(rows[i:i + BATCH]).on_conflict_ignore().execute()
    return len(rows)


def _usage_key(u: ParsedUsage, agent_session_id: str | None) -> tuple[str, str]:
    """(message_id, request_id), invented from content when the importer had no message id."""
    if u.message_id:
        return u.message_id, u.request_id or ""
    return _fallback_id(agent_session_id, u.timestamp, u.model, u.input_tokens, u.output_tokens,
                        u.cache_creation_tokens, u.cache_read_tokens), u.request_id or ""


def _existing_usage(keys: list[tuple[str, str]]) -> set[tuple[str, str]]:
    """Which (message_id, request_id) pairs are stored already, by any session or earlier run."""
    found: set[tuple[str, str]] = set()
    ids = sorted({k[0] for k in keys})
    for i in range(0, len(ids), BATCH):
        found.update(UsageEvent.select(UsageEvent.message_id, UsageEvent.request_id)
                     .where(UsageEvent.message_id.in_(ids[i:i + BATCH])).tuples())
    return found


def insert_usage(session_id: int, parsed: ParsedSession, table: PriceTable) -> int:
    """Store the conversation's billed calls not seen before (in any file or run); return how many."""
    keyed: dict[tuple[str, str], ParsedUsage] = {}
    for u in parsed.usage:
        keyed.setdefault(_usage_key(u, parsed.agent_session_id), u)
    if not keyed:
        return 0
    existing = _existing_usage(list(keyed))
    rows = []
    for (mid, rid), u in keyed.items():
        if (mid, rid) in existing:
            continue
        cost = u.cost_usd if u.cost_usd is not None else table.cost(u)
        rows.append({
            "session": session_id, "message_id": mid, "request_id": rid, "model": u.model or "",
            "input_tokens": u.input_tokens, "output_tokens": u.output_tokens,
            "cache_creation_tokens": u.cache_creation_tokens, "cache_read_tokens": u.cache_read_tokens,
            "cost_usd": cost, "timestamp": u.timestamp,
        })
    for i in range(0, len(rows), BATCH):
        UsageEvent.insert_many(rows[i:i + BATCH]).on_conflict_ignore().execute()
    return len(rows)
