"""Find agent transcripts on this machine: Claude Code, Codex CLI, Gemini CLI, and aider/SpecStory in repos."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from mso_tui.importers.registry import walk


@dataclass(frozen=True)
class FoundFile:
    """One transcript file discovery found."""

    format: str
    path: Path
    size: int


@dataclass
class Discovery:
    """Everything found, with counts per format (files, bytes)."""

    found: list[FoundFile] = field(default_factory=list)
    roots: list[tuple[str, Path]] = field(default_factory=list)

    def counts(self) -> dict[str, tuple[int, int]]:
        """Format -> (files, bytes), formats in a stable order."""
        out: dict[str, list[int]] = {}
        for item in self.found:
            acc = out.setdefault(item.format, [0, 0])
            acc[0] += 1
            acc[1] += item.size
        return {k: (v[0], v[1]) for k, v in sorted(out.items())}

    @property
    def total_bytes(self) -> int:
        """All bytes found."""
        return sum(f.size for f in self.found)


def claude_projects_dirs(home: Path | None = None) -> list[Path]:
    """Claude Code projects/ folders: $CLAUDE_CONFIG_DIR (comma-separated), ~/.config/claude, ~/.claude."""
    home = home or Path.home()
    candidates = [Path(p.strip()).expanduser() for p in os.environ.get("CLAUDE_CONFIG_DIR", "").split(",") if p.strip()]
    candidates += [home / ".config" / "claude", home / ".claude"]
    out: list[Path] = []
    for base in candidates:
        # accept a config dir holding projects/ or a projects/ dir itself
        projects = base / "projects" if (base / "projects").is_dir() else base if base.name == "projects" else None
        if projects is not None and projects.is_dir() and projects.resolve() not in {p.resolve() for p in out}:
            out.append(projects)
    return out


def codex_session_dirs(home: Path | None = None) -> list[Path]:
    """${CODEX_HOME:-~/.codex}/sessions and archived_sessions."""
    base = Path(os.environ.get("CODEX_HOME") or (home or Path.home()) / ".codex").expanduser()
    return [base / n for n in ("sessions", "archived_sessions") if (base / n).is_dir()]


def gemini_files(home: Path | None = None) -> list[Path]:
    """~/.gemini/tmp/<project>/chats/session-* and logs.json."""
    tmp = (home or Path.home()) / ".gemini" / "tmp"
    out: list[Path] = []
    if not tmp.is_dir():
        return out
    for project in sorted(p for p in tmp.iterdir() if p.is_dir()):
        chats = project / "chats"
        if chats.is_dir():
            out += sorted(p for p in chats.iterdir() if p.is_file() and p.suffix in (".json", ".jsonl"))
        if (project / "logs.json").is_file():
            out.append(project / "logs.json")
    return out


def repo_files(repo_paths: Iterable[str]) -> list[tuple[str, Path]]:
    """aider histories and SpecStory exports inside the given repositories."""
    out: list[tuple[str, Path]] = []
    for repo in repo_paths:
        root = Path(repo)
        aider = root / ".aider.chat.history.md"
        if aider.is_file():
            out.append(("aider", aider))
        history = root / ".specstory" / "history"
        if history.is_dir():
            out += [("specstory", p) for p in sorted(history.glob("*.md")) if p.is_file()]
    return out


def discover(home: Path | None = None, repo_paths: Iterable[str] = ()) -> Discovery:
    """Everything importable on this machine, in the agents' folders and in the given repositories."""
    result = Discovery()

    def add(fmt: str, path: Path) -> None:
        try:
            result.found.append(FoundFile(fmt, path, path.stat().st_size))
        except OSError:
            pass  # vanished between listing and stat

    for root in claude_projects_dirs(home):
        result.roots.append(("claude-code", root))
        for path in walk(root):
            if path.name.endswith(".jsonl"):
                add("claude-code", path)
    for root in codex_session_dirs(home):
        result.roots.append(("codex", root))
        for path in walk(root):
            if path.name.endswith((".jsonl", ".jsonl.zst")):
                add("codex", path)
    for path in gemini_files(home):
        add("gemini", path)
    for fmt, path in repo_files(repo_paths):
        add(fmt, path)
    return result
