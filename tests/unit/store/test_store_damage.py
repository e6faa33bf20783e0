"""A damaged or emptied store is detected and never written to; backups, recovery and doctor's report."""
from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from tests.helpers.claude_lines import conversation, write
from tests.helpers.cli_run import run


def _store(tmp_path: Path) -> Path:
    return tmp_path / "data" / "mso.sqlite3"


def _fill(tmp_path: Path, capsys: pytest.CaptureFixture) -> dict[str, int]:
    """A store with three imported sessions (turns over many pages), a knowledge entry and a project."""
    tree = tmp_path / "tree"
    for i in range(3):
        records = conversation(f"s{i}", f"/w/app{i}", 40)
        for r in records:
            if r["type"] == "user":
                r["message"]["content"] = f"step of session {i}: " + "words " * 150
        write(tree / f"s{i}.jsonl", records)
    assert run(["import", str(tree)], capsys)[0] == 0
    assert run(["kb", "add", "Keep me", "--content", "an entry to salvage"], capsys)[0] == 0
    with sqlite3.connect(_store(tmp_path)) as conn:
        return {t: conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
                for t in ("project", "session", "turn", "knowledge_entry", "imported_file")}


def _damage(path: Path) -> None:
    """Overwrite one page in the middle of the turn table with garbage (as a disk or a stray write would)."""
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        size = conn.execute("PRAGMA page_size").fetchone()[0]
        try:
            pages = [r[0] for r in conn.execute("SELECT pageno FROM dbstat WHERE name = 'turn' AND pagetype = 'leaf' "
                                                "ORDER BY pageno")]
        except sqlite3.OperationalError:  # a SQLite built without dbstat: the table's root page
            pages = [conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'turn'").fetchone()[0]]
    conn.close()
    assert pages
    page = pages[len(pages) // 2]
    with open(path, "r+b") as handle:
        handle.seek((page - 1) * size)
        handle.write(bytes((i * 37 + 11) % 256 for i in range(size)))


@pytest.fixture
def damaged(tmp_path: Path, capsys: pytest.CaptureFixture) -> dict[str, int]:
    counts = _fill(tmp_path, capsys)
    _damage(_store(tmp_path))
    return counts


def test_a_damaged_store_is_never_written(tmp_path: Path, damaged: dict, capsys: pytest.CaptureFixture) -> None:
    write(tmp_path / "more" / "n.jsonl", conversation("n", "/w/new", 2))
    before = _store(tmp_path).read_bytes()
    for args in (["import", str(tmp_path / "more")], ["session", "start", "app0"],
                 ["kb", "add", "More", "--content", "x"], ["project", "add", "fresh"]):
        status, out, err = run(args, capsys)
        assert status == 2, (args, err)
        assert len(err.strip().splitlines()) == 1 and "damaged" in err and "mso recover" in err, err
        assert "unexpected" not in err
    assert _store(tmp_path).read_bytes() == before
    wal = Path(f"{_store(tmp_path)}-wal")
    assert not wal.exists() or wal.stat().st_size == 0


def test_doctor_reports_the_damage(tmp_path: Path, damaged: dict, capsys: pytest.CaptureFixture) -> None:
    status, out, err = run(["doctor"], capsys)
    assert status == 2
    assert "store:      DAMAGED" in out and "mso recover" in out
    assert "\nok\n" not in out


def test_recover_salvages_the_readable_rows(tmp_path: Path, damaged: dict, capsys: pytest.CaptureFixture,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "saved.sqlite3"
    status, out, err = run(["recover", str(target)], capsys)
    assert status == 0, err
    assert "recovered" in out and "could not be read" in out
    with sqlite3.connect(target) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        got = {t: conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in damaged}
    conn.close()
    # everything outside the bad page is back; the turns on it are the only loss
    assert {t: got[t] for t in ("project", "session", "knowledge_entry", "imported_file")} == \
        {t: damaged[t] for t in ("project", "session", "knowledge_entry", "imported_file")}
    assert 0 < got["turn"] < damaged["turn"]
    monkeypatch.setenv("MSO_DATABASE_URL", f"sqlite:///{target}")
    status, out, err = run(["doctor"], capsys)
    assert status == 0 and "store:      ok" in out, out + err
    status, out, err = run(["search", "salvage"], capsys)
    assert status == 0 and "Keep me" in out  # the search index was rebuilt from the recovered entries


def test_an_emptied_store_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    assert run(["project", "add", "keep"], capsys)[0] == 0
    _store(tmp_path).write_bytes(b"")
    for args in (["project", "list"], ["project", "add", "other"]):
        status, out, err = run(args, capsys)
        assert status == 2 and "empty (0 bytes)" in err and len(err.strip().splitlines()) == 1, err
    assert _store(tmp_path).stat().st_size == 0  # not silently made a new, empty store
    status, out, _ = run(["doctor"], capsys)
    assert status == 2 and "EMPTIED" in out


def test_backup_copies_the_store_and_keeps_the_last_five(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    assert run(["project", "add", "keep"], capsys)[0] == 0
    folder = tmp_path / "data" / "backups"
    for _ in range(7):
        status, out, err = run(["backup"], capsys)
        assert status == 0 and "backed up the store to" in out, err
    copies = sorted(folder.glob("mso-*.sqlite3"))
    assert len(copies) == 5 and all(c.stat().st_mode & 0o777 == 0o600 for c in copies)
    with sqlite3.connect(copies[-1]) as conn:
        assert conn.execute("SELECT name FROM project").fetchall() == [("keep",)]
    conn.close()
    target = tmp_path / "mine.sqlite3"
    assert run(["backup", str(target)], capsys)[0] == 0 and target.is_file()
    status, _, err = run(["backup", str(target)], capsys)
    assert status == 2 and "--force" in err
    status, out, _ = run(["doctor"], capsys)
    assert status == 0 and f"backup:     last {copies[-1]} (" in out and "store:      ok" in out


def test_an_upgrade_is_preceded_by_a_backup(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    assert run(["project", "add", "keep"], capsys)[0] == 0
    with sqlite3.connect(_store(tmp_path)) as conn:  # a store from before migration 0004
        conn.execute("ALTER TABLE usage_event DROP COLUMN is_sidechain")
        conn.execute("DELETE FROM schema_migration WHERE name = '0004_usage_sidechain'")
    conn.close()
    assert run(["project", "list"], capsys)[0] == 0
    copies = list((tmp_path / "data" / "backups").glob("mso-*-pre-0004.sqlite3"))
    assert len(copies) == 1
    with sqlite3.connect(copies[0]) as conn:
        columns = {r[1] for r in conn.execute("PRAGMA table_info(usage_event)")}
    conn.close()
    assert "is_sidechain" not in columns  # the copy is the store as it was before


def test_doctor_names_unsafe_modes(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    assert run(["backup"], capsys)[0] == 0
    os.chmod(_store(tmp_path), 0o644)
    os.chmod(tmp_path / "data" / "backups", 0o755)
    status, out, _ = run(["doctor"], capsys)
    assert status == 0
    assert f"{_store(tmp_path)}: file mode 0644" in out and "backups: folder mode 0755" in out
