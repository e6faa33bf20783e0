"""Claude Code transcripts: ~/.claude/projects/<encoded-cwd>/<sessionId>.jsonl and subagent files."""
from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path
from typing import Any

import orjson

from mso_tui.importers import claude_blocks as blocks
from mso_tui.importers.base import FileParse, ParsedSession, ParsedUsage, reason_for
from mso_tui.importers.claude_queue import queued_turn
from mso_tui.importers.jsonl import begin, iter_lines, load_line, note_error, parse_ts
from mso_tui.usage.pricing import FAST_SUFFIX
from mso_tui.usage.versions import SEMVER

FORMAT = "claude-code"
AGENT = "claude-code"

# Records that carry no conversation but are known: consumed silently, not counted as skipped.
_IGNORED = frozenset({
    "file-history-snapshot", "queue-operation", "progress", "attachment", "last-prompt", "agent-name",
    "permission-mode", "pr-link", "tag", "agent-setting", "mode", "worktree-state",
})
_CONVERSATION = frozenset({"user", "assistant", "system", "summary", "custom-title", "ai-title"})
_TITLE_RANK = {"custom-title": 3, "ai-title": 2, "summary": 1}


def sniff(path: Path, head: bytes) -> bool:
    """A Claude Code transcript: JSON lines with Claude record types and uuid/sessionId envelopes."""
    if not path.name.endswith(".jsonl"):
        return False
    lines = head.split(b"\n")
    for line in lines[:-1][:8] or lines[:1]:
        try:
            record = orjson.loads(line)
        except orjson.JSONDecodeError:
            # A first line longer than the head: fall back to cheap byte checks.
            return b'"parentUuid"' in head or b'"leafUuid"' in head
        if not isinstance(record, dict) or "payload" in record or "projectHash" in record:
            return False
        if "parentUuid" in record or "leafUuid" in record:
            return True
        kind = record.get("type")
        if not (isinstance(kind, str) and (kind in _IGNORED or kind in _CONVERSATION)):
            return False
        if "sessionId" in record or "uuid" in record:
            return True
    return False


def is_sidechain_file(path: Path) -> bool:
    """Subagent transcripts: `<session>/subagents/agent-*.jsonl` or the older `agent-*.jsonl` beside it."""
    name = path.name
    return name.startswith("agent-") or "subagents" in path.parts or "__agent-" in name


def parent_session(sid: Any) -> Any:
    """A workflow agent's session id `<session>#agent-<id>` as its parent's (its turns are subagent turns)."""
    if isinstance(sid, str) and "#agent-" in sid:
        return sid.split("#agent-", 1)[0] or sid
    return sid


def parse(path: Path, offset: int = 0, state: dict[str, Any] | None = None, *,
          usage_only: bool = False, headers_only: bool = False) -> FileParse:
    """Read complete lines from `offset`; usage_only parses only the lines that can carry usage (fast scan).

    headers_only: what a plan needs (parse_headers): each conversation's ids, folder and time window exactly,
    but only its first turn and first call, which tell whether it has any.
    """
    state = dict(state or {})
    result = FileParse(format=FORMAT, state=state)
    line_no = int(state.get("lines", 0))
    sessions: dict[str, ParsedSession] = {}
    context = blocks.Context(sidechain_file=is_sidechain_file(path), tool_names=dict(state.get("tools", {})))
    seen_usage: dict[tuple[str, str], tuple[list[ParsedUsage], int]] = {}  # where each call's record sits
    usage_turn: dict[tuple[str, str], tuple[list, int]] = {}  # the turn that shows each call's tokens
    title_rank: dict[str, int] = {}
    orphans: list[dict[str, Any]] = []  # summary records carry no sessionId
    queued: dict[str, list[int]] = {k: list(v) for k, v in dict(state.get("queued", {})).items()}
    if not begin(result, path, offset):
        return result
    try:
        for raw, end in iter_lines(path, offset):
            line_no += 1
            result.end_offset = end
            result.lines_read += 1
            # The usage scan only needs assistant lines with usage; a substring test beats a JSON parse.
            if usage_only and (b'"usage"' not in raw or b'"assistant"' not in raw):
                continue
            record, reason = load_line(raw)
            if record is None:
                if reason:
                    note_error(result, line_no, reason)
                continue
            try:
                kind = record.get("type")
                kind = kind if isinstance(kind, str) else ""
                if kind == "progress":  # a subagent's response as the parent saw it: its usage counts
                    _progress_usage(record, sessions, seen_usage)
                    continue
                if kind in ("attachment", "queue-operation") and not usage_only:
                    _queued(record, sessions, queued, context.sidechain_file)
                    continue
                if kind in _IGNORED:
                    continue
                if kind not in _CONVERSATION:
                    result.skipped_lines += 1  # unknown or future record type: skipped, not an error
                    continue
                sid = parent_session(record.get("sessionId"))
                if not isinstance(sid, str) or not sid:
                    if kind == "summary" and isinstance(record.get("summary"), str):
                        orphans.append(record)
                    continue
                state.setdefault("session", sid)
                session = sessions.get(sid)
                if session is None:
                    session = sessions[sid] = ParsedSession(agent_session_id=sid, agent=AGENT)
                stamp = parse_ts(record.get("timestamp"))  # once per record: the envelope, usage and turns share it
                if not usage_only:
                    _envelope(session, record, stamp)
                elif session.cwd is None and isinstance(record.get("cwd"), str):
                    session.cwd = record["cwd"] or None
                if kind in _TITLE_RANK:
                    _title(session, title_rank, kind, record)
                    if kind == "summary" and not usage_only:
                        session.turns.extend(blocks.summary_turn(record))
                    continue
                if headers_only and session.turns and (session.usage or kind != "assistant"):
                    continue  # it has a turn, and a call or this is no call: the rest of the record adds neither
                usage = _usage(record, stamp) if kind == "assistant" else None
                fate = _keep(usage, session.usage, seen_usage) if usage is not None else ""
                key = (usage.message_id, usage.request_id) if usage is not None else None
                if fate == "replaced" and key in usage_turn:  # the turn shows the call's final count
                    turns, at = usage_turn[key]
                    turns[at] = replace(turns[at], input_tokens=usage.input_tokens,  # type: ignore[union-attr]
                                        output_tokens=usage.output_tokens)  # type: ignore[union-attr]
                if not usage_only:
                    made = blocks.record_turns(record, context, usage if fate == "new" else None, stamp)
                    if fate == "new" and made:  # record_turns put the call's tokens on its first turn
                        usage_turn[key] = (session.turns, len(session.turns))  # type: ignore[index]
                    session.turns.extend(made)
            except Exception as exc:  # a record shape no version wrote: reported, never raised
                note_error(result, line_no, reason_for(exc))
    except OSError as exc:
        note_error(result, line_no + 1, f"read error: {exc.strerror or exc}")
    _attach_orphans(sessions, state, orphans, title_rank, usage_only)
    for session in sessions.values():
        if not session.title:
            session.title = blocks.first_request_title(session.turns)
    result.sessions = list(sessions.values())
    state["lines"] = line_no
    if queued:
        state["queued"] = queued
    # Keep only recent tool names: enough to name results that arrive in the next incremental read.
    state["tools"] = dict(list(context.tool_names.items())[-200:])
    return result


