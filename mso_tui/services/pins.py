"""Pinned items and what a handoff left out: `mso handoff gaps|pin|unpin` and the viewer's Left out panel."""
from __future__ import annotations

from mso_tui.errors import InvalidInput, NotFound
from mso_tui.records import HandoffRecord, PinRecord, TurnRecord
from mso_tui.store import models as m
from mso_tui.store import to_records as convert


def _project(name: str) -> m.Project:
    """The project row by name, or NotFound."""
    row = m.Project.get_or_none(m.Project.name == name)
    if row is None:
        raise NotFound(f"no project named {name!r}")
    return row


def _record(row: m.HandoffPin) -> PinRecord:
    """A PinRecord from its row."""
    return PinRecord(id=row.id, project_id=row.project_id, text=row.text, cls=row.kind, seq=row.seq,
                     created_at=row.created_at)


def open_pins(project_id: int) -> list[PinRecord]:
    """The project's pins still carried, oldest first."""
    rows = (m.HandoffPin.select().where((m.HandoffPin.project == project_id) & m.HandoffPin.closed_at.is_null())
            .order_by(m.HandoffPin.id))
    return [_record(r) for r in rows]


def list_pins(project_name: str) -> list[PinRecord]:
    """The project's open pins."""
    return open_pins(_project(project_name).id)


def pin(project_name: str, text: str, cls: str = "", seq: int = 0, handoff_id: int | None = None) -> PinRecord:
    """Pin an item into every later handoff; with handoff_id, that handoff carries it at once too."""
    text = " ".join(text.split())
    if not text:
        raise InvalidInput("a pin needs text")
    project = _project(project_name)
    with m.database.atomic():
        row = (m.HandoffPin.select().where((m.HandoffPin.project == project.id) & (m.HandoffPin.text == text)
                                           & m.HandoffPin.closed_at.is_null()).first())
        if row is None:
            row = m.HandoffPin.create(project=project.id, text=text, kind=cls, seq=seq)
        if handoff_id is not None:
            _reaccount(handoff_id)
    return _record(row)


def unpin(project_name: str, key: str, handoff_id: int | None = None) -> PinRecord:
    """Stop carrying a pin, named by its id or its text; with handoff_id, that handoff drops it at once too."""
    project = _project(project_name)
    query = m.HandoffPin.select().where((m.HandoffPin.project == project.id) & m.HandoffPin.closed_at.is_null())
    key = key.strip()
    # an id is a whole number in 64 bits; longer digit strings can only be a pin's text
    row = query.where(m.HandoffPin.id == int(key)).first() if key.isdigit() and len(key) < 19 else None
    row = row or query.where(m.HandoffPin.text == " ".join(key.split())).first()
    if row is None:
        raise NotFound(f"project {project_name!r} has no open pin {key!r} (see: mso handoff gaps {project_name})")
    with m.database.atomic():
        m.HandoffPin.update(closed_at=m.utcnow()).where(m.HandoffPin.id == row.id).execute()
        if handoff_id is not None:
            _reaccount(handoff_id)
    return _record(row)


def close_pins(project_id: int, texts: list[str]) -> int:
    """Close the pins whose text a session resolved; how many were closed."""
    from mso_tui.handoff.extractive.text import same_item

    closed = 0
    for p in open_pins(project_id):
        if any(same_item(p.text, t) for t in texts):
            m.HandoffPin.update(closed_at=m.utcnow()).where(m.HandoffPin.id == p.id).execute()
            closed += 1
    return closed


def _reaccount(handoff_id: int) -> None:
    """Write a handoff's pinned block, coverage and footer again after the project's pins changed."""
    from dataclasses import replace

    from mso_tui.handoff.account import account_for
    from mso_tui.handoff.contract import GeneratedHandoff
    from mso_tui.services.handoffs import build_input

    row = m.Handoff.get_by_id(handoff_id)
    if row.session_id is None:
        return
    inp = build_input(row.session_id)
    inp = replace(inp, pinned=tuple(p.text for p in open_pins(row.project_id)))
    draft = GeneratedHandoff(kind=row.kind, master_prompt=row.master_prompt, sections=dict(row.sections or {}),
                             key_items=list(row.key_items or []), generator_model=row.generator_model,
                             tokens_in=row.tokens_in, tokens_out=row.tokens_out,
                             compression_ratio=row.compression_ratio, tokenizer=row.tokenizer, coverage=row.coverage)
    done = account_for(inp, draft)
    m.Handoff.update(master_prompt=done.master_prompt, sections=done.sections, tokens_out=done.tokens_out,
                     compression_ratio=done.compression_ratio, coverage=done.coverage,
                     coverage_by_class=done.coverage_by_class, left_out=done.left_out).where(
        m.Handoff.id == handoff_id).execute()


def gaps(project_name: str, session_number: int | None = None) -> HandoffRecord:
    """The handoff whose left-out items are asked for: the delivered one, or session N's latest."""
    from mso_tui.services.delivery import delivered_handoff
    from mso_tui.services.handoffs import get_handoff

    if session_number is not None:
        return get_handoff(project_name, session_number)
    record = delivered_handoff(project_name)
    if record is None:
        raise NotFound(f"project {project_name!r} has no handoff yet")
    return record


def turn_at(session_id: int, seq: int) -> TurnRecord:
    """The turn an inventory item came from, or NotFound."""
    row = m.Turn.select().where((m.Turn.session == session_id) & (m.Turn.seq == seq)).first()
    if row is None:
        raise NotFound(f"turn {seq} of that session is not stored")
    return convert.turn_record(row)
