"""A store killed at any point while it is created or migrated opens afterwards, complete."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from mso_tui.store import db as dbmod
from mso_tui.store.models import database

ROOT = Path(__file__).resolve().parents[3]


class Crash(Exception):
    """Stands for the process dying between two statements."""


def _statements(path: Path) -> int:
    """How many statements creating a fresh store at path runs."""
    db = dbmod.open_sqlite(path)
    seen = [0]
    real = db.execute_sql

    def counting(sql: str, params: object = None, *args: object, **kwargs: object) -> object:
        seen[0] += 1
        return real(sql, params, *args, **kwargs)

    db.execute_sql = counting  # type: ignore[method-assign]
    database.initialize(db)
    db.connect()
    dbmod.migrate(db)
    db.close()
    return seen[0]


def _crash_at(path: Path, n: int) -> None:
    """Create or migrate the store at path, failing just before its n-th statement (no clean-up after)."""
    db = dbmod.open_sqlite(path)
    seen = [0]
    real = db.execute_sql

    def failing(sql: str, params: object = None, *args: object, **kwargs: object) -> object:
        seen[0] += 1
        if seen[0] == n:
            raise Crash(sql)
        return real(sql, params, *args, **kwargs)

    db.execute_sql = failing  # type: ignore[method-assign]
    database.initialize(db)
    db.connect()
    with pytest.raises(Crash):
        dbmod.migrate(db)
    db.close()  # a dead process's open transaction is gone too: SQLite rolls it back


def _reopens_complete(path: Path) -> None:
    db = dbmod.init_db(path=path)
    assert dbmod.schema_version(db) == len(list(dbmod.MIGRATIONS_DIR.glob("[0-9]*.py")))
    columns = {row[1] for row in db.execute_sql("PRAGMA table_info(usage_event)").fetchall()}
    assert "is_sidechain" in columns
    from mso_tui.services import projects

    projects.add_project("after-crash")
    dbmod.close_db()


def test_fresh_store_survives_a_crash_before_any_statement(tmp_path: Path) -> None:
    total = _statements(tmp_path / "count.sqlite3")
    assert total > 5
    for n in range(1, total + 1):
        path = tmp_path / f"crash-{n}.sqlite3"
        _crash_at(path, n)
        _reopens_complete(path)


def test_upgrade_survives_a_crash_before_any_statement(tmp_path: Path) -> None:
    """A store from before 0004: the column is added, or not at all, never half."""
    template = tmp_path / "old.sqlite3"
    db = dbmod.init_db(path=template)
    db.execute_sql("ALTER TABLE usage_event DROP COLUMN is_sidechain")
    db.execute_sql(f"DELETE FROM {dbmod.HISTORY_TABLE} WHERE name = '0004_usage_sidechain'")
    dbmod.close_db()
    data = template.read_bytes()
    n = 1
    while True:
        path = tmp_path / f"up-{n}.sqlite3"
        path.write_bytes(data)
        try:
            _crash_at(path, n)
        except pytest.fail.Exception:  # migrate finished before the n-th statement: every point was tried
            break
        _reopens_complete(path)
        n += 1
    assert n > 2


KILLER = '''
import os, signal, sys
from pathlib import Path
from mso_tui.store import db as dbmod
from mso_tui.store.models import database
n = int(sys.argv[2]); seen = [0]
db = dbmod.open_sqlite(Path(sys.argv[1]))
real = db.execute_sql
def killing(sql, params=None, *a, **k):
    seen[0] += 1
    if seen[0] == n:
        os.kill(os.getpid(), signal.SIGKILL)
    return real(sql, params, *a, **k)
db.execute_sql = killing
database.initialize(db)
db.connect()
dbmod.migrate(db)
'''


def test_sigkill_while_a_store_is_first_created(tmp_path: Path) -> None:
    """The real thing at a few points: a process SIGKILLed mid-creation leaves a store that opens."""
    total = _statements(tmp_path / "count.sqlite3")
    points = sorted({1, 2, total // 3, total // 2, total - 1, total})
    for n in points:
        path = tmp_path / f"kill-{n}.sqlite3"
        done = subprocess.run([sys.executable, "-c", KILLER, str(path), str(n)], cwd=ROOT, timeout=60,
                              env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True, text=True)
        assert done.returncode == -signal.SIGKILL, done.stderr
        _reopens_complete(path)
