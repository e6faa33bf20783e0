"""ISO 8601 timestamps (and epoch numbers) to naive UTC datetimes, for importers and the usage scan.

datetime.fromisoformat takes most ISO 8601 forms since Python 3.11 (basic and extended, week
dates, offsets, any fraction); the few valid ones it refuses are handled here by hand.
"""
from __future__ import annotations

import datetime as dt
import re
from typing import Any

_UTC = dt.timezone.utc
# Epoch numbers above this are milliseconds (year 2286 in seconds), below it seconds.
_MS_THRESHOLD = 10_000_000_000
_ORDINAL = re.compile(r"(\d{4})-?(\d{3})(?=$|T)")  # 2026-244 or 2026244: year and day of the year


def parse_ts(value: Any) -> dt.datetime | None:
    """Parse any ISO 8601 timestamp (or epoch seconds/ms) into a naive UTC datetime; None if invalid."""
    if isinstance(value, str):
        if not value:
            return None
        if value[-1] == "Z":  # the common case: already UTC, no offset arithmetic needed
            try:
                parsed = dt.datetime.fromisoformat(value[:-1])
            except ValueError:
                pass
            else:  # "...+02:00Z" names two zones: not a timestamp
                return parsed if parsed.tzinfo is None else None
        try:
            parsed = dt.datetime.fromisoformat(value)
        except ValueError:
            unusual = _parse_unusual(value)
            if unusual is None:
                return None
            parsed = unusual
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        seconds = value / 1000 if abs(value) > _MS_THRESHOLD else value
        try:
            return dt.datetime.fromtimestamp(seconds, _UTC).replace(tzinfo=None)
        except (OverflowError, OSError, ValueError):
            return None
    else:
        return None
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(_UTC).replace(tzinfo=None)
    return parsed


def parse_iso(value: Any) -> dt.datetime | None:
    """Like parse_ts for strings only: epoch numbers are not ISO 8601 and give None."""
    return parse_ts(value) if isinstance(value, str) else None


def _parse_unusual(value: str) -> dt.datetime | None:
    """Valid forms fromisoformat refuses: lower-case 'z'/'t', hour 24:00, leap second :60, ordinal dates."""
    text = value.strip().upper()
    extra = dt.timedelta(0)
    if "T24:00" in text:  # the end of the day is the next day's start
        text, extra = text.replace("T24:00", "T00:00", 1), dt.timedelta(days=1)
    leap = re.search(r"(T\d\d:?\d\d:?)60", text)
    if leap:  # 23:59:60 is the leap second: count it as the last second of the minute
        text = text[:leap.start()] + leap.group(1) + "59" + text[leap.end():]
    ordinal = _ORDINAL.match(text)
    if ordinal:
        year, day = int(ordinal.group(1)), int(ordinal.group(2))
        try:
            date = dt.date(year, 1, 1) + dt.timedelta(days=day - 1)
        except (OverflowError, ValueError):
            return None
        if day < 1 or date.year != year:  # day 0, or 366 in a common year
            return None
        text = date.isoformat() + text[ordinal.end():]
    try:
        parsed = dt.datetime.fromisoformat(text)
    except ValueError:
        return None
    return parsed + extra