def parse_headers(path: Path, offset: int = 0, state: dict[str, Any] | None = None) -> FileParse:
    """The file's conversations with their ids, folder and time window, and one turn and call at most each."""
    return parse(path, offset, state, headers_only=True)


def _queued(record: dict[str, Any], sessions: dict[str, ParsedSession], seen: dict[str, list[int]],
            sidechain_file: bool) -> None:
    """A prompt typed while the agent worked (claude_queue), as a user turn of the record's session."""
    sid = parent_session(record.get("sessionId"))
    if not isinstance(sid, str) or not sid:
        return
    turn = queued_turn(record, seen, sidechain_file)
    if turn is None:
        return
    session = sessions.get(sid)
    if session is None:
        session = sessions[sid] = ParsedSession(agent_session_id=sid, agent=AGENT)
    session.turns.append(turn)


def _envelope(session: ParsedSession, record: dict[str, Any], stamp: dt.datetime | None) -> None:
    """Take cwd, branch and the time window (stamp: the record's parsed timestamp) from a record's envelope."""
    if session.cwd is None and isinstance(record.get("cwd"), str) and record["cwd"]:
        session.cwd = record["cwd"]
    branch = record.get("gitBranch")
    if session.git_branch is None and isinstance(branch, str) and branch and branch != "HEAD":
        session.git_branch = branch
    if stamp is not None:
        if session.started_at is None or stamp < session.started_at:
            session.started_at = stamp
        if session.ended_at is None or stamp > session.ended_at:
            session.ended_at = stamp


def _title(session: ParsedSession, ranks: dict[str, int], kind: str, record: dict[str, Any]) -> None:
    """Keep the best title: a user's custom title over an AI title over a summary."""
    value = record.get({"custom-title": "customTitle", "ai-title": "aiTitle"}.get(kind, "summary"))
    if isinstance(value, str) and value.strip() and _TITLE_RANK[kind] >= ranks.get(session.agent_session_id or "", 0):
        ranks[session.agent_session_id or ""] = _TITLE_RANK[kind]
        session.title = value.strip()[:200]


def _attach_orphans(sessions: dict[str, ParsedSession], state: dict[str, Any],
                    orphans: list[dict[str, Any]], ranks: dict[str, int], usage_only: bool) -> None:
    """Give sessionless summary records to the file's own session (the first one it names)."""
    sid = state.get("session")
    if not orphans or not isinstance(sid, str) or usage_only:
        return
    session = sessions.get(sid)
    if session is None:
        session = sessions[sid] = ParsedSession(agent_session_id=sid, agent=AGENT)
    leading = []
    for record in orphans:
        _title(session, ranks, "summary", record)
        leading.extend(blocks.summary_turn(record))
    session.turns[:0] = leading


