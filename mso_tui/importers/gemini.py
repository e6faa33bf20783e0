"""Gemini CLI chats: ~/.gemini/tmp/<project>/chats/session-*.json(l), and logs.json (prompts only).

The .jsonl chat file is an upsert log: a metadata line, message lines (one message id is written
again in full whenever its tool calls, results or tokens change), `{"$set": {...}}` patches and
`{"$rewindTo": id}` (drops that message and every later one; an unknown id drops all). We fold the
lines read in one pass and emit the final version of each message. Messages from an earlier
incremental read stay stored; a later rewrite of one reaches the store through its stable source
ids (new tool calls add turns, repeats are de-duplicated). `$set.messages` (written on resume and
compression) upserts its messages rather than deleting, so compression never erases the thread.
The older .json chat and logs.json are whole-file formats: they are always re-read in full.
"""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import orjson

from mso_tui.importers import gemini_messages as gm
from mso_tui.importers.base import BadRecord, FileParse, ParsedSession, ParseError, reason_for
from mso_tui.importers.jsonl import begin, first_line, iter_lines, load_line, note_error, parse_ts, strip_bom

FORMAT = "gemini"
AGENT = "gemini"


def sniff(path: Path, head: bytes) -> bool:
    """A Gemini chat recording (.json object or .jsonl log) or a logs.json prompt list."""
    name = path.name
    if name.endswith("logs.json"):
        return head.lstrip().startswith(b"[") and (b'"messageId"' in head or head.strip() in (b"[]", b"["))
    if name.endswith(".json"):
        return b'"sessionId"' in head and (b'"messages"' in head or b'"projectHash"' in head)
    if name.endswith(".jsonl"):
        first = head.split(b"\n", 1)[0]
        return b'"sessionId"' in first and (b'"projectHash"' in first or b'"startTime"' in first) \
            and b'"parentUuid"' not in first
    return False


def parse(path: Path, offset: int = 0, state: dict[str, Any] | None = None) -> FileParse:
    """Dispatch on the file's shape: JSON-lines chat log, whole-file chat, or logs.json."""
    state = dict(state or {})
    result = FileParse(format=FORMAT, state=state)
    if path.name.endswith(".jsonl"):
        if begin(result, path, offset):
            _parse_log(path, offset, state, result)
        return result
    if not begin(result, path, 0):
        return result
    try:
        data = path.read_bytes()
        value = orjson.loads(strip_bom(data))
    except OSError as exc:
        result.errors.append(ParseError(line=0, reason=f"cannot read file: {exc.strerror or exc}"))
        return result
    except orjson.JSONDecodeError as exc:
        note_error(result, getattr(exc, "lineno", 1) or 1, f"malformed JSON: {str(exc)[:80]}")
        return result
    result.end_offset = len(data)
    result.lines_read = data.count(b"\n") + (0 if data.endswith(b"\n") else 1)
    if isinstance(value, list):
        _parse_prompts(value, result)
    elif isinstance(value, dict) and isinstance(value.get("messages"), list):
        fold = _Fold(state)
        fold.set_meta(value)
        for msg in value["messages"]:
            fold.upsert(msg)
        fold.emit(result)
    else:
        note_error(result, 1, "not a Gemini chat object or prompt list")
    return result


