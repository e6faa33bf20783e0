"""Safe defaults for files that hold user data: owner-only permissions, atomic private writes, masked keys."""
from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path
from typing import Iterable

FILE_MODE = 0o600
DIR_MODE = 0o700


def check_permissions(paths: Iterable[str | os.PathLike[str]]) -> list[str]:
    """One warning per existing file wider than 0600 or folder wider than 0700 (for `mso doctor`)."""
    warnings: list[str] = []
    for raw in paths:
        path = Path(raw)
        try:
            info = path.stat()
        except OSError:
            continue  # absent files are not a risk; doctor reports missing ones elsewhere
        is_dir = stat.S_ISDIR(info.st_mode)
        allowed = DIR_MODE if is_dir else FILE_MODE
        mode = stat.S_IMODE(info.st_mode)
        if mode & ~allowed:
            kind = "folder" if is_dir else "file"
            warnings.append(f"{path}: {kind} mode {mode:04o} lets other users read it; "
                            f"run: chmod {allowed:o} {path}")
    return warnings


def private_write(path: str | os.PathLike[str], text: str, encoding: str = "utf-8") -> Path:
    """Write text to path atomically as a 0600 file (temp file in the same folder, then os.replace)."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True, mode=DIR_MODE)
    # mkstemp creates the file 0600 from the start, so the content is never readable by others
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding=encoding) as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, FILE_MODE)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target


def ensure_private_dir(path: str | os.PathLike[str]) -> Path:
    """Create a folder (and parents) and make the folder itself 0700."""
    folder = Path(path)
    folder.mkdir(parents=True, exist_ok=True, mode=DIR_MODE)
    os.chmod(folder, DIR_MODE)
    return folder


def mask_key(value: str | None) -> str:
    """Say whether a key is set without showing it: 'set (hf_…, 37 chars)' or 'not set'."""
    if not value:
        return "not set"
    value = value.strip()
    # Only a known public prefix is shown; it names the provider and carries no secret bits.
    prefixes = ("sk-ant-", "sk-proj-", "sk-", "hf_", "ghp_", "gho_", "github_pat_", "glpat-",
                "xoxb-", "xoxp-", "AKIA", "AIza", "sk_live_", "sk_test_", "rk_live_")
    prefix = next((p for p in prefixes if value.startswith(p) and len(value) > len(p) + 8), "")
    shown = f"{prefix}…, " if prefix else ""
    return f"set ({shown}{len(value)} chars)"
