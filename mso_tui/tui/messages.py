"""Messages that workers post to the UI (workers never touch widgets)."""
from __future__ import annotations

from typing import Any

from textual.message import Message

from mso_tui.records import HandoffRecord, ProjectRecord, SessionRecord


class ProjectsLoaded(Message):
    """Every project with its statistics."""

    def __init__(self, projects: list[ProjectRecord]) -> None:
        super().__init__()
        self.projects = projects


class DetailLoaded(Message):
    """Everything the session screen shows apart from the conversation."""

    def __init__(self, detail: Any) -> None:
        super().__init__()
        self.detail = detail


class LoadFailed(Message):
    """A worker could not load something; text is one line for the user."""

    def __init__(self, what: str, text: str) -> None:
        super().__init__()
        self.what = what
        self.text = text


class SessionCompleted(Message):
    """A session's outcome is stored; its handoff is being generated next."""

    def __init__(self, session: SessionRecord) -> None:
        super().__init__()
        self.session = session


class HandoffStatus(Message):
    """Progress of a handoff being generated."""

    def __init__(self, session_id: int, text: str) -> None:
        super().__init__()
        self.session_id = session_id
        self.text = text


class HandoffReady(Message):
    """Generation ended: handoff is set on success, error (one line) otherwise."""

    def __init__(self, session_id: int, handoff: HandoffRecord | None, error: str | None = None) -> None:
        super().__init__()
        self.session_id = session_id
        self.handoff = handoff
        self.error = error


class DataChanged(Message):
    """Something was written; screens showing stored data should reload."""


class TimelinePage(Message):
    """A page of a project's timeline rows; first replaces what is shown, last ends the load."""

    def __init__(self, project: Any, rows: list[Any], first: bool, last: bool) -> None:
        super().__init__()
        self.project = project
        self.rows = rows
        self.first = first
        self.last = last


class LiveImported(Message):
    """The live watcher imported appended transcript lines."""

    def __init__(self, turns: int, usage_events: int, session_ids: set[int]) -> None:
        super().__init__()
        self.turns = turns
        self.usage_events = usage_events
        self.session_ids = session_ids


class LiveStates(Message):
    """Sessions whose live state (running / waiting / idle / ended) changed; states maps session id -> state."""

    def __init__(self, states: dict[int, str], changes: list[Any] | None = None) -> None:
        super().__init__()
        self.states = states
        self.changes = changes or []
