"""Short summaries of agent tool calls (command, file path, pattern, todo list) and exit codes."""
from __future__ import annotations

from typing import Any

import orjson

from mso_tui.importers.jsonl import clip

SUMMARY_LIMIT = 300
_SHELL = {"bash", "shell", "run_shell_command", "exec_command", "local_shell", "shell_command", "container.exec"}
_FILE_KEYS = ("file_path", "absolute_path", "notebook_path", "path", "file")
_PATTERN_TOOLS = {"grep", "glob", "search_file_content", "ls", "list_directory", "find", "search"}
_TODO_TOOLS = {"todowrite", "write_todos", "update_plan", "todo_write"}
_STATUS_MARK = {"completed": "x", "done": "x", "in_progress": "~", "in-progress": "~", "cancelled": "-"}
_PATCH_MARKERS = ("*** Update File: ", "*** Add File: ", "*** Delete File: ", "*** Move to: ")
# The ways shells and agents print an exit status; checked with str.find, no regex needed.
_EXIT_MARKERS = ("Process exited with code ", "Exit code: ", "Exit Code: ", "Exit code ", "exit code: ",
                 "exit status ")


def shell_command(value: Any) -> str | None:
    """A shell command as one string; `["bash", "-lc", "cmd"]` gives "cmd", other arrays are joined."""
    if isinstance(value, str):
        return value
    if isinstance(value, list) and value and all(isinstance(part, str) for part in value):
        if len(value) == 3 and value[1] in ("-lc", "-c") and value[0].rsplit("/", 1)[-1] in ("bash", "sh", "zsh"):
            return value[2]
        return " ".join(part if part and " " not in part else repr(part) for part in value)
    return None


def patch_files(patch: str) -> list[str]:
    """The file paths an apply_patch body touches, in order, without repeats."""
    files: list[str] = []
    if "*** " not in patch:
        return files
    for line in patch.splitlines():
        if line.startswith("*** "):
            for marker in _PATCH_MARKERS:
                if line.startswith(marker):
                    name = line[len(marker):].strip()
                    if name and name not in files:
                        files.append(name)
                    break
    return files


def todo_summary(items: Any) -> str | None:
    """A compact checklist: `[x] done item; [~] current item; [ ] open item`."""
    if not isinstance(items, list):
        return None
    parts = []
    for item in items:
        if not isinstance(item, dict):
            continue
        text = item.get("content") or item.get("step") or item.get("description") or item.get("title")
        if not isinstance(text, str):
            continue
        mark = _STATUS_MARK.get(str(item.get("status", "")).lower(), " ")
        parts.append(f"[{mark}] {clip(text.strip(), 80)}")
    return "; ".join(parts) if parts else None


def summarize(name: str | None, args: Any) -> str | None:
    """A short, human-readable summary of a tool call's input, or None when nothing useful is known."""
    lowered = (name or "").lower()
    if isinstance(args, str):
        if lowered == "apply_patch" or args.startswith("*** Begin Patch"):
            files = patch_files(args)
            return clip(", ".join(files), SUMMARY_LIMIT) if files else None
        return clip(args.strip(), SUMMARY_LIMIT) or None
    if not isinstance(args, dict):
        return None
    summary: str | None = None
    if lowered in _SHELL or lowered.endswith("shell"):
        summary = shell_command(args.get("command", args.get("cmd")))
    elif lowered in _TODO_TOOLS:
        summary = todo_summary(args.get("todos", args.get("plan")))
    elif lowered == "apply_patch":
        patch = args.get("input", args.get("patch"))
        summary = ", ".join(patch_files(patch)) if isinstance(patch, str) else None
    elif lowered in _PATTERN_TOOLS and isinstance(args.get("pattern"), str):
        where = args.get("path") or args.get("dir_path")
        summary = args["pattern"] + (f" in {where}" if isinstance(where, str) and where else "")
    if summary is None:
        summary = _first_string(args, _FILE_KEYS + ("pattern", "url", "query", "description", "prompt"))
    if summary is None and args:
        summary = orjson.dumps(args, option=orjson.OPT_NON_STR_KEYS, default=str).decode()
    return clip(summary.strip(), SUMMARY_LIMIT) if summary else None


def _first_string(args: dict[str, Any], keys: tuple[str, ...]) -> str | None:
    """The first non-empty string value among `keys`, or a list of file paths (MultiEdit, read_many_files)."""
    for key in keys:
        value = args.get(key)
        if isinstance(value, str) and value:
            return value
    paths = args.get("paths") or args.get("file_paths")
    if isinstance(paths, list) and paths and all(isinstance(p, str) for p in paths):
        return ", ".join(paths)
    return None


def find_exit_code(text: str) -> int | None:
    """The exit status a tool output states ("Exit code: 1", "Process exited with code 0"), if any."""
    if not text:
        return None
    # The status line sits at the start or the end of an output; long outputs are not scanned whole.
    for window in (text[:400], text[-400:]):
        for marker in _EXIT_MARKERS:
            at = window.find(marker)
            if at >= 0:
                digits = window[at + len(marker): at + len(marker) + 6].split(None, 1)
                token = digits[0].rstrip(".,;)") if digits else ""
                if token.lstrip("-").isdigit():
                    return int(token)
    return None
