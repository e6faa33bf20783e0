"""Gemini CLI chat-recording messages turned into normalized turns and usage events."""
from __future__ import annotations

from typing import Any

from mso_tui.importers.base import ParsedTurn, ParsedUsage
from mso_tui.importers.jsonl import as_int, clip, dumps, parse_ts, text_key
from mso_tui.importers.tool_summary import find_exit_code, summarize

TEXT_LIMIT = 16_000
RESULT_LIMIT = 8_000
THINKING_LIMIT = 500
_SHELL = {"run_shell_command", "shell"}


def content_text(content: Any) -> str:
    """Text of a message content: a string or a list of parts ({text}, or strings)."""
    if isinstance(content, str):
        return content
    if isinstance(content, dict):
        return content.get("text", "") if isinstance(content.get("text"), str) else ""
    if not isinstance(content, list):
        return ""
    return "\n".join(part["text"] if isinstance(part, dict) and isinstance(part.get("text"), str)
                     else part if isinstance(part, str) else "" for part in content).strip("\n")


def is_command(text: str) -> bool:
    """A slash command such as `/mcp list` or `/quit`: the CLI's own controls, not a request."""
    head = text.strip().split(None, 1)[0] if text.strip() else ""
    return len(head) > 1 and head[0] == "/" and "/" not in head[1:] and head[1:].replace("-", "").isalnum()


def user_turn(text: str, timestamp: Any, key_counts: dict[str, int], source: str | None = None) -> ParsedTurn:
    """A typed prompt. Its source id is built from its text and occurrence, not a file-specific id,
    so the same prompt read from logs.json and from the chat file is stored once."""
    if source is None:
        key = text_key("user", text)
        count = key_counts.get(key, 0) + 1
        key_counts[key] = count
        source = f"prompt:{key}:{count}"
    kind = "meta" if is_command(text) else "message"
    return ParsedTurn(role="user", kind=kind, text=clip(text, TEXT_LIMIT), timestamp=parse_ts(timestamp),
                      source_id=source)


def message_turns(msg: dict[str, Any], key_counts: dict[str, int], known: dict[str, str]) -> list[ParsedTurn]:
    """All turns of one message record: prompt, thoughts, answer text, tool calls and results.

    `known` maps prompt message ids to the source id they were given, so a prompt written again
    (resume, compression) in a later read keeps its id instead of counting as a repeat."""
    mid = str(msg.get("id"))
    kind = msg.get("type")
    ts = parse_ts(msg.get("timestamp"))
    if kind == "user":
        text = content_text(msg.get("displayContent")) or content_text(msg.get("content"))
        if not text.strip():
            return []
        turn = user_turn(text, msg.get("timestamp"), key_counts, known.get(mid))
        known[mid] = turn.source_id or ""
        return [turn]
    if kind in ("info", "warning", "error"):
        text = content_text(msg.get("content"))
        if not text.strip():
            return []
        is_error = kind == "error"
        return [ParsedTurn(role="system", kind="message" if is_error else "meta", text=clip(text, TEXT_LIMIT),
                           is_error=is_error, timestamp=ts, source_id=f"{mid}:{kind}")]
    if kind != "gemini":
        return []
    model = msg.get("model") if isinstance(msg.get("model"), str) else None
    turns: list[ParsedTurn] = []
    thoughts = _thoughts(msg.get("thoughts"))
    if thoughts:
        turns.append(ParsedTurn(role="assistant", kind="thinking", text=clip(thoughts, THINKING_LIMIT),
                                model=model, timestamp=ts, source_id=f"{mid}:thinking"))
    text = content_text(msg.get("content"))
    if text.strip():
        turns.append(ParsedTurn(role="assistant", text=clip(text, TEXT_LIMIT), model=model, timestamp=ts,
                                source_id=f"{mid}:text"))
    calls = msg.get("toolCalls")
    for index, call in enumerate(calls if isinstance(calls, list) else []):
        if isinstance(call, dict):
            turns.extend(_tool_turns(call, f"{mid}:tool:{call.get('id') or index}", model, ts))
    return turns


def _thoughts(thoughts: Any) -> str:
    """Thought summaries as "subject: description" lines."""
    if isinstance(thoughts, str):
        return thoughts.strip()
    if not isinstance(thoughts, list):
        return ""
    lines = []
    for item in thoughts:
        if isinstance(item, dict):
            subject, description = item.get("subject"), item.get("description")
            parts = [p for p in (subject, description) if isinstance(p, str) and p.strip()]
            if parts:
                lines.append(": ".join(parts))
    return "\n".join(lines)


def _tool_turns(call: dict[str, Any], source: str, model: str | None, fallback_ts: Any) -> list[ParsedTurn]:
    """A tool call and, when recorded, its result (status error or cancelled is an error)."""
    name = call.get("name") if isinstance(call.get("name"), str) else None
    args = call.get("args")
    ts = parse_ts(call.get("timestamp")) or fallback_ts
    turns = [ParsedTurn(role="assistant", kind="tool_call", text=clip(dumps(args), RESULT_LIMIT), tool_name=name,
                        tool_input=summarize(name, args), model=model, timestamp=ts, source_id=source)]
    status = call.get("status")
    output = _result_text(call)
    if output is None and status not in ("error", "cancelled", "success"):
        return turns  # still running when the file was written
    output = output or ""
    exit_code = find_exit_code(output) if name in _SHELL else None
    if exit_code is None and name in _SHELL and status == "success":
        exit_code = 0  # the shell tool states only non-zero exits
    is_error = status in ("error", "cancelled") or (exit_code is not None and exit_code != 0)
    turns.append(ParsedTurn(role="tool", kind="tool_result", text=clip(output, RESULT_LIMIT), tool_name=name,
                            is_error=is_error, exit_code=exit_code, timestamp=ts, source_id=f"{source}:result"))
    return turns


def _result_text(call: dict[str, Any]) -> str | None:
    """The output (or error) a tool returned, from functionResponse parts or the display string."""
    result = call.get("result")
    texts = []
    for part in result if isinstance(result, list) else []:
        wrapper = part.get("functionResponse") if isinstance(part, dict) else None
        response = wrapper.get("response") if isinstance(wrapper, dict) else None
        if isinstance(response, dict):
            value = response.get("output", response.get("error"))
            if isinstance(value, str):
                texts.append(value)
    if texts:
        return "\n".join(texts)
    display = call.get("resultDisplay")
    return display if isinstance(display, str) else None


def usage(msg: dict[str, Any], session_id: str) -> ParsedUsage | None:
    """The billed call of a gemini message: `input` includes `cached`; thoughts bill as output."""
    tokens = msg.get("tokens")
    if msg.get("type") != "gemini" or not isinstance(tokens, dict):
        return None
    inputs, cached = as_int(tokens.get("input")), as_int(tokens.get("cached"))
    # Tool-use prompt tokens are prompt-side: billed as input.
    inputs += as_int(tokens.get("tool"))
    output = as_int(tokens.get("output")) + as_int(tokens.get("thoughts"))
    if not (inputs or output):
        return None
    return ParsedUsage(message_id=f"gemini:{session_id}:{msg.get('id')}", request_id="",
                       model=str(msg.get("model") or "unknown"), input_tokens=max(inputs - cached, 0),
                       cache_read_tokens=cached, output_tokens=output, timestamp=parse_ts(msg.get("timestamp")))
