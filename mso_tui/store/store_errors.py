"""Storage failures as one line that says what happened and what to do: disk full, read-only, damaged."""
from __future__ import annotations

import errno

# what SQLite and PostgreSQL say, lower-cased, for each kind of failure
FULL = ("database or disk is full", "no space left on device", "could not extend file", "disk quota exceeded")
READ_ONLY = ("attempt to write a readonly database", "read-only transaction", "read-only file system")
DAMAGED = ("database disk image is malformed", "file is not a database", "malformed database schema")


def store_location() -> str:
    """The store in use, for the message: its file for SQLite, else the kind of server."""
    from peewee import SqliteDatabase

    from mso_tui.store.models import database

    db = database.obj
    if db is None:
        return "the store"
    if isinstance(db, SqliteDatabase):
        return str(db.database).removeprefix("file:").split("?")[0]
    return f"{type(db).__name__}:{db.database}"


def _chain(exc: BaseException) -> list[BaseException]:
    """The error and those it arose from (a failed rollback hides the disk-full error behind it)."""
    seen: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in seen and len(seen) < 8:
        seen.append(current)
        current = current.__cause__ or current.__context__
    return seen


def store_problem(exc: BaseException) -> str | None:
    """One line for a storage failure anywhere in the error's chain, or None when it is something else."""
    for err in _chain(exc):
        text = str(err).lower()
        if isinstance(err, OSError) and err.errno in (errno.ENOSPC, errno.EDQUOT):
            where = err.filename or store_location()
            return f"disk full at {where}: free some space and run again (the failed write was not kept)"
        if isinstance(err, OSError) and err.errno == errno.EROFS:
            return f"read-only file system at {err.filename or store_location()}"
        if any(s in text for s in FULL):
            return (f"disk full at {store_location()}: free some space and run again "
                    "(the step that failed was undone; what was stored before is intact)")
        if any(s in text for s in READ_ONLY):
            return (f"the store is read-only: {store_location()} (check its permissions, or point MSO_DATA_DIR "
                    "at a writable folder)")
        if any(s in text for s in DAMAGED):
            return (f"the store is damaged: {store_location()} (nothing was written; run `mso doctor`, "
                    "then `mso recover NEW_PATH` to salvage it, or restore a backup)")
    return None
