"""fork_map: the same answer as a plain loop, over worker processes, even when a worker fails."""
from __future__ import annotations

import os

import pytest

from mso_tui.usage import fork_map as forkmap


def test_split_balances_by_weight() -> None:
    weights = [100, 1, 1, 1, 50, 50, 2]
    shares = forkmap.split(weights, 2)
    assert sorted(i for s in shares for i in s) == list(range(len(weights)))
    loads = sorted(sum(weights[i] for i in s) for s in shares)
    assert loads == [102, 103]


@pytest.mark.parametrize("workers", [1, 2, 3, 8])
def test_same_results_in_order(workers: int) -> None:
    items = list(range(23))
    assert forkmap.fork_map(lambda x: (x, x * x, str(x)), items, [x % 5 + 1 for x in items], workers) == \
        [(x, x * x, str(x)) for x in items]


def test_work_really_runs_in_other_processes() -> None:
    pids = set(forkmap.fork_map(lambda _: os.getpid(), list(range(8)), [1] * 8, 2))
    assert os.getpid() in pids and len(pids) == 2


def test_a_failing_worker_is_made_up_for() -> None:
    parent = os.getpid()

    def only_here(x: int) -> int:
        if os.getpid() != parent:
            raise RuntimeError("worker dies")
        return x + 1

    assert forkmap.fork_map(only_here, list(range(10)), [1] * 10, 3) == list(range(1, 11))


def test_without_fork_it_is_a_loop(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delattr(os, "fork")
    assert forkmap.fork_map(lambda _: os.getpid(), [1, 2, 3], [1, 1, 1], 2) == [os.getpid()] * 3


def test_background_work_is_done_when_waited_for(tmp_path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "out"
    wait = forkmap.background(lambda: target.write_text(str(os.getpid())))
    wait()
    assert target.read_text() != str(os.getpid())  # written, by another process
    wait()  # waiting twice is harmless
