"""Follow the agents' transcript folders and import what is appended; notice sessions changing state.

watchfiles (Rust notify: inotify on Linux, FSEvents, ReadDirectoryChangesW) tells us which files
changed; it falls back to polling where native events are unavailable, or when asked (`poll=True`).
"""
from __future__ import annotations

import os
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from mso_tui.services.imports import ImportReport, import_paths
from mso_tui.services.live import LiveSettings, live_settings, states
from mso_tui.store.models import Project, Session

DEBOUNCE_MS = 150  # batch a burst of appends; far below the 2 s a user may wait
STEP_MS = 50
TICK_MS = 1000  # wake this often without changes, to notice sessions that start waiting


def default_roots() -> list[Path]:
    """Where Claude Code, Codex CLI and Gemini CLI write transcripts on this machine (the existing ones)."""
    home = Path(os.path.expanduser("~"))
    claude = Path(os.environ.get("CLAUDE_CONFIG_DIR") or home / ".claude") / "projects"
    codex = Path(os.environ.get("CODEX_HOME") or home / ".codex") / "sessions"
    gemini = home / ".gemini" / "tmp"
    return [p for p in (claude, codex, gemini) if p.is_dir()]


@dataclass(frozen=True)
class StateChange:
    """A session whose live state changed."""

    session_id: int
    project: str
    number: int
    state: str
    previous: str | None


@dataclass
class StateTracker:
    """Remembers each open session's state, to report the changes."""

    settings: LiveSettings = field(default_factory=live_settings)
    known: dict[int, str] = field(default_factory=dict)

    def poll(self) -> list[StateChange]:
        """The sessions whose state differs from the last poll (open ones, and ones that just ended)."""
        rows = list(Session.select(Session.id, Session.number, Project.name).join(Project)
                    .where((Session.status == "in_progress") | Session.id.in_(list(self.known) or [0])).tuples())
        now = states([r[0] for r in rows], self.settings)
        changes = [StateChange(sid, name, number, now[sid], self.known.get(sid))
                   for sid, number, name in rows if self.known.get(sid) != now[sid]]
        self.known = {sid: state for sid, state in now.items() if state != "ended"}
        return changes


def _files(changes: Iterable[tuple[object, str]]) -> list[Path]:
    """The changed paths that are files still there."""
    return sorted({Path(path) for _, path in changes if os.path.isfile(path)})


def _changed_since(roots: list[Path], since: float) -> list[Path]:
    """Files under roots modified after since (a timestamp)."""
    out: list[Path] = []
    for root in roots:
        for folder, _, names in os.walk(root) if root.is_dir() else [(str(root.parent), [], [root.name])]:
            for name in names:
                path = os.path.join(folder, name)
                try:
                    if os.stat(path).st_mtime >= since:
                        out.append(Path(path))
                except OSError:
                    continue
    return out


def follow(roots: list[Path], stop: threading.Event, on_import: Callable[[ImportReport], None],
           on_states: Callable[[list[StateChange]], None] | None = None, poll: bool | None = None,
           tracker: StateTracker | None = None) -> None:
    """Import what changes under roots until stop is set; report imports and state changes as they come."""
    from watchfiles import watch

    roots = [r for r in roots if r.exists()]
    if not roots:
        raise FileNotFoundError("none of the folders to watch exists")
    tracker = tracker or StateTracker()
    if on_states is not None:
        on_states(tracker.poll())
    since, caught_up = time.time() - 1.0, False
    for changes in watch(*roots, stop_event=stop, debounce=DEBOUNCE_MS, step=STEP_MS, rust_timeout=TICK_MS,
                         yield_on_timeout=True, force_polling=poll, poll_delay_ms=200, raise_interrupt=False):
        files = _files(changes)
        if not caught_up:  # what changed while the watcher was being set up is in no event: look once
            files, caught_up = sorted(set(files) | set(_changed_since(roots, since))), True
        if files:
            on_import(import_paths(files))
        if on_states is not None:
            found = tracker.poll()
            if found:
                on_states(found)
