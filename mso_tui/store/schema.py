"""The schema: migrations run atomically under a write lock, and the version a store is at."""
from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

from peewee import Database, OperationalError, ProgrammingError, SqliteDatabase

from mso_tui.store.models import ALL_MODELS, Project

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
HISTORY_TABLE = "schema_migration"
SCHEMA_LOCK_KEY = 0x6D736F  # "mso": the PostgreSQL advisory lock taken while the schema changes


def _pending(runner: Any) -> tuple[bool, list[str]]:
    """(whether the store is brand new, names of migrations not applied yet); a newer store is refused."""
    fresh = not Project.table_exists() and not runner.History.table_exists()
    applied = set(runner.applied())
    known = [m.name for m in runner.migrations()]
    unknown = applied - set(known)
    if unknown:
        from mso_tui.store.db import DatabaseError

        raise DatabaseError(f"the store was written by a newer mso (migrations {', '.join(sorted(unknown))})")
    return fresh, [name for name in known if name not in applied]


def _up_to_date(db: Database, directory: Path) -> bool:
    """Whether the store's history names exactly the migrations in directory (False when it has none yet)."""
    known = {path.stem for path in directory.glob("[0-9]*.py")}
    try:
        applied = {row[0] for row in db.execute_sql(f"SELECT name FROM {HISTORY_TABLE}").fetchall()}
    except (OperationalError, ProgrammingError):  # no history table yet: a new store, which the runner creates
        if not db.is_closed() and not isinstance(db, SqliteDatabase):
            db.rollback()  # PostgreSQL: the failed statement aborted the transaction
        return False
    return bool(known) and applied == known


@contextmanager
def _schema_lock(db: Database) -> Iterator[None]:
    """One transaction holding the write lock for the whole schema change, so a second process waits.

    SQLite: foreign keys off first (the pragma is ignored inside a transaction, and a table rebuild
    with them on would cascade-delete child rows), then BEGIN IMMEDIATE. PostgreSQL: a transaction
    holding an advisory lock. DDL is transactional on both: a kill leaves the schema as it was.
    """
    if isinstance(db, SqliteDatabase):
        db.pragma("foreign_keys", 0)
    try:
        with db.atomic():
            if type(db).__name__.startswith("Postgres"):
                db.execute_sql("SELECT pg_advisory_xact_lock(%s)", (SCHEMA_LOCK_KEY,))
            yield
    finally:
        if isinstance(db, SqliteDatabase):
            db.pragma("foreign_keys", 1)


def migrate(db: Database, directory: Path = MIGRATIONS_DIR) -> list[str]:
    """Bring the schema up to date; return the names of migrations applied now.

    Creating a store and each upgrade run in one transaction with the history rows, so a process
    killed midway leaves the store as it was (it once left tables without history, which no later
    run could open), and two processes opening a new store at once create it once.
    """
    from mso_tui.store.fts import KnowledgeIndex, fts_available

    if _up_to_date(db, directory) and (not fts_available() or KnowledgeIndex.table_exists()):
        return []  # the usual open, read with one query: the migration runner is not even loaded
    from mso_tui.store import migration_runner

    runner = migration_runner()(db, directory=str(directory), table_name=HISTORY_TABLE)
    fresh, pending = _pending(runner)
    if not fresh and not pending and (not fts_available() or KnowledgeIndex.table_exists()):
        return []  # the usual open: nothing to write, no write lock taken
    if not fresh and pending and isinstance(db, SqliteDatabase):
        _backup_before_migration(pending)
    with _schema_lock(db):
        fresh, pending = _pending(runner)  # again under the lock: another process may have done it
        if fresh:
            db.create_tables(ALL_MODELS)
            runner.History.create_table()
            for name in pending:
                runner.History.create(name=name)
            pending = []
        elif pending:
            runner.up()  # each migration and its history row in a savepoint of this transaction
        if fts_available() and not KnowledgeIndex.table_exists():
            db.create_tables([KnowledgeIndex])
    return pending


def _backup_before_migration(pending: list[str]) -> None:
    """A copy of an existing store before its schema changes (kept with `mso backup`'s, the last few)."""
    from mso_tui.store.db import DatabaseError
    from mso_tui.store.file_backups import backup_store

    try:
        backup_store(reason="pre-" + pending[0].split("_", 1)[0])
    except OSError as exc:  # no room for a copy: the migration waits rather than run without one
        raise DatabaseError(f"cannot back up the store before upgrading it: {exc.strerror or exc}") from None


def schema_version(db: Database) -> int:
    """How many migrations the store has applied."""
    from mso_tui.store import migration_runner

    runner = migration_runner()(db, directory=str(MIGRATIONS_DIR), table_name=HISTORY_TABLE)
    return len(runner.applied())
