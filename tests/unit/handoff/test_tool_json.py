"""A tool call's JSON input reads the same whichever parser takes it."""
from __future__ import annotations

from mso_tui.handoff.extractive.tools import _json


def test_json_orjson_refuses_still_reads_as_json_reads_it() -> None:
    assert _json('{"file_path": "a.py", "n": 1}') == {"file_path": "a.py", "n": 1}
    assert _json('{"big": 123456789012345678901234567890}') == {"big": 123456789012345678901234567890}
    nan = _json('{"x": NaN}')
    assert isinstance(nan, dict) and nan["x"] != nan["x"]
    assert _json('{"s": "\\ud800"}') == {"s": "\ud800"}
    assert _json("not json") is None and _json("{broken") is None
