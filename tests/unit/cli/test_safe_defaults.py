"""Issue 5's safe defaults: owner-only files, doctor's warnings, no key in output, redacted exports."""
from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from mso_tui.cli import main
from mso_tui.config import save_setting
from mso_tui.store.db import close_db

# assembled at run time so no key-shaped literal sits in the repository
HF_KEY = "hf_" + "QwErTyUiOpAsDfGhJkLzXcVbNm1234567890"
API_KEY = "sk-proj-" + "Zx9Cv8Bn7Mq6Wl5Ek4Rt3Yu2Io1PaSdFgHjKl"


def mode(path: Path) -> int:
    """The permission bits of a path."""
    return stat.S_IMODE(path.stat().st_mode)


def run(args: list[str], capsys: pytest.CaptureFixture) -> tuple[int, str]:
    """mso in-process; status and everything printed."""
    close_db()
    status = main(args)
    out, err = capsys.readouterr()
    return status, out + err


def test_store_files_are_owner_only(capsys: pytest.CaptureFixture) -> None:
    assert run(["project", "add", "p"], capsys)[0] == 0
    data = Path(os.environ["MSO_DATA_DIR"])
    assert mode(data) == 0o700
    for name in ("mso.sqlite3", "mso.sqlite3-wal", "mso.sqlite3-shm"):
        if (data / name).exists():
            assert mode(data / name) == 0o600, name
    save_setting("theme", "nord")
    assert mode(Path(os.environ["MSO_CONFIG"])) == 0o600


def test_doctor_warns_on_wide_permissions_and_never_prints_a_key(
        capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch) -> None:
    Path(os.environ["MSO_CONFIG"]).write_text(
        f'[llm]\nmodel = "m"\nbase_url = "http://127.0.0.1:9"\napi_key = "{API_KEY}"\n')
    monkeypatch.setenv("HF_TOKEN", HF_KEY)
    assert run(["project", "add", "p"], capsys)[0] == 0
    db = Path(os.environ["MSO_DATA_DIR"]) / "mso.sqlite3"
    db.chmod(0o644)
    status, out = run(["doctor"], capsys)
    assert status == 0
    assert API_KEY not in out and HF_KEY not in out and API_KEY[8:20] not in out
    assert "mso.sqlite3" in out and "warning" in out.lower()
    assert "prefer the environment" in out  # a key in the config file is allowed, but discouraged


def test_errors_never_echo_a_key(capsys: pytest.CaptureFixture) -> None:
    status, out = run(["project", "show", f"token={API_KEY}"], capsys)
    assert status == 2 and API_KEY not in out and "[redacted:" in out


def test_export_is_redacted_unless_asked(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    assert run(["project", "add", "p", "--description", f"deploy with OPENAI_API_KEY={API_KEY}"], capsys)[0] == 0
    status, out = run(["export", str(tmp_path / "safe.json")], capsys)
    assert status == 0 and "1 secret(s) redacted" in out
    safe = (tmp_path / "safe.json").read_text()
    assert API_KEY not in safe and "[redacted:" in safe and mode(tmp_path / "safe.json") == 0o600
    assert run(["export", str(tmp_path / "full.json"), "--include-secrets"], capsys)[0] == 0
    full = json.loads((tmp_path / "full.json").read_text())
    assert API_KEY in full["tables"]["project"][0]["description"]
