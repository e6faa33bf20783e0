"""SQLite WAL checkpoints on a thread of their own during an import, so the copy back runs beside the writer.

An import's commits used to copy the WAL back into the database themselves (the autocheckpoint, run by
the committing writer): on the 200 MB bench tree 0.7 s of its time, while a second core sat partly idle.
A checkpoint runs in SQLite's C code with the GIL released, on its own connection, and a PASSIVE one
never blocks the writer or a reader; it only copies what is already committed, so a kill at any
moment leaves the same store as before. The writer's own autocheckpoint stays on as a bound, in case
this thread falls behind.
"""
from __future__ import annotations

import sqlite3
import threading

INTERVAL = 0.1  # seconds between checkpoints: a few MB of WAL each at an import's write rate


class Checkpointer:
    """A daemon thread that checkpoints one SQLite file's WAL every INTERVAL until stopped."""

    def __init__(self, path: str, interval: float = INTERVAL) -> None:
        """A checkpointer of the database file at path (not started)."""
        self.path, self.interval = path, interval
        self.runs = 0  # checkpoints done: what a test can see
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="mso-wal-checkpoint", daemon=True)

    def start(self) -> Checkpointer:
        """Start checkpointing; return self."""
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop after the checkpoint under way, if any."""
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        """Checkpoint until stopped; any SQLite error ends the thread quietly (the writer's own bound remains)."""
        try:
            conn = sqlite3.connect(self.path, timeout=0, check_same_thread=False, isolation_level=None)
        except sqlite3.Error:
            return
        try:
            while not self._stop.wait(self.interval):
                conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
                self.runs += 1
        except sqlite3.Error:
            return  # busy, locked or gone: checkpoints fall back to the writer's autocheckpoint
        finally:
            conn.close()
