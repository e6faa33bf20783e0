"""Per-file readers for the direct usage scan: only the lines that carry usage are decoded.

Claude Code lines are counted the way ccusage counts them, so totals agree exactly: a line counts
when it has a timestamp and `message.usage` with numeric input_tokens and output_tokens; a
(`message.id`, `requestId`) pair counts once (first seen wins); a line lacking either id always
counts. One deliberate difference: any valid ISO 8601 timestamp is accepted (ccusage drops those
without fractional seconds).

A file is read into sums per (local day, model) plus the list of its de-duplication keys: the
merge adds sums whole and only looks at single lines again for a file that shares keys with an
earlier one (a resumed session copying its history).
"""
from __future__ import annotations

import datetime as dt
import sys
from typing import Any  # msgspec reads the annotations below at run time (and imports typing itself)

import msgspec

from mso_tui.timestamps import parse_iso

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Callable

# Sums of one (day, model): (day, model, input, output, cache write, cache read, then the same four
# still to price with the table plus the 1-hour part of their cache write, then costs the lines state)
Group = tuple[str, str, int, int, int, int, int, int, int, int, int, float]
# A file's contribution: (earliest UTC minute, session id, project cwd, de-duplication keys, groups)
FileData = tuple[str, str, str, list[str], list[Group]]
Number = int | float  # a JSON number: msgspec rejects strings, null and booleans, as ccusage's schema does


class _Usage(msgspec.Struct):
    """message.usage: only the fields counted; a line whose fields have the wrong type does not count."""

    input_tokens: Number
    output_tokens: Number
    cache_creation_input_tokens: Number = 0
    cache_read_input_tokens: Number = 0
    cache_creation: Any = None


class _Message(msgspec.Struct):
    """message: a line whose message or usage is not an object does not count."""

    usage: _Usage | None = None
    id: str | None = None
    model: Any = None


class _Line(msgspec.Struct):
    """The fields of a Claude Code line that usage needs; the rest (content above all) is skipped unread."""

    message: _Message | None = None
    requestId: str | None = None
    timestamp: str | None = None
    sessionId: Any = None
    cwd: Any = None
    costUSD: Any = None


# A typed decoder skips what it is not asked for without building it: about twice as fast as
# decoding every line into dicts, and the content blocks are most of every line's bytes.
_decode_line = msgspec.json.Decoder(_Line).decode
_loads = msgspec.json.decode
_DecodeError = (msgspec.DecodeError, msgspec.ValidationError)
_USAGE = b'"usage"'
_TOKEN_COUNT = b'"token_count"'
_intern = sys.intern
_fromisoformat = dt.datetime.fromisoformat


def utc_day(minute: str) -> str:
    """The day of a UTC minute, in UTC."""
    return minute[:10]


def utc_minute(value: Any) -> str | None:
    """A valid ISO 8601 timestamp as its UTC minute "YYYY-MM-DDTHH:MM" (interned: lines share them)."""
    parsed = parse_iso(value)
    return None if parsed is None else _intern(parsed.strftime("%Y-%m-%dT%H:%M"))


class _Sums:
    """Running sums per (day, model) of one file."""

    __slots__ = ("day", "days", "groups")

    def __init__(self, day: Callable[[str], str]) -> None:
        self.day = day
        self.days: dict[str, str] = {}
        self.groups: dict[tuple[str, str], list] = {}

    def add(self, minute: str, model: str, inp: int, out: int, cw: int, cr: int, one_hour: int,
            cost: float | None) -> None:
        """Count one usage."""
        d = self.days.get(minute)
        if d is None:
            d = self.days[minute] = self.day(minute)
        acc = self.groups.get((d, model))
        if acc is None:
            acc = self.groups[(d, model)] = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0.0]
        acc[0] += inp; acc[1] += out; acc[2] += cw; acc[3] += cr
        if cost is not None:
            acc[9] += cost
        else:  # tokens still to price with the table
            acc[4] += inp; acc[5] += out; acc[6] += cw; acc[7] += cr; acc[8] += one_hour

    def rows(self) -> list[Group]:
        """The sums as plain tuples."""
        return _rows(self.groups)


def _rows(groups: dict[tuple[str, str], list]) -> list[Group]:
    """Sums per (day, model) as plain tuples (cheap to cache and to send between processes)."""
    return [(d, m, *a) for (d, m), a in groups.items()]  # type: ignore[misc]


