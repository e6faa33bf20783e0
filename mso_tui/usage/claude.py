"""Claude Code lines as usage records for the direct scan: the shapes and checks ccusage 20 applies.

A record comes from a line with `message.usage` (the response itself) or from a `progress` line
whose `data.message` wraps a subagent's response. Token counts must be whole numbers >= 0; a
present session id, request id, message id or model must not be empty, and a version must start
like 1.2.3. A line failing any of that does not count (ccusage drops it the same way). Two
deliberate differences: any valid ISO 8601 timestamp is accepted, not only RFC 3339; and a record
billing nothing (every count 0, no stated cost: an API error, "<synthetic>") is not a call, as in
the importer, so it never outranks a subagent's record of the same message (totals are unchanged).
"""
from __future__ import annotations

import datetime as dt
import sys
from typing import Annotated, Any, Literal  # msgspec reads the annotations below at run time

import msgspec

from mso_tui.timestamps import parse_iso
from mso_tui.usage.versions import SEMVER

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Callable

MAX_TOKENS = 10 ** 10  # as the importers' bound (importers.base): no call has more, and sums stay in 64 bits
# ccusage reads counts as unsigned integers; one past the bound is reported and not counted
Count = Annotated[int, msgspec.Meta(ge=0, le=MAX_TOKENS)]
_TOO_BIG = f"<= {MAX_TOKENS}"


class _CacheCreation(msgspec.Struct):
    """usage.cache_creation: the cache write split by lifetime."""

    ephemeral_5m_input_tokens: Count = 0
    ephemeral_1h_input_tokens: Count = 0


class _Usage(msgspec.Struct):
    """message.usage."""

    input_tokens: Count
    output_tokens: Count
    cache_creation_input_tokens: Count = 0
    cache_read_input_tokens: Count = 0
    cache_creation: _CacheCreation | None = None
    speed: Literal["standard", "fast"] | None = None


class _Message(msgspec.Struct):
    """A response: its usage, model and id."""

    usage: _Usage | None = None
    model: str | None = None
    id: str | None = None


class _Direct(msgspec.Struct):
    """A line carrying a response itself; the rest of the line (content above all) is skipped unread."""

    message: _Message | None = None
    timestamp: str | None = None
    requestId: str | None = None
    sessionId: str | None = None
    version: str | None = None
    isSidechain: bool | None = None
    costUSD: float | None = None
    cwd: Any = None


class _Wrapped(msgspec.Struct):
    """A progress line's data.message: a subagent's response as the parent saw it."""

    message: _Message | None = None
    timestamp: str | None = None
    requestId: str | None = None
    isSidechain: bool | None = None
    costUSD: float | None = None


class _Data(msgspec.Struct):
    """A progress line's data."""

    message: _Wrapped | None = None


class _Progress(msgspec.Struct):
    """A progress line."""

    data: _Data | None = None
    sessionId: str | None = None


# Typed decoders skip what they are not asked for without building it: twice as fast as decoding
# every line into dicts, and the content blocks are most of every line's bytes.
_decode_direct = msgspec.json.Decoder(_Direct).decode
_decode_progress = msgspec.json.Decoder(_Progress).decode
_Invalid = (msgspec.DecodeError, msgspec.ValidationError)
_USAGE = b'"usage"'  # ccusage looks for '"usage":{'; JSON written with spaces counts here too
_fromisoformat = dt.datetime.fromisoformat
_intern = sys.intern


def utc_minute(value: Any) -> str | None:
    """A valid ISO 8601 timestamp as its UTC minute "YYYY-MM-DDTHH:MM"; None when invalid."""
    if type(value) is not str:
        return None
    # the usual form, 2026-09-01T10:00:00.000Z: validate, then cut; any other goes the long way
    if len(value) > 16 and value[-1] == "Z" and value[4] == value[7] == "-" and value[10] == "T" and value[13] == ":":
        try:
            _fromisoformat(value)
        except ValueError:
            return None
        return value[:16]
    parsed = parse_iso(value)
    return None if parsed is None else _intern(parsed.strftime("%Y-%m-%dT%H:%M"))


def _decode_progress_line(line: bytes, bad: list[str] | None = None
                          ) -> tuple[_Message, str, str | None, str | None, bool, float | None] | None:
    """(message, timestamp, request id, session id, sidechain, stated cost) of a progress line's response."""
    try:
        p = _decode_progress(line)
    except _Invalid as exc:
        if bad is not None and _TOO_BIG in str(exc):
            bad.append("token count out of range")
        return None
    w = p.data.message if p.data is not None else None
    if w is None or w.message is None or w.message.usage is None or w.timestamp is None:
        return None
    return w.message, w.timestamp, w.requestId, p.sessionId, w.isSidechain is True, w.costUSD


