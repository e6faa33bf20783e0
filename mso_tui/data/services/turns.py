"""Reading a session's conversation, files and usage in pages, and searching across the store."""
from __future__ import annotations

from dataclasses import dataclass

from peewee import fn

from mso_tui.data.convert import file_change_record, turn_record
from mso_tui.data.models import FileChange, Handoff, KnowledgeEntry, Project, Session, Turn, UsageEvent
from mso_tui.data.records import FileChangeRecord, TokenCounts, TurnRecord


def turn_count(session_id: int) -> int:
    """How many turns a session has."""
    return Turn.select().where(Turn.session == session_id).count()


def session_turns(session_id: int, offset: int = 0, limit: int = 200) -> list[TurnRecord]:
    """A page of a session's turns in order (the conversation view loads these lazily)."""
    rows = (Turn.select().where(Turn.session == session_id).order_by(Turn.seq, Turn.id)
            .offset(offset).limit(limit))
    return [turn_record(r) for r in rows]


def all_turns(session_id: int) -> list[TurnRecord]:
    """Every turn of a session (for handoff generation)."""
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
    return {m or "unknown": TokenCounts(i, o, cw, cr, c) for m, i, o, cw, cr, c in query}


@dataclass(frozen=True)
class SearchHit:
    """One match of a global search."""

    kind: str  # turn / handoff / knowledge
    title: str
    snippet: str
    project: str | None = None
    session_number: int | None = None
    ref_id: int = 0


def _snippet(text: str, needle: str, width: int = 100) -> str:
    """The part of text around the first match, on one line."""
    at = text.lower().find(needle.lower())
    start = max(at - width // 3, 0) if at >= 0 else 0
    return " ".join(text[start:start + width].split())


def search_everything(query: str, limit: int = 50) -> list[SearchHit]:
    """Search turns, handoffs and knowledge for a phrase (case-insensitive substring)."""
    needle = query.strip()
    if not needle:
        return []
    pattern = f"%{needle}%"
    hits: list[SearchHit] = []
    for k in KnowledgeEntry.select().where(
            KnowledgeEntry.title.contains(needle) | KnowledgeEntry.content.contains(needle)).limit(limit):
        hits.append(SearchHit("knowledge", k.title, _snippet(k.content or k.title, needle), ref_id=k.id))
    handoffs = (Handoff.select(Handoff, Project.name, Session.number).join(Project).switch(Handoff)
                .join(Session, join_type="LEFT OUTER").where(Handoff.master_prompt ** pattern).limit(limit))
    for h in handoffs:
        number = h.session.number if h.session_id else None
        hits.append(SearchHit("handoff", f"{h.project.name} handoff #{number or h.id}",
                              _snippet(h.master_prompt, needle), h.project.name, number, h.id))
    turns = (Turn.select(Turn, Session.number, Project.name).join(Session).join(Project)
             .where(Turn.text ** pattern).order_by(Turn.id.desc()).limit(limit))
    for t in turns:
        hits.append(SearchHit("turn", f"{t.session.project.name} #{t.session.number} {t.role}",
                              _snippet(t.text, needle), t.session.project.name, t.session.number, t.id))
    return hits[:limit * 3]
