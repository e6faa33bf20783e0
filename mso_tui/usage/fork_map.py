"""Map a function over items in forked worker processes, results sent back with marshal.

Plain os.fork and a pipe per worker rather than multiprocessing: importing concurrent.futures and
pickling results cost more than a whole warm `mso usage` run, and the calling process works on a
share of its own instead of waiting. Where fork is missing, or a worker fails, the caller
computes the missing results itself, so the answer never depends on the workers.
"""
from __future__ import annotations

import marshal
import os

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Callable, TypeVar

    T = TypeVar("T")
    R = TypeVar("R")


def split(weights: list[int], parts: int) -> list[list[int]]:
    """Indexes of items in `parts` shares of about equal weight (largest first, to the lightest share)."""
    shares: list[list[int]] = [[] for _ in range(parts)]
    loads = [0] * parts
    for i in sorted(range(len(weights)), key=lambda i: -weights[i]):
        lightest = loads.index(min(loads))
        shares[lightest].append(i)
        loads[lightest] += weights[i]
    return [sorted(s) for s in shares]


def _child(func: Callable[[T], R], items: list[T], share: list[int], fd: int) -> None:
    """Run in a forked worker: compute a share and write it to the pipe, then leave at once."""
    status = 1
    try:
        payload = marshal.dumps([func(items[i]) for i in share])
        with os.fdopen(fd, "wb") as out:
            out.write(payload)
        status = 0
    finally:  # never return into the parent's code (no atexit handlers, no buffers flushed twice)
        os._exit(status)


def fork_map(func: Callable[[T], R], items: list[T], weights: list[int], workers: int) -> list[R]:
    """[func(item) for item in items], over `workers` processes (the caller being one of them)."""
    if workers <= 1 or len(items) < 2 or not hasattr(os, "fork"):
        return [func(item) for item in items]
    shares = split(weights, min(workers, len(items)))
    children: list[tuple[int, int, list[int]]] = []
    for share in shares[1:]:
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(read_end)
            _child(func, items, share, write_end)
        os.close(write_end)
        children.append((pid, read_end, share))
    results: list = [None] * len(items)
    for i in shares[0]:
        results[i] = func(items[i])
    for pid, read_end, share in children:
        with os.fdopen(read_end, "rb") as pipe:
            payload = pipe.read()
        _, status = os.waitpid(pid, 0)
        values = None
        if status == 0:
            try:
                values = marshal.loads(payload)
            except (EOFError, ValueError, TypeError):
                values = None
        if not isinstance(values, list) or len(values) != len(share):
            values = [func(items[i]) for i in share]  # the worker failed: do its share here
        for i, value in zip(share, values):
            results[i] = value
    return results


def background(func: Callable[[], object]) -> Callable[[], None]:
    """Start func in a forked process and return what waits for it (where fork is missing: func runs now).

    For work whose result stays on disk (cache files): it overlaps what the caller does next, and the
    caller waits before it ends, so nothing runs on after the command has returned."""
    if not hasattr(os, "fork"):
        func()
        return lambda: None
    pid = os.fork()
    if pid == 0:
        status = 1
        try:
            func()
            status = 0
        finally:  # as _child: never back into the caller's code
            os._exit(status)

    def wait() -> None:
        try:
            os.waitpid(pid, 0)
        except ChildProcessError:
            pass
    return wait
