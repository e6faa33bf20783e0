"""Knowledge base: add, edit, delete, list and ranked full-text search (FTS5 on SQLite)."""
from __future__ import annotations

import re

from mso_tui.errors import InvalidInput, NotFound
from mso_tui.records import KnowledgeRecord
from mso_tui.store.fts import KnowledgeIndex, fts_available
from mso_tui.store.models import KnowledgeEntry, database, utcnow
from mso_tui.store.to_records import knowledge_record

CATEGORIES = ("pattern", "solution", "troubleshooting", "best_practice")


def _tags(tags: list[str] | tuple[str, ...] | str | None) -> list[str]:
    """Tags as a clean, de-duplicated lowercase list (a string is split on commas and spaces)."""
    if isinstance(tags, str):
        tags = re.split(r"[,\s]+", tags)
    seen: list[str] = []
    for tag in tags or []:
        tag = tag.strip().lower().lstrip("#")
        if tag and tag not in seen:
            seen.append(tag)
    return seen


def _index(row: KnowledgeEntry) -> None:
    """Mirror one entry into the FTS index."""
    if fts_available():
        KnowledgeIndex.delete().where(KnowledgeIndex.rowid == row.id).execute()
        KnowledgeIndex.insert(rowid=row.id, title=row.title, body=f"{row.description}\n{row.content}",
                              tags=" ".join(row.tags or [])).execute()


def _check(category: str, title: str) -> None:
    """Validate the fields every entry needs."""
    if category not in CATEGORIES:
        raise InvalidInput(f"category must be one of {', '.join(CATEGORIES)}")
    if not title.strip():
        raise InvalidInput("an entry needs a title")


def add_entry(title: str, content: str = "", *, category: str = "pattern", description: str = "",
              tags: list[str] | str | None = None, success_rate: float | None = None) -> KnowledgeRecord:
    """Create an entry and index it."""
    _check(category, title)
    with database.atomic():
        row = KnowledgeEntry.create(title=title.strip(), content=content, category=category,
                                    description=description.strip(), tags=_tags(tags), success_rate=success_rate)
        _index(row)
    return knowledge_record(row)


def _row(entry_id: int) -> KnowledgeEntry:
    """The entry with this id, or NotFound."""
    row = KnowledgeEntry.get_or_none(KnowledgeEntry.id == entry_id)
    if row is None:
        raise NotFound(f"no knowledge entry {entry_id}")
    return row


def get_entry(entry_id: int) -> KnowledgeRecord:
    """One entry."""
    return knowledge_record(_row(entry_id))


def edit_entry(entry_id: int, **changes: object) -> KnowledgeRecord:
    """Change title, content, description, category, tags or success_rate of an entry."""
    row = _row(entry_id)
    allowed = {"title", "content", "description", "category", "tags", "success_rate"}
    if set(changes) - allowed:
        raise InvalidInput(f"cannot change {', '.join(sorted(set(changes) - allowed))}")
    if "tags" in changes:
        changes["tags"] = _tags(changes["tags"])  # type: ignore[arg-type]
    for key, value in changes.items():
        if value is not None:
            setattr(row, key, value)
    _check(row.category, row.title)
    row.updated_at = utcnow()
    with database.atomic():
        row.save()
        _index(row)
    return knowledge_record(row)


def delete_entry(entry_id: int) -> None:
    """Remove an entry and its index row."""
    row = _row(entry_id)
    with database.atomic():
        if fts_available():
            KnowledgeIndex.delete().where(KnowledgeIndex.rowid == row.id).execute()
        row.delete_instance()


def list_entries(category: str | None = None) -> list[KnowledgeRecord]:
    """Every entry (optionally of one category), most used first."""
    query = KnowledgeEntry.select().order_by(KnowledgeEntry.usage_count.desc(), KnowledgeEntry.title)
    if category:
        query = query.where(KnowledgeEntry.category == category)
    return [knowledge_record(r) for r in query]


def _fts_query(text: str) -> str:
    """User words as an FTS5 query: each word a quoted prefix term, all required."""
    words = re.findall(r"\w+", text)
    return " ".join(f'"{w}"*' for w in words)


def search(text: str, limit: int = 50, category: str | None = None) -> list[KnowledgeRecord]:
    """Entries matching text, best first (bm25 on SQLite; weighted substring hits elsewhere)."""
    if not text.strip():
        return list_entries(category)[:limit]
    if not fts_available():
        return _search_plain(re.findall(r"\w+", text.lower()), limit, category)
    term = _fts_query(text)
    if not term:
        return []
    # weights: a hit in the title counts more than one in the body or tags
    hits = (KnowledgeIndex.select(KnowledgeIndex.rowid, KnowledgeIndex.bm25(4.0, 1.0, 2.0).alias("score"))
            .where(KnowledgeIndex.match(term)).order_by(KnowledgeIndex.bm25(4.0, 1.0, 2.0)).limit(limit * 2).tuples())
    scores = dict(hits)
    rows = {r.id: r for r in KnowledgeEntry.select().where(KnowledgeEntry.id.in_(list(scores)))}
    ranked = [knowledge_record(rows[i], scores[i]) for i in scores if i in rows]
    if category:
        ranked = [r for r in ranked if r.category == category]
    return ranked[:limit]


def _search_plain(words: list[str], limit: int, category: str | None) -> list[KnowledgeRecord]:
    """Without FTS5: every word must occur in the title, body or tags; scored like bm25 (lower is better)."""
    if not words:
        return []
    query = KnowledgeEntry.select()
    for word in words:  # contains() is case-insensitive (ILIKE on PostgreSQL)
        query = query.where(KnowledgeEntry.title.contains(word) | KnowledgeEntry.content.contains(word)
                            | KnowledgeEntry.tags.contains(word))
    if category:
        query = query.where(KnowledgeEntry.category == category)
    scored = []
    for row in query:
        title, content, tags = row.title.lower(), (row.content or "").lower(), " ".join(row.tags or ()).lower()
        # the same weights as the FTS5 ranking: title 4, tags 2, body 1
        score = -sum(4.0 * title.count(w) + 2.0 * tags.count(w) + content.count(w) for w in words)
        scored.append((score, row.id, row))
    scored.sort(key=lambda item: (item[0], item[1]))
    return [knowledge_record(row, score) for score, _, row in scored[:limit]]


def mark_used(entry_id: int, success: bool | None = None) -> KnowledgeRecord:
    """Count one use of an entry (and, when told, whether it worked: a running success rate)."""
    with database.atomic():
        row = _row(entry_id)
        uses = row.usage_count + 1
        if success is not None:
            previous = row.success_rate if row.success_rate is not None else (1.0 if success else 0.0)
            row.success_rate = (previous * row.usage_count + (1.0 if success else 0.0)) / uses
        row.usage_count = uses
        row.save()
    return knowledge_record(row)
