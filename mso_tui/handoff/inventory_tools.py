"""Reading tool calls for the session inventory: which family a tool is, its result, what an edit changed.

Kept apart from the generator's tools.py on purpose: the inventory must not choose the way the generator does.
"""
from __future__ import annotations

import re
from typing import Any, Sequence

from mso_tui.handoff import inventory_text as tx
from mso_tui.records import TurnRecord

_SHELL_WORDS = ("bash", "shell", "exec", "command", "terminal", "powershell")
_EDIT_WORDS = ("edit", "write", "patch", "replace", "create", "insert")
_PATH_KEYS = ("file_path", "path", "filePath", "target_file", "filename", "notebook_path", "absolute_path")


def family(name: str) -> str:
    """shell / edit / other, by the tool's name alone."""
    key = name.lower().rsplit("__", 1)[-1]
    if "todo" in key or "plan" in key:  # TodoWrite, update_plan: a checklist, not a file
        return "other"
    if any(w in key for w in _SHELL_WORDS):
        return "shell"
    if any(w in key for w in _EDIT_WORDS):
        return "edit"
    return "other"


def results(turns: Sequence[TurnRecord]) -> dict[int, TurnRecord]:
    """Each tool call's result, by the call's position: by source id, else the next result before another call."""
    by_source = {t.source_id[: -len(":result")]: t for t in turns
                 if t.kind == "tool_result" and t.source_id and t.source_id.endswith(":result")}
    found: dict[int, TurnRecord] = {}
    for i, turn in enumerate(turns):
        if turn.kind != "tool_call":
            continue
        if turn.source_id and turn.source_id in by_source:
            found[i] = by_source[turn.source_id]
            continue
        for later in turns[i + 1:i + 4]:
            if later.kind == "tool_call":
                break
            if later.kind == "tool_result":
                found[i] = later
                break
    return found


_EXIT = re.compile(r"(?:exit code|exited with code|exit status)[:\s]+(-?\d+)", re.IGNORECASE)


def failed(result: TurnRecord | None) -> bool:
    """Whether a tool result reports failure (the importer's flag or exit code, or an exit line in its text)."""
    if result is None:
        return False
    if result.is_error or result.exit_code not in (None, 0):
        return True
    match = _EXIT.search((result.text or "")[:400]) or _EXIT.search((result.text or "")[-400:])
    return match is not None and match.group(1) != "0"


def edit_parts(call: TurnRecord) -> list[tuple[str, str, str]]:
    """(path, old text, new text) of every change an edit call makes."""
    raw = call.text or ""
    data = tx.parse_json(raw)
    patch: Any = raw if "*** Begin Patch" in raw else ""
    if not patch and isinstance(data, dict):
        patch = data.get("input") or data.get("patch") or ""
    if isinstance(patch, str) and "*** " in patch:
        return patch_parts(patch)
    if not isinstance(data, dict):
        return [(call.tool_input or "", "", "")] if call.tool_input else []
    path = next((str(data[k]) for k in _PATH_KEYS if isinstance(data.get(k), str)), call.tool_input or "")
    edits: list[Any] = data["edits"] if isinstance(data.get("edits"), list) else [data]
    parts = []
    for edit in edits:
        if not isinstance(edit, dict):
            continue
        old = edit.get("old_string") or edit.get("old_str") or ""
        new = edit.get("new_string") or edit.get("new_str") or edit.get("content") or edit.get("file_text") or ""
        parts.append((path, str(old), str(new)))
    return parts or [(path, "", "")]


def patch_parts(patch: str) -> list[tuple[str, str, str]]:
    """(path, removed lines, added lines) per file of an apply_patch body."""
    parts: list[tuple[str, str, str]] = []
    current, old, new = "", [], []  # type: ignore[var-annotated]
    for line in patch.splitlines():
        match = tx.PATCH_FILE.match(line)
        if match:
            if current:
                parts.append((current, "\n".join(old), "\n".join(new)))
            current, old, new = (match.group(1) or match.group(2)).strip(), [], []
        elif line.startswith("-") and not line.startswith("---"):
            old.append(line[1:])
        elif line.startswith("+") and not line.startswith("+++"):
            new.append(line[1:])
    if current:
        parts.append((current, "\n".join(old), "\n".join(new)))
    return parts


def command_of(call: TurnRecord) -> str:
    """The command line a shell call ran."""
    data = tx.parse_json(call.text or "")
    if isinstance(data, dict):
        value = data.get("command", data.get("cmd"))
        if isinstance(value, list):
            value = " ".join(str(v) for v in value if v not in ("bash", "-lc", "sh", "-c"))
        if isinstance(value, str) and value.strip():
            return " ".join(value.split())
    return " ".join((call.tool_input or call.text or "").split())
