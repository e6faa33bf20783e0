"""Every valid ISO 8601 timestamp parses to its UTC instant; invalid ones give None."""
from __future__ import annotations

import datetime as dt

import pytest

from mso_tui.timestamps import parse_iso, parse_ts
from mso_tui.usage.files import utc_minute

T = dt.datetime(2026, 9, 1, 10, 0)


@pytest.mark.parametrize("text, expected", [
    ("2026-09-01T10:00:00.000Z", T),
    ("2026-09-01T10:00:00Z", T),
    ("2026-09-01T10:00Z", T),
    ("2026-09-01T10Z", T),
    ("20260901T100000Z", T),
    ("2026-09-01T12:00:00+02:00", T),
    ("2026-09-01T07:00:00-0300", T),
    ("2026-09-01 10:00:00+00", T),
    ("2026-09-01T10:00:00,000Z", T),
    ("2026-W36-2T10:00Z", T),
    ("2026-244T10:00Z", T),
    ("2026244T1000Z", T),
    ("2026-09-01t10:00:00z", T),
    ("2026-08-31T24:00:00Z", dt.datetime(2026, 9, 1)),
    ("2026-09-01T09:59:60Z", dt.datetime(2026, 9, 1, 9, 59, 59)),
    ("2026-09-01T10:00:00.123456789Z", dt.datetime(2026, 9, 1, 10, 0, 0, 123456)),
    ("2026-09-01", dt.datetime(2026, 9, 1)),
])
def test_valid_forms(text: str, expected: dt.datetime) -> None:
    assert parse_ts(text) == expected


@pytest.mark.parametrize("text", ["", "yesterday", "2026-13-01T00:00Z", "2026-02-30", "2026-366T00:00Z",
                                  "2026-000", "2026-09-01T25:00Z", "2026-09-01T10:00:00+00:00Z", "2026-09-01T10:61Z",
                                  "10:00"])
def test_invalid_forms(text: str) -> None:
    assert parse_ts(text) is None


def test_numbers_are_epochs_for_importers_but_not_iso() -> None:
    assert parse_ts(1_788_256_800) == parse_ts(1_788_256_800_000) == dt.datetime(2026, 9, 1, 10, 0)
    assert parse_iso(1_788_256_800) is None and parse_iso(None) is None


def test_utc_minute_normalises() -> None:
    assert utc_minute("2026-09-01T12:00:30+02:00") == "2026-09-01T10:00"
    assert utc_minute("2026-W36-2T10:00Z") == "2026-09-01T10:00"
    assert utc_minute("not a time") is None
