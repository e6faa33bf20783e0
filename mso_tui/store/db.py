"""Database set-up: SQLite by default (WAL, busy timeout, foreign keys), any URL otherwise, migrations."""
from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from peewee import Database, SqliteDatabase

from mso_tui.errors import DatabaseError, add_describer
from mso_tui.store.models import database
from mso_tui.store.schema import HISTORY_TABLE, MIGRATIONS_DIR, migrate, schema_version  # noqa: F401 (their old home)
from mso_tui.store.store_errors import store_problem

add_describer(store_problem)  # a full disk, a read-only or damaged store: one line naming it, exit 2

SQLITE_PRAGMAS = {
    "journal_mode": "wal",
    "busy_timeout": 30000,  # ms: a second mso process waits instead of failing
    "foreign_keys": 1,
    "synchronous": "normal",
    "cache_size": -32000,
}


IMPORT_CHECKPOINT_PAGES = 16384  # the writer's own bound in an import (64 MB of 4 KB pages); a thread does the rest


@contextmanager
def import_scope() -> Iterator[None]:
    """Settings for one import on this connection: on SQLite, WAL checkpoints on a thread of their own.

    Each batch still commits whole, so a killed import loses nothing committed; only who copies the WAL
    back into the database, and how often the writer itself would, changes (store/wal_checkpoints.py).
    Other databases are left as they are.
    """
    db = database.obj
    if not isinstance(db, SqliteDatabase):
        yield
        return
    from mso_tui.store.wal_checkpoints import Checkpointer

    before = db.execute_sql("PRAGMA wal_autocheckpoint").fetchone()[0]
    db.execute_sql(f"PRAGMA wal_autocheckpoint={IMPORT_CHECKPOINT_PAGES}")
    checkpoints = Checkpointer(db.database).start() if db.database not in ("", ":memory:") else None
    try:
        yield
    finally:
        if checkpoints is not None:
            checkpoints.stop()
        db.execute_sql(f"PRAGMA wal_autocheckpoint={int(before)}")
        db.execute_sql("PRAGMA wal_checkpoint(PASSIVE)")  # readers after the import find a short WAL


def is_sqlite(db: Database) -> bool:
    """Whether db is an embedded SQLite store (not a server database)."""
    return isinstance(db, SqliteDatabase)


def _touch_private(path: Path) -> None:
    """Create the database file owner-only before SQLite does (WAL files inherit its mode)."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    if not path.exists():
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))


def open_sqlite(path: Path) -> SqliteDatabase:
    """A SQLite database at path with the pragmas mso relies on."""
    _touch_private(path)
    # IMMEDIATE: a write transaction takes the write lock at BEGIN, so two processes never
    # deadlock upgrading read locks (which SQLite answers with "database is locked" at once).
    return SqliteDatabase(str(path), pragmas=SQLITE_PRAGMAS, lock_type="IMMEDIATE", timeout=30)


def open_url(url: str) -> Database:
    """A database from a URL such as postgresql://user@host/db or sqlite:///path."""
    if url.startswith("sqlite:///"):
        return open_sqlite(Path(url[len("sqlite:///"):]))
    from playhouse.db_url import connect  # loaded only for a URL: it loads every driver's module

    from mso_tui.store import pg_driver

    pg_driver.enable()
    try:
        return connect(url)
    except Exception as exc:  # peewee raises several kinds for a bad URL
        raise DatabaseError(f"cannot open database URL: {type(exc).__name__}: {exc}") from None


def init_db(url: str | None = None, path: Path | None = None, allow_damaged: bool = False) -> Database:
    """Open (creating if needed) the store, check it, bind the models to it and migrate it.

    A SQLite store that changed since its last clean close is checked first, and a damaged one is
    refused (StoreDamaged); allow_damaged opens it anyway, unchecked and unmigrated, for doctor and recover.
    """
    from mso_tui.config import load_settings
    from mso_tui.locations import database_path

    if url is None and path is None:
        url = load_settings().database_url
    db = open_url(url) if url else open_sqlite(path or database_path())
    database.initialize(db)
    try:
        sound = _sqlite_sound(db, allow_damaged) if isinstance(db, SqliteDatabase) else True
        if sound is None:
            return db  # emptied: not even connected (setting WAL mode would write a new header into it)
        _connect_and_migrate(db, bool(sound))
    except DatabaseError:
        raise
    except Exception as exc:
        from mso_tui.store.store_errors import store_problem

        if allow_damaged:
            return db
        raise DatabaseError(store_problem(exc) or f"cannot open the store: {_one_line(exc)}") from None
    return db


LOCKED_RETRIES = 40  # x about 0.25 s: a brand-new store that several processes open at once


def _connect_and_migrate(db: Database, migrate_it: bool) -> None:
    """Connect and migrate, waiting for another process that is creating or upgrading the same store.

    Switching a new SQLite file to WAL, or an upgrade racing another, can answer "database is locked"
    at once instead of waiting for the busy timeout: such an attempt is retried, a bounded number of times.
    """
    import random
    import time

    for attempt in range(LOCKED_RETRIES + 1):
        try:
            db.connect(reuse_if_open=True)
            if migrate_it:
                migrate(db)
            return
        except Exception as exc:
            if "database is locked" not in str(exc) or attempt == LOCKED_RETRIES:
                raise
            if not db.is_closed():
                db.close()
            time.sleep(0.1 + random.random() * 0.3)  # jitter: racing processes do not retry in step


def _sqlite_sound(db: SqliteDatabase, allow_damaged: bool) -> bool | None:
    """Whether the store file is fit to be written: not emptied, and passing a quick check when it changed.

    An unfit store raises StoreDamaged, or with allow_damaged is opened as it is (False: damaged, do not
    migrate; None: emptied, do not even connect).
    """
    from mso_tui.store.store_errors import store_problem
    from mso_tui.store.store_safety import StoreDamaged, check_at_open, refuse_emptied

    path = Path(db.database)
    try:
        refuse_emptied(path)
    except StoreDamaged:
        if allow_damaged:
            return None
        raise
    try:
        db.connect(reuse_if_open=True)
        check_at_open(db, path)
    except StoreDamaged:
        if allow_damaged:
            return False
        raise
    except Exception as exc:  # "file is not a database" and the like, at connect
        if allow_damaged:
            return False
        raise StoreDamaged(store_problem(exc) or f"cannot open the store: {_one_line(exc)}") from None
    return True


def _one_line(exc: Exception) -> str:
    """A driver's error as one line (PostgreSQL's span several), with the fix when a driver is missing."""
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    text = f"{type(exc).__name__}: {lines[0] if lines else ''}"
    if type(exc).__name__ == "ImproperlyConfigured" and "driver" in text.lower():
        text += " (pip install 'mso-tui[postgres]' for PostgreSQL)"
    return text


def close_db() -> None:
    """Close this thread's connection if one is open; a SQLite store is then marked as closed cleanly."""
    if database.obj is not None and not database.is_closed():
        database.close()
        if isinstance(database.obj, SqliteDatabase):
            from mso_tui.store.store_safety import mark_clean

            mark_clean(Path(database.obj.database))


def describe(db: Database) -> str:
    """One line naming the database in use (no password)."""
    if isinstance(db, SqliteDatabase):
        return f"sqlite:{db.database}"
    return f"{type(db).__name__}:{db.database}"
