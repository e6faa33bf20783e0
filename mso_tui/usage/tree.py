"""The transcript files under agent folders and a fingerprint of them, with os and marshal only.

Kept free of pathlib, typing and the readers: a warm `mso usage` run lists the tree, compares
fingerprints and prints saved text, and Python's own start-up is most of its time.
"""
from __future__ import annotations

import marshal
import os
import time

from mso_tui.locations import config_path

TYPE_CHECKING = False  # typing only for type checkers: the warm `mso usage` path counts every import
if TYPE_CHECKING:
    from typing import Any

CACHE_VERSION = 7  # 4: a response's best copy counts (ccusage 20); 5: problems per file; 6: Codex forks,
# archived copies; 7: sums per UTC minute (any zone's days, billing blocks)
# (kind, path, size, mtime_ns, inode)
FileStat = tuple[str, str, int, int, int]
PRICES_FILE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "prices.json")


def claude_roots(directory: str) -> list[str]:
    """The projects/ folder of a Claude config dir (or the dir itself when it is one)."""
    inner = os.path.join(directory, "projects")
    return [inner if os.path.isdir(inner) else directory]


def codex_roots(directory: str) -> list[str]:
    """sessions/ and archived_sessions/ of a Codex home (or the dir itself when it is a sessions dir)."""
    found = [os.path.join(directory, n) for n in ("sessions", "archived_sessions")]
    return [f for f in found if os.path.isdir(f)] or [directory]


def list_files(kind: str, roots: list[str], unreadable: list[str] | None = None) -> list[FileStat]:
    """Every .jsonl under the roots with its size, mtime and inode, sorted by path (folders it cannot list go
    to `unreadable`)."""
    out: list[FileStat] = []
    stack = list(roots)
    while stack:  # scandir: one syscall per entry, no path objects (this is most of a warm run)
        folder = stack.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError as exc:
            if unreadable is not None:
                unreadable.append(f"{folder}: cannot read: {exc.strerror or exc}")
            continue
        for entry in entries:
            try:
                if entry.is_dir(follow_symlinks=False):
                    stack.append(entry.path)
                elif entry.name.endswith(".jsonl"):
                    st = entry.stat()
                    out.append((kind, entry.path, st.st_size, st.st_mtime_ns, st.st_ino))
            except OSError:
                continue  # removed while we walked
    out.sort(key=lambda f: f[1])
    return out


def time_zone() -> str:
    """What decides local days: the UTC offset now and the zone's names."""
    return f"{time.localtime().tm_gmtoff}|{time.tzname}|{time.daylight}"


def salt() -> str:
    """What besides the files changes a summary: the price files (shipped, config, genai-prices) and the time zone.

    Their sizes and mtimes stand for their content, so a warm run need not load the price table.
    """
    marks = []
    for path in (PRICES_FILE, config_path()):
        try:
            st = os.stat(path)
            marks.append((path, st.st_size, st.st_mtime_ns))
        except OSError:
            marks.append((path, -1, -1))
    from mso_tui.usage.pricing_genai import database_mark

    return f"{CACHE_VERSION}|{marks}|{database_mark()}|{time_zone()}"


def fingerprint(stats: list[FileStat], extra: str) -> str:
    """A digest of every file's identity plus `extra` (what else changes the result)."""
    try:  # the builtin module: hashlib would first load OpenSSL's (~4 ms of a warm run)
        from _blake2 import blake2b
    except ImportError:
        from hashlib import blake2b
    digest = blake2b(extra.encode(), digest_size=20)
    digest.update(marshal.dumps(stats))
    return digest.hexdigest()


def list_tree(claude_dirs: list[str], codex_dirs: list[str],
              unreadable: list[str] | None = None) -> tuple[list[FileStat], str]:
    """Every transcript file of the folders, and the fingerprint of that exact tree (and prices)."""
    stats = list_files("claude", [r for d in claude_dirs for r in claude_roots(d)], unreadable)
    stats += list_files("codex", [r for d in codex_dirs for r in codex_roots(d)], unreadable)
    return stats, fingerprint(stats, salt())


def load(path: str) -> object:
    """A marshalled value, or None when missing or unreadable (a cache is never an error)."""
    try:
        with open(path, "rb") as handle:
            return marshal.loads(handle.read())
    except (OSError, EOFError, ValueError, TypeError):
        return None


def save(path: str, value: Any) -> None:
    """Write a marshalled value atomically (a killed run never leaves a torn cache), owner-only."""
    tmp = f"{path}.{os.getpid()}.tmp"
    try:
        os.makedirs(os.path.dirname(path), mode=0o700, exist_ok=True)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(marshal.dumps(value))
        os.replace(tmp, path)
    except OSError:
        try:
            os.unlink(tmp)
        except OSError:
            pass
