"""Two real processes starting sessions on one project at the same moment get distinct consecutive numbers.

Runs on SQLite and, when a test server is given, on PostgreSQL (the store fixture sets MSO_DATABASE_URL).
"""
from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from mso_tui.services import projects, sessions

WORKER = """
import os, sys, time
from pathlib import Path
from mso_tui.store.db import init_db
from mso_tui.services.sessions import start_session
init_db(url=os.environ.get("MSO_DATABASE_URL") or None, path=Path(sys.argv[1]))  # the test's backend
go = float(sys.argv[2])
while time.time() < go:  # both processes start their loops at the same instant
    time.sleep(0.001)
numbers = []
for _ in range(int(sys.argv[3])):
    numbers.append(start_session("race", ["x"], parallel=True).session.number)
print(" ".join(map(str, numbers)))
"""


def test_parallel_processes_get_distinct_consecutive_numbers(store: Path) -> None:
    projects.add_project("race")
    go = time.time() + 2.0
    per_process = 25
    procs = [subprocess.Popen([sys.executable, "-c", WORKER, str(store), str(go), str(per_process)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    outputs = [p.communicate(timeout=120) for p in procs]
    for proc, (out, err) in zip(procs, outputs):
        assert proc.returncode == 0, err
        assert "database is locked" not in err
    numbers = sorted(int(n) for out, _ in outputs for n in out.split())
    assert numbers == list(range(1, 2 * per_process + 1))
    assert [s.number for s in sessions.list_sessions("race")] == numbers
