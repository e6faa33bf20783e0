"""The stored-JSON reader behind the projects list and the timeline gives json.loads' answer, faster."""
from __future__ import annotations

import json
import math

from hypothesis import given
from hypothesis import strategies as st

from mso_tui.services.timeline import stored_json

VALUES = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
                      lambda inner: st.lists(inner) | st.dictionaries(st.text(), inner), max_leaves=12)


@given(VALUES)
def test_standard_json_reads_as_json_reads_it(value: object) -> None:
    text = json.dumps(value)
    assert stored_json(text) == json.loads(text)


def test_what_orjson_refuses_still_reads_as_json_reads_it() -> None:
    assert stored_json('[{"done": true}, 18446744073709551616]') == [{"done": True}, 2 ** 64]
    for big in (2 ** 64, -2 ** 63 - 1, 10 ** 30):  # orjson reads these as floats, json as the exact ints
        read = stored_json(json.dumps([big]))[0]
        assert type(read) is int and read == big
    assert math.isnan(stored_json("[NaN]")[0])
