"""A full disk or a read-only store: one clear line, exit 2, nothing half-written left behind."""
from __future__ import annotations

import errno
import json
import sqlite3
from pathlib import Path

import pytest

from mso_tui.store import db as dbmod
from tests.helpers.claude_lines import conversation, write
from tests.helpers.cli_run import run


def _db_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "mso.sqlite3"


def _counts(path: Path) -> tuple[int, int, int]:
    with sqlite3.connect(path) as conn:
        return conn.execute("SELECT (SELECT COUNT(*) FROM imported_file), (SELECT COUNT(*) FROM session), "
                            "(SELECT COUNT(*) FROM turn)").fetchone()


def test_disk_full_during_an_import(tmp_path: Path, capsys: pytest.CaptureFixture,
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """SQLite itself runs out of room (max_page_count): the file being written is undone, the line says why."""
    tree = tmp_path / "tree"
    write(tree / "a.jsonl", conversation("a", "/w/app", 2))
    big = conversation("b", "/w/app", 40)
    for record in big:  # big enough not to fit in the room left
        if record["type"] == "user":
            record["message"]["content"] = "x" * 20_000
    write(tree / "b.jsonl", big)
    assert run(["import", str(tree / "a.jsonl")], capsys)[0] == 0
    with sqlite3.connect(_db_path(tmp_path)) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
    before = _counts(_db_path(tmp_path))
    monkeypatch.setitem(dbmod.SQLITE_PRAGMAS, "max_page_count", pages + 4)
    status, out, err = run(["import", str(tree)], capsys)
    assert status == 2, err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "disk full" in lines[0] and str(_db_path(tmp_path)) in lines[0]
    assert "unexpected" not in err and "rollback" not in err
    monkeypatch.delitem(dbmod.SQLITE_PRAGMAS, "max_page_count")
    assert _counts(_db_path(tmp_path)) == before  # nothing of b.jsonl half-stored


def test_read_only_store(tmp_path: Path, capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests run as root, for whom chmod changes nothing: the store is opened read-only (mode=ro) instead."""
    assert run(["project", "add", "keep"], capsys)[0] == 0
    real = dbmod.open_sqlite

    def read_only(path: Path) -> object:
        db = real(path)
        db.database = f"file:{path}?mode=ro"
        db.connect_params["uri"] = True
        return db

    monkeypatch.setattr(dbmod, "open_sqlite", read_only)
    status, out, err = run(["project", "add", "other"], capsys)
    assert status == 2
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "read-only" in lines[0] and "unexpected" not in err, err
    status, out, err = run(["project", "list", "--json"], capsys)  # reading still works
    assert status == 0, err
    assert [p["name"] for p in json.loads(out)] == ["keep"]


def test_export_to_a_full_disk_leaves_no_file(tmp_path: Path, capsys: pytest.CaptureFixture,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    assert run(["project", "add", "keep"], capsys)[0] == 0
    target = tmp_path / "out" / "dump.json"
    target.parent.mkdir()

    def full(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(json, "dump", full)
    status, out, err = run(["export", str(target)], capsys)
    assert status == 2
    assert len(err.strip().splitlines()) == 1 and "disk full" in err, err
    assert list(target.parent.iterdir()) == []  # no dump.json, no dump.json.tmp
