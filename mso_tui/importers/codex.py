"""Codex CLI rollouts: ${CODEX_HOME:-~/.codex}/sessions/YYYY/MM/DD/rollout-*.jsonl (and .jsonl.zst).

Forked and subagent rollouts open with their parent's history copied in, every copied line
re-stamped to the fork instant in one burst (timestamps are written at write time, so they cannot
be compared with the parent's). We skip rows while that burst lasts: replay ends at the first row
stamped more than REPLAY_GAP after the row before it, and never restarts. Copied ancestor
session_meta lines never replace the file's own (first) session_meta.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from pathlib import Path
from typing import Any, Iterator

from mso_tui.importers import codex_items as items
from mso_tui.importers.base import BadRecord, FileParse, ParsedSession, ParsedTurn, ParsedUsage, reason_for
from mso_tui.importers.jsonl import (
    begin,
    clip,
    first_line,
    iter_lines,
    load_line,
    note_error,
    parse_ts,
    strip_bom,
    text_key,
)
from mso_tui.usage.codex import CodexCalls, CountOutOfRange

FORMAT = "codex"
AGENT = "codex"
REPLAY_GAP = dt.timedelta(seconds=1)
_TOP_TYPES = {"session_meta", "turn_context", "response_item", "event_msg", "compacted"}
_CALLS = {"function_call", "custom_tool_call", "local_shell_call", "web_search_call"}
_OUTPUTS = {"function_call_output", "custom_tool_call_output"}
_PENDING_LIMIT = 64
# Rollouts before the envelope open with a bare meta line {"id", "timestamp", "instructions", "git"}
# whose instructions can run past the sniff window, so only that line's opening is looked at; the
# {"record_type": "state"} lines that follow it are a second sign when the window reaches them.
_LEGACY_META = re.compile(rb'^\s*\{\s*"id"\s*:\s*"[^"]{1,100}"\s*,\s*"timestamp"\s*:\s*"[^"]{1,60}"\s*,'
                          rb'\s*"(instructions|git)"\s*:')
_LEGACY_STATE = re.compile(rb'^\{\s*"record_type"\s*:\s*"state"', re.MULTILINE)


def sniff(path: Path, head: bytes) -> bool:
    """A Codex rollout: `{"timestamp", "type", "payload"}` lines opening with a session_meta."""
    name = path.name
    if not (name.endswith(".jsonl") or name.endswith(".jsonl.zst")):
        return False
    if name.endswith(".zst"):
        return name.startswith("rollout-") or "rollout-" in name
    head = head.removeprefix(b"\xef\xbb\xbf")
    if _LEGACY_META.match(head) or _LEGACY_STATE.search(head):
        return True
    return b'"payload"' in head and (b'"session_meta"' in head or b'"response_item"' in head
                                     or b'"turn_context"' in head)


def _zst_lines(path: Path, offset: int) -> Iterator[tuple[bytes, int]]:
    """Lines of an archived .jsonl.zst rollout; archives do not grow, so a second read yields nothing."""
    import zstandard  # optional: checked by the caller

    size = path.stat().st_size
    if offset >= size:
        return
    with open(path, "rb") as handle:
        data = zstandard.ZstdDecompressor().stream_reader(handle).read()
    lines = strip_bom(data).splitlines(keepends=True)
    for index, line in enumerate(lines):
        yield line, size if index == len(lines) - 1 else offset


def parse(path: Path, offset: int = 0, state: dict[str, Any] | None = None) -> FileParse:
    """Read complete rollout lines from `offset` into one session's turns and usage."""
    state = dict(state or {})
    result = FileParse(format=FORMAT, state=state)
    if not begin(result, path, offset):
        return result
    lines: Iterator[tuple[bytes, int]]
    if path.name.endswith(".zst"):
        try:
            import zstandard  # noqa: F401
        except ImportError:
            note_error(result, 0, "compressed rollout (.jsonl.zst) needs the 'zstandard' package")
            return result
        lines = _zst_lines(path, offset)
    else:
        lines = iter_lines(path, offset)
    reader = _Reader(state, result)
    try:
        for raw, end in lines:
            reader.line_no += 1
            result.end_offset = end
            result.lines_read += 1
            record, reason = load_line(raw)
            if record is None:
                if reason:
                    note_error(result, reader.line_no, reason)
                continue
            try:
                reader.feed(record)
            except Exception as exc:  # a record shape no version wrote: reported, never raised
                note_error(result, reader.line_no, reason_for(exc))
    except Exception as exc:  # a corrupt archive or a read error ends this file, not the run
        note_error(result, reader.line_no + 1, f"read error: {type(exc).__name__}: {exc}"[:200])
    reader.finish()
    return result


