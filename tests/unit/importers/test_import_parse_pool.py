"""Parsing in worker processes stores exactly what parsing in the writer stores, file by file in order."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from mso_tui.services import imports, parse_pool
from mso_tui.store.models import ImportedFile, Session, Turn, UsageEvent
from tests.helpers.claude_lines import conversation, write


def _tree(root: Path) -> Path:
    """Six transcripts in three projects, one with a bad line."""
    for n in range(6):
        write(root / "projects" / f"-w-p{n % 3}" / f"s{n}.jsonl", conversation(f"s{n}", f"/w/p{n % 3}", 3 + n),
              raw_tail="not json\n" if n == 4 else "")
    return root


def _snapshot() -> tuple:
    """What the store holds, without ids that depend on timing."""
    sessions = sorted((s.project.name, s.number, s.agent_session_id, s.input_tokens, s.output_tokens, s.cost_usd)
                      for s in Session.select())
    turns = sorted((t.session.agent_session_id, t.seq, t.role, t.text) for t in Turn.select())
    usage = sorted((u.message_id, u.input_tokens, u.output_tokens) for u in UsageEvent.select())
    files = sorted((Path(f.path).name, f.offset, f.format) for f in ImportedFile.select())
    return sessions, turns, usage, files


def test_parse_workers_store_the_same_as_the_writer_alone(store: Path, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    tree = _tree(tmp_path / "claude")
    used: list[int] = []
    real = parse_pool.parse_ahead

    def spy(jobs: list, workers: int, task):  # type: ignore[no-untyped-def]
        used.append(workers)
        return real(jobs, workers, task)

    monkeypatch.setattr(imports, "parse_ahead", spy)
    monkeypatch.setattr(imports, "worker_count", lambda *_: 2)
    first = imports.import_paths([tree])
    assert used == [2]
    pooled = _snapshot()
    again = imports.import_paths([tree])  # nothing changed: nothing is parsed, in workers or not
    assert (again.files, again.unchanged) == (0, 6)
    for model in (UsageEvent, Turn, ImportedFile, Session):
        model.delete().execute()
    monkeypatch.setattr(imports, "worker_count", lambda *_: 0)
    alone = imports.import_paths([tree])
    assert _snapshot() == pooled
    assert (first.files, first.turns, first.usage_events, first.errors_total) == \
        (alone.files, alone.turns, alone.usage_events, alone.errors_total)
    assert first.errors_total == 1


def test_small_imports_and_one_core_parse_in_the_writer(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parse_pool.os, "sched_getaffinity", lambda _: {0, 1, 2, 3}, raising=False)
    assert parse_pool.worker_count(100 * 2**20, 50) == 3
    assert parse_pool.worker_count(2**20, 50) == 0
    monkeypatch.setattr(parse_pool.os, "sched_getaffinity", lambda _: {0, 1}, raising=False)
    assert parse_pool.worker_count(100 * 2**20, 50) == 1  # the worker makes rows, the writer only writes
    monkeypatch.setattr(parse_pool.os, "sched_getaffinity", lambda _: {0}, raising=False)
    assert parse_pool.worker_count(100 * 2**20, 50) == 0
    monkeypatch.setattr(parse_pool.os, "sched_getaffinity", lambda _: {0, 1}, raising=False)
    assert parse_pool.worker_count(100 * 2**20, 50, writes=False) == 2  # a preview writes nothing


def test_reimport_of_an_unchanged_tree_opens_no_file(store: Path, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    tree = _tree(tmp_path / "claude")
    imports.import_paths([tree])
    opened: list[str] = []
    real_open = open

    def spy(file, *args, **kwargs):  # type: ignore[no-untyped-def]
        if str(file).endswith(".jsonl"):
            opened.append(str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr("builtins.open", spy)
    again = imports.import_paths([tree])
    assert (again.files, again.unchanged, opened) == (0, 6, [])


def test_the_import_checkpoint_setting_is_restored_after_the_import(store: Path, tmp_path: Path,
                                                                    backend: str) -> None:
    from mso_tui.store.models import database

    if backend != "sqlite":
        pytest.skip("a SQLite setting")
    def setting() -> int:
        return database.execute_sql("PRAGMA wal_autocheckpoint").fetchone()[0]

    seen: list[int] = []
    imports.import_paths([_tree(tmp_path / "claude")], progress=lambda *_: seen.append(setting()))
    assert set(seen) == {16384}
    assert setting() == 1000


def _tenfold(job: parse_pool.Job) -> int:
    """A worker task for the tests: the job's offset times ten; offset 3 fails."""
    if job[2] == 3:
        raise ValueError("job 3 is bad")
    return job[2] * 10


def test_results_come_back_in_job_order_across_workers() -> None:
    jobs = [(Path("f"), "m", n, None) for n in (0, 1, 2, 4, 5, 6, 7)]
    assert list(parse_pool.parse_ahead(jobs, 2, _tenfold)) == [0, 10, 20, 40, 50, 60, 70]


def test_a_task_error_is_raised_in_the_caller_at_its_file() -> None:
    jobs = [(Path("f"), "m", n, None) for n in range(6)]
    results = parse_pool.parse_ahead(jobs, 2, _tenfold)
    assert [next(results) for _ in range(3)] == [0, 10, 20]
    with pytest.raises(ValueError, match="job 3 is bad"):
        next(results)


def test_workers_start_when_stderr_has_no_file(tmp_path: Path) -> None:
    """Inside the TUI, stderr is Textual's capture (fileno() -1): the plan of a large import failed there."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "class Capture:\n"
        "    def fileno(self): return -1\n"
        "    def write(self, text): return len(text)\n"
        "    def flush(self): pass\n"
        "sys.stderr = Capture()\n"
        "from pathlib import Path\n"
        "from mso_tui.services import parse_pool\n"
        "from tests.unit.importers.test_import_parse_pool import _tenfold\n"
        "jobs = [(Path('f'), 'm', n, None) for n in (0, 1, 2)]\n"
        "print(list(parse_pool.parse_ahead(jobs, 1, _tenfold)))\n"
    )
    root = Path(__file__).resolve().parents[3]
    done = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True, timeout=60,
                          env={**os.environ, "PYTHONPATH": str(root)})
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[0, 10, 20]"


def _dies_in_a_worker(job: parse_pool.Job) -> int:
    """A worker task for the tests: the worker process dies at offset 2 (as if killed); the caller runs it fine."""
    import multiprocessing

    if job[2] == 2 and multiprocessing.parent_process() is not None:
        os._exit(1)
    return job[2] * 10


def test_a_worker_that_dies_leaves_its_jobs_to_the_caller() -> None:
    jobs = [(Path("f"), "m", n, None) for n in range(7)]
    assert list(parse_pool.parse_ahead(jobs, 1, _dies_in_a_worker)) == [0, 10, 20, 30, 40, 50, 60]
    assert list(parse_pool.parse_ahead(jobs, 2, _dies_in_a_worker)) == [0, 10, 20, 30, 40, 50, 60]


def test_no_worker_can_start_and_the_caller_parses_all(monkeypatch: pytest.MonkeyPatch) -> None:
    import multiprocessing.context

    def refuse(self):  # type: ignore[no-untyped-def]
        raise OSError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(multiprocessing.context.SpawnProcess, "start", refuse)
    jobs = [(Path("f"), "m", n, None) for n in (0, 1, 2)]
    assert list(parse_pool.parse_ahead(jobs, 2, _tenfold)) == [0, 10, 20]
