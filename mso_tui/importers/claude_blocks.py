"""Claude Code message content blocks turned into normalized turns (text, thinking, tool use/result)."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import orjson

from mso_tui.importers.base import ParsedTurn, ParsedUsage
from mso_tui.importers.jsonl import clip, first_line, parse_ts
from mso_tui.importers.tool_summary import find_exit_code, summarize

TEXT_LIMIT = 16_000
RESULT_LIMIT = 8_000
THINKING_LIMIT = 500
# Text Claude Code injects into the user role that the user did not type.
_META_PREFIXES = (
    "<command-name>", "<command-message>", "<command-args>", "<local-command-stdout>",
    "<local-command-stderr>", "<local-command-caveat>", "<bash-input>", "<bash-stdout>", "<bash-stderr>",
    "<system-reminder>", "<ide_opened_file>", "<ide_selection>", "<ide_diagnostics>",
    "<user-prompt-submit-hook>", "<task-notification>",
    "Caveat: The messages below", "[Request interrupted by user",
)
_SHELL_TOOLS = {"Bash", "BashOutput"}


@dataclass
class Context:
    """What turn building needs beyond one record: the file's sidechain flag and tool names by id."""

    sidechain_file: bool = False
    tool_names: dict[str, str] = field(default_factory=dict)


# Another agent's message relayed into the user role: shown and searchable, never "the user asked".
_TEAMMATE_PREFIXES = ("<teammate-message>", "<teammate-message ", "<teammate-message\n",
                      "Another Claude session sent a message:")


def classify_user_text(text: str, is_meta: bool) -> tuple[str, str]:
    """(kind, text) of user-role text: "meta" for injected content, "teammate" for another agent's message,
    else "message" (reminders removed)."""
    if is_meta:
        return "meta", text
    stripped = text.lstrip()
    if stripped.startswith(_TEAMMATE_PREFIXES):
        return "teammate", text
    if "<system-reminder>" in stripped:
        remainder = _strip_reminders(stripped)
        if not remainder:
            return "meta", text
        stripped = text = remainder
    return ("meta", text) if stripped.startswith(_META_PREFIXES) else ("message", text)


def _strip_reminders(text: str) -> str:
    """Text with every <system-reminder>...</system-reminder> section removed."""
    while True:
        start = text.find("<system-reminder>")
        end = text.find("</system-reminder>", start)
        if start < 0 or end < 0:
            return text.strip()
        text = text[:start] + text[end + len("</system-reminder>"):]


def flatten(content: Any) -> str:
    """Plain text of a string or a list of blocks; images become a placeholder."""
    if isinstance(content, str):
        return content
    if not isinstance(content, list):
        return ""
    parts = []
    for block in content:
        if isinstance(block, dict):
            if isinstance(block.get("text"), str):
                parts.append(block["text"])
            elif block.get("type") == "image":
                parts.append("[image]")
        elif isinstance(block, str):
            parts.append(block)
    return "\n".join(parts)


def summary_turn(record: dict[str, Any]) -> list[ParsedTurn]:
    """A `summary` record (the summary of an earlier conversation) as a summary turn."""
    text = record.get("summary")
    if not isinstance(text, str) or not text.strip():
        return []
    leaf = record.get("leafUuid")
    return [ParsedTurn(role="system", kind="summary", text=clip(text, TEXT_LIMIT),
                       source_id=f"summary:{leaf if isinstance(leaf, str) else text[:60]}")]


def record_turns(record: dict[str, Any], ctx: Context, usage: ParsedUsage | None,
                 stamp: Any = ...) -> list[ParsedTurn]:
    """The turns of one user, assistant or system record, in content order (stamp: its parsed timestamp)."""
    uuid = record.get("uuid")
    uuid = uuid if isinstance(uuid, str) and uuid else f"{record.get('sessionId')}@{record.get('timestamp')}"
    base = {"timestamp": parse_ts(record.get("timestamp")) if stamp is ... else stamp,
            "is_sidechain": bool(record.get("isSidechain")) or ctx.sidechain_file}
    kind = record.get("type")
    if kind == "system":
        return _system_turns(record, uuid, base)
    message = record.get("message")
    if not isinstance(message, dict):
        return []
    if kind == "user":
        return _user_turns(record, message.get("content"), uuid, base, ctx)
    turns = _assistant_turns(record, message, uuid, base, ctx)
    if usage is not None and turns:
        # The call's tokens go on its first turn only, so per-turn sums stay true (the turn is new: set in place).
        turns[0].input_tokens, turns[0].output_tokens = usage.input_tokens, usage.output_tokens
    return turns


def _user_turns(record: dict[str, Any], content: Any, uuid: str, base: dict[str, Any],
                ctx: Context) -> list[ParsedTurn]:
    """User records: typed requests, injected meta text, compaction summaries and tool results."""
    if record.get("isCompactSummary"):
        return [ParsedTurn(role="system", kind="summary", text=clip(flatten(content), TEXT_LIMIT),
                           source_id=f"{uuid}:0", **base)]
    is_meta = bool(record.get("isMeta"))
    items = [{"type": "text", "text": content}] if isinstance(content, str) else content
    if not isinstance(items, list):
        return []
    turns = []
    for index, block in enumerate(items):
        if not isinstance(block, dict):
            continue
        btype = block.get("type")
        if btype == "text" and isinstance(block.get("text"), str) and block["text"].strip():
            kind, text = classify_user_text(block["text"], is_meta)
            turns.append(ParsedTurn(role="user", kind=kind, text=clip(text, TEXT_LIMIT),
                                    source_id=f"{uuid}:{index}", **base))
        elif btype == "tool_result":
            turns.append(_tool_result(record, block, uuid, index, base, ctx))
    return turns


