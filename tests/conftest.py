"""Shared fixtures: every test runs on its own temporary data dir and store."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Iterator

import pytest


@pytest.fixture(autouse=True)
def _private_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Point MSO_DATA_DIR and MSO_CONFIG at the test's own folder; no real user data is touched."""
    monkeypatch.setenv("MSO_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("MSO_CONFIG", str(tmp_path / "config.toml"))
    monkeypatch.delenv("MSO_DATABASE_URL", raising=False)
    monkeypatch.delenv("MSO_LLM_MODEL", raising=False)
    monkeypatch.delenv("MSO_LLM_BASE_URL", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))


POSTGRES_URL = os.environ.get("MSO_TEST_POSTGRES_URL", "")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Tests on a store run on SQLite, and on PostgreSQL too when MSO_TEST_POSTGRES_URL names a server.

    Snapshot tests stay on SQLite only: a screen looks the same on either, and their baselines are named by test id.
    """
    if "backend" in metafunc.fixturenames and POSTGRES_URL and "snap_compare" not in metafunc.fixturenames:
        metafunc.parametrize("backend", ["sqlite", "postgres"], indirect=True)  # else: SQLite, ids unchanged


@pytest.fixture
def backend(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Which database the test's store uses; for PostgreSQL an emptied schema, named by MSO_DATABASE_URL."""
    name = getattr(request, "param", "sqlite")
    if name == "postgres":
        from playhouse.db_url import connect

        db = connect(POSTGRES_URL)
        db.execute_sql("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
        db.close()
        monkeypatch.setenv("MSO_DATABASE_URL", POSTGRES_URL)  # CLI calls in the test open it too
    return name


@pytest.fixture
def store(tmp_path: Path, backend: str) -> Iterator[Path]:
    """An empty, migrated store (SQLite in the test's data dir, or PostgreSQL); yields the SQLite path."""
    from mso_tui.store.db import close_db, init_db

    path = tmp_path / "data" / "mso.sqlite3"
    if backend == "postgres":
        init_db(url=POSTGRES_URL)
    else:
        init_db(path=path)
    yield path
    close_db()


@pytest.fixture
def corpus_dir() -> Path:
    """The shared real-transcript corpus named by MSO_CORPUS; skips when unset, fails when missing."""
    value = os.environ.get("MSO_CORPUS")
    if not value:
        pytest.skip("MSO_CORPUS is not set")
    path = Path(value)
    if not path.is_dir():
        pytest.fail(f"MSO_CORPUS={value} is not a folder")
    return path
