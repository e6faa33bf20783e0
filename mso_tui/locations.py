"""Where mso keeps its data, config and caches (platformdirs, overridable by environment).

The `*_path` functions return plain strings and import neither pathlib nor platformdirs on Linux:
a warm `mso usage` run, which replays cached output, is mostly Python's own start-up.
"""
from __future__ import annotations

import os
import sys

TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathlib import Path

APP = "mso"
# platformdirs' rule on Linux, written out so a warm `mso usage` need not import it (~10 ms)
_XDG = {"data": ("XDG_DATA_HOME", ".local/share"), "cache": ("XDG_CACHE_HOME", ".cache"),
        "config": ("XDG_CONFIG_HOME", ".config")}


def _user_dir(kind: str) -> str:
    """The per-user folder of a kind (data, cache, config) for mso, as platformdirs defines it."""
    if sys.platform.startswith("linux"):
        variable, default = _XDG[kind]
        base = os.environ.get(variable, "").strip()
        return os.path.join(base if os.path.isabs(base) else os.path.expanduser(f"~/{default}"), APP)
    import platformdirs

    return str(getattr(platformdirs, f"user_{kind}_dir")(APP))


def _private_dir(path: str) -> Path:
    """Create a folder readable by the owner only and return it."""
    from pathlib import Path

    os.makedirs(path, mode=0o700, exist_ok=True)
    return Path(path)


def data_path() -> str:
    """The folder holding the SQLite database (MSO_DATA_DIR overrides), not created."""
    override = os.environ.get("MSO_DATA_DIR")
    return override if override else _user_dir("data")


def cache_path() -> str:
    """The folder for caches such as the usage scan cache, not created."""
    override = os.environ.get("MSO_DATA_DIR")
    return os.path.join(override, "cache") if override else _user_dir("cache")


def config_path() -> str:
    """The TOML config file (MSO_CONFIG overrides); it may not exist."""
    override = os.environ.get("MSO_CONFIG")
    return override if override else os.path.join(_user_dir("config"), "config.toml")


def data_dir() -> Path:
    """The folder holding the SQLite database, created if missing."""
    return _private_dir(data_path())


def cache_dir() -> Path:
    """The folder for caches, created if missing."""
    return _private_dir(cache_path())


def config_file() -> Path:
    """The TOML config file; it may not exist."""
    from pathlib import Path

    return Path(config_path())


def database_path() -> Path:
    """The default SQLite database file."""
    return data_dir() / "mso.sqlite3"
