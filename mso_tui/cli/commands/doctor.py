"""`mso doctor`: where the data lives, which LLM is configured, what works."""
from __future__ import annotations

import argparse
import os
import shutil
import sys
from pathlib import Path
from typing import Any


def _key_state(value: str | None) -> str:
    """Whether a key is set, never the key itself."""
    if not value:
        return "not set"
    try:
        from mso_tui.private_files import mask_key

        return mask_key(value)
    except ImportError:
        return f"set ({len(value)} chars)"


def _doctor(args: argparse.Namespace) -> int:
    from mso_tui import __version__
    from mso_tui.config import load_settings
    from mso_tui.locations import cache_dir, config_file, data_dir
    from mso_tui.services.backup import row_counts
    from mso_tui.store.db import describe, init_db, is_sqlite, schema_version

    settings = load_settings()
    print(f"mso {__version__} on Python {sys.version.split()[0]}")
    print(f"data dir:   {data_dir()}")
    print(f"cache dir:  {cache_dir()}")
    print(f"config:     {config_file()} ({'found' if config_file().exists() else 'none; defaults in use'})")
    db = init_db(allow_damaged=True)  # doctor reports a damaged store; it never refuses to look at one
    problems = _store_health(db)
    if not problems:
        print(f"database:   {describe(db)} (schema version {schema_version(db)})")
        counts = ", ".join(f"{table} {count}" for table, count in row_counts())
        print(f"rows:       {counts}")
    llm = settings.llm
    if llm.configured:
        where = llm.base_url or f"Hugging Face Inference Providers{' via ' + llm.provider if llm.provider else ''}"
        print(f"llm:        {llm.model} at {where}; api_key {_key_state(llm.api_key)}")
    else:
        print("llm:        not configured (handoffs are extractive; set [llm] model in the config file)")
    print(f"HF token:   {_key_state(os.environ.get('HF_TOKEN'))} in HF_TOKEN")
    print(f"git:        {'found' if shutil.which('git') else 'missing: file changes from git are skipped'}")
    from mso_tui.cli.commands.serve_guard import POLICY

    print(f"serve:      {POLICY}")
    _hooks_report()
    warnings: list[str] = []
    if llm.api_key:
        warnings.append("an API key is stored in the config file; prefer the environment or `hf auth login`")
    try:
        from mso_tui.private_files import check_permissions

        db_path = Path(str(getattr(db, "database", "")))
        paths = [data_dir(), config_file(), db_path, Path(f"{db_path}-wal"), Path(f"{db_path}-shm")]
        if is_sqlite(db):
            from mso_tui.services.backup import backup_dir, backups_of
            from mso_tui.store.store_safety import marker_path

            paths += [marker_path(db_path), backup_dir(db_path), *backups_of(db_path)]
        warnings += check_permissions([p for p in paths if p.exists()])
    except ImportError:
        pass
    from mso_tui.tui.keymap_check import check_keymap

    warnings += check_keymap(settings.keys).problems
    for problem in problems:
        print(f"problem:    {problem}")
    for warning in warnings:
        print(f"warning:    {warning}")
    if problems:
        print(f"{len(problems)} problem(s), {len(warnings)} warning(s)")
        return 2
    print("ok" if not warnings else f"{len(warnings)} warning(s)")
    return 0


def _age(seconds: float) -> str:
    """A duration as the largest whole unit: 40s, 12 min, 5 h, 3 days."""
    for unit, size in (("days", 86400), ("h", 3600), ("min", 60)):
        if seconds >= size:
            return f"{int(seconds // size)} {unit}"
    return f"{int(seconds)}s"


def _store_health(db: Any) -> list[str]:
    """Print the store's full integrity check and its last backup; return the problems found."""
    import time

    from mso_tui.store.db import DatabaseError, describe, is_sqlite

    if not is_sqlite(db):
        print(f"store:      {describe(db)} (a server database: integrity and backups are the server's)")
        return []
    from mso_tui.services.backup import backup_dir, backups_of
    from mso_tui.store.store_safety import check, damaged_message, refuse_emptied

    db_path = Path(str(db.database))
    try:  # before anything connects: connecting would write a new header into an emptied file
        refuse_emptied(db_path)
    except DatabaseError as exc:
        print("store:      EMPTIED")
        return [str(exc)]
    found = backups_of(db_path)
    if found:
        print(f"backup:     last {found[-1]} ({_age(time.time() - found[-1].stat().st_mtime)} ago; "
              f"{len(found)} kept in {backup_dir(db_path)})")
    else:
        print("backup:     none yet (mso backup writes one; one is also made before each upgrade)")
    problems = check(db, full=True)
    if problems:
        print(f"store:      DAMAGED ({len(problems)} integrity problem(s))")
        return [damaged_message(db_path, problems)]
    print("store:      ok (integrity_check: every page and index read)")
    return []


def _hooks_report() -> None:
    """Which agents' hooks are installed, whether they run this mso, and what the last hooks did."""
    from mso_tui.agents.hook_install import installed
    from mso_tui.services.live import recent_log

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
