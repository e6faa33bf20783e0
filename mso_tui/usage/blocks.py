"""Periods of usage: local day, week and month of a UTC minute, and the 5-hour billing blocks.

Blocks follow ccusage's rule: a block starts at its first message floored to the UTC hour and lasts
5 hours; a message more than 5 hours after the block's start, or more than 5 hours after the
previous message, starts a new block (the minute at 5 h after the start already counts as more).
A block is active while its last message is less than 5 hours old and its end has not passed.
Minutes are "YYYY-MM-DDTHH:MM" in UTC (the scan's unit).
"""
from __future__ import annotations

import datetime as dt

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Iterable

BLOCK = dt.timedelta(hours=5)
UTC = dt.timezone.utc
WEEK_STARTS = 0  # weeks start on Monday (0), as ccusage 20's weekly report (its JSON's period is the Monday)


def parse_minute(minute: str) -> dt.datetime:
    """A UTC minute "YYYY-MM-DDTHH:MM" (or with a space) as an aware datetime."""
    return dt.datetime.fromisoformat(minute[:10] + "T" + minute[11:16]).replace(tzinfo=UTC)


def zone(name: str | None) -> dt.tzinfo | None:
    """The time zone of a --timezone name (None: the system's); ValueError when unknown."""
    if not name:
        return None
    if name.upper() in ("UTC", "Z"):
        return UTC
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"--timezone: unknown time zone {name!r}") from None


def local(moment: dt.datetime, tz: dt.tzinfo | None) -> dt.datetime:
    """A moment in the zone (None: the system's local zone)."""
    return moment.astimezone(tz) if tz is not None else moment.astimezone()


class Periods:
    """Day, week and month keys of UTC minutes in one zone, memoized (a report asks per row)."""

    def __init__(self, tz: dt.tzinfo | None = None) -> None:
        self.tz = tz
        self.hours: dict[str, str] = {}  # days by UTC hour "YYYY-MM-DDTHH" ("" when the hour spans two days)
        self._minutes: dict[str, str] = {}  # minutes of those hours
        self._weeks: dict[str, str] = {}

    def day(self, minute: str) -> str:
        """The calendar day (YYYY-MM-DD) of a UTC minute in the zone."""
        found = self.hours.get(minute[:13])
        if found:
            return found
        if found is None:
            found = self.hours[minute[:13]] = self._hour(minute[:13])
            if found:
                return found
        day = self._minutes.get(minute)
        if day is None:
            day = self._minutes[minute] = local(parse_minute(minute), self.tz).strftime("%Y-%m-%d")
        return day

    def _hour(self, hour: str) -> str:
        """The day of every minute of a UTC hour, or "" when they are not all on one day.

        One offset at both ends (zones change it at most once an hour) means local time runs straight
        through the hour, so both ends on one day put every minute on it: a conversion per hour, not per
        row (half-hour zones and DST at local midnight fall back to minutes)."""
        first = local(parse_minute(hour + ":00"), self.tz)
        last = local(parse_minute(hour + ":59"), self.tz)
        if first.utcoffset() != last.utcoffset() or first.date() != last.date():
            return ""
        return first.strftime("%Y-%m-%d")

    def week_of(self, day: str) -> str:
        """Periods.week, memoized."""
        found = self._weeks.get(day)
        if found is None:
            found = self._weeks[day] = self.week(day)
        return found

    @staticmethod
    def week(day: str) -> str:
        """The first day (a Monday) of the week holding a day."""
        date = dt.date.fromisoformat(day)
        return (date - dt.timedelta(days=(date.weekday() - WEEK_STARTS) % 7)).isoformat()

    @staticmethod
    def month(day: str) -> str:
        """YYYY-MM of a day."""
        return day[:7]


def block_starts(minutes: Iterable[str]) -> dict[str, str]:
    """Each UTC minute with usage mapped to the UTC start ("YYYY-MM-DDTHH:00") of its block."""
    out: dict[str, str] = {}
    start: dt.datetime | None = None
    last: dt.datetime | None = None
    start_key = ""
    for minute in sorted(set(minutes)):
        moment = parse_minute(minute)
        # ccusage: more than 5 h after the start. Minutes are cut from seconds, so the minute at exactly 5 h
        # holds messages past it (but for one at :00.000): that minute starts the next block too
        if start is None or last is None or moment - start >= BLOCK or moment - last > BLOCK:
            start = moment.replace(minute=0)
            start_key = start.strftime("%Y-%m-%dT%H:%M")
        out[minute] = start_key
        last = moment
    return out


def block_state(start_key: str, first: str, last: str, tokens: int, cost: float,
                now: dt.datetime) -> dict[str, object]:
    """End, activity, and for the active block elapsed/remaining minutes, burn rate and projection."""
    start = parse_minute(start_key)
    end = start + BLOCK
    last_at, first_at = parse_minute(last), parse_minute(first)
    active = now - last_at < BLOCK and now < end
    state: dict[str, object] = {"start": start.isoformat(), "end": end.isoformat(),
                                "last_activity": last_at.isoformat(), "active": active}
    if not active:
        return state
    remaining = max(0.0, (end - now).total_seconds() / 60)
    state["elapsed_minutes"] = round((now - start).total_seconds() / 60)
    state["remaining_minutes"] = round(remaining)
    span = (last_at - first_at).total_seconds() / 60
    if span > 0:  # one minute of messages gives no rate (ccusage shows none either)
        per_minute, cost_per_minute = tokens / span, cost / span
        state["burn_tokens_per_hour"] = round(per_minute * 60)
        state["burn_usd_per_hour"] = round(cost_per_minute * 60, 4)
        state["projected_tokens"] = round(tokens + per_minute * remaining)
        state["projected_cost_usd"] = round(cost + cost_per_minute * remaining, 4)
    return state
