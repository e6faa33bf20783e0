"""Copies of a SQLite store file (`mso backup`, and automatically before a migration): store-level, no service."""
from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from mso_tui.errors import InvalidInput
from mso_tui.store.models import database

KEEP_BACKUPS = 5  # automatic and default-place backups kept per store; older ones are removed


def backup_dir(db_path: Path) -> Path:
    """Where a store's backups go by default: a backups/ folder beside it (the data dir's, normally)."""
    return db_path.parent / "backups"


def backups_of(db_path: Path) -> list[Path]:
    """The store's backups in the default place, oldest first (their names sort by time)."""
    folder = backup_dir(db_path)
    try:
        return sorted(folder.glob(f"{db_path.stem}-*.sqlite3"))
    except OSError:
        return []


def _default_target(db_path: Path, reason: str) -> Path:
    """A new, timestamped file name in the default place."""
    from mso_tui.private_files import ensure_private_dir

    folder = ensure_private_dir(backup_dir(db_path))
    stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%d-%H%M%S")
    tag = f"-{reason}" if reason else ""
    target = folder / f"{db_path.stem}-{stamp}{tag}.sqlite3"
    n = 1
    while target.exists():
        n += 1
        target = folder / f"{db_path.stem}-{stamp}{tag}-{n}.sqlite3"
    return target


def backup_store(target: Path | None = None, reason: str = "") -> Path:
    """Copy the open SQLite store with SQLite's online backup API (consistent while others write).

    Without a target the copy goes to the default place, keeping the last KEEP_BACKUPS there. The copy
    is written to a temporary name first, so a full disk or a kill never leaves a torn backup.
    """
    import sqlite3

    from peewee import SqliteDatabase

    db = database.obj
    if not isinstance(db, SqliteDatabase):
        raise InvalidInput("mso backup copies a SQLite store; for a server database use its own tool "
                           "(pg_dump), or `mso export`")
    db_path = Path(db.database)
    target = target or _default_target(db_path, reason)
    if target.exists() and target.samefile(db_path):
        raise InvalidInput(f"{target} is the store itself")
    tmp = target.with_name(f".{target.name}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.close(fd)
    try:
        with sqlite3.connect(tmp) as copy:
            db.connection().backup(copy)
        copy.close()
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    if target.parent == backup_dir(db_path):
        for old in backups_of(db_path)[:-KEEP_BACKUPS]:
            old.unlink(missing_ok=True)
    return target
