"""Agent folders shaped like the peers' test fixtures (ccusage, claude-code-log, codeburn); totals of both paths."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.helpers.cli_run import run

TOKENS = ("input_tokens", "output_tokens", "cache_creation_tokens", "cache_read_tokens")


def lines(path: Path, records: list[Any], final_newline: bool = True) -> Path:
    """Write records as JSON lines; without final_newline the last line ends the file bare."""
    path.parent.mkdir(parents=True, exist_ok=True)
    text = "\n".join(json.dumps(r) for r in records)
    path.write_text(text + ("\n" if final_newline and records else ""))
    return path


def scan_totals(capsys: pytest.CaptureFixture, claude: Path | None = None, codex: Path | None = None) -> dict:
    """`mso usage --claude-dir/--codex-dir --json` totals (no cache)."""
    args = ["usage", "--json", "--no-cache"]
    args += ["--claude-dir", str(claude)] if claude else []
    args += ["--codex-dir", str(codex)] if codex else []
    status, out, err = run(args, capsys)
    assert status == 0, err
    return json.loads(out)["totals"]


def store_totals(capsys: pytest.CaptureFixture, *paths: Path) -> dict:
    """Totals of `mso usage --json` after `mso import` of the paths."""
    for path in paths:
        status, _, err = run(["import", str(path)], capsys)
        assert status == 0, err
    status, out, err = run(["usage", "--json"], capsys)
    assert status == 0, err
    return json.loads(out)["totals"]


def tokens(totals: dict) -> tuple[int, ...]:
    """The four token counts of a totals object."""
    return tuple(int(totals[k]) for k in TOKENS)


def claude_assistant(sid: str, uuid: str, mid: str, rid: str | None, usage: dict[str, Any], *,
                     ts: str = "2026-09-01T10:00:00.000Z", side: bool = False,
                     model: str = "claude-sonnet-4-5-20250929", text: str = "done", **extra: Any) -> dict:
    """A Claude Code assistant record."""
    record = {"type": "assistant", "sessionId": sid, "uuid": uuid, "parentUuid": None, "timestamp": ts,
              "cwd": "/w/app", "isSidechain": side, "userType": "external", "version": "2.1.2",
              "message": {"id": mid, "model": model, "role": "assistant", "type": "message",
                          "content": [{"type": "text", "text": text}], "usage": usage}, **extra}
    if rid is not None:
        record["requestId"] = rid
    return record


def claude_user(sid: str, uuid: str, text: Any, ts: str = "2026-09-01T09:59:00.000Z", side: bool = False,
                **extra: Any) -> dict:
    """A Claude Code user record."""
    return {"type": "user", "sessionId": sid, "uuid": uuid, "parentUuid": None, "timestamp": ts, "cwd": "/w/app",
            "isSidechain": side, "userType": "external", "version": "2.1.2",
            "message": {"role": "user", "content": text}, **extra}


def codex_line(ts: str, kind: str, payload: dict[str, Any]) -> dict:
    """One Codex rollout line."""
    return {"timestamp": ts, "type": kind, "payload": payload}


def codex_tokens(ts: str, last: dict[str, int] | None, total: dict[str, int] | None, **info: Any) -> dict:
    """A token_count event with per-call (last) and cumulative (total) usage, either may be missing."""
    body: dict[str, Any] = dict(info)
    if last is not None:
        body["last_token_usage"] = last
    if total is not None:
        body["total_token_usage"] = total
    return codex_line(ts, "event_msg", {"type": "token_count", "info": body})


def usage_of(inp: int, cached: int, out: int) -> dict[str, int]:
    """Codex usage counters (input includes the cached part)."""
    return {"input_tokens": inp, "cached_input_tokens": cached, "output_tokens": out,
            "reasoning_output_tokens": 0, "total_tokens": inp + out}
