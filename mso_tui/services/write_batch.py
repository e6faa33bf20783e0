"""Several files' writes in one transaction, each file in its own savepoint: fewer commits, never half a file.

A commit rewrites the pages every file touches (the session and file tables, the indexes' upper levels);
on a tree of a thousand small transcripts that was a third of the import. Files still succeed or fail
whole: each one is a savepoint that is undone alone, and a killed import loses only the open batch,
which holds whole files the next run imports again.
"""
from __future__ import annotations

import time
from typing import Any

from mso_tui.store.models import database

BATCH_SECONDS = 0.25  # the write lock is held no longer than this between commits (other writers wait)
BATCH_BYTES = 32 * 2**20  # source bytes per batch: bounds what a kill makes the next run read again


class WriteBatch:
    """An open transaction that files join, committed when it has run long enough or grown large enough."""

    def __init__(self, seconds: float | None = None, size: int | None = None) -> None:
        """A batch that commits after `seconds` or `size` source bytes (the module's bounds by default)."""
        self.seconds = BATCH_SECONDS if seconds is None else seconds
        self.size = BATCH_BYTES if size is None else size
        self._txn: Any = None
        self._started = 0.0
        self._bytes = 0

    def join(self) -> None:
        """Begin the batch's transaction unless one is open."""
        if self._txn is None:
            self._txn = database.atomic()
            self._txn.__enter__()
            self._started, self._bytes = time.monotonic(), 0

    def done(self, size: int) -> None:
        """A file of `size` bytes was written: commit when the batch is due."""
        self._bytes += size
        if self._txn is not None and (self._bytes >= self.size or time.monotonic() - self._started >= self.seconds):
            self.commit()

    def commit(self) -> None:
        """Commit the open transaction, if any."""
        txn, self._txn = self._txn, None
        if txn is not None:
            txn.__exit__(None, None, None)

    def abort(self, exc: BaseException) -> None:
        """Roll the open transaction back (the run is ending with exc)."""
        txn, self._txn = self._txn, None
        if txn is not None:
            txn.__exit__(type(exc), exc, exc.__traceback__)
