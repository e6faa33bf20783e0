"""Live sessions: `mso watch` imports appended lines within 2 s; states running / waiting / idle / ended."""
from __future__ import annotations

import datetime as dt
import json
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest

from tests.helpers import claude_lines
from tests.unit.cli.test_hooks_cli import MSO, env, mso, payload, wait_for  # noqa: F401  (env is a fixture)


def stamp(seconds_ago: float = 0.0) -> str:
    """An ISO timestamp seconds_ago before now, as Claude Code writes them."""
    when = dt.datetime.now(dt.timezone.utc) - dt.timedelta(seconds=seconds_ago)
    return when.strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def exchange(sid: str, cwd: str, i: int, seconds_ago: float = 0.0) -> list[dict]:
    """One user turn and the assistant's answer."""
    ts = stamp(seconds_ago)
    return [claude_lines.user(sid, f"{sid}-u{i}", f"please do step {i}", ts, cwd),
            claude_lines.assistant(sid, f"{sid}-a{i}", f"done step {i}", ts, cwd, f"msg_{sid}_{i}", f"req_{sid}_{i}")]


def turn_count(data_dir: str) -> int:
    """Turns in the store, read straight from the SQLite file (WAL: readers never wait)."""
    db = sqlite3.connect(Path(data_dir) / "mso.sqlite3")
    try:
        return db.execute("SELECT count(*) FROM turn").fetchone()[0]
    finally:
        db.close()


@pytest.mark.parametrize("poll", [False, True], ids=["inotify", "polling"])
def test_watch_imports_appends_within_two_seconds(env: dict[str, str], poll: bool) -> None:  # noqa: F811
    Path(env["MSO_CONFIG"]).write_text("[live]\nwaiting_after = 1\n")
    repo = str(Path(env["HOME"]).parent / "repo")
    folder = Path(env["HOME"]) / ".claude" / "projects" / "-repo"
    transcript = claude_lines.write(folder / "w-1.jsonl", exchange("w-1", repo, 0))
    started = mso(env, "hook", "claude-code", stdin=payload("claude_session_start", session="w-1",
                                                              transcript=str(transcript), cwd=repo))
    assert started.returncode == 0
    proc = subprocess.Popen([MSO, "watch", str(folder), *(["--poll"] if poll else [])], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert proc.stderr is not None and "watching" in proc.stderr.readline()
        for i, expected in ((1, 4), (2, 6)):  # the second append lands on a watcher surely running
            with transcript.open("a") as handle:
                handle.write("".join(json.dumps(r) + "\n" for r in exchange("w-1", repo, i)))
            appended = time.monotonic()
            assert wait_for(lambda: turn_count(env["MSO_DATA_DIR"]) == expected, seconds=2.0)
            print(f"watch latency ({'poll' if poll else 'inotify'}, append {i}): {time.monotonic() - appended:.2f} s")
        rows = json.loads(mso(env, "session", "list", "shop", "--json").stdout)
        assert len(rows) == 1 and rows[0]["status"] == "in_progress"  # into the hook's session, not a new one
        lines: list[str] = []
        assert proc.stdout is not None
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline and not any("waiting" in line for line in lines):
            lines.append(proc.stdout.readline())
        assert "session 1 of shop: waiting\n" in lines  # the agent answered and no user turn followed
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_states(store: Path, tmp_path: Path) -> None:
    from mso_tui.services.live import LiveSettings, mark_event, session_state
    from mso_tui.store.models import Project, Session, Turn, utcnow

    project = Project.create(name="p")
    now = utcnow()
    row = Session.create(project=project, number=1, started_at=now - dt.timedelta(seconds=60))
    fast = LiveSettings(waiting_after=5, idle_after=600)
    assert session_state(row.id, fast, now) == "running"  # started, nothing said yet
    Turn.create(session=row, seq=1, role="user", text="go", timestamp=now - dt.timedelta(seconds=20))
    assert session_state(row.id, fast, now) == "running"  # the agent is working on it
    Turn.create(session=row, seq=2, role="assistant", text="done", timestamp=now - dt.timedelta(seconds=2))
    assert session_state(row.id, fast, now) == "running"  # answered 2 s ago: not yet waiting
    assert session_state(row.id, fast, now + dt.timedelta(seconds=4)) == "waiting"
    assert session_state(row.id, fast, now + dt.timedelta(seconds=700)) == "idle"
    mark_event(row.id, "turn_end")  # the agent's own notification says its turn is over
    assert session_state(row.id, LiveSettings(waiting_after=999), utcnow()) == "waiting"
    Turn.create(session=row, seq=3, role="user", text="more", timestamp=utcnow() + dt.timedelta(seconds=1))
    assert session_state(row.id, LiveSettings(waiting_after=999), utcnow() + dt.timedelta(seconds=2)) == "running"
    Session.update(status="completed").where(Session.id == row.id).execute()
    assert session_state(row.id, fast, now) == "ended"


def test_live_settings_from_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from mso_tui.services.live import live_settings

    config = tmp_path / "config.toml"
    config.write_text('[live]\nwaiting_after = 2\nidle_after = "soon"\nbell = true\n')
    monkeypatch.setenv("MSO_CONFIG", str(config))
    settings = live_settings()
    assert (settings.waiting_after, settings.idle_after, settings.bell, settings.osc9) == (2.0, 900.0, True, False)
