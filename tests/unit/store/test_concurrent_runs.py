"""Several mso processes at once on one store: a brand-new store, the same input imported by each."""
from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from tests.helpers.claude_lines import conversation, write

ROOT = Path(__file__).resolve().parents[3]
RUNS = 6  # processes started together (the machine is small: enough to overlap, few enough to be quick)


def _start(args: list[str], data: Path) -> subprocess.Popen:
    env = {**os.environ, "MSO_DATA_DIR": str(data), "PYTHONPATH": str(ROOT)}
    env.pop("MSO_DATABASE_URL", None)
    return subprocess.Popen([sys.executable, "-m", "mso_tui", *args], env=env, cwd=ROOT, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def _all(procs: list[subprocess.Popen]) -> list[tuple[int, str, str]]:
    outputs = [p.communicate(timeout=120) for p in procs]
    return [(p.returncode, out, err) for p, (out, err) in zip(procs, outputs)]


def test_a_new_store_opened_by_several_processes_at_once(tmp_path: Path) -> None:
    data = tmp_path / "data"
    results = _all([_start(["project", "list", "--json"], data) for _ in range(RUNS)])
    assert [(code, err) for code, _, err in results] == [(0, "")] * RUNS
    with sqlite3.connect(data / "mso.sqlite3") as conn:
        names = [r[0] for r in conn.execute("SELECT name FROM schema_migration ORDER BY name")]
    assert names == sorted(p.stem for p in (ROOT / "mso_tui" / "store" / "migrations").glob("[0-9]*.py"))


def test_the_same_input_imported_by_several_processes_at_once(tmp_path: Path) -> None:
    tree = tmp_path / "tree"
    for i in range(8):
        write(tree / f"s{i}.jsonl", conversation(f"s{i}", "/w/app", 4))
    data = tmp_path / "data"
    results = _all([_start(["import", str(tree), "--json"], data) for _ in range(RUNS)])
    assert [(code, err) for code, _, err in results] == [(0, "")] * RUNS
    reports = [json.loads(out) for _, out, _ in results]
    # every file was imported exactly once over all runs; the others say they found it done
    assert sum(r["files"] for r in reports) == 8
    assert all(r["files"] + r["unchanged"] == 8 for r in reports)
    with sqlite3.connect(data / "mso.sqlite3") as conn:
        counts = conn.execute("SELECT (SELECT COUNT(*) FROM imported_file), (SELECT COUNT(*) FROM session), "
                              "(SELECT COUNT(*) FROM turn), (SELECT COUNT(*) FROM usage_event)").fetchone()
    assert counts == (8, 8, 8 * 12, 8 * 4)


def test_a_file_imported_by_another_run_meanwhile_is_skipped_and_said(tmp_path: Path, monkeypatch,
                                                                       capsys) -> None:
    """Deterministic: the other run stores the file while this run is parsing it (outside any transaction)."""
    from mso_tui.importers import claude_code
    from tests.helpers.cli_run import run

    src = write(tmp_path / "tree" / "s.jsonl", conversation("s", "/w/app", 3))
    real = claude_code.parse
    raced = []
    calls = []

    def parse_while_another_run_imports(path: Path, *args: object, **kwargs: object):
        result = real(path, *args, **kwargs)
        calls.append(path)
        if len(calls) == 2 and not raced:  # the first parse makes the plan; the second is the import's
            raced.append(True)
            from mso_tui.services.imports import import_paths

            assert import_paths([src]).files == 1  # "the other run", done before this one stores
        return result

    monkeypatch.setattr(claude_code, "parse", parse_while_another_run_imports)
    status, out, err = run(["import", str(src)], capsys)
    assert status == 0, err
    assert "1 of them imported meanwhile by another mso run" in out and "imported 0 files" in out
    with sqlite3.connect(tmp_path / "data" / "mso.sqlite3") as conn:
        assert conn.execute("SELECT COUNT(*) FROM turn").fetchone()[0] == 9
