"""The session loop from the command line, and the CLI's error contract."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers.cli_run import run

pytestmark = pytest.mark.usefixtures("backend")  # SQLite, and PostgreSQL when a test server is given


def test_loop_carries_open_items(capsys: pytest.CaptureFixture) -> None:
    assert run(["project", "add", "shop", "--description", "online shop"], capsys)[0] == 0
    status, out, _ = run(["session", "start", "shop", "-o", "build the cart", "-o", "add checkout flow"], capsys)
    assert status == 0 and out == ""  # no previous handoff: stdout stays empty for pipes
    status, _, _ = run(["session", "complete", "shop", "--accomplished", "cart stores items in Redis",
                        "--blocker", "payment sandbox rejects test cards", "--done", "1"], capsys)
    assert status == 0
    status, first, _ = run(["handoff", "show", "shop"], capsys)
    assert status == 0
    for item in ("cart stores items in Redis", "payment sandbox rejects test cards", "add checkout flow"):
        assert item in first
    status, delivered, err = run(["session", "start", "shop", "-o", "write tests"], capsys)
    assert status == 0 and "started session 2" in err
    assert delivered.strip() == first.strip()  # the second session is handed exactly that handoff
    assert run(["session", "complete", "shop", "--done", "1"], capsys)[0] == 0
    status, second, _ = run(["handoff", "show", "shop"], capsys)
    assert "add checkout flow" in second  # the undone objective of session 1 is still carried
    assert "payment sandbox rejects test cards" in second
    status, out, _ = run(["session", "list", "shop", "--json"], capsys)
    sessions = json.loads(out)
    assert [s["number"] for s in sessions] == [1, 2] and sessions[1]["previous_handoff_id"] is not None


@pytest.mark.parametrize("args, needle", [
    (["session", "start", "ghost"], "no project named 'ghost'"),
    (["session", "complete", "shop", "--session", "x"], "not a whole number"),
    (["session", "complete", "shop", "--credits", "lots"], "not a number"),
    (["session", "start", "shop", "--type", "napping"], "invalid choice"),
    (["restore", "/nonexistent/file.json"], "no such file"),
    (["project", "add", "shop"], "already exists"),
    (["nonsense"], "invalid choice"),
])
def test_bad_input_is_one_line_exit_2(args: list[str], needle: str, capsys: pytest.CaptureFixture) -> None:
    run(["project", "add", "shop"], capsys)
    status, out, err = run(args, capsys)
    assert status == 2, err
    assert needle in err and err.count("\n") == 1 and "Traceback" not in err


def test_console_script_entry_has_no_traceback(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "mso_tui", "handoff", "show", "nope"], capture_output=True, text=True)
    assert done.returncode == 2 and done.stderr.startswith("mso: error:") and "Traceback" not in done.stderr


def test_unreachable_or_driverless_postgres_is_one_line(capsys: pytest.CaptureFixture,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    import peewee

    monkeypatch.setenv("MSO_DATABASE_URL", "postgresql://mso@127.0.0.1:1/mso")  # nothing listens on port 1
    status, _, err = run(["project", "list"], capsys)
    assert status == 2 and "Connection refused" in err and len(err.strip().splitlines()) == 1
    monkeypatch.setattr(peewee, "psycopg2", None)
    status, _, err = run(["project", "list"], capsys)
    assert status == 2 and "mso-tui[postgres]" in err and len(err.strip().splitlines()) == 1
