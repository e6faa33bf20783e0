"""Full-text index of the knowledge base (SQLite FTS5; other databases fall back to LIKE)."""
from __future__ import annotations

from peewee import SqliteDatabase
from playhouse.sqlite_ext import FTS5Model, RowIDField, SearchField

from mso_tui.store.models import database


class KnowledgeIndex(FTS5Model):
    """FTS5 rows mirroring KnowledgeEntry (rowid = entry id)."""

    rowid = RowIDField()
    title = SearchField()
    body = SearchField()
    tags = SearchField()

    class Meta:
        database = database
        table_name = "knowledge_index"
        options = {"tokenize": "porter unicode61"}


def fts_available() -> bool:
    """True when the bound database is SQLite (FTS5 ships with every CPython build of it)."""
    return isinstance(database.obj, SqliteDatabase)
