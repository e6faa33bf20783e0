"""Salvage what is readable of a damaged SQLite store into a new one, table by table, row by row.

sqlite3's `.recover` exists only in the command-line shell, and VACUUM INTO stops at the first bad
page; so every table is read whole when it can be, and else row by row through its rowids, skipping
the rows on unreadable pages. The new store gets mso's current schema and then the rows.
"""
from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from mso_tui.errors import InvalidInput

MAX_PROBES = 2_000_000  # rowids tried one by one in a table whose pages cannot be read in order


@dataclass
class Salvage:
    """What a recovery copied: rows per table, and rows (or ranges) that could not be read."""

    copied: dict[str, int] = field(default_factory=dict)
    lost: dict[str, int] = field(default_factory=dict)
    unreadable_tables: list[str] = field(default_factory=list)


def _columns(conn: sqlite3.Connection, table: str) -> list[str]:
    return [row[1] for row in conn.execute(f'PRAGMA table_info("{table}")')]


def _rows_whole(src: sqlite3.Connection, table: str, cols: str) -> list[tuple] | None:
    """Every row in one pass, or None when a page on the way cannot be read."""
    try:
        return src.execute(f'SELECT {cols} FROM "{table}"').fetchall()
    except sqlite3.DatabaseError:
        return None


def _rows_one_by_one(src: sqlite3.Connection, table: str, cols: str, lost: list[int]) -> list[tuple]:
    """Rows looked up by rowid from 1 to the largest rowid that can be found; unreadable ones are counted."""
    top = 0
    for query in (f'SELECT MAX(rowid) FROM "{table}"', f'SELECT rowid FROM "{table}" ORDER BY rowid DESC LIMIT 1'):
        try:
            top = max(top, src.execute(query).fetchone()[0] or 0)
        except sqlite3.DatabaseError:
            continue
    rows: list[tuple] = []
    for rowid in range(1, min(top, MAX_PROBES) + 1):
        try:
            row = src.execute(f'SELECT {cols} FROM "{table}" WHERE rowid = ?', (rowid,)).fetchone()
        except sqlite3.DatabaseError:
            lost[0] += 1
            continue
        if row is not None:
            rows.append(row)
    return rows


def recover_store(source: Path, target: Path) -> Salvage:
    """Copy every readable row of the store at source into a new store at target (which must not exist)."""
    from mso_tui.store.db import close_db, init_db
    from mso_tui.store.models import ALL_MODELS

    if target.exists():
        raise InvalidInput(f"{target} exists; give a new file for the recovered store")
    if not target.parent.is_dir():
        raise InvalidInput(f"{target.parent}: no such folder")
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        names = {r[0] for r in src.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    except sqlite3.DatabaseError:
        names = {m._meta.table_name for m in ALL_MODELS}  # the schema page itself is bad: try every known table
    close_db()
    init_db(path=target)  # mso's current schema, migrations recorded
    close_db()
    dst = sqlite3.connect(target)
    dst.execute("PRAGMA foreign_keys = OFF")  # rows whose parent row was lost are kept, not refused
    salvage = Salvage()
    tables = [m._meta.table_name for m in ALL_MODELS]
    try:
        for table in tables:
            if table not in names:
                continue
            try:
                wanted = [c for c in _columns(src, table) if c in set(_columns(dst, table))]
            except sqlite3.DatabaseError:
                salvage.unreadable_tables.append(table)
                continue
            cols = ", ".join(f'"{c}"' for c in wanted)
            lost = [0]
            rows = _rows_whole(src, table, cols)
            if rows is None:
                rows = _rows_one_by_one(src, table, cols, lost)
            marks = ", ".join("?" * len(wanted))
            dst.executemany(f'INSERT OR IGNORE INTO "{table}" ({cols}) VALUES ({marks})', rows)
            salvage.copied[table] = len(rows)
            salvage.lost[table] = lost[0]
        dst.commit()
    finally:
        src.close()
        dst.close()
    _rebuild_search(target)
    return salvage


def _rebuild_search(target: Path) -> None:
    """The knowledge search index is derived data: rebuilt from the recovered entries."""
    from mso_tui.store.db import close_db, init_db
    from mso_tui.store.fts import KnowledgeIndex, fts_available
    from mso_tui.store.models import KnowledgeEntry, database

    init_db(path=target)
    try:
        if fts_available():
            with database.atomic():
                KnowledgeIndex.delete().execute()
                for entry in KnowledgeEntry.select():
                    KnowledgeIndex.insert(rowid=entry.id, title=entry.title,
                                          body=f"{entry.description}\n{entry.content}",
                                          tags=" ".join(entry.tags or [])).execute()
    finally:
        close_db()
