"""mso export / mso restore round-trip every row of every table into an empty store."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from mso_tui.cli import main
from mso_tui.demo.store import build_demo
from mso_tui.errors import Conflict, InvalidInput
from mso_tui.services.backup import dump_tables, export_store, restore_store
from mso_tui.store.db import close_db, init_db
from mso_tui.store.models import ALL_MODELS


def test_round_trip_of_the_demo_store(tmp_path: Path) -> None:
    build_demo(tmp_path / "a.sqlite3")
    before = dump_tables()
    assert all(before[m._meta.table_name] for m in ALL_MODELS
               if m._meta.table_name not in ("imported_file", "agent_link"))
    export_store(tmp_path / "dump.json")
    assert (tmp_path / "dump.json").stat().st_mode & 0o777 == 0o600
    close_db()
    init_db(path=tmp_path / "b.sqlite3")
    restore_store(tmp_path / "dump.json")
    assert dump_tables() == before
    with pytest.raises(Conflict, match="empty store"):
        restore_store(tmp_path / "dump.json")
    close_db()


def test_bad_export_file_is_one_clear_error(store: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "mso-export",\n "version": 1,\n oops}')
    with pytest.raises(InvalidInput, match=r"bad.json:3"):
        restore_store(bad)
    other = tmp_path / "other.json"
    other.write_text(json.dumps({"hello": 1}))
    with pytest.raises(InvalidInput, match="not an mso export"):
        restore_store(other)


def test_cli_export_restore(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture) -> None:
    assert main(["project", "add", "p", "-d", "desc"]) == 0
    assert main(["export", str(tmp_path / "out.json")]) == 0
    monkeypatch.setenv("MSO_DATA_DIR", str(tmp_path / "second"))
    close_db()
    assert main(["restore", str(tmp_path / "out.json")]) == 0
    assert main(["project", "list", "--json"]) == 0
    out = capsys.readouterr().out
    assert '"name": "p"' in out and '"description": "desc"' in out
    assert main(["restore", str(tmp_path / "missing.json")]) == 2
    close_db()