def claude_records(path: str, stem: str, day: Callable[[str], str],
                   problems: list[str] | None = None) -> tuple[str, str, str, list[tuple]]:
    """(earliest UTC minute, session id, cwd, records) of one Claude Code file, every copy included.

    A line with a count out of range is not counted and goes to `problems` as "path:line: reason".

    A record is (message id, request id, session, sidechain, timestamp, token total, day, model,
    input, output, cache write, cache read, 1-hour part of the cache write, stated cost or None);
    dedup.Dedup decides which copies count.
    """
    with open(path, "rb") as handle:
        data = handle.read()
    if data[:3] == b"\xef\xbb\xbf":  # a byte order mark: blanked, so offsets and line numbers stay
        data = b"   " + data[3:]
    records: list[tuple] = []
    days: dict[str, str] = {}
    versions: set[str] = set()
    bad: list[str] = []
    # the largest count already recorded per (message id, request id, sidechain): a copy that is
    # not larger can never replace anything (dedup.py's rules), so it is dropped at once
    best: dict[tuple, int] = {}
    earliest = session = cwd = ""
    find, rfind = data.find, data.rfind
    pos = find(_USAGE)
    # Jump from one '"usage"' to the next instead of visiting every line: user and tool lines
    # never need decoding. Written out flat: this runs once per usage line.
    while pos != -1:
        start = rfind(b"\n", 0, pos) + 1
        end = find(b"\n", pos)
        if end == -1:
            end = len(data)
        line = data[start:end]
        pos = find(_USAGE, end)
        try:  # the usual line, a response itself, decoded here without a call per line
            d = _decode_direct(line)
            msg, stamp = d.message, d.timestamp
        except _Invalid as exc:
            msg = stamp = None
            if _TOO_BIG in str(exc):
                bad.append("token count out of range")
        if msg is not None and msg.usage is not None and stamp is not None:
            rid, sid, side = d.requestId, d.sessionId, d.isSidechain is True
            cost, where, version = d.costUSD, d.cwd, d.version
        else:
            found = _decode_progress_line(line, bad)
            if bad:  # rare: the line's number is counted only then
                if problems is not None:
                    number = data.count(b"\n", 0, start) + 1
                    problems.append(f"{path}:{number}: {bad[0]}, line not counted")
                bad.clear()
            if found is None:
                continue
            msg, stamp, rid, sid, side, cost = found
            where = version = None
        mid, u = msg.id, msg.usage
        cache = u.cache_creation  # type: ignore[union-attr]
        if cache is not None:
            one_hour = cache.ephemeral_1h_input_tokens
            write = cache.ephemeral_5m_input_tokens + one_hour
        else:
            write, one_hour = u.cache_creation_input_tokens, 0  # type: ignore[union-attr]
        inp, out, read = u.input_tokens, u.output_tokens, u.cache_read_input_tokens  # type: ignore[union-attr]
        total = inp + out + write + read
        if not total and not cost:
            continue  # bills nothing (an API error, "<synthetic>"): not a call, as the importer has it
        if rid is not None and mid is not None:
            seen = best.get((mid, rid, side))
            if seen is not None and total <= seen:
                continue
        minute = utc_minute(stamp)
        if minute is None:
            continue
        if not earliest or minute < earliest:
            earliest = minute
        model = msg.model
        if "" in (sid, rid, mid, model):
            continue
        if version is not None and version not in versions:
            if not SEMVER.match(version):
                continue
            versions.add(version)
        if sid and "#" in sid:  # a workflow agent's `<session>#agent-<id>`: its parent's session
            sid = sid.split("#agent-", 1)[0] or sid
        if not session and sid:
            session = sid
        if not cwd and type(where) is str:
            cwd = where
        day_text = days.get(minute)
        if day_text is None:
            day_text = days[minute] = day(minute)
        if model is not None and u.speed == "fast":  # type: ignore[union-attr]
            model += "-fast"  # pricing.FAST_SUFFIX: priced at the model's fast-mode multiplier
        if rid is not None and mid is not None:
            best[(mid, rid, side)] = total
        records.append((mid, rid, sid or stem, side, stamp, total, day_text,
                        _intern(model) if model else "", inp, out, write, read, one_hour, cost))
    return earliest, session or stem, cwd, records
