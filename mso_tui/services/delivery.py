"""Which handoff version counts: the latest completed session's, unless the user chose another on purpose."""
from __future__ import annotations

from mso_tui.errors import InvalidInput, NotFound
from mso_tui.records import HandoffRecord
from mso_tui.store import models as m
from mso_tui.store import to_records as convert


def _project(name: str) -> m.Project:
    """The project row by name, or NotFound."""
    row = m.Project.get_or_none(m.Project.name == name)
    if row is None:
        raise NotFound(f"no project named {name!r}")
    return row


def delivered_row(project_id: int) -> m.Handoff | None:
    """The handoff delivered for a project: the chosen version, else the newest of its latest ended session.

    Ranked by session number, never by creation time: regenerating an older session's handoff makes a
    new version of that session's handoff and must not become what the next session loads.
    """
    project = m.Project.get_by_id(project_id)
    if project.delivered_handoff_id:
        chosen = m.Handoff.get_or_none((m.Handoff.id == project.delivered_handoff_id)
                                       & (m.Handoff.project == project_id))
        if chosen is not None:
            return chosen
    base = (m.Handoff.select().join(m.Session, on=(m.Handoff.session == m.Session.id))
            .where(m.Handoff.project == project_id))
    ended = base.where(m.Session.status != "in_progress").order_by(m.Session.number.desc(), m.Handoff.id.desc())
    row = ended.first() or base.order_by(m.Session.number.desc(), m.Handoff.id.desc()).first()
    if row is None:  # only handoffs without a session (manual ones)
        row = m.Handoff.select().where(m.Handoff.project == project_id).order_by(m.Handoff.id.desc()).first()
    return row


def delivered_handoff(project_name: str) -> HandoffRecord | None:
    """The record session start, the agent hook and exports deliver (None: the project has no handoff)."""
    row = delivered_row(_project(project_name).id)
    return convert.handoff_record(row, delivered=True) if row is not None else None


def versions(project_name: str) -> list[m.Handoff]:
    """The project's handoff rows, oldest first: version N is the Nth."""
    project = _project(project_name)
    return list(m.Handoff.select().where(m.Handoff.project == project.id).order_by(m.Handoff.id))


def version_of(project_name: str, version: int) -> HandoffRecord:
    """Version N (1-based) of the project's handoffs, or a clear InvalidInput."""
    rows = versions(project_name)
    if not 1 <= version <= len(rows):
        raise InvalidInput(f"project {project_name!r} has {len(rows)} handoff version(s); "
                           f"there is no version {version}")
    return convert.handoff_record(rows[version - 1])


def use_version(project_name: str, version: int | None) -> HandoffRecord | None:
    """Deliver version N from now on (None: back to the latest completed session's); returns what is delivered."""
    project = _project(project_name)
    chosen = version_of(project_name, version).id if version is not None else None
    m.Project.update(delivered_handoff_id=chosen).where(m.Project.id == project.id).execute()
    return delivered_handoff(project_name)


def is_pinned_choice(project_name: str) -> bool:
    """Whether the user chose the delivered version on purpose."""
    return bool(_project(project_name).delivered_handoff_id)
