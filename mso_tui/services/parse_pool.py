"""Parse transcript files in worker processes while the caller writes: results in order, a few files ahead.

Only parsing, and the row making that needs no store (services/ingest_rows.py), runs in the workers (no
connection): the one writer stays the caller, so each file is still written in its own savepoint and a
killed import leaves no half-imported file. A worker exits by itself when its parent dies (a SIGKILLed
import leaves no process behind).
"""
from __future__ import annotations

import importlib
import multiprocessing
import os
import pickle
import sys
import threading
import time
from collections import deque
from contextlib import contextmanager
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any, Callable, Generator, Iterator

from mso_tui.importers.base import FileParse
from mso_tui.services.ingest_rows import PreparedFile, prepare

MIN_BYTES = 8 * 2**20  # below this the workers' start-up costs more than the parse they take over
MIN_FILES = 4
# One worker pays from 2 cores on: the writer only writes rows the worker made (the 200 MB bench tree,
# 2 cores: see bench/bench_import.py). When workers handed over parsed dataclasses, unpickling them
# cost the writer what the worker saved, and 2 cores were 1.0-1.1x slower.
MIN_CORES = 2
AHEAD = 4  # files sent to each worker before its first result is read: bounded memory, no idle worker
# (path, importer module name, offset, state)
Job = tuple[Path, str, int, "dict[str, Any] | None"]


def worker_count(total_bytes: int, files: int, writes: bool = True) -> int:
    """How many parse workers pay for a read of this size (0: parse in the caller).

    writes: the caller writes while the workers parse (an import), so one core stays with it; a
    preview only reads what the workers send, and all cores parse.
    """
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    if cores < MIN_CORES or total_bytes < MIN_BYTES or files < MIN_FILES:
        return 0
    return min(cores - 1, 3) if writes else min(cores, 4)


def _watch_parent(parent: int) -> None:
    """End this worker when the process that started it is gone."""
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(0)


def _serve(conn: Connection, parent: int) -> None:
    """A worker: (task, job) in, the pickled (ok, result or exception) out, until None or the pipe closes."""
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()
    while True:
        try:
            item = conn.recv()
        except (EOFError, OSError):
            return
        if item is None:
            return
        task, job = item
        try:
            conn.send_bytes(pickle.dumps(_attempt(task, job), protocol=pickle.HIGHEST_PROTOCOL))
        except OSError:
            return


def _attempt(task: Callable[[Job], Any], job: Job) -> tuple[bool, Any]:
    """(True, task(job)), or (False, the exception): raised again in the caller, at the job's turn."""
    try:
        return True, task(job)
    except Exception as exc:
        return False, exc


def parse_job(job: Job, headers_only: bool = False) -> FileParse | OSError:
    """One file's parse; a read error comes back as the value, raised where the file is stored.

    headers_only: an importer's parse_headers when it has one (what a plan needs, read faster), else its parse.
    """
    path, module_name, offset, state = job
    module = importlib.import_module(module_name)
    read = getattr(module, "parse_headers", module.parse) if headers_only else module.parse
    try:
        return read(path, offset, state)
    except OSError as exc:
        return exc


def prepare_job(job: Job, as_text: bool, headers_only: bool = False) -> PreparedFile | OSError:
    """One file's parse as store rows (services/ingest_rows.py); headers_only: each conversation's header alone."""
    parsed = parse_job(job, headers_only)
    return parsed if isinstance(parsed, OSError) else prepare(parsed, as_text, headers_only)


@contextmanager
def _stderr_with_a_file() -> Iterator[None]:
    """sys.stderr as an open file while workers start: multiprocessing hands its descriptor to the process
    that tracks shared resources, and inside the TUI stderr is Textual's capture, whose fileno() is -1
    ("bad value(s) in fds_to_keep"). That process then writes to the null device, not over the screen."""
    try:
        usable = sys.stderr is not None and sys.stderr.fileno() >= 0
    except (AttributeError, OSError, ValueError):
        usable = False
    if usable:
        yield
        return
    saved = sys.stderr
    with open(os.devnull, "w") as null:
        sys.stderr = null
        try:
            yield
        finally:
            sys.stderr = saved


def parse_ahead(jobs: list[Job], workers: int, task: Callable[[Job], Any]) -> Generator[Any, None, None]:
    """task(job) of each job (a picklable function), in order, at most a few files ahead of the caller.

    Jobs go in order to the least busy worker, over a pipe of its own; results are read back, as bytes,
    by the caller's thread alone (through a ProcessPoolExecutor they came through its threads, and the
    writer waited for the GIL after every SQLite step). A worker that dies leaves its jobs to the caller.
    """
    context = multiprocessing.get_context("spawn")  # a fresh interpreter: safe beside the caller's threads
    procs: list[Any] = []
    conns: list[Connection] = []
    queues: list[deque[int]] = []  # each worker's jobs sent and not read back yet, in order
    owner: dict[int, int] = {}  # job index -> the worker it went to
    front = 0  # the first job not sent yet
    dead: set[int] = set()  # workers that stopped (killed, out of memory): their jobs run in the caller

    def top_up() -> None:
        nonlocal front
        alive = [w for w in range(len(conns)) if w not in dead]
        while front < len(jobs) and alive:
            worker = min(alive, key=lambda w: len(queues[w]))
            if len(queues[worker]) >= AHEAD:
                return
            try:
                conns[worker].send((task, jobs[front]))
            except OSError:
                dead.add(worker)
                alive.remove(worker)
                continue
            queues[worker].append(front)
            owner[front] = worker
            front += 1

    try:
        for _ in range(workers):
            mine, theirs = context.Pipe()
            proc = context.Process(target=_serve, args=(theirs, os.getpid()), daemon=True)
            try:
                with _stderr_with_a_file():
                    proc.start()
            except OSError:  # no process can be started (a limit reached): the caller parses what is left
                mine.close()
                theirs.close()
                break
            theirs.close()
            procs.append(proc)
            conns.append(mine)
            queues.append(deque())
        for index in range(len(jobs)):
            top_up()
            if index not in owner or owner[index] in dead:  # no worker has it (any more): the caller's own
                front = max(front, index + 1)
                ok, value = _attempt(task, jobs[index])
            else:
                worker = owner.pop(index)
                try:
                    ok, value = pickle.loads(conns[worker].recv_bytes())
                    queues[worker].popleft()
                except (EOFError, OSError):  # the worker is gone: this job, and the others it held, run here
                    dead.add(worker)
                    ok, value = _attempt(task, jobs[index])
            if not ok:
                raise value
            yield value
    finally:
        for conn in conns:
            try:
                conn.send(None)
            except OSError:
                pass
            conn.close()
        for proc in procs:
            proc.join(timeout=2)
            if proc.is_alive():
                proc.kill()
