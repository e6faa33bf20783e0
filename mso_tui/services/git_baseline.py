"""What a repository already had changed when a session started, so that work never counts as the session's.

At start, every file `git status` shows (modified, staged, deleted, untracked) is stored with the hash of
its content then (git's blob hash, "" for a missing file). A change since the start commit is the
session's unless each of its paths is still exactly as it was at the start; a file dirty at the start and
edited further counts. mso's own exported handoffs (HANDOFF.md, NAME-handoff-N.md) never count, and
an AGENTS.md counts only for what changed outside the block mso keeps there (Codex's handoff).
"""
from __future__ import annotations

import fnmatch
import hashlib
import os

from mso_tui.handoff.agents_md import without_block
from mso_tui.services.git_changes import GitChange, changes_since, run_git

# files mso itself writes into a repo: exported handoffs are not the session's work
_OWN_FILES = ("HANDOFF.md", "*-handoff-*.md")
BIG_FILE = 32 * 2**20  # bytes; larger files are not read at each session start
AGENTS_MD = "AGENTS.md"  # mso keeps a marked block in it; the rest is its owner's
Baseline = dict[str, str]  # path from the work tree's top -> blob hash of its content at the start ("" missing)


def is_mso_output(path: str) -> bool:
    """True for a file mso writes (an exported handoff)."""
    name = os.path.basename(path)
    return any(fnmatch.fnmatch(name, pattern) for pattern in _OWN_FILES)


def top_level(repo: str) -> str | None:
    """The work tree's top folder (git's paths are relative to it), None outside a repository."""
    out = run_git(repo, "rev-parse", "--show-toplevel")
    return out.strip() if out else None


def _blob_hash(data: bytes) -> str:
    """git's blob hash of some bytes."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


def _outside_block(data: bytes) -> bytes:
    """An AGENTS.md without mso's block: what its owner wrote."""
    return without_block(data.decode("utf-8", "replace")).encode("utf-8")


def content_hash(path: str) -> str:
    """git's blob hash of a file now ("" when missing; a symlink: its target; AGENTS.md: without mso's block)."""
    try:
        if os.path.basename(path) == AGENTS_MD and not os.path.islink(path):
            with open(path, "rb") as handle:
                return _blob_hash(_outside_block(handle.read()))
        if os.path.islink(path):
            return _blob_hash(os.readlink(path).encode())
        st = os.stat(path)
        if st.st_size > BIG_FILE:  # a large untracked file (a data dump): its size and time tell an edit apart
            return f"stat:{st.st_size}:{st.st_mtime_ns}"
        digest = hashlib.sha1(b"blob %d\0" % st.st_size)
        with open(path, "rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                digest.update(chunk)
        return digest.hexdigest()
    except OSError:
        return ""


def dirty_files(repo: str) -> Baseline | None:
    """Every file git shows as changed or untracked now, with its content hash (None: not a repository)."""
    top = top_level(repo)
    out = run_git(repo, "status", "--porcelain=v1", "-z", "--untracked-files=all") if top else None
    if top is None or out is None:
        return None
    fields = out.split("\0")
    paths: list[str] = []
    index = 0
    while index < len(fields):
        entry = fields[index]
        index += 1
        if len(entry) < 4:
            continue
        paths.append(entry[3:])
        if entry[0] in "RC":  # a rename or copy: the next field is where it came from
            if index < len(fields) and fields[index]:
                paths.append(fields[index])
            index += 1
    return {path: content_hash(os.path.join(top, path)) for path in paths}


def unchanged_since_start(change: GitChange, baseline: Baseline, top: str) -> bool:
    """True when every path of the change is exactly as it was when the session started."""
    paths = [p for p in (change.path, change.old_path) if p]
    return all(p in baseline and content_hash(os.path.join(top, p)) == baseline[p] for p in paths)


def only_mso_block_changed(change: GitChange, repo: str, start: str | None, top: str) -> bool:
    """True for an AGENTS.md, clean at the start, whose text outside mso's block is what the start commit had."""
    if os.path.basename(change.path) != AGENTS_MD or change.old_path:
        return False
    committed = run_git(repo, "show", f"{start}:{change.path}") if start else None
    before = _blob_hash(_outside_block((committed or "").encode("utf-8", "surrogateescape")))
    return content_hash(os.path.join(top, change.path)) == before


def has_start_point(start: str | None, baseline: Baseline | None) -> bool:
    """Whether the session recorded where the repository stood when it started (a commit or its dirty files)."""
    return start is not None or baseline is not None


def session_changes(repo: str, start: str | None, baseline: Baseline | None) -> tuple[list[GitChange], int]:
    """The session's own changes since its start commit, and how many changed files were left out as older."""
    top = top_level(repo) or repo
    own = [c for c in changes_since(repo, start) if not is_mso_output(c.path)]
    baseline = baseline or {}
    newer = [c for c in own if not unchanged_since_start(c, baseline, top)]
    kept = [c for c in newer if c.path in baseline or not only_mso_block_changed(c, repo, start, top)]
    return kept, len(own) - len(newer)
