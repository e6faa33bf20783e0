"""Claude Code lines that carry a response, decoded with msgspec: the usage line shapes and their decoders.

A whole file is decoded at once when every line fits the shapes (one pass of the decoder over the bytes,
no line found by hand); a file with any line that does not (a torn last line, a count out of range, a field
of another type) is read line by line instead, each line holding '"usage"' decoded on its own, the bad
ones noted. Both ways give the same responses, in file order. (The one difference: a key written with a
JSON escape, `"us\\u0061ge"`, counts when the whole file decodes; ccusage's text search would miss it.)
"""
from __future__ import annotations

from typing import Annotated, Any, Literal  # msgspec reads the annotations below at run time

import msgspec

MAX_TOKENS = 10 ** 10  # as the importers' bound (importers.base): no call has more, and sums stay in 64 bits
# ccusage reads counts as unsigned integers; one past the bound is reported and not counted
Count = Annotated[int, msgspec.Meta(ge=0, le=MAX_TOKENS)]
_TOO_BIG = f"<= {MAX_TOKENS}"
# (message, timestamp, request id, session id, sidechain, stated cost, cwd, version); the last two None for a
# progress line's wrapped response
Response = tuple


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


class _Line(_Direct):
    """Any line, as both shapes above at once (a direct line's fields and a progress line's data): for decoding
    a whole file in one pass."""

    data: _Data | None = None


# Typed decoders skip what they are not asked for without building it: twice as fast as decoding
# every line into dicts, and the content blocks are most of every line's bytes.
_decode_lines = msgspec.json.Decoder(_Line).decode_lines
_decode_direct = msgspec.json.Decoder(_Direct).decode
_decode_progress = msgspec.json.Decoder(_Progress).decode
_Invalid = (msgspec.DecodeError, msgspec.ValidationError)
_USAGE = b'"usage"'  # ccusage looks for '"usage":{'; JSON written with spaces counts here too


def responses(data: bytes, path: str, problems: list[str] | None) -> list[Response]:
    """The responses of a file's bytes in file order (lines that cannot count noted in `problems`)."""
    try:
        lines = _decode_lines(data)
    except _Invalid:
        return _line_by_line(data, path, problems)
    out: list[Response] = []
    append = out.append
    for d in lines:
        msg = d.message
        if msg is not None and msg.usage is not None and d.timestamp is not None:
            append((msg, d.timestamp, d.requestId, d.sessionId, d.isSidechain is True, d.costUSD, d.cwd, d.version))
            continue
        w = d.data.message if d.data is not None else None
        if w is not None and w.message is not None and w.message.usage is not None and w.timestamp is not None:
            append((w.message, w.timestamp, w.requestId, d.sessionId, w.isSidechain is True, w.costUSD, None, None))
    return out


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


def _line_by_line(data: bytes, path: str, problems: list[str] | None) -> list[Response]:
    """responses, one line at a time: only lines holding '"usage"' are decoded, as ccusage looks for them."""
    out: list[Response] = []
    bad: list[str] = []
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
        try:  # the usual line, a response itself
            d = _decode_direct(line)
            msg, stamp = d.message, d.timestamp
        except _Invalid as exc:
            msg = stamp = None
            if _TOO_BIG in str(exc):
                bad.append("token count out of range")
        if msg is not None and msg.usage is not None and stamp is not None:
            out.append((msg, stamp, d.requestId, d.sessionId, d.isSidechain is True, d.costUSD, d.cwd, d.version))
            continue
        found = _decode_progress_line(line, bad)
        if bad:  # rare: the line's number is counted only then
            if problems is not None:
                number = data.count(b"\n", 0, start) + 1
                problems.append(f"{path}:{number}: {bad[0]}, line not counted")
            bad.clear()
        if found is not None:
            out.append((*found, None, None))
    return out
