"""A parse turned into the rows the store takes, touching no store: made in a parse worker, so the writer only writes.

The work that needs no database (de-duplicating a file's turns, folding a subagent's replay of a call
into its parent's, timestamps in the store's text form) runs where the parse ran. What crosses to the
writer is plain tuples, which pickle in a fraction of the time the parsed dataclasses took.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import os
from dataclasses import dataclass, field
from typing import Any

from mso_tui.importers.base import FileFacts, FileParse, ParsedSession, ParsedUsage
from mso_tui.usage.pricing import PriceTable, load_table

# A turn row: the Turn columns after session and seq, in this order (ingest.TURN_FIELDS matches it).
# (role, kind, text, tool_name, tool_input, is_error, exit_code, is_sidechain, model, input_tokens,
#  output_tokens, timestamp, source_id)
TurnRow = tuple[Any, ...]
# A call: (message_id, request_id, model, input, output, cache_creation, cache_read, cache_1h, timestamp,
#  is_sidechain, total, cost in USD or None when unpriced)
CallRow = tuple[Any, ...]


@dataclass
class SessionRows:
    """One conversation of a file: its header (no turns, no usage) and its rows."""

    header: ParsedSession
    turns: list[TurnRow] = field(default_factory=list)
    first_last: tuple[dt.datetime, dt.datetime] | None = None  # earliest and latest known turn time
    calls: list[CallRow] = field(default_factory=list)


@dataclass
class PreparedFile(FileFacts):
    """A file's parse as rows: its facts (importers/base.FileFacts), what the writer stores, what it reports."""

    sessions: list[SessionRows] = field(default_factory=list)
    unpriced: set[str] = field(default_factory=set)  # models of its calls that have no price


def fallback_id(*parts: object) -> str:
    """A stable id from content, for records whose importer gave none (so re-imports still de-duplicate)."""
    return "h:" + hashlib.blake2b(repr(parts).encode("utf-8", "replace"), digest_size=12).hexdigest()


def _stamp(value: dt.datetime | None, as_text: bool) -> Any:
    """A timestamp as the store takes it: SQLite's text form ("YYYY-MM-DD HH:MM:SS[.ffffff]", as peewee
    writes it, without the adapter Python 3.12 deprecates), else the datetime itself."""
    return str(value) if as_text and value is not None else value


def turn_rows(ps: ParsedSession, as_text: bool) -> tuple[list[TurnRow], tuple[dt.datetime, dt.datetime] | None]:
    """The conversation's turns, one per source id (the first kept), and the span of their known times."""
    seen: set[str] = set()
    rows: list[TurnRow] = []
    first = last = None
    for t in ps.turns:
        sid = t.source_id or fallback_id(t.role, t.kind, t.text, t.tool_name, t.timestamp)
        if sid in seen:
            continue
        seen.add(sid)
        ts = t.timestamp
        if ts is not None:
            if first is None or ts < first:
                first = ts
            if last is None or ts > last:
                last = ts
        rows.append((t.role, t.kind, t.text, t.tool_name, t.tool_input, t.is_error, t.exit_code, t.is_sidechain,
                     t.model, t.input_tokens, t.output_tokens, _stamp(ts, as_text), sid))
    return rows, (first, last) if first is not None and last is not None else None


def _usage_key(u: ParsedUsage, agent_session_id: str | None) -> tuple[str, str]:
    """(message_id, request_id), invented from content when the importer had no message id."""
    if u.message_id:
        return u.message_id, u.request_id or ""
    return fallback_id(agent_session_id, u.timestamp, u.model, u.input_tokens, u.output_tokens,
                       u.cache_creation_tokens, u.cache_read_tokens), u.request_id or ""


def merge_calls(ps: ParsedSession) -> dict[tuple[str, str], ParsedUsage]:
    """The conversation's calls, one record each (the better one), a subagent's replay folded into its parent's."""
    keyed: dict[tuple[str, str], ParsedUsage] = {}
    alias: dict[tuple[str, str], tuple[str, str]] = {}
    by_mid: dict[str, list[tuple[str, str]]] = {}
    for u in ps.usage:
        key = _usage_key(u, ps.agent_session_id)
        key = alias.get(key, key)
        if key not in keyed:
            twin = next((k for k in by_mid.get(key[0], ()) if u.is_sidechain or keyed[k].is_sidechain), None)
            if twin is not None:
                alias[key] = key = twin
        old = keyed.get(key)
        if old is None:
            keyed[key] = u
            by_mid.setdefault(key[0], []).append(key)
        elif u.better_than(old):
            keyed[key] = u
    return keyed


def call_rows(ps: ParsedSession, as_text: bool, prices: PriceTable) -> list[CallRow]:
    """The conversation's billed calls as rows, priced (a call without a message id keeps its invented request id)."""
    rows: list[CallRow] = []
    for (mid, rid), u in merge_calls(ps).items():
        rid = u.request_id or "" if u.message_id else rid
        # a cost the transcript states (Claude Code's costUSD, aider's own cost) is the call's, as the usage scan
        # counts it; only a call without one is priced
        cost = u.cost_usd if u.cost_usd is not None else prices.cost_of(
            u.model, u.input_tokens, u.output_tokens, u.cache_creation_tokens, u.cache_read_tokens,
            u.cache_creation_1h_tokens)
        rows.append((mid, rid, u.model or "", u.input_tokens, u.output_tokens, u.cache_creation_tokens,
                     u.cache_read_tokens, u.cache_creation_1h_tokens, _stamp(u.timestamp, as_text), u.is_sidechain,
                     u.total, cost))
    return rows


_PRICES: dict[str, PriceTable] = {}  # config file -> its table, loaded at the first priced file (a parse worker's)


def default_prices() -> PriceTable:
    """The price table a parse worker prices with: load_table() once per config file, as the writer loads it."""
    key = os.environ.get("MSO_CONFIG", "")
    table = _PRICES.get(key)
    if table is None:
        table = _PRICES[key] = load_table()
    return table


def prepare(parsed: FileParse, as_text: bool, headers_only: bool = False,
            prices: PriceTable | None = None) -> PreparedFile:
    """The file's parse as rows; conversations with neither turns nor usage are left out.

    headers_only: each conversation's header alone (what a preview needs: where it goes, not its rows).
    prices: the table its calls are priced by (default_prices() when None: in a parse worker, so the
    writer does not price 80,000 calls of a large tree itself); the models it cannot price are noted.
    """
    out = PreparedFile(parsed.format, errors=parsed.errors, skipped_lines=parsed.skipped_lines,
                       end_offset=parsed.end_offset, state=parsed.state)
    for ps in parsed.sessions:
        if not ps.turns and not ps.usage:
            continue
        header = dataclasses.replace(ps, turns=[], usage=[])
        if headers_only:
            out.sessions.append(SessionRows(header))
            continue
        turns, span = turn_rows(ps, as_text)
        table = prices if prices is not None else default_prices()
        calls = call_rows(ps, as_text, table)
        out.unpriced.update(c[2] or "(no model)" for c in calls if c[11] is None)
        out.sessions.append(SessionRows(header, turns, span, calls))
    return out
