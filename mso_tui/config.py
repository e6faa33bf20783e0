"""Typed settings read from the TOML config file, with environment overrides."""
from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mso_tui.locations import config_file


class ConfigError(ValueError):
    """The config file could not be read; the message names the file."""


@dataclass(frozen=True)
class LLMSettings:
    """How the LLM handoff generator reaches a model."""

    model: str = ""
    provider: str | None = None
    base_url: str | None = None
    api_key: str | None = None  # only for base_url servers; HF tokens come from huggingface_hub
    timeout: float = 60.0
    max_tokens: int = 1200
    prompt_budget: int = 6000
    stream: bool = True

    @property
    def configured(self) -> bool:
        """True when a model is named."""
        return bool(self.model)


@dataclass(frozen=True)
class Settings:
    """Everything the config file can set."""

    database_url: str | None = None
    theme: str = "textual-dark"
    keys: dict[str, str] = field(default_factory=dict)  # binding id -> key(s)
    prices: dict[str, dict[str, float]] = field(default_factory=dict)  # model -> per-million prices
    llm: LLMSettings = field(default_factory=LLMSettings)
    path: Path | None = None
    raw: dict[str, Any] = field(default_factory=dict)


# what each typed key holds: a wrong kind is one line naming the file and the key, not a crash later
LLM_KINDS: dict[str, tuple[type, ...]] = {
    "model": (str,), "provider": (str,), "base_url": (str,), "api_key": (str,),
    "timeout": (int, float), "max_tokens": (int,), "prompt_budget": (int,), "stream": (bool,),
}
KIND_NAMES = {str: "text", int: "a whole number", float: "a number", bool: "true or false", dict: "a table"}


def _expect(value: Any, kinds: tuple[type, ...], key: str, path: Path) -> None:
    """Raise ConfigError unless value is one of kinds (a bool is never taken for a number)."""
    if isinstance(value, bool) and bool not in kinds or not isinstance(value, kinds):
        wanted = "a number" if float in kinds else KIND_NAMES[kinds[0]]
        raise ConfigError(f"{path}: {key} must be {wanted}, not {type(value).__name__} {value!r}"[:300])
    if isinstance(value, int | float) and not isinstance(value, bool) and not 0 <= value < 1e12:
        raise ConfigError(f"{path}: {key} must be a number from 0 to 1e12, not {value!r}")


def check_settings(raw: dict[str, Any], path: Path) -> None:
    """Refuse a config whose known keys hold the wrong kind of value (keys = 5, a [prices] entry of 1)."""
    for key in ("database_url", "theme"):
        if key in raw:
            _expect(raw[key], (str,), key, path)
    for table in ("keys", "prices", "llm"):
        if table in raw:
            _expect(raw[table], (dict,), table, path)
    for name, value in raw.get("keys", {}).items():
        _expect(value, (str,), f"keys.{name}", path)
    for model, prices in raw.get("prices", {}).items():
        _expect(prices, (dict,), f"prices.{model}", path)
        for name, value in prices.items():
            _expect(value, (int, float), f"prices.{model}.{name}", path)
    for name, value in raw.get("llm", {}).items():
        if name in LLM_KINDS:
            _expect(value, LLM_KINDS[name], f"llm.{name}", path)


def _read_toml(path: Path) -> dict[str, Any]:
    """Parse the TOML file, turning syntax errors into one clear line."""
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        return {}
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: {exc}") from None
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: not UTF-8 text (byte {exc.start})") from None
    except OSError as exc:
        raise ConfigError(f"{path}: {exc.strerror}") from None


def load_settings(path: Path | None = None) -> Settings:
    """Read settings from the config file and apply environment overrides."""
    path = path or config_file()
    raw = _read_toml(path)
    check_settings(raw, path)
    llm_raw = dict(raw.get("llm", {}))
    known = set(LLMSettings.__dataclass_fields__)
    llm = LLMSettings(**{k: v for k, v in llm_raw.items() if k in known})
    env_model = os.environ.get("MSO_LLM_MODEL")
    env_base = os.environ.get("MSO_LLM_BASE_URL")
    if env_model or env_base:
        llm = LLMSettings(**{**llm.__dict__, "model": env_model or llm.model, "base_url": env_base or llm.base_url})
    return Settings(
        database_url=os.environ.get("MSO_DATABASE_URL") or raw.get("database_url"),
        theme=str(raw.get("theme", "textual-dark")),
        keys={str(k): str(v) for k, v in raw.get("keys", {}).items()},
        prices={str(k): dict(v) for k, v in raw.get("prices", {}).items()},
        llm=llm,
        path=path,
        raw=raw,
    )


def save_setting(key: str, value: str, path: Path | None = None) -> None:
    """Set one top-level string setting (e.g. theme) in the config file, keeping the rest."""
    path = path or config_file()
    lines = path.read_text().splitlines() if path.exists() else []
    new = f"{key} = {value!r}".replace("'", '"')
    # top-level keys come before the first [table]; replace in place or insert there
    first_table = next((i for i, ln in enumerate(lines) if ln.strip().startswith("[")), len(lines))
    for i, line in enumerate(lines[:first_table]):
        if line.split("=", 1)[0].strip() == key:
            lines[i] = new
            break
    else:
        lines.insert(first_table, new)
    from mso_tui.private_files import private_write

    private_write(path, "\n".join(lines) + "\n")
