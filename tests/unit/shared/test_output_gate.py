"""The output gate: control sequences made harmless, JSON kept exact and valid, streamed text masked whole."""
from __future__ import annotations

import io
import json
import string

from mso_tui.redaction.gate import GatedStream, clean, dumps, raw_stream, strip_controls
from tests.helpers.planted_secrets import ESCAPES, has_control, rnd

TOKEN = "gh" + "p_" + "Ab1Cd2Ef3Gh4Ij5Kl6Mn7Op8Qr9St0UvWxYz12"


def test_escape_sequences_go_whole_and_other_controls_become_visible() -> None:
    assert strip_controls("a\x1b]52;c;ZWNobyBwd25lZA==\x07b") == "a b"  # the clipboard payload goes too
    assert strip_controls("\x1b]0;title\x07\x1b[2J\x1b[H\x1b[31mred\x1b[0m") == "red"
    assert strip_controls("x\x1bP1$qm\x1b\\y\x9b6nz") == "x y z"  # a run between words leaves a space
    assert strip_controls("bell\x07 back\x08 del\x7f c1\x85") == "bell\u2407 back\u2408 del\u2421 c1\\x85"
    assert strip_controls("line\r\nnext\ttab\rover") == "line\nnext\ttab\u240dover"
    assert strip_controls("plain text, ünïcödé and emoji 🎉") == "plain text, ünïcödé and emoji 🎉"
    for esc in ESCAPES:
        assert not has_control(strip_controls(f"before {esc} after"))


def test_clean_masks_then_strips() -> None:
    assert clean(f"token {TOKEN}\x1b[2J") == "token [redacted:github-token#" + clean(TOKEN)[-5:]
    assert TOKEN not in clean(f"\x1b[1m{TOKEN}\x1b[0m")  # colour codes around a key do not hide it
    assert TOKEN not in clean(f"near {TOKEN}\x1b[31mred\x1b[0m") and clean("PASS\x1b[0mED") == "PASS ED"


def test_dumps_masks_strings_and_keeps_json_valid() -> None:
    value = {"note": f"use {TOKEN}\x9b2J", "password": "hunter2hunter2", "n": 3, "list": ["\x1b[31mx\x1b[0m"]}
    text = dumps(value, indent=2)
    data = json.loads(text)
    assert TOKEN not in text and "hunter2hunter2" not in text and not has_control(text)
    assert data["n"] == 3 and data["list"] == ["x"] and data["password"].startswith("[redacted:")
    assert "\u2028" not in dumps({"a": "x\u2028y"})


def test_stream_masks_a_secret_cut_between_writes() -> None:
    raw = io.StringIO()
    gate = GatedStream(raw)
    for piece in ("key: ", TOKEN[:10], TOKEN[10:], " done\n", "tail ", "\x1b]52;c;eA==\x07"):
        gate.write(piece)
    assert TOKEN not in raw.getvalue() and "done\n" in raw.getvalue() and "tail" not in raw.getvalue()
    gate.drain()
    assert raw.getvalue().endswith("tail ") and not has_control(raw.getvalue())
    assert raw_stream(gate) is raw and raw_stream(raw) is raw


def test_stream_holds_a_private_key_until_its_end() -> None:
    body = [rnd(64, string.ascii_letters + "+/") for _ in range(4)]
    key_lines = "\n".join(["cat key.pem", "-----BEGIN " + "EC PRIVATE KEY-----", *body,
                           "-----END " + "EC PRIVATE KEY-----", "next line"]) + "\n"
    value = body[1]
    raw = io.StringIO()
    gate = GatedStream(raw)
    for part in key_lines.splitlines(keepends=True):
        gate.write(part)
        assert value not in raw.getvalue()
    gate.drain()
    assert value not in raw.getvalue() and "[redacted:private-key#" in raw.getvalue()
    assert raw.getvalue().startswith("cat key.pem\n") and raw.getvalue().endswith("next line\n")


def test_a_stream_flushed_after_every_piece_still_masks_whole_lines() -> None:
    """`handoff generate --llm` on a terminal writes and flushes each streamed piece."""
    raw = io.StringIO()
    gate = GatedStream(raw)
    for piece in ("Authorization: Bea", "rer ", TOKEN[:7], TOKEN[7:20], TOKEN[20:], "\nnext"):
        gate.write(piece)
        gate.flush()
        assert TOKEN[:7] not in raw.getvalue()
    gate.drain()
    assert raw.getvalue().startswith("Authorization: Bearer [redacted:") and raw.getvalue().endswith("\nnext")
