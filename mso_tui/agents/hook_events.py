"""Agent hook payloads (Claude Code, Gemini CLI, Codex CLI) read into one event shape; no store, no UI.

Claude Code and Gemini CLI send a JSON object on stdin with `hook_event_name`, `session_id`, `cwd` and
`transcript_path`. Codex CLI's hooks do the same; its `notify` program gets one JSON argument whose
`type` is `agent-turn-complete` (keys `thread-id`, `turn-id`, `cwd`, `input-messages`,
`last-assistant-message`) and no transcript path.
"""
from __future__ import annotations

import json
import os
import select
import sys
import time
from dataclasses import dataclass
from typing import Any, BinaryIO

AGENTS = {"claude-code": "claude-code", "gemini": "gemini", "codex": "codex"}
# the agent's event name -> what mso does with it
KINDS = {"SessionStart": "start", "SessionEnd": "end", "PreCompact": "compact", "PreCompress": "compact",
         "Stop": "turn_end", "AfterAgent": "turn_end", "agent-turn-complete": "turn_end",
         "Notification": "waiting", "approval-requested": "waiting"}
STDIN_LIMIT = 4_000_000  # a hook payload is a few hundred bytes; never read an endless stream whole


@dataclass(frozen=True)
class HookEvent:
    """One hook call: which agent, what happened, where, and the agent's own session id."""

    agent: str
    name: str  # the agent's own event name
    kind: str  # start / end / compact / turn_end / waiting / other
    session_id: str
    cwd: str
    transcript_path: str
    source: str = ""  # startup / resume / clear / compact

    def to_json(self) -> str:
        """The event as JSON, for handing it to the detached finisher."""
        return json.dumps(self.__dict__)

    @classmethod
    def from_json(cls, text: str) -> HookEvent:
        """The event back from to_json."""
        data = json.loads(text)
        return cls(**{k: str(data.get(k, "")) for k in cls.__dataclass_fields__})


def _text(data: dict[str, Any], *keys: str) -> str:
    """The first of keys holding a non-empty string."""
    for key in keys:
        value = data.get(key)
        if isinstance(value, str) and value:
            return value
    return ""


def parse_event(agent: str, data: Any, fallback_cwd: str = "") -> HookEvent | None:
    """The event in a hook payload, or None when it is not a JSON object naming an event."""
    if not isinstance(data, dict):
        return None
    name = _text(data, "hook_event_name", "hookEventName", "type")
    if not name:
        return None
    return HookEvent(
        agent=AGENTS.get(agent, agent), name=name, kind=KINDS.get(name, "other"),
        session_id=_text(data, "session_id", "thread-id", "thread_id", "sessionId"),
        cwd=_text(data, "cwd") or fallback_cwd, transcript_path=_text(data, "transcript_path", "transcriptPath"),
        source=_text(data, "source", "trigger", "reason"),
    )


def read_stdin(timeout: float = 1.0, stream: BinaryIO | None = None) -> bytes:
    """What the agent wrote on stdin, waiting at most timeout seconds in all (an open pipe must not hang us)."""
    stream = stream or getattr(sys.stdin, "buffer", None)
    if stream is None:
        return b""
    try:
        fd = stream.fileno()
        if os.isatty(fd):
            return b""
    except (OSError, ValueError):
        return b""
    chunks: list[bytes] = []
    size, deadline = 0, time.monotonic() + timeout
    while size < STDIN_LIMIT:
        left = deadline - time.monotonic()
        if left <= 0:
            break
        try:
            ready, _, _ = select.select([fd], [], [], left)
        except (OSError, ValueError):
            break
        if not ready:
            break
        chunk = os.read(fd, 65536)
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
        if _complete_json(b"".join(chunks)):
            break  # a whole object arrived: no need to wait for the agent to close the pipe
    return b"".join(chunks)


def _complete_json(raw: bytes) -> bool:
    """True when raw already holds one whole JSON object."""
    text = raw.strip()
    if not text.endswith(b"}"):
        return False
    try:
        json.loads(text)
    except ValueError:
        return False
    return True


def decode_payload(raw: bytes | str) -> Any:
    """The JSON in a payload, or None when it is not JSON."""
    try:
        return json.loads(raw) if raw and raw.strip() else None
    except (ValueError, UnicodeDecodeError):
        return None