def read_claude(path: str, stem: str = "", day: Callable[[str], str] = utc_day,
                skip: set[str] | frozenset[str] = frozenset()) -> FileData:
    """The de-duplicated usage of one Claude Code .jsonl file; keys in `skip` are not counted."""
    with open(path, "rb") as handle:
        data = handle.read()
    days: dict[str, str] = {}
    groups: dict[tuple[str, str], list] = {}
    keys: list[str] = []
    seen: set[str] = set()
    earliest = session = cwd = ""
    find, rfind = data.find, data.rfind
    pos = find(_USAGE)
    # Jump from one '"usage"' to the next instead of visiting every line: user and tool lines
    # never need decoding. The loop is written out flat: it runs once per usage line.
    while pos != -1:
        start = rfind(b"\n", 0, pos) + 1
        end = find(b"\n", pos)
        if end == -1:
            end = len(data)
        line = data[start:end]
        pos = find(_USAGE, end)
        try:
            obj = _decode_line(line)
        except _DecodeError:
            continue
        msg = obj.message
        if msg is None:
            continue
        usage = msg.usage
        if usage is None:
            continue
        key = None
        if msg.id is not None and obj.requestId is not None:
            key = msg.id + ":" + obj.requestId
            if key in seen:
                continue  # another content block of a response already counted
        ts = obj.timestamp
        if ts is None:
            continue
        # the usual form, 2026-09-01T10:00:00.000Z: validate, then cut; any other goes the long way
        if len(ts) > 16 and ts[-1] == "Z" and ts[4] == ts[7] == "-" and ts[10] == "T" and ts[13] == ":":
            try:
                _fromisoformat(ts)
            except ValueError:
                continue
            minute = ts[:16]
        else:
            minute = utc_minute(ts)
            if minute is None:
                continue
        if key is not None:
            seen.add(key)
            keys.append(key)
            if key in skip:
                continue
        if not earliest or minute < earliest:
            earliest = minute
        if not session and type(obj.sessionId) is str:
            session = obj.sessionId
        if not cwd and type(obj.cwd) is str:
            cwd = obj.cwd
        d = days.get(minute)
        if d is None:
            d = days[minute] = day(minute)
        model = msg.model
        if type(model) is not str:
            model = ""
        acc = groups.get((d, model))
        if acc is None:
            acc = groups[(d, model)] = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0.0]
        inp, out = int(usage.input_tokens), int(usage.output_tokens)
        cw, cr = int(usage.cache_creation_input_tokens), int(usage.cache_read_input_tokens)
        acc[0] += inp; acc[1] += out; acc[2] += cw; acc[3] += cr
        cost = obj.costUSD
        if type(cost) is int or type(cost) is float:
            acc[9] += cost
        else:  # tokens still to price with the table
            detail = usage.cache_creation
            one_hour = detail.get("ephemeral_1h_input_tokens", 0) if type(detail) is dict else 0
            acc[4] += inp; acc[5] += out; acc[6] += cw; acc[7] += cr
            acc[8] += int(one_hour) if type(one_hour) is int or type(one_hour) is float else 0
    return earliest, session or stem, cwd, keys, _rows(groups)


def read_codex(path: str, stem: str = "", day: Callable[[str], str] = utc_day) -> FileData:
    """Usage of one Codex CLI rollout: token_count events, cached input split out."""
    with open(path, "rb") as handle:
        data = handle.read()
    sums = _Sums(day)
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
        except _DecodeError:
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
            minute = utc_minute(ts)
            if minute is None:
                continue
            total, last = info.get("total_token_usage"), info.get("last_token_usage")
            if total is not None and total == previous_total:
                continue  # Codex repeats the last count when nothing new was billed
            previous_total = total
            if type(last) is not dict:
                continue
            inp, cached = last.get("input_tokens", 0), last.get("cached_input_tokens", 0)
            out = last.get("output_tokens", 0)
            if not all(type(v) in (int, float) for v in (inp, cached, out)):
                continue
            cached = min(int(cached), int(inp))
            sums.add(minute, _intern(model), int(inp) - cached, int(out), 0, cached, 0, None)
            if not earliest or minute < earliest:
                earliest = minute
    return earliest, session or stem, cwd, [], sums.rows()
