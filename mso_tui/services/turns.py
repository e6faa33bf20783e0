"""A session's turns, its changed files and its usage per model."""
from __future__ import annotations

from peewee import fn

from mso_tui.records import FileChangeRecord, TokenCounts, TurnRecord
from mso_tui.services.unpriced import by_model
from mso_tui.store.models import FileChange, Turn, UsageEvent
from mso_tui.store.to_records import file_change_record, turn_record


def turn_count(session_id: int) -> int:
    """How many turns a session has."""
    return Turn.select().where(Turn.session == session_id).count()


def all_turns(session_id: int) -> list[TurnRecord]:
    """Every turn of a session in order (the Files tab reads the edits a transcript made)."""
    return [turn_record(r) for r in Turn.select().where(Turn.session == session_id).order_by(Turn.seq, Turn.id)]


def session_files(session_id: int) -> list[FileChangeRecord]:
    """The files a session changed, by path."""
    rows = FileChange.select().where(FileChange.session == session_id).order_by(FileChange.path)
    return [file_change_record(r) for r in rows]


def usage_by_model(session_id: int) -> dict[str, TokenCounts]:
    """A session's usage summed per model."""
    query = (UsageEvent.select(UsageEvent.model, fn.SUM(UsageEvent.input_tokens), fn.SUM(UsageEvent.output_tokens),
                               fn.SUM(UsageEvent.cache_creation_tokens), fn.SUM(UsageEvent.cache_read_tokens),
                               fn.COALESCE(fn.SUM(UsageEvent.cost_usd), 0.0))
             .where(UsageEvent.session == session_id).group_by(UsageEvent.model).tuples())
    unpriced = by_model(session_id)
    return {(m or "unknown"): TokenCounts(i, o, cw, cr, c, unpriced.get(m or "unknown", 0))
            for m, i, o, cw, cr, c in query}
