"""Per-file readers for the direct usage scan: only the lines that carry usage are decoded.

Claude Code files are read by claude.py (the line shapes) and dedup.py (which copies of a
response count), so totals agree with ccusage 20 exactly. A file is read into sums per (local
day, model) plus the message ids it holds: the merge adds sums whole and only looks at single
records again for files that share a message id (a resumed session, a subagent's progress copies).
"""
from __future__ import annotations

import sys

import msgspec

from mso_tui.usage.claude import claude_records, utc_minute
from mso_tui.usage.codex import CodexCalls, CountOutOfRange
from mso_tui.usage.dedup import Dedup

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Callable

# Plain tuples (marshal caches hold no NamedTuple), always read by unpacking, never by index:
# Sums of one (day, model): (day, model, input, output, cache write, cache read, then the same four
# still to price with the table plus the 1-hour part of their cache write, then costs the lines state)
Group = tuple[str, str, int, int, int, int, int, int, int, int, int, float]
# A file's contribution: (earliest UTC minute, session id, project cwd, message ids, groups,
# problems as "path:line: reason" lines)
FileData = tuple[str, str, str, list[str], list[Group], list[str]]
_loads = msgspec.json.decode
_DecodeError = msgspec.DecodeError
_TOKEN_COUNT = b'"token_count"'
_intern = sys.intern


def utc_day(minute: str) -> str:
    """The day of a UTC minute, in UTC."""
    return minute[:10]


def sum_records(records: list[tuple]) -> list[Group]:
    """Counted records (claude.py's shape) added up per (day, model)."""
    groups: dict[tuple[str, str], list] = {}
    for r in records:
        _, _, _, _, _, _, day, model, inp, out, write, read, one_hour, stated = r[:14]  # claude_records' shape
        acc = groups.get((day, model))
        if acc is None:
            acc = groups[(day, model)] = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0.0]
        acc[0] += inp
        acc[1] += out
        acc[2] += write
        acc[3] += read
        if stated is not None:
            acc[9] += stated
        else:  # tokens still to price with the table
            acc[4] += inp
            acc[5] += out
            acc[6] += write
            acc[7] += read
            acc[8] += one_hour
    return [(d, m, *a) for (d, m), a in groups.items()]  # plain tuples: cheap to cache and to send


def read_claude(path: str, stem: str = "", day: Callable[[str], str] = utc_day) -> FileData:
    """The usage of one Claude Code .jsonl file, each response counted once."""
    problems: list[str] = []
    earliest, session, cwd, records = claude_records(path, stem, day, problems)
    ids = [mid for mid, *_ in records if mid is not None]
    mids = list(dict.fromkeys(ids))
    if len(mids) == len(ids):  # no message id twice: every rule of Dedup needs one, so all count
        return earliest, session, cwd, mids, sum_records(records), problems
    dedup = Dedup()
    for record in records:
        dedup.add(record)
    return earliest, session, cwd, mids, sum_records(dedup.counted()), problems


def read_codex(path: str, stem: str = "", day: Callable[[str], str] = utc_day) -> FileData:
    """Usage of one Codex CLI rollout: its token_count events as usage_codex counts them."""
    earliest, session, cwd, records, problems = codex_records(path, stem, day)
    # one marker per rollout: an archived copy of it shares it, and the merge then counts each call once
    first_key = next((key for key, *_ in records), None)
    marks = [f"codex-rollout:{first_key.rsplit(':', 1)[0]}"] if first_key else []
    return earliest, session, cwd, marks, sum_records(records), problems


def codex_records(path: str, stem: str,
                  day: Callable[[str], str]) -> tuple[str, str, str, list[tuple], list[str]]:
    """(earliest UTC minute, session id, cwd, records in usage/claude.py's shape keyed by call, problems)."""
    with open(path, "rb") as handle:
        data = handle.read()
    if data[:3] == b"\xef\xbb\xbf":  # a byte order mark: blanked (JSON allows the spaces), line numbers stay
        data = b"   " + data[3:]
    records: list[tuple] = []  # claude.py's record shape, keyed by call
    days: dict[str, str] = {}
    earliest = cwd = ""
    calls = CodexCalls()
    problems: list[str] = []
    for line_no, line in enumerate(data.split(b"\n"), 1):
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
            calls.meta(payload, ts)
            cwd = cwd or str(payload.get("cwd") or "")
        elif kind == "turn_context":
            calls.context(payload, ts)
        elif kind == "event_msg" and payload.get("type") == "token_count":
            minute = utc_minute(ts)
            try:
                call = calls.tokens(payload, ts, line_no) if minute is not None else None
            except CountOutOfRange:
                problems.append(f"{path}:{line_no}: token count out of range, line not counted")
                continue
            if call is None or minute is None:
                continue
            key, model, fresh, cached, out = call
            d = days.get(minute)
            if d is None:
                d = days[minute] = day(minute)
            records.append((key, "", calls.session, False, ts, fresh + out + cached, d, _intern(model),
                            fresh, out, 0, cached, 0, None))
            if not earliest or minute < earliest:
                earliest = minute
    return earliest, calls.session or stem, cwd, records, problems
