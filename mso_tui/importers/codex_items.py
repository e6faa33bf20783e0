"""Codex CLI rollout payloads (response items, events) turned into normalized turns."""
from __future__ import annotations

import datetime as dt
import re
from typing import Any

import orjson

from mso_tui.importers.base import ParsedTurn
from mso_tui.importers.jsonl import clip, dumps
from mso_tui.importers.tool_summary import find_exit_code, summarize

TEXT_LIMIT = 16_000
RESULT_LIMIT = 8_000
THINKING_LIMIT = 500
# Codex injects these into the user role; they are context, not requests.
_META_PREFIXES = ("# AGENTS.md instructions", "<environment_context>", "<user_instructions>",
                  "<permissions instructions>", "<INSTRUCTIONS>", "<turn_aborted>", "<user_shell_command>",
                  "<model_switch>", "<collaboration_mode>", "<personality_spec>", "<skill>")
_SHELL_TOOLS = {"shell", "exec_command", "local_shell", "container.exec", "shell_command", "write_stdin",
                "unified_exec"}
_IMAGE_MARK = re.compile(r"</?image\b[^>]*>|\[Image #\d+\]", re.IGNORECASE)
_TEXT_BLOCKS = {"input_text", "output_text", "text", "summary_text"}


def without_images(text: str) -> str:
    """A user text without Codex's image markers (`<image name=...>`, `[Image #1]`); "[image]" if only them."""
    stripped = _IMAGE_MARK.sub("", text)
    if stripped == text:
        return text
    stripped = "\n".join(line.strip() for line in stripped.splitlines() if line.strip())
    return stripped or "[image]"


def message_text(content: Any) -> str:
    """The text of a response-item message content list (or a plain string)."""
    if isinstance(content, str):
        return content
    if not isinstance(content, list):
        return ""
    return "\n".join(block["text"] for block in content
                     if isinstance(block, dict) and str(block.get("type")) in _TEXT_BLOCKS
                     and isinstance(block.get("text"), str))


def message_turn(role: str, text: str, ts: dt.datetime | None, model: str | None, source: str) -> ParsedTurn:
    """A user, assistant or developer message; injected context becomes a meta turn."""
    if role in ("developer", "system"):
        return ParsedTurn(role="system", kind="meta", text=clip(text, TEXT_LIMIT), timestamp=ts, source_id=source)
    if role == "user":
        kind = "meta" if text.lstrip().startswith(_META_PREFIXES) else "message"
        return ParsedTurn(role="user", kind=kind, text=clip(text, TEXT_LIMIT), timestamp=ts, source_id=source)
    return ParsedTurn(role="assistant", text=clip(text, TEXT_LIMIT), model=model, timestamp=ts, source_id=source)


def thinking_turn(text: str, ts: dt.datetime | None, model: str | None, source: str) -> ParsedTurn:
    """A readable reasoning summary (the encrypted reasoning itself is never kept)."""
    return ParsedTurn(role="assistant", kind="thinking", text=clip(text, THINKING_LIMIT), model=model,
                      timestamp=ts, source_id=source)


def reasoning_parts(payload: dict[str, Any]) -> list[str]:
    """The readable summary parts of a reasoning item, if Codex wrote any."""
    summary = payload.get("summary")
    if not isinstance(summary, list):
        return []
    return [part["text"] for part in summary if isinstance(part, dict) and isinstance(part.get("text"), str)]


def call_turn(payload: dict[str, Any], ts: dt.datetime | None, model: str | None,
              source: str, tools: dict[str, str]) -> ParsedTurn:
    """function_call, custom_tool_call, local_shell_call or web_search_call as a tool_call turn."""
    ptype = payload.get("type")
    name = payload.get("name") if isinstance(payload.get("name"), str) else None
    args: Any = None
    if ptype == "function_call":
        raw = payload.get("arguments")
        args = raw
        if isinstance(raw, str):
            try:
                args = orjson.loads(raw)
            except orjson.JSONDecodeError:
                args = raw
    elif ptype == "custom_tool_call":
        args = payload.get("input")
    elif ptype == "local_shell_call":
        name = name or "local_shell"
        action = payload.get("action")
        args = {"command": action.get("command")} if isinstance(action, dict) else None
    elif ptype == "web_search_call":
        name = name or "web_search"
        action = payload.get("action")
        args = {"query": action.get("query")} if isinstance(action, dict) else None
    call_id = payload.get("call_id") or payload.get("id")
    if isinstance(call_id, str) and call_id:
        source = call_id
        if name:
            tools[call_id] = name
    text = args if isinstance(args, str) else dumps(args)
    return ParsedTurn(role="assistant", kind="tool_call", text=clip(text, RESULT_LIMIT), tool_name=name,
                      tool_input=summarize(name, args), model=model, timestamp=ts, source_id=source)


