"""Parse transcript files in worker processes while the caller writes: results in order, a few files ahead.

Only parsing runs in the workers (no store, no connection): the one writer stays the caller, so each
file is still written in its own transaction and a killed import leaves no half-imported file. A
worker exits by itself when its parent dies (a SIGKILLed import leaves no process behind).
"""
from __future__ import annotations

import importlib
import multiprocessing
import os
import threading
import time
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path
from typing import Any, Iterator

from mso_tui.importers.base import FileParse

MIN_BYTES = 8 * 2**20  # below this the workers' start-up costs more than the parse they take over
MIN_FILES = 4
# On 2 cores (measured, loaded machine) a parse worker only competes with the writer: 1.0-1.1x slower.
MIN_CORES = 4
# (path, importer module name, offset, state)
Job = tuple[Path, str, int, "dict[str, Any] | None"]


def worker_count(total_bytes: int, files: int) -> int:
    """How many parse workers pay for an import of this size (0: parse in the writer)."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    if cores < MIN_CORES or total_bytes < MIN_BYTES or files < MIN_FILES:
        return 0
    return min(cores - 1, 3)  # one core stays with the writer


def _watch_parent(parent: int) -> None:
    """End this worker when the process that started it is gone."""
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(0)


def _start_worker(parent: int) -> None:
    """Worker set-up: the parent watch."""
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()


def parse_job(job: Job) -> FileParse | OSError:
    """One file's parse; a read error comes back as the value, raised where the file is stored."""
    path, module_name, offset, state = job
    try:
        return importlib.import_module(module_name).parse(path, offset, state)
    except OSError as exc:
        return exc


def parse_ahead(jobs: list[Job], workers: int) -> Iterator[FileParse | OSError]:
    """The parses of the jobs, in order, with at most a few files parsed ahead of the caller (bounded memory)."""
    # spawn: a fresh interpreter, safe beside the caller's threads and open database connection
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(workers, mp_context=context, initializer=_start_worker,
                             initargs=(os.getpid(),)) as pool:
        pending: deque[Future] = deque()
        queued = iter(jobs)
        for job in queued:
            pending.append(pool.submit(parse_job, job))
            if len(pending) >= 2 * workers + 2:
                break
        while pending:
            result = pending.popleft().result()
            nxt = next(queued, None)
            if nxt is not None:
                pending.append(pool.submit(parse_job, nxt))
            yield result
