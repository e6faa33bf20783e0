"""Issue 16 item 6 (CLI side): figures that cannot be true; turn counts and durations of imported sessions."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.ui.test_import_screen import _claude_file
from tests.unit.cli_run import run

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


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