def result_turn(payload: dict[str, Any], ts: dt.datetime | None, source: str, tools: dict[str, str]) -> ParsedTurn:
    """function_call_output / custom_tool_call_output, with the exit status and error flag it states."""
    call_id = payload.get("call_id")
    name = tools.get(call_id) if isinstance(call_id, str) else None
    text, exit_code, failed = _output(payload.get("output"))
    if exit_code is None and (name in _SHELL_TOOLS or (name or "").endswith("shell")):
        exit_code = find_exit_code(text)
    if isinstance(call_id, str) and call_id:
        source = f"{call_id}:result"
    is_error = failed or (exit_code is not None and exit_code != 0)
    return ParsedTurn(role="tool", kind="tool_result", text=clip(text, RESULT_LIMIT), tool_name=name,
                      is_error=is_error, exit_code=exit_code, timestamp=ts, source_id=source)


_SANDBOX_FAILED = ("failed in sandbox:", "sandbox error:")
# a refusal Codex reports as the debug dump of its own error value: the command's exit code and output sit inside,
# quoted once more for each level of the dump ('aggregated_output: StreamOutput { text: \\"fatal: ...\\\\n\\"')
_DENIAL = re.compile(r'Sandbox\((\w+)\b.{0,200}?\bexit_code: (-?\d+).*?\baggregated_output: StreamOutput \{ text: '
                     r'(\\*)"(.*?)(?<!\\)\3", truncated', re.DOTALL)
_ESCAPE = re.compile(r"\\(.)", re.DOTALL)


def sandbox_denial(output: str) -> tuple[str, int] | None:
    """(the command's own output, its exit code) from a sandbox refusal's debug dump ("exec_command failed:
    CreateProcess { message: "Codex(Sandbox(Denied { output: ExecToolCallOutput { exit_code: 128, ...")."""
    match = _DENIAL.search(output[:RESULT_LIMIT])
    if not match:
        return None
    text = match.group(4)
    for _ in range(len(match.group(3)) + 1):  # one pass per level of quoting
        text = _ESCAPE.sub(lambda m: {"n": "\n", "t": "\t"}.get(m.group(1), m.group(1)), text)
    return f"sandbox: {match.group(1).lower()}\n{text.strip()}", int(match.group(2))


def _output(output: Any) -> tuple[str, int | None, bool]:
    """(text, exit code, failed) of a tool output: a JSON-string envelope, a dict or plain text."""
    if isinstance(output, str) and output.startswith("{") and '"output"' in output[:200]:
        try:
            decoded = orjson.loads(output)
        except orjson.JSONDecodeError:
            decoded = None
        if isinstance(decoded, dict):
            output = decoded
    if isinstance(output, dict):
        text = output.get("output", output.get("content", ""))
        text = text if isinstance(text, str) else message_text(text) or dumps(text)
        metadata = output.get("metadata")
        code = metadata.get("exit_code") if isinstance(metadata, dict) else output.get("exit_code")
        code = code if isinstance(code, int) and not isinstance(code, bool) else None
        return text, code, output.get("success") is False
    if isinstance(output, list):
        return message_text(output), None, False
    if isinstance(output, str):  # Codex's own word that its sandbox refused or killed the call
        denied = sandbox_denial(output) if "Sandbox(" in output[:200] else None
        if denied:
            return denied[0], denied[1], True
        return output, None, output.startswith(_SANDBOX_FAILED)
    return dumps(output), None, False
