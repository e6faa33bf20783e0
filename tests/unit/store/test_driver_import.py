"""A SQLite store opens without importing the PostgreSQL driver (it cost ~10 ms of every start-up)."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def test_sqlite_store_opens_without_psycopg2(tmp_path: Path) -> None:
    code = ("import sys\nfrom pathlib import Path\nfrom mso_tui.store.db import init_db\n"
            f"init_db(path=Path({str(tmp_path / 'mso.sqlite3')!r}))\n"
            "from mso_tui.store.models import Project\nProject.select().count()\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('psycopg2', 'psycopg')))")
    env = {**os.environ, "MSO_DATA_DIR": str(tmp_path), "MSO_CONFIG": str(tmp_path / "config.toml")}
    env.pop("MSO_DATABASE_URL", None)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env)
    assert out.stdout.strip() == "[]"


def test_a_postgres_database_built_directly_still_finds_the_driver() -> None:
    # peewee was loaded without psycopg2: connecting hands it over (port 1: refused, not "driver not found")
    code = ("import mso_tui.store, peewee\n"
            "db = peewee.PostgresqlDatabase('mso', host='127.0.0.1', port=1, user='mso')\n"
            "try:\n    db.connect()\nexcept Exception as exc:\n    print(type(exc).__name__)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "OperationalError"
