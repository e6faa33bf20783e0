"""A SQLite store's health at open: a quick check when the file changed since the last clean close.

A small marker beside the store records the file's size and mtime when mso last closed it cleanly;
an open that finds the file otherwise (changed by something else, or a write-ahead log left over)
runs `PRAGMA quick_check` first. A damaged store is refused with one line saying what to do, and
a store cut to 0 bytes is refused too rather than silently becoming a new, empty one.
"""
from __future__ import annotations

import os
from pathlib import Path

from peewee import Database

from mso_tui.store.db import DatabaseError

MARKER_SUFFIX = ".clean"
SHOWN_PROBLEMS = 3  # integrity lines quoted in a message
_sound: set[str] = set()  # stores this process found sound at open: only those are marked clean at close


class StoreDamaged(DatabaseError):
    """The store failed SQLite's integrity check; nothing may be written to it."""


def marker_path(db_path: Path) -> Path:
    """Where the clean-close marker of a store lives."""
    return db_path.with_name(db_path.name + MARKER_SUFFIX)


def _stamp(db_path: Path) -> str:
    """The store file's size and mtime, as the marker holds them ('' when the file is missing)."""
    try:
        st = db_path.stat()
    except OSError:
        return ""
    return f"{st.st_size} {st.st_mtime_ns}"


def mark_clean(db_path: Path) -> None:
    """Record that the store is consistent as it is now (after a clean close or a passed check).

    Only a store this process checked (or found unchanged) at open is marked: one opened damaged for
    doctor or recover must be checked again next time."""
    if str(db_path) not in _sound:
        return
    stamp = _stamp(db_path)
    if not stamp or stamp.startswith("0 "):
        return
    try:
        fd = os.open(marker_path(db_path), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(stamp)
    except OSError:  # a read-only folder: the next open checks again, which is only slower
        pass


def needs_check(db_path: Path) -> bool:
    """Whether the store changed since mso last closed it cleanly (or a write-ahead log is left over)."""
    try:
        recorded = marker_path(db_path).read_text().strip()
    except OSError:
        recorded = ""
    wal = Path(f"{db_path}-wal")
    left_over = wal.exists() and wal.stat().st_size > 0
    return left_over or recorded != _stamp(db_path)


def held_data_before(db_path: Path) -> bool:
    """Whether a store at this path ever held data: a clean-close marker or a backup of it exists."""
    from mso_tui.store.file_backups import backups_of

    return marker_path(db_path).exists() or bool(backups_of(db_path))


def refuse_emptied(db_path: Path) -> None:
    """A store that held data and is now 0 bytes is refused (it would silently become a new, empty store)."""
    # evidence first, size second: a store being created by another process is 0 bytes only until its
    # first checkpoint, and the evidence (a marker, a backup) is only written after one
    if not held_data_before(db_path):
        return
    try:
        size = db_path.stat().st_size
    except OSError:
        return
    if size == 0:
        from mso_tui.store.file_backups import backups_of

        found = backups_of(db_path)
        fix = f"restore the latest backup ({found[-1]}) over it" if found else "restore it from a copy"
        raise StoreDamaged(f"the store {db_path} is empty (0 bytes) but held data before; nothing was written. "
                           f"{fix[0].upper()}{fix[1:]}, or delete it to start afresh")


def check(db: Database, full: bool = False) -> list[str]:
    """SQLite's own check of every page (quick_check, or integrity_check when full): problems, [] when ok."""
    pragma = "integrity_check" if full else "quick_check"
    try:
        rows = db.execute_sql(f"PRAGMA {pragma}").fetchall()
    except Exception as exc:  # a header too damaged to even run the check
        return [f"{type(exc).__name__}: {exc}"]
    lines = [str(r[0]) for r in rows]
    return [] if lines == ["ok"] else lines


def damaged_message(db_path: Path, problems: list[str]) -> str:
    """The one line refusing a damaged store, with what to do."""
    quoted = "; ".join(problems[:SHOWN_PROBLEMS]) + (f" (+{len(problems) - SHOWN_PROBLEMS} more)"
                                                      if len(problems) > SHOWN_PROBLEMS else "")
    return (f"the store {db_path} is damaged ({quoted[:300]}); nothing was written. Salvage what is readable "
            f"with `mso recover NEW.sqlite3`, or restore a backup (`mso doctor` names the last one)")


def check_at_open(db: Database, db_path: Path) -> None:
    """Refuse a damaged store before anything is written to it; a passed check is remembered."""
    if needs_check(db_path):
        problems = check(db)
        if problems:
            _sound.discard(str(db_path))
            raise StoreDamaged(damaged_message(db_path, problems))
        _sound.add(str(db_path))
        mark_clean(db_path)
    _sound.add(str(db_path))
