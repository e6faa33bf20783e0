"""Per-file readers for the direct usage scan: only the lines that carry usage are decoded.

Claude Code lines are counted the way ccusage counts them, so totals agree exactly: a line counts
when it has a timestamp and `message.usage` with numeric input_tokens and output_tokens; a
(`message.id`, `requestId`) pair counts once (first seen wins); a line lacking either id always
counts. One deliberate difference: any valid ISO 8601 timestamp is accepted (ccusage drops those
without fractional seconds).
"""
from __future__ import annotations

import datetime as dt
import sys
from typing import Any

import orjson

# One counted usage: (dedup key or None, UTC minute "YYYY-MM-DDTHH:MM", model, input, output, cache write, cache read,
# 1-hour part of cache write, cost the line states or None). Plain tuples: cheap to cache (marshal).
Entry = tuple[str | None, str, str, int, int, int, int, int, float | None]
# A file's contribution: (earliest timestamp, session id, project cwd, entries)
FileData = tuple[str, str, str, list[Entry]]

_loads = orjson.loads
_USAGE = b'"usage"'
_TOKEN_COUNT = b'"token_count"'


def _number(value: Any) -> bool:
    """A JSON number (ccusage's schema rejects strings, null and booleans)."""
    return (type(value) is int or type(value) is float)


_intern = sys.intern
_UTC = dt.timezone.utc


def utc_minute(value: Any) -> str | None:
    """A valid ISO 8601 timestamp as its UTC minute "YYYY-MM-DDTHH:MM" (interned: entries share them)."""
    if type(value) is not str or len(value) < 10:
        return None
    try:
        parsed = dt.datetime.fromisoformat(value)
    except ValueError:
        return None
    if value[-1] == "Z" or parsed.tzinfo is None:
        return _intern(value[:16]) if len(value) >= 16 else _intern(parsed.strftime("%Y-%m-%dT%H:%M"))
    return _intern(parsed.astimezone(_UTC).strftime("%Y-%m-%dT%H:%M"))


def _raw_key(line: bytes) -> bytes | None:
    """message.id + b":" + requestId read straight from the bytes, or None.

    Only ever used to recognise a repeat of a key already counted from a fully decoded line, so
    an odd line (escaped ids, another key order) merely misses this shortcut.
    """
    r = line.find(b'"requestId":"')
    m = line.find(b'"message":{')
    if r == -1 or m == -1:
        return None
    i = line.find(b'"id":"', m)
    if i == -1:
        return None
    r += 13
    i += 6
    return line[i:line.find(b'"', i)] + b":" + line[r:line.find(b'"', r)]


def read_claude(path: str, stem: str = "") -> FileData:
    """The de-duplicated usage entries of one Claude Code .jsonl file."""
    with open(path, "rb") as handle:
        data = handle.read()
    entries: list[Entry] = []
    seen: set[str] = set()
    earliest = ""
    session = ""
    cwd = ""
    seen_raw: set[bytes] = set()
    find, rfind = data.find, data.rfind
    pos = find(_USAGE)
    # Jump from one '"usage"' to the next instead of visiting every line: user and tool lines
    # never need decoding.
    while pos != -1:
        start = rfind(b"\n", 0, pos) + 1
        end = find(b"\n", pos)
        if end == -1:
            end = len(data)
        line = data[start:end]
        pos = find(_USAGE, end)
        raw_key = _raw_key(line) if seen_raw else None
        if raw_key is not None and raw_key in seen_raw:
            continue  # a repeat of a response already counted: skip the costly full decode
        try:
            obj = _loads(line)
        except orjson.JSONDecodeError:
            continue
        if type(obj) is not dict:
            continue
        msg = obj.get("message")
        if type(msg) is not dict:
            continue
        usage = msg.get("usage")
        if type(usage) is not dict:
            continue
        inp = usage.get("input_tokens")
        out = usage.get("output_tokens")
        if not (_number(inp) and _number(out)):
            continue
        cw = usage.get("cache_creation_input_tokens", 0)
        cr = usage.get("cache_read_input_tokens", 0)
        if not (_number(cw) and _number(cr)):
            continue
        ts = utc_minute(obj.get("timestamp"))
        if ts is None:
            continue
        mid = msg.get("id")
        rid = obj.get("requestId")
        if (mid is not None and type(mid) is not str) or (rid is not None and type(rid) is not str):
            continue
        key = None
        if mid is not None and rid is not None:
            key = mid + ":" + rid
            if key in seen:
                continue
            seen.add(key)
            seen_raw.add(raw_key if raw_key is not None else (_raw_key(line) or b""))
        if not session:
            session = obj.get("sessionId") if type(obj.get("sessionId")) is str else ""
        if not cwd and type(obj.get("cwd")) is str:
            cwd = obj["cwd"]
        if not earliest or ts < earliest:
            earliest = ts
        detail = usage.get("cache_creation")
        one_hour = detail.get("ephemeral_1h_input_tokens", 0) if type(detail) is dict else 0
        model = msg.get("model")
        cost = obj.get("costUSD")
        entries.append((
            key, ts, _intern(model) if type(model) is str else "", int(inp), int(out), int(cw), int(cr),
            int(one_hour) if _number(one_hour) else 0, float(cost) if _number(cost) else None,
        ))
    return earliest, session or stem, cwd, entries


def read_codex(path: str, stem: str = "") -> FileData:
    """Usage entries of one Codex CLI rollout: token_count events, cached input split out."""
    with open(path, "rb") as handle:
        data = handle.read()
    entries: list[Entry] = []
    earliest = session = cwd = model = ""
    fork_start = ""
    previous_total: Any = None
    for line in data.split(b"\n"):
        if not line:
            continue
        is_count = _TOKEN_COUNT in line
        if not is_count and b'"turn_context"' not in line and b'"session_meta"' not in line:
            continue
        try:
            obj = _loads(line)
        except orjson.JSONDecodeError:
            continue
        if type(obj) is not dict or type(obj.get("payload")) is not dict:
            continue
        payload, kind, ts = obj["payload"], obj.get("type"), obj.get("timestamp")
        if kind == "session_meta":
            session = session or str(payload.get("id") or "")
            cwd = cwd or str(payload.get("cwd") or "")
            if payload.get("forked_from_id") and type(ts) is str and ts[-1:] == "Z":
                fork_start = ts  # rows stamped before the fork began replay the parent: not ours
        elif kind == "turn_context":
            model = str(payload.get("model") or model)
        elif kind == "event_msg" and payload.get("type") == "token_count":
            info = payload.get("info")
            if type(info) is not dict or (fork_start and type(ts) is str and ts < fork_start):
                continue
            ts = utc_minute(ts)
            if ts is None:
                continue
            total, last = info.get("total_token_usage"), info.get("last_token_usage")
            if total is not None and total == previous_total:
                continue  # Codex repeats the last count when nothing new was billed
            previous_total = total
            if type(last) is not dict:
                continue
            inp, cached = last.get("input_tokens", 0), last.get("cached_input_tokens", 0)
            out = last.get("output_tokens", 0)
            if not (_number(inp) and _number(cached) and _number(out)):
                continue
            cached = min(int(cached), int(inp))
            entries.append((None, ts, _intern(model), int(inp) - cached, int(out), 0, cached, 0, None))
            if not earliest or ts < earliest:
                earliest = ts
    return earliest, session or stem, cwd, entries
