"""`mso doctor`: where the data lives, which LLM is configured, what works."""
from __future__ import annotations

import argparse
import os
import shutil
import sys
from pathlib import Path


def _key_state(value: str | None) -> str:
    """Whether a key is set, never the key itself."""
    if not value:
        return "not set"
    try:
        from mso_tui.safety import mask_key

        return mask_key(value)
    except ImportError:
        return f"set ({len(value)} chars)"


def _doctor(args: argparse.Namespace) -> int:
    from mso_tui import __version__
    from mso_tui.config import load_settings
    from mso_tui.data.db import describe, init_db, schema_version
    from mso_tui.data.models import ALL_MODELS
    from mso_tui.locations import cache_dir, config_file, data_dir

    settings = load_settings()
    print(f"mso {__version__} on Python {sys.version.split()[0]}")
    print(f"data dir:   {data_dir()}")
    print(f"cache dir:  {cache_dir()}")
    print(f"config:     {config_file()} ({'found' if config_file().exists() else 'none; defaults in use'})")
    db = init_db()
    print(f"database:   {describe(db)} (schema version {schema_version(db)})")
    counts = ", ".join(f"{m._meta.table_name} {m.select().count()}" for m in ALL_MODELS)
    print(f"rows:       {counts}")
    llm = settings.llm
    if llm.configured:
        where = llm.base_url or f"Hugging Face Inference Providers{' via ' + llm.provider if llm.provider else ''}"
        print(f"llm:        {llm.model} at {where}; api_key {_key_state(llm.api_key)}")
    else:
        print("llm:        not configured (handoffs are extractive; set [llm] model in the config file)")
    print(f"HF token:   {_key_state(os.environ.get('HF_TOKEN'))} in HF_TOKEN")
    print(f"git:        {'found' if shutil.which('git') else 'missing: file changes from git are skipped'}")
    warnings: list[str] = []
    if llm.api_key:
        warnings.append("an API key is stored in the config file; prefer the environment or `hf auth login`")
    try:
        from mso_tui.safety import check_permissions

        db_path = Path(str(getattr(db, "database", "")))
        paths = [data_dir(), config_file(), db_path, Path(f"{db_path}-wal"), Path(f"{db_path}-shm")]
        warnings += check_permissions([p for p in paths if p.exists()])
    except ImportError:
        pass
    from mso_tui.keymap_check import check_keymap

    warnings += check_keymap(settings.keys).problems
    for warning in warnings:
        print(f"warning:    {warning}")
    print("ok" if not warnings else f"{len(warnings)} warning(s)")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    """Add `doctor`."""
    p = sub.add_parser("doctor", help="where the data lives, which LLM is configured, what works")
    p.set_defaults(func=_doctor)
