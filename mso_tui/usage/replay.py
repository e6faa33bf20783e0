"""Replay what `mso usage --claude-dir/--codex-dir` printed last time, when nothing it read changed.

The saved text is keyed by the exact arguments, the working folder and the home folder (which
resolve relative paths and ~), and is valid while the fingerprint of the tree (every file's size,
mtime and inode, the price files and the time zone) is the same. This runs before argparse is
even imported: on unchanged data a run is Python's start-up, one listing of the tree and a write.
"""
from __future__ import annotations

import os
import sys
import time

from mso_tui.locations import cache_path
from mso_tui.usage.tree import CACHE_VERSION, list_tree, load, save

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Sequence, TextIO

MAX_ENTRIES = 16  # different argument lists remembered at once


def output_file() -> str:
    """The file holding the saved outputs."""
    return os.path.join(cache_path(), f"usage-output-v{CACHE_VERSION}.marshal")


def request_key(argv: Sequence[str]) -> str:
    """What besides the tree decides the printed text: the arguments and what resolves their paths."""
    try:
        here = os.getcwd()
    except OSError:  # the working folder was removed: relative paths resolve to nothing
        here = ""
    return repr((list(argv), here, os.environ.get("HOME", "")))


def note(files: int, read: int, seconds: float) -> str:
    """The one-line summary printed to stderr after a table."""
    return f"{files} files, {read} read, {files - read} from cache, {seconds:.2f}s"


def replay(argv: Sequence[str], out: TextIO | None = None, err: TextIO | None = None) -> bool:
    """Print the saved output for these arguments if the tree is unchanged; False when it cannot."""
    if "--no-cache" in argv:
        return False
    started = time.perf_counter()
    entries = load(output_file())
    entry = entries.get(request_key(argv)) if isinstance(entries, dict) else None
    if not (isinstance(entry, tuple) and len(entry) == 5):
        return False
    claude, codex, fingerprint, text, table = entry
    if not all(os.path.isdir(d) for d in (*claude, *codex)):
        return False  # the full run explains a missing folder
    stats, now = list_tree(claude, codex)
    if now != fingerprint:
        return False
    (out or sys.stdout).write(text)
    if table:
        print(note(len(stats), 0, time.perf_counter() - started), file=err or sys.stderr)
    return True


def remember(argv: Sequence[str], claude: list[str], codex: list[str], fingerprint: str, text: str,
             table: bool) -> None:
    """Save the output of a full run for `replay` (the oldest of more than MAX_ENTRIES is dropped)."""
    entries = load(output_file())
    if not isinstance(entries, dict):
        entries = {}
    key = request_key(argv)
    entries.pop(key, None)
    entries[key] = (claude, codex, fingerprint, text, table)
    while len(entries) > MAX_ENTRIES:
        del entries[next(iter(entries))]
    save(output_file(), entries)
