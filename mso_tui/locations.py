"""Where mso keeps its data, config and caches (platformdirs, overridable by environment)."""
from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_cache_dir, user_config_dir, user_data_dir

APP = "mso"


def _private_dir(path: Path) -> Path:
    """Create a folder readable by the owner only and return it."""
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def data_dir() -> Path:
    """The folder holding the SQLite database (MSO_DATA_DIR overrides)."""
    override = os.environ.get("MSO_DATA_DIR")
    return _private_dir(Path(override) if override else Path(user_data_dir(APP)))


def cache_dir() -> Path:
    """The folder for caches such as the usage scan cache."""
    override = os.environ.get("MSO_DATA_DIR")
    return _private_dir(Path(override) / "cache" if override else Path(user_cache_dir(APP)))


def config_file() -> Path:
    """The TOML config file (MSO_CONFIG overrides); it may not exist."""
    override = os.environ.get("MSO_CONFIG")
    return Path(override) if override else Path(user_config_dir(APP)) / "config.toml"


def database_path() -> Path:
    """The default SQLite database file."""
    return data_dir() / "mso.sqlite3"
