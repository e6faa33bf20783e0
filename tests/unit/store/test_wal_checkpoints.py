"""The import's WAL checkpoints run on their own thread and copy committed pages back while the writer writes."""
from __future__ import annotations

import sqlite3
import time
from pathlib import Path

from mso_tui.store.wal_checkpoints import Checkpointer


def test_committed_pages_are_copied_back_without_the_writer(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite3"
    writer = sqlite3.connect(path, isolation_level=None)
    writer.execute("PRAGMA journal_mode=wal")
    writer.execute("PRAGMA wal_autocheckpoint=0")  # the writer never copies back itself
    writer.execute("CREATE TABLE t (x TEXT)")
    checkpoints = Checkpointer(str(path), interval=0.01).start()
    try:
        writer.execute("BEGIN IMMEDIATE")
        writer.executemany("INSERT INTO t VALUES (?)", [("x" * 500,)] * 2000)
        writer.execute("COMMIT")
        deadline = time.monotonic() + 10
        while checkpoints.runs < 3 and time.monotonic() < deadline:
            time.sleep(0.01)
    finally:
        checkpoints.stop()
    assert checkpoints.runs >= 3
    # the rows reach the database file only through a checkpoint: the writer ran none
    assert path.stat().st_size > 1_000_000
    assert sqlite3.connect(path).execute("SELECT COUNT(*) FROM t").fetchone()[0] == 2000


def test_a_missing_folder_ends_the_thread_quietly(tmp_path: Path) -> None:
    checkpoints = Checkpointer(str(tmp_path / "gone" / "s.sqlite3"), interval=0.01).start()
    checkpoints.stop()
    assert checkpoints.runs == 0
