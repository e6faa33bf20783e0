"""Handoff operations: build a generator's input from the store, generate and store, look up, export."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Callable

from mso_tui.config import Settings
from mso_tui.errors import NotFound
from mso_tui.handoff.contract import GeneratedHandoff, HandoffInput
from mso_tui.records import HandoffRecord, KnowledgeRecord, ProjectRecord
from mso_tui.services.pins import open_pins
from mso_tui.store import models as m
from mso_tui.store import to_records as convert

_WORDS = re.compile(r"[A-Za-z][A-Za-z0-9_.-]{2,}")
KNOWLEDGE_LIMIT = 5


def _project(name: str) -> m.Project:
    """The project row by name, or NotFound."""
    row = m.Project.get_or_none(m.Project.name == name)
    if row is None:
        raise NotFound(f"no project named {name!r}")
    return row


def _session_row(session_id: int) -> m.Session:
    """The session row by id, or NotFound."""
    row = m.Session.get_or_none(m.Session.id == session_id)
    if row is None:
        raise NotFound(f"no session with id {session_id}")
    return row


def previous_handoff(session: m.Session) -> m.Handoff | None:
    """The handoff this session started from: the one it loaded, else the project's latest before it."""
    if session.previous_handoff_id:
        row = m.Handoff.get_or_none(m.Handoff.id == session.previous_handoff_id)
        if row is not None:
            return row
    query = (m.Handoff.select().join(m.Session, on=(m.Handoff.session == m.Session.id))
             .where((m.Handoff.project == session.project_id) & (m.Session.number < session.number))
             .order_by(m.Session.number.desc(), m.Handoff.id.desc()))
    return query.first()


def matching_knowledge(probe_text: str, limit: int = KNOWLEDGE_LIMIT) -> list[KnowledgeRecord]:
    """Knowledge entries whose tags or title words occur in the session's files, errors and fields."""
    haystack = probe_text.lower()
    words = {w.lower() for w in _WORDS.findall(probe_text)}
    scored = []
    for row in m.KnowledgeEntry.select().order_by(m.KnowledgeEntry.id).limit(5000):
        tags = [str(t).lower() for t in row.tags or [] if str(t).strip()]
        score = 3 * sum(1 for t in tags if t in words or (len(t) > 3 and t in haystack))
        score += sum(1 for w in _WORDS.findall(row.title) if len(w) > 4 and w.lower() in words)
        if score >= 2 or (score and row.category == "troubleshooting"):
            scored.append((-score, row.id, row))
    return [convert.knowledge_record(row) for _, _, row in sorted(scored, key=lambda s: s[:2])[:limit]]


def _project_record(row: m.Project) -> ProjectRecord:
    """A ProjectRecord without the rolled-up statistics (a generator needs none of them)."""
    return ProjectRecord(id=row.id, name=row.name, description=row.description, status=row.status,
                         repo_path=row.repo_path, created_at=row.created_at, updated_at=row.updated_at)


def build_input(session_id: int) -> HandoffInput:
    """Everything a generator needs about a session, read from the store."""
    row = _session_row(session_id)
    project = row.project
    rows = m.Turn.select().where(m.Turn.session == row.id).order_by(m.Turn.seq, m.Turn.id)
    turns = [convert.turn_record(t) for t in rows]
    changes = [convert.file_change_record(f) for f in
               m.FileChange.select().where(m.FileChange.session == row.id).order_by(m.FileChange.path)]
    prev = previous_handoff(row)
    usage: dict[str, int] = {}
    for ev in m.UsageEvent.select().where(m.UsageEvent.session == row.id):
        total = ev.input_tokens + ev.output_tokens + ev.cache_creation_tokens + ev.cache_read_tokens
        usage[ev.model] = usage.get(ev.model, 0) + total
    errors = [t.text[-2000:] for t in turns if t.is_error]
    probe = " ".join([project.name, row.type, row.title, *(c.path for c in changes), *errors,
                      *(row.blockers or []), *(str(o.get("text", "")) for o in row.objectives or [])])
    return HandoffInput(
        project=_project_record(project),
        session=convert.session_record(row, project.name, len(turns)),
        turns=tuple(turns), file_changes=tuple(changes),
        previous=convert.handoff_record(prev) if prev is not None else None,
        knowledge=tuple(matching_knowledge(probe)), usage_by_model=dict(sorted(usage.items())),
        pinned=tuple(p.text for p in open_pins(project.id)),
    )


def _generate(inp: HandoffInput, use_llm: bool, settings: Settings | None,
              on_text: Callable[[str], None] | None, on_status: Callable[[str], None] | None) -> GeneratedHandoff:
    """The extractive handoff, or the LLM one (which falls back to extractive on any failure)."""
    if use_llm:
        from mso_tui.config import load_settings
        from mso_tui.handoff.llm import generate as llm_generate

        return llm_generate(inp, (settings or load_settings()).llm, on_text=on_text, on_status=on_status)
    from mso_tui.handoff.extractive import generate

    if on_status:
        on_status("extracting")
    return generate(inp)


