"""The fast usage reader counts exactly what a plain, line-by-line reading of ccusage 20's rules counts."""
from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from mso_tui.timestamps import parse_iso
from mso_tui.usage.claude import MAX_TOKENS
from mso_tui.usage.files import read_claude

WEIRD = st.floats(0, 1e6, allow_nan=False) | st.booleans() | st.none() | st.text(max_size=3) | st.integers()
STAMPS = st.sampled_from(["2026-09-01T10:00:00.000Z", "2026-09-02T23:59:59Z", "2026-09-01T12:00:00+02:00",
                          "20260903T101010Z", "2026-W36-2T10:00Z"])
BAD_STAMPS = st.sampled_from(["2026-13-01T00:00:00Z", "soon", "", "2026-09-01T10:00:00+00:00Z"]) | st.integers()
# Mostly well-formed responses with ids from a small pool (so repeats happen), each possibly spoiled
# at one place: a wrong type, a missing field, a bad timestamp.
VALID = st.builds(
    lambda mid, rid, model, stamp, tokens, text: {
        "type": "assistant", "timestamp": stamp, "requestId": rid,
        "message": {"id": mid, "model": model, "content": [{"type": "text", "text": text}],
                    "usage": dict(zip(("input_tokens", "output_tokens", "cache_creation_input_tokens",
                                       "cache_read_input_tokens"), tokens))}},
    st.sampled_from(["m1", "msg_2", "m3"]), st.sampled_from(["r1", "r2"]), st.sampled_from(["model-a", "model-b"]),
    STAMPS, st.tuples(*[st.integers(0, 10 ** 6)] * 4), st.sampled_from(["done", 'a "usage" key']))
SPOIL = st.sampled_from([("", "requestId"), ("", "timestamp"), ("message", "id"), ("message", "model"),
                         ("usage", "input_tokens"), ("usage", "output_tokens"), ("usage", "cache_read_input_tokens"),
                         ("usage", "cache_creation_input_tokens"), ("", "message"), ("message", "usage")])


def _spoil(record: dict, where: tuple[str, str], value: Any, drop: bool) -> dict:
    """The record with one field replaced by `value` or removed."""
    record = json.loads(json.dumps(record))
    holder = {"": record, "message": record["message"], "usage": record["message"]["usage"]}[where[0]]
    if drop:
        holder.pop(where[1], None)
    else:
        holder[where[1]] = value
    return record


RECORD = VALID | st.builds(_spoil, VALID, SPOIL, WEIRD | BAD_STAMPS, st.booleans())
NOISE = st.sampled_from(["not json", '{"usage": 1', "[]", '"usage"', '{"message": {"usage": {}}}', ""])
LINES = st.lists(RECORD.map(json.dumps) | NOISE, max_size=30)


def _count(value: Any) -> bool:
    """A whole number >= 0 (ccusage reads counts as unsigned integers), at most MAX_TOKENS (none is larger)."""
    return type(value) is int and 0 <= value <= MAX_TOKENS


def _valid(obj: Any) -> tuple | None:
    """(message id, request id, timestamp text, day, model, counts) of a counted line, or None."""
    msg = obj.get("message") if isinstance(obj, dict) else None
    usage = msg.get("usage") if isinstance(msg, dict) else None
    if not isinstance(usage, dict):
        return None
    mid, rid, model, stamp = msg.get("id"), obj.get("requestId"), msg.get("model"), obj.get("timestamp")
    if any(v is not None and (type(v) is not str or v == "") for v in (mid, rid, model)):
        return None
    if not isinstance(stamp, str):
        return None
    when = parse_iso(stamp)
    values = [usage.get("input_tokens"), usage.get("output_tokens"),
              usage.get("cache_creation_input_tokens", 0), usage.get("cache_read_input_tokens", 0)]
    if when is None or not all(_count(v) for v in values):
        return None
    return mid, rid, stamp, when.date().isoformat(), model or "", values


def reference(lines: list[str]) -> dict[tuple[str, str], list[int]]:
    """Token sums per (UTC day, model), reading every line in full with the standard library.

    One session, no sidechains: a response is (message id, request id); without a request id, a
    "msg_" id is one response and another id one per timestamp. The copy with most tokens counts.
    """
    best: dict[tuple, tuple] = {}
    order: list[tuple] = []
    for n, line in enumerate(lines):
        try:
            obj = json.loads(line, parse_constant=lambda name: (_ for _ in ()).throw(ValueError(name)))
        except ValueError:
            continue
        found = _valid(obj)
        if found is None:
            continue
        mid, rid, stamp, day, model, values = found
        if mid is None:
            key: tuple = ("line", n)
        elif rid is not None:
            key = ("exact", mid, rid)
        else:
            key = ("loose", mid) if mid.startswith("msg_") else ("loose", mid, stamp)
        if key not in best:
            order.append(key)
            best[key] = (day, model, values)
        elif sum(values) > sum(best[key][2]):
            best[key] = (day, model, values)
    sums: dict[tuple[str, str], list[int]] = {}
    for key in order:
        day, model, values = best[key]
        acc = sums.setdefault((day, model), [0, 0, 0, 0])
        for i, v in enumerate(values):
            acc[i] += v
    return sums


@settings(max_examples=300, deadline=None)
@given(LINES)
def test_reader_agrees_with_the_plain_reading(lines: list[str]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "s.jsonl"
        path.write_text("\n".join(lines) + "\n")
        got: dict[tuple[str, str], list[int]] = {}
        for group in read_claude(str(path))[4]:
            acc = got.setdefault((group[0], group[1]), [0, 0, 0, 0])
            for i in range(4):
                acc[i] += group[2 + i]
    # a record billing nothing is not a call (usage_claude): it leaves no (day, model) group of zeros
    assert got == {k: v for k, v in reference(lines).items() if any(v)}
