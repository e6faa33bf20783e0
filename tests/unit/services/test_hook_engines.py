"""Engines of the hooks: payloads read into events, stdin read with a time limit, the AGENTS.md block."""
from __future__ import annotations

import json
import os
import time
from pathlib import Path

from mso_tui.agents.hook_events import HookEvent, decode_payload, parse_event, read_stdin
from mso_tui.handoff.agents_md import BEGIN, END, block_content, with_block, without_block, write_block

HOOKS = Path(__file__).resolve().parent.parent.parent / "fixtures" / "hooks"


def _fixture(name: str) -> dict:
    return json.loads((HOOKS / f"{name}.json").read_text().replace("{cwd}", "/r").replace("{transcript}", "/t.jsonl")
                      .replace("{session}", "sid"))


def test_every_recorded_payload_names_its_event() -> None:
    expected = {"claude_session_start": ("start", "startup"), "claude_session_end": ("end", "prompt_input_exit"),
                "claude_pre_compact": ("compact", "auto"), "gemini_session_start": ("start", "startup"),
                "gemini_session_end": ("end", "exit"), "codex_session_start": ("start", "startup"),
                "codex_notify": ("turn_end", "")}
    for name, (kind, source) in expected.items():
        event = parse_event(name.split("_")[0], _fixture(name))
        assert event is not None
        assert (event.kind, event.source, event.session_id, event.cwd) == (kind, source, "sid", "/r")
    notify = parse_event("codex", _fixture("codex_notify"))
    assert notify is not None and notify.transcript_path == ""  # notify names no file
    assert parse_event("claude-code", [1, 2]) is None and parse_event("claude-code", {"cwd": "/r"}) is None
    assert decode_payload(b"not json") is None and decode_payload("") is None
    event = parse_event("gemini", _fixture("gemini_session_end"))
    assert event is not None and HookEvent.from_json(event.to_json()) == event


def test_stdin_that_never_closes_is_given_up() -> None:
    read, write = os.pipe()
    try:
        os.write(write, b'{"hook_event_name": ')  # half an object; the writer keeps the pipe open
        began = time.monotonic()
        with os.fdopen(os.dup(read), "rb") as stream:
            assert read_stdin(0.3, stream) == b'{"hook_event_name": '
        assert 0.25 <= time.monotonic() - began < 1.0
    finally:
        os.close(read)
        os.close(write)
    read, write = os.pipe()
    try:
        os.write(write, b'{"hook_event_name": "SessionStart"}\n')
        began = time.monotonic()
        with os.fdopen(os.dup(read), "rb") as stream:
            assert json.loads(read_stdin(5.0, stream)) == {"hook_event_name": "SessionStart"}
        assert time.monotonic() - began < 1.0  # a whole object ends the read without waiting for EOF
    finally:
        os.close(read)
        os.close(write)


def test_agents_md_block_touches_only_itself(tmp_path: Path) -> None:
    rest = "# Rules\n\nUse tabs.\n"
    once = with_block(rest, "handoff one")
    assert once.startswith(rest) and block_content(once) == "handoff one"
    twice = with_block(once + "## Later section\n", "handoff two")
    assert twice == rest + "\n" + f"{BEGIN}\nhandoff two\n{END}\n" + "## Later section\n"
    assert without_block(once) == rest
    assert with_block("", "x") == f"{BEGIN}\nx\n{END}\n" and without_block("no block\n") == "no block\n"
    path = write_block(str(tmp_path), "first")
    write_block(str(tmp_path), "second")
    assert block_content(path.read_text()) == "second" and path.read_text().count(BEGIN) == 1