def _tool_result(record: dict[str, Any], block: dict[str, Any], uuid: str, index: int,
                 base: dict[str, Any], ctx: Context) -> ParsedTurn:
    """One tool_result block, named after its call and keyed to it for pairing."""
    tool_id = block.get("tool_use_id")
    tool_id = tool_id if isinstance(tool_id, str) and tool_id else None
    name = ctx.tool_names.get(tool_id) if tool_id else None
    text = flatten(block.get("content"))
    is_error = bool(block.get("is_error"))
    exit_code = None
    if name in _SHELL_TOOLS:
        extra = record.get("toolUseResult")
        interrupted = isinstance(extra, dict) and bool(extra.get("interrupted"))
        # Claude Code flags a non-zero exit as an error; a clean result means exit status 0.
        exit_code = find_exit_code(text) if is_error else (None if interrupted else 0)
    source = f"{tool_id}:result" if tool_id else f"{uuid}:{index}"
    return ParsedTurn(role="tool", kind="tool_result", text=clip(text, RESULT_LIMIT), tool_name=name,
                      is_error=is_error, exit_code=exit_code, source_id=source, **base)


def _assistant_turns(record: dict[str, Any], message: dict[str, Any], uuid: str, base: dict[str, Any],
                     ctx: Context) -> list[ParsedTurn]:
    """Assistant records: text, thinking (short, never its signature) and tool calls."""
    model = message.get("model")
    model = model if isinstance(model, str) and model != "<synthetic>" else None
    is_error = bool(record.get("isApiErrorMessage"))
    content = message.get("content")
    items = [{"type": "text", "text": content}] if isinstance(content, str) else content
    if not isinstance(items, list):
        return []
    turns = []
    for index, block in enumerate(items):
        if not isinstance(block, dict):
            continue
        btype = block.get("type")
        if btype == "text" and isinstance(block.get("text"), str) and block["text"].strip():
            turns.append(ParsedTurn(role="assistant", text=clip(block["text"], TEXT_LIMIT), is_error=is_error,
                                    model=model, source_id=f"{uuid}:{index}", **base))
        elif btype == "thinking" and isinstance(block.get("thinking"), str) and block["thinking"].strip():
            turns.append(ParsedTurn(role="assistant", kind="thinking", text=clip(block["thinking"], THINKING_LIMIT),
                                    model=model, source_id=f"{uuid}:{index}", **base))
        elif btype == "tool_use":
            turns.append(_tool_call(block, uuid, index, model, base, ctx))
    return turns


def _tool_call(block: dict[str, Any], uuid: str, index: int, model: str | None, base: dict[str, Any],
               ctx: Context) -> ParsedTurn:
    """One tool_use block; its id becomes the source id its result refers to."""
    name = block.get("name") if isinstance(block.get("name"), str) else None
    tool_id = block.get("id") if isinstance(block.get("id"), str) and block.get("id") else None
    args = block.get("input")
    if tool_id and name:
        ctx.tool_names[tool_id] = name
    try:
        text = orjson.dumps(args, option=orjson.OPT_NON_STR_KEYS, default=str).decode()
    except (TypeError, orjson.JSONEncodeError):
        text = ""
    return ParsedTurn(role="assistant", kind="tool_call", text=clip(text, RESULT_LIMIT), tool_name=name,
                      tool_input=summarize(name, args), model=model,
                      source_id=tool_id or f"{uuid}:{index}", **base)


def _system_turns(record: dict[str, Any], uuid: str, base: dict[str, Any]) -> list[ParsedTurn]:
    """System records worth keeping: compaction boundaries, API errors and local command output."""
    subtype = record.get("subtype")
    raw_content = record.get("content")
    content = raw_content if isinstance(raw_content, str) else ""
    if subtype == "compact_boundary":
        meta = record.get("compactMetadata")
        detail = f" ({meta.get('trigger')}, {meta.get('preTokens')} tokens before)" if isinstance(meta, dict) else ""
        return [ParsedTurn(role="system", kind="summary", text=content or f"Conversation compacted{detail}",
                           source_id=f"{uuid}:0", **base)]
    if subtype == "api_error" or record.get("level") == "error":
        return [ParsedTurn(role="system", text=clip(content or "API error", TEXT_LIMIT), is_error=True,
                           source_id=f"{uuid}:0", **base)]
    if subtype in ("local_command", "away_summary", "informational") and content.strip():
        kind = "summary" if subtype == "away_summary" else "meta"
        return [ParsedTurn(role="system", kind=kind, text=clip(content, TEXT_LIMIT), source_id=f"{uuid}:0", **base)]
    return []


def first_request_title(turns: list[ParsedTurn]) -> str:
    """The first real user request (main thread preferred), as an 80-character title."""
    requests = [t for t in turns if t.role == "user" and t.kind == "message"]
    main = [t for t in requests if not t.is_sidechain]
    for turn in main or requests:
        title = first_line(turn.text, 80)
        if title:
            return title
    return ""
