"""Read queries shaped for the full-screen app: one round trip per screen, records out."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, TypeVar

from mso_tui.records import FileChangeRecord, HandoffRecord, SessionRecord, TokenCounts
from mso_tui.store.models import Handoff, Project, database
from mso_tui.store.to_records import handoff_record

T = TypeVar("T")


def in_worker(fn: Callable[..., T], *args: object, **kwargs: object) -> T:
    """Run a query from a worker thread and close that thread's connection afterwards."""
    try:
        return fn(*args, **kwargs)
    finally:
        if database.obj is not None and not database.is_closed():
            database.close()  # Peewee keeps one connection per thread; do not leak the worker's


# what the launch read, with the store it read from (another store, the demo's, must not get it)
_PREFETCHED: dict[str, tuple[object, list]] = {}


def prefetch_projects() -> None:
    """Read the projects list now, before the app's modules load, for the projects screen's first frame.

    It is read in the caller's thread: in a thread of its own it competed with the app's imports for the
    interpreter and finished 80-200 ms later instead of in about 10 ms. The screen takes the result once;
    a failed read is left for the screen's own load to report.
    """
    from mso_tui.services.projects import list_projects

    try:
        _PREFETCHED["projects"] = (database.obj, in_worker(list_projects))
    except Exception:  # the screen's own load reports it
        _PREFETCHED.pop("projects", None)


def prefetched_projects() -> list | None:
    """The projects list the launch read from the store now open (taken once), else None."""
    read = _PREFETCHED.pop("projects", None)
    return read[1] if read is not None and read[0] is database.obj else None


def take_projects() -> list:
    """The prefetched projects list if the launch read one (once) from the store now open, else a fresh read."""
    from mso_tui.services.projects import list_projects

    ready = prefetched_projects()
    return ready if ready is not None else list_projects()


def has_projects() -> bool:
    """True when the store holds at least one project."""
    return Project.select(Project.id).limit(1).exists()


def project_names() -> list[str]:
    """Every project name, by name."""
    return [name for (name,) in Project.select(Project.name).order_by(Project.name).tuples()]


def handoff_by_id(handoff_id: int | None) -> HandoffRecord | None:
    """A handoff by id (with its session number), or None."""
    if handoff_id is None:
        return None
    row = Handoff.get_or_none(Handoff.id == handoff_id)
    return handoff_record(row) if row is not None else None


@dataclass(frozen=True)
class SessionDetail:
    """A session with the handoffs it loaded and produced (what the first tab shows)."""

    session: SessionRecord
    loaded: HandoffRecord | None
    produced: HandoffRecord | None
    carried: tuple[str, ...] = ()  # blockers and next steps the loaded handoff carries in


def session_detail(session_id: int) -> SessionDetail:
    """The session and its handoffs; files and usage load when their tab is first opened."""
    from dataclasses import replace

    from mso_tui.services.sessions import carried_items, get_session_by_id
    from mso_tui.services.unpriced import by_session

    session = get_session_by_id(session_id)
    unpriced = by_session([session_id]).get(session_id, 0)
    if unpriced:  # the header must not show a cost as if every model were priced
        session = replace(session, tokens=replace(session.tokens, unpriced_tokens=unpriced))
    produced = handoff_by_id(session.generated_handoff_id)
    if produced is None:  # an older handoff row may not be linked from the session yet
        row = Handoff.select(Handoff.id).where(Handoff.session == session_id).order_by(Handoff.id.desc()).first()
        produced = handoff_by_id(row.id) if row else None
    return SessionDetail(session, handoff_by_id(session.previous_handoff_id), produced,
                         tuple(carried_items(session_id)))


def session_files_usage(session_id: int) -> tuple[list[FileChangeRecord], dict[str, TokenCounts], str]:
    """The files a session changed, its usage per model, and where the files come from (Files, Usage tabs)."""
    from mso_tui.services.session_files import files_view
    from mso_tui.services.turns import usage_by_model

    files, note = files_view(session_id)
    return files, usage_by_model(session_id), note
