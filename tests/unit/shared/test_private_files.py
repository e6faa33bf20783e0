"""Safe defaults: permission warnings, atomic owner-only writes, masked keys."""
from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from mso_tui.private_files import check_permissions, ensure_private_dir, mask_key, private_write


def mode(path: Path) -> int:
    """Permission bits of path."""
    return stat.S_IMODE(path.stat().st_mode)


def test_private_write_creates_0600_file(tmp_path: Path) -> None:
    """A new file is owner-only and holds exactly the text."""
    target = private_write(tmp_path / "sub" / "export.json", "{\"a\": 1}\n")
    assert target.read_text() == "{\"a\": 1}\n"
    assert mode(target) == 0o600
    assert mode(target.parent) == 0o700


def test_private_write_replaces_wide_file_and_leaves_no_temp(tmp_path: Path) -> None:
    """Overwriting a world-readable file leaves a 0600 file and no temporary files behind."""
    target = tmp_path / "config.toml"
    target.write_text("old")
    os.chmod(target, 0o644)
    private_write(target, "new")
    assert target.read_text() == "new" and mode(target) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["config.toml"]


def test_private_write_failure_keeps_old_content(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """If the final rename fails, the old file is intact and the temp file is removed."""
    target = tmp_path / "db.json"
    target.write_text("old")

    def boom(src: str, dst: str) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(OSError):
        private_write(target, "new")
    assert target.read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["db.json"]


def test_check_permissions_warns_on_wide_files_and_folders(tmp_path: Path) -> None:
    """Files wider than 0600 and folders wider than 0700 each get one warning naming them."""
    good_file, wide_file = tmp_path / "good.sqlite3", tmp_path / "wide.sqlite3-wal"
    good_dir, wide_dir = tmp_path / "private", tmp_path / "shared"
    for path in (good_file, wide_file):
        path.write_text("x")
    good_dir.mkdir()
    wide_dir.mkdir()
    os.chmod(good_file, 0o600)
    os.chmod(wide_file, 0o644)
    os.chmod(good_dir, 0o700)
    os.chmod(wide_dir, 0o755)
    warnings = check_permissions([good_file, wide_file, good_dir, wide_dir, tmp_path / "missing"])
    assert len(warnings) == 2
    assert str(wide_file) in warnings[0] and "0644" in warnings[0] and "chmod 600" in warnings[0]
    assert str(wide_dir) in warnings[1] and "folder" in warnings[1] and "chmod 700" in warnings[1]


def test_check_permissions_group_write_counts(tmp_path: Path) -> None:
    """Any bit beyond the owner's (here group read+write on a file) is too wide."""
    path = tmp_path / "f"
    path.write_text("x")
    os.chmod(path, 0o660)
    assert check_permissions([path])
    os.chmod(path, 0o400)  # narrower than 0600 is fine
    assert check_permissions([path]) == []


def test_ensure_private_dir(tmp_path: Path) -> None:
    """The folder is created 0700 even if it existed wider."""
    folder = tmp_path / "data"
    folder.mkdir(mode=0o755)
    os.chmod(folder, 0o755)
    assert mode(ensure_private_dir(folder)) == 0o700


def test_mask_key_never_shows_the_secret() -> None:
    """Only a known public prefix and the length are shown."""
    key = "hf_" + "AbCdEfGhIjKlMnOpQrStUvWxYz12345678"
    shown = mask_key(key)
    assert shown == f"set (hf_…, {len(key)} chars)"
    assert key[3:] not in shown and key[3:9] not in shown
    assert mask_key("") == "not set" and mask_key(None) == "not set"
    assert mask_key("plainsecretvalue") == "set (16 chars)"
    assert mask_key("hf_short") == "set (8 chars)"  # a prefix on a short value would reveal too much
