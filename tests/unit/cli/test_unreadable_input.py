"""Files and folders that cannot be read are named, and a run that could read nothing exits 2.

Tests run as root here, for whom chmod 000 changes nothing: reading is refused by patching open and
os.scandir for the chosen paths (the same calls a permission error comes from).
"""
from __future__ import annotations

import builtins
import errno
import io
import json
import os
from pathlib import Path

import pytest

from tests.helpers.claude_lines import conversation, write
from tests.helpers.cli_run import run


@pytest.fixture
def refuse(monkeypatch: pytest.MonkeyPatch):
    """refuse(path): from now on, opening or listing that path (or anything under it) is permission denied."""
    denied: list[str] = []
    real_open, real_scandir, real_io_open = builtins.open, os.scandir, io.open

    def blocked(target: object) -> bool:
        text = os.fspath(target) if isinstance(target, (str, os.PathLike)) else ""
        return any(text == d or text.startswith(d + os.sep) for d in denied)

    def fail(target: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied", os.fspath(target))  # type: ignore[arg-type]

    def fake_open(file: object, *args: object, **kwargs: object):
        if blocked(file):
            fail(file)
        return real_open(file, *args, **kwargs)  # type: ignore[call-overload]

    def fake_scandir(path: object = ".") -> object:
        if blocked(path):
            fail(path)
        return real_scandir(path)  # type: ignore[arg-type]

    monkeypatch.setattr(builtins, "open", fake_open)
    monkeypatch.setattr(io, "open", fake_open)
    monkeypatch.setattr(os, "scandir", fake_scandir)
    monkeypatch.setattr(Path, "read_bytes", lambda self: fake_open(self, "rb").read())
    del real_io_open
    return lambda path: denied.append(str(Path(path).resolve()))


def test_an_unreadable_file_is_named(tmp_path: Path, refuse, capsys: pytest.CaptureFixture) -> None:
    tree = tmp_path / "tree"
    write(tree / "good.jsonl", conversation("g", "/w/app", 2))
    bad = write(tree / "locked.jsonl", conversation("b", "/w/app", 2))
    refuse(bad)
    status, out, err = run(["import", str(tree)], capsys)
    assert status == 0, err
    assert "imported 1 files" in out and f"{bad}: cannot read: Permission denied" in out + err
    status, out, _ = run(["import", str(tree), "--json"], capsys)
    assert json.loads(out)["unreadable"] == [f"{bad}: cannot read: Permission denied"]


def test_an_unreadable_folder_is_named(tmp_path: Path, refuse, capsys: pytest.CaptureFixture) -> None:
    tree = tmp_path / "tree"
    write(tree / "good.jsonl", conversation("g", "/w/app", 2))
    write(tree / "locked" / "inner.jsonl", conversation("b", "/w/app", 2))
    refuse(tree / "locked")
    status, out, err = run(["import", str(tree)], capsys)
    assert status == 0, err
    assert "imported 1 files" in out and f"{tree / 'locked'}: cannot read: Permission denied" in out + err


def test_nothing_readable_exits_2(tmp_path: Path, refuse, capsys: pytest.CaptureFixture) -> None:
    tree = tmp_path / "tree"
    bad = write(tree / "locked.jsonl", conversation("b", "/w/app", 2))
    refuse(bad)
    status, out, err = run(["import", str(bad)], capsys)
    assert status == 2 and len(err.strip().splitlines()) == 1
    assert "nothing could be read" in err and str(bad) in err
    refuse(tree)
    status, out, err = run(["import", str(tree)], capsys)
    assert status == 2 and "nothing could be read" in err and str(tree) in err


def test_usage_scan_names_what_it_could_not_read(tmp_path: Path, refuse, capsys: pytest.CaptureFixture) -> None:
    home = tmp_path / "claude"
    write(home / "projects" / "-w-app" / "a.jsonl", conversation("a", "/w/app", 1))
    locked = write(home / "projects" / "-w-api" / "b.jsonl", conversation("b", "/w/api", 1))
    refuse(locked)
    status, out, err = run(["usage", "--claude-dir", str(home), "--json", "--no-cache"], capsys)
    assert status == 0 and f"{locked}: cannot read: Permission denied" in err
    assert json.loads(out)["totals"]["input_tokens"] == 10
    refuse(home / "projects")
    status, out, err = run(["usage", "--claude-dir", str(home), "--no-cache"], capsys)
    assert status == 2 and len(err.strip().splitlines()) == 1
    assert "nothing could be read" in err and str(home / "projects") in err