class _Fold:
    """The messages of one chat in file order, the latest version of each id winning."""

    def __init__(self, state: dict[str, Any]) -> None:
        """Start from the metadata an earlier incremental read saw."""
        self.state = state
        self.meta: dict[str, Any] = dict(state.get("meta", {}))
        self.messages: dict[str, dict[str, Any]] = {}
        self.lines: dict[str, int] = {}  # the line each message's latest version came from (0: unknown)

    def set_meta(self, patch: dict[str, Any]) -> None:
        """Merge a metadata line or `$set` patch; messages in it are upserted."""
        for key in ("sessionId", "projectHash", "startTime", "lastUpdated", "summary", "directories", "kind"):
            if key in patch and isinstance(patch[key], (str, list)):
                self.meta[key] = patch[key]
        if isinstance(patch.get("messages"), list):
            for msg in patch["messages"]:
                self.upsert(msg)

    def upsert(self, msg: Any, line: int = 0) -> bool:
        """Add or replace one message by id; False when it has no usable id."""
        if not isinstance(msg, dict) or not isinstance(msg.get("id"), (str, int)) or isinstance(msg["id"], bool):
            return False
        self.messages[str(msg["id"])] = msg  # a rewrite keeps the message's first position
        self.lines[str(msg["id"])] = line
        return True

    def rewind(self, target: Any) -> None:
        """Drop the target message and every later one; an unknown target drops them all."""
        ids = list(self.messages)
        cut = ids.index(str(target)) if str(target) in ids else 0
        for key in ids[cut:]:
            del self.messages[key]

    def emit(self, result: FileParse) -> None:
        """Turn the folded messages into one session."""
        sid = self.meta.get("sessionId") if isinstance(self.meta.get("sessionId"), str) else None
        session = ParsedSession(agent_session_id=sid, agent=AGENT)
        directories = self.meta.get("directories")
        if isinstance(directories, list) and directories and isinstance(directories[0], str):
            session.cwd = directories[0]
        counts: dict[str, int] = dict(self.state.get("prompts", {}))
        known: dict[str, str] = dict(self.state.get("prompt_ids", {}))
        # Subagent recordings (chats/<parent>/<id>.jsonl) say so in their metadata kind.
        sidechain = self.meta.get("kind") not in (None, "main")
        for key, msg in self.messages.items():
            try:
                turns = gm.message_turns(msg, counts, known)
                usage = gm.usage(msg, sid or "unknown")
            except BadRecord as exc:  # the message's text is kept; its impossible count is not
                note_error(result, self.lines.get(key, 0), str(exc))
                turns, usage = gm.message_turns(msg, counts, known), None
            except Exception as exc:  # a message shape no version wrote: reported, never raised
                result.errors.append(ParseError(line=0, reason=f"unreadable message {key[:40]}: {type(exc).__name__}"))
                continue
            session.turns.extend([replace(t, is_sidechain=True) for t in turns] if sidechain else turns)
            if usage is not None:
                session.usage.append(usage)
        stamps = [t.timestamp for t in session.turns if t.timestamp is not None]
        stamps += [s for s in (parse_ts(self.meta.get("startTime")),) if s is not None and not self.state.get("lines")]
        if stamps:
            session.started_at, session.ended_at = min(stamps), max(stamps)
        summary = self.meta.get("summary")
        session.title = first_line(summary, 200) if isinstance(summary, str) and summary.strip() else next(
            (first_line(t.text, 80) for t in session.turns if t.role == "user" and t.kind == "message"), "")
        if sid or session.turns:
            result.sessions.append(session)
        self.state["meta"] = {k: v for k, v in self.meta.items() if k != "messages"}
        self.state["prompts"] = counts
        self.state["prompt_ids"] = known


def _parse_log(path: Path, offset: int, state: dict[str, Any], result: FileParse) -> None:
    """Fold the complete lines of a .jsonl chat log from `offset`."""
    fold = _Fold(state)
    line_no = int(state.get("lines", 0))
    try:
        for raw, end in iter_lines(path, offset):
            line_no += 1
            result.end_offset = end
            result.lines_read += 1
            record, reason = load_line(raw)
            if record is None:
                if reason:
                    note_error(result, line_no, reason)
                continue
            try:
                _apply(fold, record, result, line_no)
            except Exception as exc:  # a record shape no version wrote: reported, never raised
                note_error(result, line_no, reason_for(exc))
    except OSError as exc:
        note_error(result, line_no + 1, f"read error: {exc.strerror or exc}")
    fold.emit(result)
    state["lines"] = line_no


def _apply(fold: _Fold, record: dict[str, Any], result: FileParse, line_no: int) -> None:
    """Apply one chat-log record to the fold."""
    if "$rewindTo" in record:
        fold.rewind(record["$rewindTo"])
    elif "$set" in record:
        if isinstance(record["$set"], dict):
            fold.set_meta(record["$set"])
        else:
            note_error(result, line_no, "$set without an object")
    elif "id" in record and "type" in record:
        if not fold.upsert(record, line_no):
            note_error(result, line_no, "message without a usable id")
    elif "sessionId" in record:
        fold.set_meta(record)
    else:
        result.skipped_lines += 1  # an unknown record shape: skipped, not an error


def _parse_prompts(entries: list[Any], result: FileParse) -> None:
    """logs.json: the user's prompts of many sessions, grouped by sessionId; no usage."""
    sessions: dict[str, ParsedSession] = {}
    counts: dict[str, dict[str, int]] = {}
    for index, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict) or not isinstance(entry.get("sessionId"), str):
            note_error(result, 0, f"log entry {index} has no sessionId")  # entries have no line of their own
            continue
        text = entry.get("message")
        if entry.get("type") != "user" or not isinstance(text, str) or not text.strip():
            result.skipped_lines += 1
            continue
        sid = entry["sessionId"]
        session = sessions.setdefault(sid, ParsedSession(agent_session_id=sid, agent=AGENT))
        turn = gm.user_turn(text, entry.get("timestamp"), counts.setdefault(sid, {}))
        session.turns.append(turn)
        if turn.timestamp is not None:
            session.started_at = min(session.started_at or turn.timestamp, turn.timestamp)
            session.ended_at = max(session.ended_at or turn.timestamp, turn.timestamp)
    for session in sessions.values():
        session.title = next((first_line(t.text, 80) for t in session.turns if t.kind == "message"), "")
    result.sessions = list(sessions.values())
