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


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Path]:
    """An empty, migrated SQLite store in the test's data dir; yields its path."""
    from mso_tui.data.db import close_db, init_db

    path = tmp_path / "data" / "mso.sqlite3"
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
