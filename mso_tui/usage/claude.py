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
from typing import Any

from mso_tui.timestamps import parse_iso
from mso_tui.usage.claude_lines import MAX_TOKENS as MAX_TOKENS  # the bound, where the readers had it
from mso_tui.usage.claude_lines import responses
from mso_tui.usage.versions import SEMVER

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Callable

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
    # the largest count already recorded per (message id, request id, sidechain): a copy that is
    # not larger can never replace anything (dedup.py's rules), so it is dropped at once
    best: dict[tuple, int] = {}
    earliest = session = cwd = ""
    # written out flat: this runs once per response
    for msg, stamp, rid, sid, side, cost, where, version in responses(data, path, problems):
        mid, u = msg.id, msg.usage
        cache = u.cache_creation
        if cache is not None:
            one_hour = cache.ephemeral_1h_input_tokens
            write = cache.ephemeral_5m_input_tokens + one_hour
        else:
            write, one_hour = u.cache_creation_input_tokens, 0
        inp, out, read = u.input_tokens, u.output_tokens, u.cache_read_input_tokens
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
        if model is not None and u.speed == "fast":
            model += "-fast"  # pricing.FAST_SUFFIX: priced at the model's fast-mode multiplier
        if rid is not None and mid is not None:
            best[(mid, rid, side)] = total
        records.append((mid, rid, sid or stem, side, stamp, total, day_text,
                        _intern(model) if model else "", inp, out, write, read, one_hour, cost))
    return earliest, session or stem, cwd, records
