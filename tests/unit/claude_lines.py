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
