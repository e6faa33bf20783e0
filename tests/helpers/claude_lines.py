"""Small Claude Code transcripts written for the import and usage tests (real on-disk shape)."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any


def user(sid: str, uuid: str, text: str, ts: str, cwd: str) -> dict[str, Any]:
    """A user record."""
    return {"type": "user", "sessionId": sid, "uuid": uuid, "parentUuid": None, "timestamp": ts, "cwd": cwd,
            "isSidechain": False, "userType": "external", "version": "2.0.14",
            "message": {"role": "user", "content": text}}


def assistant(sid: str, uuid: str, text: str, ts: str, cwd: str, mid: str, rid: str | None,
              usage: dict[str, int] | None = None, model: str = "claude-sonnet-4-5-20250929") -> dict[str, Any]:
    """An assistant record carrying one content block and the response's usage."""
    record = {"type": "assistant", "sessionId": sid, "uuid": uuid, "parentUuid": None, "timestamp": ts,
              "cwd": cwd, "isSidechain": False, "userType": "external", "version": "2.0.14",
              "message": {"id": mid, "model": model, "role": "assistant", "type": "message",
                          "content": [{"type": "text", "text": text}],
                          "usage": usage or {"input_tokens": 10, "output_tokens": 20,
                                             "cache_creation_input_tokens": 30, "cache_read_input_tokens": 40}}}
    if rid is not None:
        record["requestId"] = rid
    return record


def write(path: Path, records: list[Any], raw_tail: str = "") -> Path:
    """Write records as JSON lines (plus any raw text, e.g. a malformed line)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r) + "\n" for r in records) + raw_tail)
    return path


def conversation(sid: str, cwd: str, n: int, start: int = 0, day: str = "2026-09-01") -> list[dict[str, Any]]:
    """n exchanges; each response is written twice (two content blocks, same ids and usage)."""
    out: list[dict[str, Any]] = []
    for i in range(start, start + n):
        ts = f"{day}T10:{i % 60:02d}:00.000Z"
        out.append(user(sid, f"{sid}-u{i}", f"please do step {i}", ts, cwd))
        for block in range(2):
            out.append(assistant(sid, f"{sid}-a{i}-{block}", f"done step {i} part {block}", ts, cwd,
                                 f"msg_{sid}_{i}", f"req_{sid}_{i}"))
    return out


def usage_counts(i: int, o: int, cw: int = 0, cr: int = 0) -> dict[str, int]:
    """A message.usage object."""
    return {"input_tokens": i, "output_tokens": o, "cache_creation_input_tokens": cw, "cache_read_input_tokens": cr}


def ccusage_rules_tree(root: Path) -> tuple[int, int, int, int]:
    """A Claude projects/ folder exercising every counting rule; returns the totals ccusage 20 gives for it.

    Streamed copies of one response, a subagent's response both as the parent's progress record and
    in its own sidechain file, requestless ids, counts that are not whole or negative, an empty
    request id, a bad version and the 5m/1h cache split. (ccusage 20.0.24 was run on this tree.)
    """
    u, ts = usage_counts, "2026-04-09T13:47:33.000Z"
    haiku = "claude-haiku-4-5-20251001"
    parent = [
        assistant("S", "a1", "x", ts, "/p", "msg_A", "req_A", u(3, 8, 0, 100)),
        assistant("S", "a2", "y", ts, "/p", "msg_A", "req_A", u(3, 291, 0, 100)),
        {"type": "progress", "sessionId": "S", "timestamp": ts,
         "data": {"message": {"timestamp": ts, "requestId": "req_B",
                              "message": {"id": "msg_B", "model": haiku, "usage": u(1, 3)}}}},
        {**assistant("S", "a3", "x", ts, "/p", "msg_C", "req_C"),
         "message": {"id": "msg_C", "model": "m", "usage": {"input_tokens": 1.5, "output_tokens": 1}}},
        assistant("S", "a4", "x", ts, "/p", "msg_D", "req_D", u(-1, 1)),
        assistant("S", "a5", "x", ts, "/p", "msg_E", "", u(1000, 1)),
        {**assistant("S", "a6", "x", ts, "/p", "msg_F", "req_F", u(1000, 1)), "version": "beta"},
        {**assistant("S", "a7", "x", ts, "/p", "msg_G", "req_G"),
         "message": {"id": "msg_G", "model": "m", "usage": {
             "input_tokens": 0, "output_tokens": 0, "cache_creation_input_tokens": 99,
             "cache_creation": {"ephemeral_5m_input_tokens": 10, "ephemeral_1h_input_tokens": 5}}}},
        assistant("S", "a8", "z", ts, "/p", "msg_2", None, u(1, 2)),
        assistant("S", "a9", "z", ts, "/p", "msg_2", None, u(1, 2)),
        assistant("S", "b8", "z", ts, "/p", "gw-1", None, u(20, 0)),
        assistant("S", "b9", "z", "2026-04-09T13:47:34.000Z", "/p", "gw-1", None, u(20, 0)),
    ]
    sub = [{**assistant("S", f"s{i}", "z", ts, "/p", "msg_B", "req_B", u(1, out), model=haiku), "isSidechain": True}
           for i, out in enumerate((3, 406))]
    compact = (",", ":")  # as Claude Code writes: ccusage only looks at '"usage":{'
    for path, records in ((root / "p" / "S.jsonl", parent), (root / "p" / "S" / "subagents" / "agent-1.jsonl", sub)):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("".join(json.dumps(r, separators=compact) + "\n" for r in records))
    return 45, 296, 15, 100