def generate(inp: HandoffInput, use_llm: bool = False, settings: Settings | None = None,
             on_text: Callable[[str], None] | None = None,
             on_status: Callable[[str], None] | None = None) -> GeneratedHandoff:
    """A handoff for the input with its account (coverage, left out), stored nowhere yet.

    The generator is looked up here, so tests can stand in.
    """
    from mso_tui.handoff.account import account_for

    return account_for(inp, _generate(inp, use_llm, settings, on_text, on_status))


def store_generated(inp: HandoffInput, result: GeneratedHandoff) -> m.Handoff:
    """Store a generated handoff and point its session at it (inside the caller's transaction, or its own)."""
    with m.database.atomic():
        row = m.Handoff.create(
            project=inp.project.id, session=inp.session.id, kind=result.kind, master_prompt=result.master_prompt,
            sections=result.sections, key_items=result.key_items, generator_model=result.generator_model,
            tokens_in=result.tokens_in, tokens_out=result.tokens_out, compression_ratio=result.compression_ratio,
            tokenizer=result.tokenizer, coverage=result.coverage, notes=result.notes,
            coverage_by_class=result.coverage_by_class, left_out=result.left_out,
        )
        m.Session.update(generated_handoff=row.id).where(m.Session.id == inp.session.id).execute()
    return row


def generate_for_session(session_id: int, use_llm: bool = False, settings: Settings | None = None,
                         on_text: Callable[[str], None] | None = None,
                         on_status: Callable[[str], None] | None = None) -> HandoffRecord:
    """Generate a new version of the session's handoff, store it and point Session.generated_handoff at it.

    It is delivered to the next session only when it belongs to the project's latest ended session (or when
    the user chooses it: delivery.use_version); an older session's new version never takes over.
    """
    inp = build_input(session_id)
    result = generate(inp, use_llm, settings, on_text, on_status)
    row = store_generated(inp, result)
    if on_status:
        on_status("stored")
    return convert.handoff_record(row, inp.session.number)


def latest_handoff(project_name: str) -> HandoffRecord | None:
    """The handoff the project delivers (its latest ended session's, or the version chosen), or None."""
    from mso_tui.services.delivery import delivered_handoff

    return delivered_handoff(project_name)


def get_handoff(project_name: str, session_number: int | None = None) -> HandoffRecord:
    """The latest handoff of the project, or of one of its sessions; NotFound when there is none."""
    project = _project(project_name)
    if session_number is None:
        found = latest_handoff(project_name)
        if found is None:
            raise NotFound(f"project {project_name!r} has no handoff yet")
        return found
    session = m.Session.get_or_none((m.Session.project == project.id) & (m.Session.number == session_number))
    if session is None:
        raise NotFound(f"project {project_name!r} has no session {session_number}")
    row = (m.Handoff.select().where(m.Handoff.session == session.id).order_by(m.Handoff.id.desc()).first())
    if row is None:
        raise NotFound(f"session {session_number} of {project_name!r} has no handoff yet")
    return convert.handoff_record(row, session_number)


def list_handoffs(project_name: str) -> list[HandoffRecord]:
    """Every handoff of the project, oldest first; the delivered one says so."""
    from mso_tui.services.delivery import delivered_row

    project = _project(project_name)
    rows = m.Handoff.select().where(m.Handoff.project == project.id).order_by(m.Handoff.id)
    chosen = delivered_row(project.id)
    return [convert.handoff_record(r, delivered=chosen is not None and r.id == chosen.id) for r in rows]


def export_handoff(project_name: str, path: str | Path, session_number: int | None = None) -> Path:
    """Write the handoff's master prompt to path (atomically, owner-only) and return the path."""
    from mso_tui.private_files import private_write
    from mso_tui.redaction.gate import clean

    record = get_handoff(project_name, session_number)
    # through the output gate: a handoff stored before a redaction fix, or a control sequence, never leaves
    return private_write(Path(path).expanduser(), clean(record.master_prompt))


def troubleshoot_prompt(project_name: str, session_number: int | None = None) -> str:
    """A fix-and-resolve prompt for the latest session that left errors open (or for session N)."""
    from mso_tui.handoff.extractive.analysis import analyse
    from mso_tui.handoff.troubleshoot import build_prompt, open_problems

    project = _project(project_name)
    query = m.Session.select().where(m.Session.project == project.id).order_by(m.Session.number.desc())
    if session_number is not None:
        query = query.where(m.Session.number == session_number)
    rows = list(query.limit(20))
    if not rows:
        raise NotFound(f"project {project_name!r} has no session" + (f" {session_number}" if session_number else "s"))
    for row in rows:
        inp = build_input(row.id)
        if open_problems(analyse(inp), inp):
            return build_prompt(inp)
    return build_prompt(build_input(rows[0].id))


def session_to_hand_off(project: str, number: int | None) -> int:
    """The id of session N of the project, or of its latest session (whatever its status)."""
    row = m.Project.get_or_none(m.Project.name == project)
    if row is None:
        raise NotFound(f"no project named {project!r}")
    query = m.Session.select().where(m.Session.project == row.id)
    query = query.where(m.Session.number == number) if number else query.order_by(m.Session.number.desc())
    session = query.first()
    if session is None:
        raise NotFound(f"project {project!r} has no session {number}" if number
                       else f"project {project!r} has no sessions")
    return session.id
