"""SIGKILL in the middle of a real `mso import`: nothing half-imported, and a re-run completes the same."""
from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from mso_tui.importers import claude_code

# the shared tools folder lies beside the repository (as in CI)
GEN = Path(__file__).resolve().parents[4] / "shared" / "tools" / "gen_claude_corpus.py"
ROOT = Path(__file__).resolve().parents[3]
SMALL_BATCHES = ("import sys; from mso_tui.services import write_batch; write_batch.BATCH_BYTES = 64 * 1024; "
                 "from mso_tui.cli import main; sys.exit(main(sys.argv[1:]))")


def _env(data: Path) -> dict[str, str]:
    return {**os.environ, "MSO_DATA_DIR": str(data), "PYTHONPATH": str(ROOT)}


def _count(db: Path, sql: str) -> int:
    """One number from the store, read while another process may be writing (WAL allows it)."""
    try:
        with sqlite3.connect(db, timeout=5) as conn:
            return conn.execute(sql).fetchone()[0]
    except sqlite3.OperationalError:
        return 0  # tables not created yet


def _import(tree: Path, data: Path) -> dict:
    done = subprocess.run([sys.executable, "-m", "mso_tui", "import", str(tree), "--json"], env=_env(data),
                          capture_output=True, text=True, timeout=600, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def _totals(db: Path) -> tuple[int, ...]:
    with sqlite3.connect(db) as conn:
        return conn.execute(
            "SELECT (SELECT COUNT(*) FROM turn), (SELECT COUNT(*) FROM usage_event), (SELECT COUNT(*) FROM session),"
            " (SELECT SUM(input_tokens + output_tokens + cache_creation_tokens + cache_read_tokens) FROM session),"
            " (SELECT COUNT(*) FROM imported_file)").fetchone()


@pytest.mark.slow
def test_sigkill_mid_import_loses_nothing_committed(tmp_path: Path) -> None:
    tree = tmp_path / "tree"
    truth = json.loads(subprocess.run([sys.executable, str(GEN), str(tree), "--mb", "10", "--seed", "3"],
                                      capture_output=True, text=True, check=True).stdout)
    files = sorted(tree.rglob("*.jsonl"))
    killed_data = tmp_path / "killed"
    db = killed_data / "mso.sqlite3"
    # small batches (a commit every few files), so the kill lands between commits however fast the machine
    proc = subprocess.Popen([sys.executable, "-c", SMALL_BATCHES, "import", str(tree), "--json"],
                            env=_env(killed_data), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
    deadline = time.monotonic() + 300
    while _count(db, "SELECT COUNT(*) FROM imported_file") < 5 and time.monotonic() < deadline:
        assert proc.poll() is None, "the import ended before it could be killed"
        time.sleep(0.02)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    done_files = _count(db, "SELECT COUNT(*) FROM imported_file")
    assert 5 <= done_files < len(files), "the kill did not land midway"

    # every file the store says it imported is there whole; no session exists without its file row
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT path, session_id FROM imported_file").fetchall()
        assert conn.execute("SELECT COUNT(*) FROM session").fetchone()[0] == len(rows)
        for path, session_id in rows:
            parsed = claude_code.parse(Path(path))
            turns = {t.source_id for s in parsed.sessions for t in s.turns}
            usage = {(u.message_id, u.request_id) for s in parsed.sessions for u in s.usage}
            assert conn.execute("SELECT COUNT(*) FROM turn WHERE session_id = ?", (session_id,)).fetchone()[0] \
                == len(turns)
            assert conn.execute("SELECT COUNT(*) FROM usage_event WHERE session_id = ?",
                                (session_id,)).fetchone()[0] == len(usage)

    rerun = _import(tree, killed_data)
    assert rerun["unchanged"] == done_files and rerun["files"] == len(files) - done_files
    clean = tmp_path / "clean"
    _import(tree, clean)
    assert _totals(db) == _totals(clean / "mso.sqlite3")
    total_tokens = truth["input"] + truth["output"] + truth["cache_create"] + truth["cache_read"]
    assert _totals(db)[3] == total_tokens and _totals(db)[1] == truth["messages"]
