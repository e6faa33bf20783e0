"""What an import must read of each file: the stored state of files imported before, without opening them."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

from mso_tui.importers import registry
from mso_tui.store.models import ImportedFile, database

Known = dict[str, tuple[int, int, float, str]]  # path -> (inode, size, mtime, format) of every imported file


@dataclass(frozen=True)
class StoredFile:
    """What the store holds about a file imported before."""

    id: int
    inode: int
    size: int
    mtime: float
    offset: int
    format: str
    state: dict[str, Any] | None


_STAT_SQL: dict[type, str] = {}  # database kind -> the lookup's SQL (built by peewee once, not per file)


def stat_row(path: str) -> StoredFile | None:
    """The stored state of a file, if it was imported before."""
    db = database.obj
    sql = _STAT_SQL.get(type(db))
    if sql is None:
        query = ImportedFile.select(ImportedFile.id, ImportedFile.inode, ImportedFile.size, ImportedFile.mtime,
                                    ImportedFile.offset, ImportedFile.format, ImportedFile.state)
        sql = _STAT_SQL[type(db)] = query.where(ImportedFile.path == path).sql()[0]
    row = db.execute_sql(sql, (path,)).fetchone()
    if row is None:
        return None
    return StoredFile(row[0], row[1], row[2], row[3], row[4], row[5], ImportedFile.state.python_value(row[6]))


def stored_state(row: StoredFile | None) -> tuple | None:
    """What identifies a stored import of a file, to notice another run's import in between."""
    return None if row is None else (row.inode, row.size, row.mtime, row.offset)


@dataclass
class FilePlan:
    """What to read of one changed file: from where, and what the store held when it was looked at."""

    key: str
    st: os.stat_result
    stored: StoredFile | None
    offset: int
    state: dict[str, Any] | None


def plan_file(path: Path, module: ModuleType) -> FilePlan | None:
    """What is new in the file since its last import (None: nothing; the file is not read)."""
    key = str(path.resolve())
    st = os.stat(key)
    stored = stat_row(key)
    if stored is not None and (stored.inode, stored.size, stored.mtime) == (st.st_ino, st.st_size, st.st_mtime):
        return None
    same_file = stored is not None and stored.inode == st.st_ino and st.st_size >= stored.size
    resume = same_file and registry.is_incremental(path) and stored.format == module.FORMAT  # type: ignore[union-attr]
    offset, state = (stored.offset, stored.state or {}) if resume else (0, None)  # type: ignore[union-attr]
    return FilePlan(key, st, stored, offset, state)


def stored_files() -> Known:
    """Every imported file's (inode, size, mtime, format), in one query: a re-import opens no unchanged file."""
    query = ImportedFile.select(ImportedFile.path, ImportedFile.inode, ImportedFile.size, ImportedFile.mtime,
                                ImportedFile.format)
    return {row[0]: tuple(row[1:]) for row in database.execute_sql(*query.sql())}  # type: ignore[misc]


def unchanged_format(path: Path, known: Known) -> str | None:
    """The stored format of a file imported before and unchanged since (by inode, size, mtime), else None."""
    try:
        key = str(path.resolve())
        st = os.stat(key)
    except OSError:
        return None
    row = known.get(key)
    return row[3] if row is not None and row[:3] == (st.st_ino, st.st_size, st.st_mtime) else None
