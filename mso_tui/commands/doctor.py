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
    _hooks_report()
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
    for warning in warnings:
        print(f"warning:    {warning}")
    print("ok" if not warnings else f"{len(warnings)} warning(s)")
    return 0


def _hooks_report() -> None:
    """Which agents' hooks are installed, whether they run this mso, and what the last hooks did."""
    from mso_tui.data.services.live import recent_log
    from mso_tui.hook_install import installed

    for agent in ("claude-code", "gemini", "codex"):
        path, events, current = installed(agent)
        if not events:
            print(f"hook {agent}: not installed in {path} (mso hook install {agent})")
            continue
        where = "runs this mso" if current else "runs another mso: run `mso hook install " + agent + "` again"
        print(f"hook {agent}: installed ({', '.join(events)}), {where}")
    for line in recent_log(3):
        print(f"hook log:   {line}")


def register(sub: argparse._SubParsersAction) -> None:
    """Add `doctor`."""
    p = sub.add_parser("doctor", help="where the data lives, which LLM is configured, what works")
    p.set_defaults(func=_doctor)