def _keep(usage: ParsedUsage, into: list[ParsedUsage],
          seen: dict[tuple[str, str], tuple[list[ParsedUsage], int]]) -> str:
    """Record a call once per (message id, request id) in this read, keeping its best record.

    Returns "new" for a call not seen yet, "replaced" when this record is better than the one kept
    (it takes its place), "kept" otherwise.
    """
    key = (usage.message_id, usage.request_id)
    where = seen.get(key)
    if where is None:
        seen[key] = (into, len(into))
        into.append(usage)
        return "new"
    target, index = where
    if usage.better_than(target[index]):
        target[index] = usage
        return "replaced"
    return "kept"


def _progress_usage(record: dict[str, Any], sessions: dict[str, ParsedSession],
                    seen: dict[tuple[str, str], tuple[list[ParsedUsage], int]]) -> None:
    """The usage a progress record wraps (data.message), counted for the record's session."""
    data = record.get("data")
    inner = data.get("message") if isinstance(data, dict) else None
    sid = parent_session(record.get("sessionId"))
    if not isinstance(inner, dict) or not isinstance(sid, str) or not sid:
        return
    usage = _usage(inner)
    if usage is None:
        return
    session = sessions.get(sid)
    if session is None:
        session = sessions[sid] = ParsedSession(agent_session_id=sid, agent=AGENT)
    _keep(usage, session.usage, seen)


_SEMVER_SEEN: dict[str, bool] = {}  # a tree holds a few versions: each is matched once


def _semver(version: str) -> bool:
    """Whether a version looks like 1.2.3 (SEMVER), remembered per version string."""
    ok = _SEMVER_SEEN.get(version)
    if ok is None:
        ok = bool(SEMVER.match(version))
        if len(_SEMVER_SEEN) < 4096:  # bounded: a hostile file may write a new version on every line
            _SEMVER_SEEN[version] = ok
    return ok


def _count(value: Any, default: int | None = None) -> int | None:
    """A token count: a whole number >= 0 (ccusage drops a record with any other), or the default when absent."""
    if value is None:
        return default
    return value if type(value) is int and value >= 0 else None


def _usage(record: dict[str, Any], when: Any = ...) -> ParsedUsage | None:
    """The billed call an assistant record (or a progress record's data.message) carries.

    The checks are the usage scan's (usage/claude.py): counts are whole and >= 0, present ids and
    model are not empty, a version looks like 1.2.3. Without a request id, an Anthropic message id
    is one call; any other id is one call per timestamp.
    """
    message = record.get("message")
    usage = message.get("usage") if isinstance(message, dict) else None
    if not isinstance(usage, dict) or not isinstance(message, dict):
        return None
    message_id, request_id, model = message.get("id"), record.get("requestId"), message.get("model")
    version = record.get("version")
    if "" in (message_id, request_id, model) or (isinstance(version, str) and not _semver(version)):
        return None
    creation = usage.get("cache_creation")
    counts = [_count(usage.get("input_tokens")), _count(usage.get("output_tokens")),
              _count(usage.get("cache_read_input_tokens"), 0)]
    if isinstance(creation, dict):  # the 5-minute and 1-hour split, when given, is the count
        five, one_hour = _count(creation.get("ephemeral_5m_input_tokens"), 0), _count(
            creation.get("ephemeral_1h_input_tokens"), 0)
        write = None if five is None or one_hour is None else five + one_hour
    else:
        write, one_hour = _count(usage.get("cache_creation_input_tokens"), 0), 0
    if None in counts or write is None:
        return None
    stamp = record.get("timestamp")
    if not isinstance(request_id, str):
        # the key's second half: one call per Anthropic id, else one per line timestamp
        request_id = "" if isinstance(message_id, str) and message_id.startswith("msg_") else f"at:{stamp}"
    if not isinstance(message_id, str):
        # Without a message id nothing ties repeated lines together: each line is its own call.
        message_id = f"uuid:{record.get('uuid') or stamp}"
    cost = record.get("costUSD")
    model = str(model or "unknown")
    if usage.get("speed") == "fast" and model != "unknown":
        model += FAST_SUFFIX  # priced at the model's fast-mode multiplier, as the scan does
    parsed = ParsedUsage(
        message_id=message_id, request_id=request_id, model=model,
        input_tokens=counts[0], output_tokens=counts[1], cache_creation_tokens=write,  # type: ignore[arg-type]
        cache_read_tokens=counts[2], cache_creation_1h_tokens=one_hour or 0,  # type: ignore[arg-type]
        timestamp=parse_ts(stamp) if when is ... else when,
        cost_usd=float(cost) if isinstance(cost, (int, float)) and not isinstance(cost, bool) else None,
        is_sidechain=record.get("isSidechain") is True,
    )
    # Synthetic records (API errors, "<synthetic>" model) bill nothing; they are not calls.
    return parsed if parsed.total or parsed.cost_usd else None
