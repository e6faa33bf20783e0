"""Which importer reads a file: by name pattern first, then by sniffing its first bytes; --format lookup."""
from __future__ import annotations

import importlib
import os
import re
from pathlib import Path
from types import ModuleType
from typing import Iterator

# Sniff order matters: specific signatures first, the broad web-chat text detector last.
MODULES = ("codex", "gemini", "claude_code", "aider", "specstory", "cursor", "text")
FORMAT_NAMES = {
    "claude-code": "claude_code", "claude": "claude_code", "claude_code": "claude_code",
    "codex": "codex", "gemini": "gemini", "aider": "aider", "specstory": "specstory",
    "cursor": "cursor", "text": "text", "paste": "text", "web": "text",
}
HEAD_BYTES = 64 * 1024
# (pattern over the path with "/" separators, module). Real layouts and the flattened names of
# copies (a/b/c.jsonl saved as a__b__c.jsonl) both match.
_NAME_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\.aider\.(chat\.history\.md|input\.history)$"), "aider"),
    (re.compile(r"\.specstory(/|__)history(/|__)[^/]*\.md$"), "specstory"),
    (re.compile(r"(^|/|__)rollout-[^/]*\.jsonl(\.zst)?$"), "codex"),
    (re.compile(r"\.gemini(/|__)tmp(/|__).*((chats(/|__)session-[^/]*\.jsonl?)|logs\.json)$"), "gemini"),
    (re.compile(r"(^|/|__)projects(/|__)[^/]+(/|__)([0-9a-f-]{36}|agent-[0-9a-z]+)\.jsonl$"), "claude_code"),
    (re.compile(r"(^|/|__)projects(/|__)[^/]+(/|__)[0-9a-f-]{36}(/|__)subagents(/|__)agent-[^/]*\.jsonl$"),
     "claude_code"),
)
# Files that sit beside transcripts but are not conversations.
_NEVER = re.compile(r"(\.meta\.json|\.DS_Store|\.lock|\.tmp|\.pyc)$")
_SKIP_DIRS = {".git", "node_modules", "__pycache__", ".venv", "venv"}


class UnknownFormat(ValueError):
    """--format names no importer."""


def load(module_name: str) -> ModuleType:
    """The importer module of that name (imported on first use: `mso --help` stays fast)."""
    return importlib.import_module(f"mso_tui.importers.{module_name}")


def formats() -> list[str]:
    """The format names users can pass to --format."""
    return sorted({load(m).FORMAT for m in MODULES})


def by_format(name: str) -> ModuleType:
    """The importer for a --format value (its FORMAT name or a common alias)."""
    key = name.strip().lower()
    if key in FORMAT_NAMES:
        return load(FORMAT_NAMES[key])
    for module_name in MODULES:
        if load(module_name).FORMAT == key:
            return load(module_name)
    raise UnknownFormat(f"unknown format {name!r}; choose from {', '.join(formats())}")


def _head(path: Path) -> bytes:
    """The first bytes of a file (empty when unreadable)."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(HEAD_BYTES)
    except OSError:
        return b""
    return head[3:] if head[:3] == b"\xef\xbb\xbf" else head  # sniffers see what the parsers see, no BOM


def detect_format(path: Path, head: bytes | None = None) -> ModuleType | None:
    """The importer for a file, or None when no importer recognises it."""
    text = str(path).replace(os.sep, "/")
    if _NEVER.search(text):
        return None
    for pattern, module_name in _NAME_PATTERNS:
        if pattern.search(text):
            return load(module_name)
    head = _head(path) if head is None else head
    if not head.strip():
        return None
    for module_name in MODULES:
        module = load(module_name)
        try:
            if module.sniff(path, head):
                return module
        except Exception:  # a sniffer tripping on odd bytes must not stop detection of the rest
            continue
    return None


def is_sidecar(path: Path) -> bool:
    """Files that sit beside transcripts but are not conversations (.meta.json and the like)."""
    return bool(_NEVER.search(path.name))


def walk(root: Path, unreadable: list[str] | None = None) -> Iterator[Path]:
    """Every regular file under root (or root itself), skipping VCS and dependency folders, sorted.

    Folders that cannot be listed go to `unreadable` as "path: cannot read: reason"."""
    if root.is_file():
        yield root
        return

    def refused(exc: OSError) -> None:
        if unreadable is not None:
            unreadable.append(f"{exc.filename}: cannot read: {exc.strerror or exc}")

    for folder, dirs, names in os.walk(root, onerror=refused):
        dirs[:] = sorted(d for d in dirs if d not in _SKIP_DIRS)
        for name in sorted(names):
            path = Path(folder) / name
            if path.is_file():
                yield path


def is_incremental(path: Path) -> bool:
    """JSON-lines transcripts are append-only: a grown file is read from the stored offset."""
    return path.name.endswith(".jsonl")