class _Reader:
    """The per-file fold: session identity, model, fork replay, de-duplication of repeated rows."""

    def __init__(self, state: dict[str, Any], result: FileParse) -> None:
        """Resume from the state of the previous incremental read."""
        self.state = state
        self.result = result
        self.line_no = int(state.get("lines", 0))
        self.tools: dict[str, str] = dict(state.get("tools", {}))
        self.pending: dict[str, str] = dict(state.get("pending", {}))
        self.session = ParsedSession(agent_session_id=state.get("session"), agent=AGENT, cwd=state.get("cwd"))
        self.calls = CodexCalls(state.get("calls"))

    def feed(self, record: dict[str, Any]) -> None:
        """Fold one decoded line."""
        kind = record.get("type")
        payload = record.get("payload")
        if "payload" not in record:  # rollouts before the envelope: bare items, a bare meta first line
            kind, payload = ("response_item", record) if isinstance(kind, str) else ("session_meta", record)
        if not isinstance(kind, str) or kind not in _TOP_TYPES or not isinstance(payload, dict):
            self.result.skipped_lines += 1
            return
        stamp = record.get("timestamp") if "timestamp" in record else payload.get("timestamp")
        ts = parse_ts(stamp)
        if kind == "session_meta":
            self.calls.meta(payload, stamp)
            self._meta(payload, ts)
            return
        if kind == "turn_context":
            self.calls.context(payload, stamp)
        elif kind == "event_msg" and payload.get("type") == "token_count":
            self._tokens(payload, stamp, ts)  # usage_codex decides, also for the copied burst of a fork
        if self.state.get("replay") and self._replayed(ts):
            if kind == "turn_context" and isinstance(payload.get("model"), str):
                self.state["model"] = payload["model"]
            return
        self._span(ts)
        if kind == "turn_context":
            self.state["model"] = payload.get("model") if isinstance(payload.get("model"), str) else None
            if self.session.cwd is None and isinstance(payload.get("cwd"), str):
                self.session.cwd = payload["cwd"]
        elif kind == "compacted":
            message = payload.get("message")
            text = message if isinstance(message, str) else "Conversation compacted"
            self._add(ParsedTurn(role="system", kind="summary", text=clip(text, items.TEXT_LIMIT),
                                 timestamp=ts, source_id=self._source()))
        elif kind == "response_item":
            self._response_item(payload, ts)
        else:
            self._event(payload, ts)

    def _meta(self, payload: dict[str, Any], ts: dt.datetime | None) -> None:
        """The first session_meta names the session; later (copied ancestor) metas are ignored."""
        if self.session.agent_session_id is not None:
            return
        sid = payload.get("id") or payload.get("session_id")
        parent = self.calls.session if self.calls.parent and self.calls.parent != "?" else None
        if parent:  # a spawned subagent's thread: subagent turns of its parent's session
            self.state["spawned"] = sid if isinstance(sid, str) and sid else "sub"
        self.session.agent_session_id = parent or (sid if isinstance(sid, str) and sid else None)
        if isinstance(payload.get("cwd"), str) and payload["cwd"]:
            self.session.cwd = payload["cwd"]
        git = payload.get("git")
        if isinstance(git, dict) and isinstance(git.get("branch"), str):
            self.session.git_branch = git["branch"]
        source = payload.get("source")
        spawned = isinstance(source, dict) and isinstance(source.get("subagent"), dict)
        if payload.get("forked_from_id") or spawned:
            self.state["replay"] = True
            self.state["replay_last"] = ts.isoformat() if ts else None
        self._span(ts)

    def _replayed(self, ts: dt.datetime | None) -> bool:
        """Whether this row still belongs to the copied burst at the start of a fork."""
        last = self.state.get("replay_last")
        previous = parse_ts(last) if last else None
        if ts is not None and previous is not None and ts - previous > REPLAY_GAP:
            self.state["replay"] = False
            return False
        if ts is not None:
            self.state["replay_last"] = ts.isoformat()
        self.state["replayed"] = int(self.state.get("replayed", 0)) + 1
        return True

    def _response_item(self, payload: dict[str, Any], ts: dt.datetime | None) -> None:
        """Messages, reasoning summaries, tool calls and their outputs."""
        ptype = payload.get("type")
        ptype = ptype if isinstance(ptype, str) else ""
        model = self.state.get("model")
        if ptype == "message":
            given_role = payload.get("role")
            role = given_role if isinstance(given_role, str) else "assistant"
            self._text(role, items.message_text(payload.get("content")), ts, "item")
        elif ptype == "reasoning":
            for index, part in enumerate(items.reasoning_parts(payload)):  # events carry one part each
                self._text("thinking", part, ts, "item", index)
        elif ptype in _CALLS:
            self._add(items.call_turn(payload, ts, model, self._source(), self.tools))
        elif ptype in _OUTPUTS:
            self._add(items.result_turn(payload, ts, self._source(), self.tools))

    def _event(self, payload: dict[str, Any], ts: dt.datetime | None) -> None:
        """Event messages: the second copy of texts, token counts, aborts and thread names."""
        ptype = payload.get("type")
        if ptype in ("user_message", "agent_message"):
            role = "user" if ptype == "user_message" else "assistant"
            text = payload.get("message")
            self._text(role, text if isinstance(text, str) else "", ts, "event")
        elif ptype == "agent_reasoning":
            text = payload.get("text")
            self._text("thinking", text if isinstance(text, str) else "", ts, "event")
        elif ptype == "turn_aborted":
            reason = payload.get("reason") if isinstance(payload.get("reason"), str) else "aborted"
            # the event's own name stays in the text: it is what a reader searches the rollout for
            self._add(ParsedTurn(role="system", kind="meta", text=f"Turn aborted (turn_aborted): {reason}",
                                 timestamp=ts, source_id=self._source()))
        elif ptype in ("thread_name_updated", "session_name_updated"):
            name = payload.get("thread_name") or payload.get("name") or payload.get("title")
            if isinstance(name, str) and name.strip():
                self.state["title"] = name.strip()[:200]

    def _text(self, role: str, text: str, ts: dt.datetime | None, origin: str, part: int = 0) -> None:
        """Emit a text once: Codex writes each as a response item and as an event, in either order."""
        if not text.strip():
            return
        if role == "user":  # the item wraps pasted images in tags, the event names them: neither is the request
            text = items.without_images(text)
        key = text_key(role, text)
        if self.pending.get(key, origin) != origin:
            del self.pending[key]  # the other copy of a text already emitted
            return
        self.pending.pop(key, None)
        self.pending[key] = origin
        while len(self.pending) > _PENDING_LIMIT:
            del self.pending[next(iter(self.pending))]
        model = self.state.get("model")
        if role == "thinking":
            self._add(items.thinking_turn(text, ts, model, self._source(part)))
        else:
            self._add(items.message_turn(role, text, ts, model, self._source(part)))

    def _tokens(self, payload: dict[str, Any], stamp: Any, ts: dt.datetime | None) -> None:
        """One usage event per call usage_codex finds in a token_count event."""
        try:
            call = self.calls.tokens(payload, stamp, self.line_no)
        except CountOutOfRange as exc:  # reported as file:line by the caller, never summed
            raise BadRecord(str(exc)) from exc
        if call is not None:
            key, model, fresh, cached, out = call
            self.session.usage.append(ParsedUsage(message_id=key, request_id="", model=model or "unknown",
                                                  input_tokens=fresh, cache_read_tokens=cached, output_tokens=out,
                                                  timestamp=ts))

    def _source(self, part: int = 0) -> str:
        """A line-based source id: rollouts only grow, so line numbers are stable.

        A legacy reasoning item holds several summary parts on one line: each part after the first
        gets its index, so every turn's id stays unique. A spawned thread's ids name the thread, since
        its turns share the parent's session.
        """
        spawned = self.state.get("spawned")
        own = f"L{self.line_no}" if part == 0 else f"L{self.line_no}.{part}"
        return f"{spawned}:{own}" if spawned else own

    def _add(self, turn: ParsedTurn) -> None:
        """Append a turn to the session (a spawned thread's as subagent turns)."""
        if self.state.get("spawned"):
            turn = replace(turn, is_sidechain=True)
        self.session.turns.append(turn)

    def _span(self, ts: dt.datetime | None) -> None:
        """Widen the session's time window."""
        if ts is None:
            return
        if self.session.started_at is None or ts < self.session.started_at:
            self.session.started_at = ts
        if self.session.ended_at is None or ts > self.session.ended_at:
            self.session.ended_at = ts

    def finish(self) -> None:
        """Title the session and save what the next incremental read needs."""
        session = self.session
        session.title = "" if self.state.get("spawned") else self.state.get("title") or next(
            (first_line(t.text, 80) for t in session.turns if t.role == "user" and t.kind == "message"), "")
        if session.agent_session_id or session.turns or session.usage:
            self.result.sessions = [session]
        self.state.update(lines=self.line_no, session=session.agent_session_id, cwd=session.cwd,
                          tools=dict(list(self.tools.items())[-200:]), pending=self.pending, calls=self.calls.state())
