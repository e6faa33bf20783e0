"""Per-file readers for the direct usage scan: only the lines that carry usage are decoded.

Claude Code files are read by usage_claude (the line shapes) and usage_dedup (which copies of a
response count), so totals agree with ccusage 20 exactly. A file is read into sums per (local
day, model) plus the message ids it holds: the merge adds sums whole and only looks at single
records again for files that share a message id (a resumed session, a subagent's progress copies).
"""
from __future__ import annotations

import sys
from typing import Any

import msgspec

from mso_tui.usage_claude import MAX_TOKENS, claude_records, utc_minute
from mso_tui.usage_dedup import Dedup

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Callable

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
    """Counted records (usage_claude's shape) added up per (day, model)."""
    groups: dict[tuple[str, str], list] = {}
    for r in records:
        acc = groups.get((r[6], r[7]))
        if acc is None:
            acc = groups[(r[6], r[7])] = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0.0]
        inp, out, write, read = r[8], r[9], r[10], r[11]
        acc[0] += inp; acc[1] += out; acc[2] += write; acc[3] += read
        if r[13] is not None:
            acc[9] += r[13]
        else:  # tokens still to price with the table
            acc[4] += inp; acc[5] += out; acc[6] += write; acc[7] += read; acc[8] += r[12]
    return [(d, m, *a) for (d, m), a in groups.items()]  # plain tuples: cheap to cache and to send


def read_claude(path: str, stem: str = "", day: Callable[[str], str] = utc_day) -> FileData:
    """The usage of one Claude Code .jsonl file, each response counted once."""
    problems: list[str] = []
    earliest, session, cwd, records = claude_records(path, stem, day, problems)
    ids = [r[0] for r in records if r[0] is not None]
    mids = list(dict.fromkeys(ids))
    if len(mids) == len(ids):  # no message id twice: every rule of Dedup needs one, so all count
        return earliest, session, cwd, mids, sum_records(records), problems
    dedup = Dedup()
    for record in records:
        dedup.add(record)
    return earliest, session, cwd, mids, sum_records(dedup.counted()), problems


def read_codex(path: str, stem: str = "", day: Callable[[str], str] = utc_day) -> FileData:
    """Usage of one Codex CLI rollout: token_count events, cached input split out."""
    with open(path, "rb") as handle:
        data = handle.read()
    if data[:3] == b"\xef\xbb\xbf":  # a byte order mark: blanked (JSON allows the spaces), line numbers stay
        data = b"   " + data[3:]
    records: list[tuple] = []  # usage_claude's record shape; a Codex count is never a repeat
    days: dict[str, str] = {}
    earliest = session = cwd = model = ""
    fork_start = ""
    previous_total: Any = None
    problems: list[str] = []
    for number, line in enumerate(data.split(b"\n"), 1):
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
            if not all(0 <= v <= MAX_TOKENS for v in (inp, cached, out)):
                problems.append(f"{path}:{number}: token count out of range, line not counted")
                continue
            cached = min(int(cached), int(inp))
            fresh, out = int(inp) - cached, int(out)
            d = days.get(minute)
            if d is None:
                d = days[minute] = day(minute)
            records.append((None, None, session, False, ts, fresh + out + cached, d, _intern(model),
                            fresh, out, 0, cached, 0, None))
            if not earliest or minute < earliest:
                earliest = minute
    return earliest, session or stem, cwd, [], sum_records(records), problems
