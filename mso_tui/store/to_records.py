"""Turn Peewee rows into the frozen records of records.py."""
from __future__ import annotations

from mso_tui.records import (
    AccountRecord,
    FileChangeRecord,
    HandoffRecord,
    KnowledgeRecord,
    Objective,
    SessionRecord,
    TokenCounts,
    TurnRecord,
)
from mso_tui.store import models as m


def objectives_of(raw: list | None) -> tuple[Objective, ...]:
    """Objectives from their stored JSON form."""
    return tuple(Objective(str(o.get("text", "")), bool(o.get("done"))) for o in raw or [])


def session_record(row: m.Session, project_name: str | None = None, turn_count: int = 0) -> SessionRecord:
    """A SessionRecord from a Session row (pass project_name to avoid a query)."""
    account = None
    if row.account_id is not None:
        account = m.Account.get_by_id(row.account_id).name
    return SessionRecord(
        id=row.id,
        project_id=row.project_id,
        project_name=project_name if project_name is not None else row.project.name,
        number=row.number,
        type=row.type,
        agent=row.agent,
        account=account,
        title=row.title,
        started_at=row.started_at,
        completed_at=row.completed_at,
        duration_seconds=row.duration_seconds,
        status=row.status,
        objectives=objectives_of(row.objectives),
        accomplishments=tuple(row.accomplishments or ()),
        blockers=tuple(row.blockers or ()),
        notes=row.notes,
        credits_used=row.credits_used,
        credit_budget=row.credit_budget,
        tokens=TokenCounts(row.input_tokens, row.output_tokens, row.cache_creation_tokens,
                           row.cache_read_tokens, row.cost_usd),
        git_start=row.git_start,
        git_end=row.git_end,
        agent_session_id=row.agent_session_id,
        cwd=row.cwd,
        previous_handoff_id=row.previous_handoff_id,
        generated_handoff_id=row.generated_handoff_id,
        turn_count=turn_count,
        resolved=tuple(row.resolved or ()),
    )


def handoff_record(row: m.Handoff, session_number: int | None = None, delivered: bool = False) -> HandoffRecord:
    """A HandoffRecord from a Handoff row."""
    if session_number is None and row.session_id is not None:
        session_number = m.Session.select(m.Session.number).where(m.Session.id == row.session_id).scalar()
    return HandoffRecord(
        id=row.id,
        project_id=row.project_id,
        session_id=row.session_id,
        session_number=session_number,
        kind=row.kind,
        master_prompt=row.master_prompt,
        sections=dict(row.sections or {}),
        key_items=tuple(row.key_items or ()),
        generator_model=row.generator_model,
        tokens_in=row.tokens_in,
        tokens_out=row.tokens_out,
        compression_ratio=row.compression_ratio,
        tokenizer=row.tokenizer,
        coverage=row.coverage if row.coverage_by_class is not None else None,  # older rows: a self-check, not shown
        notes=row.notes,
        times_used=row.times_used,
        created_at=row.created_at,
        coverage_by_class=dict(row.coverage_by_class or {}),
        left_out=tuple(row.left_out or ()),
        delivered=delivered,
        measured=row.coverage_by_class is not None,
    )


def turn_record(row: m.Turn) -> TurnRecord:
    """A TurnRecord from a Turn row."""
    return TurnRecord(
        id=row.id, session_id=row.session_id, seq=row.seq, role=row.role, kind=row.kind, text=row.text,
        tool_name=row.tool_name, tool_input=row.tool_input, is_error=row.is_error, exit_code=row.exit_code,
        is_sidechain=row.is_sidechain, model=row.model, timestamp=row.timestamp, source_id=row.source_id,
    )


def file_change_record(row: m.FileChange) -> FileChangeRecord:
    """A FileChangeRecord from a FileChange row."""
    return FileChangeRecord(
        id=row.id, session_id=row.session_id, path=row.path, old_path=row.old_path, file_type=row.file_type,
        change_type=row.change_type, lines_added=row.lines_added, lines_removed=row.lines_removed,
    )


def account_record(row: m.Account) -> AccountRecord:
    """An AccountRecord; credits of another day count as zero."""
    credits = row.credits_today if row.credits_date == m.today() else 0.0
    status = row.status
    if status == "exhausted" and credits < row.daily_budget:
        status = "available"  # a new day refilled the budget
    return AccountRecord(
        id=row.id, name=row.name, platform=row.platform, email=row.email, daily_budget=row.daily_budget,
        credits_today=credits, specialization=row.specialization, status=status, last_used=row.last_used,
    )


def knowledge_record(row: m.KnowledgeEntry, score: float | None = None) -> KnowledgeRecord:
    """A KnowledgeRecord from a KnowledgeEntry row."""
    return KnowledgeRecord(
        id=row.id, category=row.category, title=row.title, description=row.description, content=row.content,
        tags=tuple(row.tags or ()), usage_count=row.usage_count, success_rate=row.success_rate,
        created_at=row.created_at, updated_at=row.updated_at, score=score,
    )
