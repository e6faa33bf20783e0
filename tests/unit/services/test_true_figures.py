"""Issue 16 item 6 (CLI side): figures that cannot be true; turn counts and durations of imported sessions."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.helpers.cli_run import run
from tests.tui.test_import_screen import _claude_file

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


def test_session_list_json_counts_turns(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    _claude_file(tmp_path / "t" / "a.jsonl", "sess-a", turns=3)
    assert run(["import", "--project", "shop", str(tmp_path / "t")], capsys)[0] == 0
    status, out, _ = run(["session", "list", "shop", "--json"], capsys)
    assert status == 0 and [s["turn_count"] for s in json.loads(out)] == [6]


def test_imported_duration_is_first_to_last_turn(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    _claude_file(tmp_path / "t" / "a.jsonl", "sess-a", turns=3)  # 07:00:00 .. 07:02:30
    assert run(["import", "--project", "shop", str(tmp_path / "t")], capsys)[0] == 0
    status, out, _ = run(["session", "list", "shop", "--json"], capsys)
    assert json.loads(out)[0]["duration_seconds"] == 150.0


def test_imported_duration_without_turn_times_is_unknown(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    folder = tmp_path / "repo" / ".specstory" / "history"
    folder.mkdir(parents=True)
    shutil.copy(FIXTURES / "specstory" / "2025-01-05_10-00-00Z-old-format.md", folder)
    assert run(["import", "--project", "shop", str(folder)], capsys)[0] == 0
    status, out, _ = run(["session", "list", "shop", "--json"], capsys)
    assert status == 0 and json.loads(out)[0]["duration_seconds"] is None


def test_a_file_without_a_session_id_does_not_join_the_running_session(
        tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    """Issue 16 item 3: SpecStory files carry no session id; each becomes its own session, and the CLI says where."""
    assert run(["project", "add", "shop"], capsys)[0] == 0
    assert run(["session", "start", "shop", "-o", "live work"], capsys)[0] == 0
    folder = tmp_path / "repo" / ".specstory" / "history"
    folder.mkdir(parents=True)
    for name in ("2025-01-05_10-00-00Z-old-format.md", "2026-02-09_22-30-00Z-fix-the-failing.md"):
        shutil.copy(FIXTURES / "specstory" / name, folder)
    status, out, _ = run(["import", "--project", "shop", str(folder)], capsys)
    assert status == 0
    assert "shop #2 (new session)" in out and "shop #3 (new session)" in out and "EXISTING" not in out, out
    status, out, _ = run(["session", "list", "shop", "--json"], capsys)
    sessions = json.loads(out)
    assert sessions[0]["status"] == "in_progress" and sessions[0]["turn_count"] == 0
    assert len(sessions) == 4  # the second file holds two agent sessions
