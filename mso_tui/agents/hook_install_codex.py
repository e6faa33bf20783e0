"""Codex CLI's `notify = [...]` in config.toml, added or removed as one line of text (the rest keeps its bytes)."""
from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

from mso_tui.agents.hook_install import Change, _read, _write, is_ours, mso_argv
from mso_tui.errors import Conflict, InvalidInput

NOTIFY_LINE = re.compile(r"^\s*notify\s*=")
TABLE_LINE = re.compile(r"^\s*\[")


def _parse(path: Path, text: str) -> dict:
    """The TOML, or a clear error naming the file."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InvalidInput(f"{path}: not valid TOML ({exc}); nothing changed") from None


def _notify_line(argv: list[str]) -> str:
    """mso's notify line (a TOML array of basic strings: JSON strings are valid TOML basic strings)."""
    return "notify = [" + ", ".join(json.dumps(a) for a in argv) + "]\n"


def _top_level_notify(lines: list[str]) -> int | None:
    """Index of a top-level `notify =` line (before the first table header)."""
    for index, line in enumerate(lines):
        if TABLE_LINE.match(line):
            return None
        if NOTIFY_LINE.match(line):
            return index
    return None


def install_toml(path: Path) -> Change:
    """Set notify to this mso's Codex hook; refuse to replace another program's notify."""
    text = _read(path)
    old = text or ""
    data = _parse(path, old)
    argv = [*mso_argv(), "hook", "codex"]
    change = Change("codex", path, "install")
    current = data.get("notify")
    if current == argv:
        return change
    if current is not None and not is_ours(current, "codex"):
        raise Conflict(f"{path}: notify is already set to {current!r}; Codex runs one notify program, so "
                       "mso will not replace it (remove that line, or chain it from a script)")
    lines = old.splitlines(keepends=True)
    index = _top_level_notify(lines)
    if index is not None and current is not None:
        lines[index] = _notify_line(argv)  # an older mso's path (written by mso on one line)
    else:
        first_table = next((i for i, line in enumerate(lines) if TABLE_LINE.match(line)), len(lines))
        at = first_table
        while at > 0 and not lines[at - 1].strip():
            at -= 1  # after the last top-level line, keeping the blank lines before the first table
        if at == len(lines) and lines and not lines[-1].endswith("\n"):
            lines[-1] += "\n"
        lines.insert(at, _notify_line(argv))
    new = "".join(lines)
    if _parse(path, new).get("notify") != argv:  # never leave a file Codex would read differently
        raise InvalidInput(f"{path}: could not place notify at the top level; nothing changed")
    change.events.append("notify")
    change.backup = _write(path, text, new)
    return change


def uninstall_toml(path: Path) -> Change:
    """Remove mso's notify line; another program's notify is left alone."""
    text = _read(path)
    change = Change("codex", path, "uninstall")
    if text is None or not is_ours(_parse(path, text).get("notify"), "codex"):
        return change
    lines = text.splitlines(keepends=True)
    index = _top_level_notify(lines)
    if index is None:
        return change
    del lines[index]
    change.events.append("notify")
    change.backup = _write(path, text, "".join(lines))
    return change
