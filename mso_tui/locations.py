"""Where mso keeps its data, config and caches (platformdirs, overridable by environment)."""
from __future__ import annotations

import os
import sys
from pathlib import Path

APP = "mso"
# platformdirs' rule on Linux, written out so a warm `mso usage` need not import it (~10 ms)
_XDG = {"data": ("XDG_DATA_HOME", ".local/share"), "cache": ("XDG_CACHE_HOME", ".cache"),
        "config": ("XDG_CONFIG_HOME", ".config")}


def _user_dir(kind: str) -> Path:
    """The per-user folder of a kind (data, cache, config) for mso, as platformdirs defines it."""
    if sys.platform.startswith("linux"):
        variable, default = _XDG[kind]
        base = os.environ.get(variable, "").strip()
        return Path(base if os.path.isabs(base) else os.path.expanduser(f"~/{default}")) / APP
    import platformdirs

    return Path(getattr(platformdirs, f"user_{kind}_dir")(APP))


def _private_dir(path: Path) -> Path:
    """Create a folder readable by the owner only and return it."""
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def data_dir() -> Path:
    """The folder holding the SQLite database (MSO_DATA_DIR overrides)."""
    override = os.environ.get("MSO_DATA_DIR")
    return _private_dir(Path(override) if override else _user_dir("data"))


def cache_dir() -> Path:
    """The folder for caches such as the usage scan cache."""
    override = os.environ.get("MSO_DATA_DIR")
    return _private_dir(Path(override) / "cache" if override else _user_dir("cache"))


def config_file() -> Path:
    """The TOML config file (MSO_CONFIG overrides); it may not exist."""
    override = os.environ.get("MSO_CONFIG")
    return Path(override) if override else _user_dir("config") / "config.toml"


def database_path() -> Path:
    """The default SQLite database file."""
    return data_dir() / "mso.sqlite3"
