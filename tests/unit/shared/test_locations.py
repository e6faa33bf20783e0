"""Where mso keeps things: the same folders platformdirs names, with the environment's overrides."""
from __future__ import annotations

from pathlib import Path

import platformdirs
import pytest

from mso_tui import locations


@pytest.mark.parametrize("xdg", [None, "/srv/xdg", "relative/ignored"])
def test_user_dirs_match_platformdirs(xdg: str | None, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for variable in ("XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME"):
        if xdg is None:
            monkeypatch.delenv(variable, raising=False)
        else:
            monkeypatch.setenv(variable, xdg)
    assert Path(locations._user_dir("data")) == Path(platformdirs.user_data_dir("mso"))
    assert Path(locations._user_dir("cache")) == Path(platformdirs.user_cache_dir("mso"))
    assert Path(locations._user_dir("config")) == Path(platformdirs.user_config_dir("mso"))


def test_overrides(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("MSO_DATA_DIR", str(tmp_path / "d"))
    monkeypatch.setenv("MSO_CONFIG", str(tmp_path / "c.toml"))
    assert locations.database_path() == tmp_path / "d" / "mso.sqlite3"
    assert locations.cache_dir() == tmp_path / "d" / "cache"
    assert locations.config_file() == tmp_path / "c.toml"
    assert (tmp_path / "d").stat().st_mode & 0o777 == 0o700
