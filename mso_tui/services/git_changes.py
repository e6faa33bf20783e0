"""Read a repository's current commit and its changes since a commit (plain `git`, no library)."""
from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass

EMPTY_TREE = "4b825dc642cb6eb9a060e54bf8d69288fbee4904"  # git's well-known empty tree


@dataclass(frozen=True)
class GitChange:
    """One changed file between two points of a repository."""

    path: str
    change_type: str  # created / modified / deleted / renamed
    lines_added: int
    lines_removed: int
    old_path: str | None = None


def run_git(repo: str, *args: str) -> str | None:
    """Run git in repo; None when git or the repository is not there."""
    try:
        # quotepath off: a path with non-ASCII letters comes as itself, as `status -z` gives it
        done = subprocess.run(["git", "-C", repo, "-c", "core.quotepath=off", *args], capture_output=True,
                              text=True, encoding="utf-8", errors="surrogateescape", timeout=20)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout if done.returncode == 0 else None


def is_repo(path: str | None) -> bool:
    """True when path is inside a git work tree."""
    if not path or not os.path.isdir(path):
        return False
    return (run_git(path, "rev-parse", "--is-inside-work-tree") or "").strip() == "true"


def head_commit(repo: str) -> str | None:
    """The commit HEAD points at (None in a repository with no commits)."""
    out = run_git(repo, "rev-parse", "--verify", "-q", "HEAD")
    return out.strip() if out else None


def changes_since(repo: str, start: str | None) -> list[GitChange]:
    """Files changed from start (or the empty tree) to the working tree, renames and untracked included."""
    base = start or EMPTY_TREE
    status = run_git(repo, "diff", "--name-status", "-M", base) or ""
    numstat = run_git(repo, "diff", "--numstat", "-M", base) or ""
    counts: dict[str, tuple[int, int]] = {}
    for line in numstat.splitlines():
        parts = line.split("\t")
        if len(parts) >= 3:
            added, removed = (int(x) if x.isdigit() else 0 for x in parts[:2])  # "-" for binary files
            counts[parts[-1]] = (added, removed)
    changes: list[GitChange] = []
    for line in status.splitlines():
        parts = line.split("\t")
        code = parts[0][:1]
        if code == "R" and len(parts) == 3:
            old, new = parts[1], parts[2]
            added, removed = _rename_counts(counts, old, new)
            changes.append(GitChange(new, "renamed", added, removed, old))
        elif len(parts) == 2:
            kind = {"A": "created", "D": "deleted"}.get(code, "modified")
            added, removed = counts.get(parts[1], (0, 0))
            changes.append(GitChange(parts[1], kind, added, removed))
    # named from the work tree's top, as diff names them (repo may be a folder inside the work tree)
    top = (run_git(repo, "rev-parse", "--show-toplevel") or repo).strip() or repo
    untracked = run_git(repo, "ls-files", "--others", "--exclude-standard", "--full-name") or ""
    for path in untracked.splitlines():
        changes.append(GitChange(path, "created", _line_count(os.path.join(top, path)), 0))
    return changes


def _rename_counts(counts: dict[str, tuple[int, int]], old: str, new: str) -> tuple[int, int]:
    """numstat names a rename 'old => new' or with braces; find its counts by the new name's tail."""
    for key, value in counts.items():
        if "=>" in key and key.replace("}", "").endswith(os.path.basename(new)):
            return value
    return counts.get(new, (0, 0))


def _line_count(path: str) -> int:
    """Lines in a text file (0 for binary or unreadable ones)."""
    try:
        with open(path, "rb") as handle:
            data = handle.read(2_000_000)
    except OSError:
        return 0
    return 0 if b"\0" in data else data.count(b"\n")
