"""`mso export PATH.json`, `mso restore PATH.json`, `mso backup [PATH]`, `mso recover PATH` and `mso demo [PATH]`."""
from __future__ import annotations

import argparse
from pathlib import Path

from mso_tui.cli.common import UserError, nonempty, open_store, user_path


def _redactor():
    """A row transform that redacts secrets in every string value (None when redaction is unavailable)."""
    try:
        from mso_tui.redaction import redact_json_like
    except ImportError:
        return None, [0]
    total = [0]

    def transform(table: str, row: dict) -> dict:
        new, count = redact_json_like(row)
        total[0] += count
        return new

    return transform, total


def _export(args: argparse.Namespace) -> int:
    from mso_tui.services.backup import export_store

    path = Path(args.path)
    if path.is_dir():  # '.' or a folder: the export needs a file name of its own
        raise UserError(f"{path}: is a folder; give the export a file name")
    if not path.parent.is_dir():
        raise UserError(f"{path.parent}: no such folder")
    open_store()
    transform, redacted = (None, [0]) if args.include_secrets else _redactor()
    counts = export_store(path, transform)
    total = sum(counts.values())
    note = "secrets kept (--include-secrets)" if args.include_secrets else f"{redacted[0]} secret(s) redacted"
    print(f"exported {total} rows from {len(counts)} tables to {path}; {note}")
    return 0


def _restore(args: argparse.Namespace) -> int:
    from mso_tui.services.backup import restore_store

    path = Path(args.path)
    if not path.is_file():
        raise UserError(f"{path}: no such file")
    open_store()
    counts = restore_store(path)
    print(f"restored {sum(counts.values())} rows: " + ", ".join(f"{k} {v}" for k, v in counts.items() if v))
    return 0


def _store_file() -> Path:
    """The SQLite file of the configured store; a server database is one clear error."""
    from mso_tui.config import load_settings
    from mso_tui.locations import database_path

    url = load_settings().database_url
    if url and not url.startswith("sqlite:///"):
        raise UserError("backup and recover work on a SQLite store; for a server database use its own tools")
    return Path(url[len("sqlite:///"):]) if url else database_path()


def _backup(args: argparse.Namespace) -> int:
    from mso_tui.services.backup import KEEP_BACKUPS, backup_store

    target = user_path(args.path) if args.path else None
    if target is not None:
        if target.is_dir():
            raise UserError(f"{target} is a folder; give the backup's file name")
        if not target.parent.is_dir():
            raise UserError(f"{target.parent}: no such folder")
        if target.exists() and not args.force:
            raise UserError(f"{target} exists; add --force to replace it")
    _store_file()
    open_store()  # a damaged store is refused here: its copy would push good backups out
    written = backup_store(target)
    kept = "" if target else f" (the last {KEEP_BACKUPS} are kept there)"
    print(f"backed up the store to {written}{kept}")
    return 0


def _recover(args: argparse.Namespace) -> int:
    from mso_tui.services.recover import recover_store

    source = _store_file()
    if not source.is_file() or source.stat().st_size == 0:
        raise UserError(f"{source}: no store to recover (missing or empty); restore a backup instead")
    target = user_path(args.path)
    salvage = recover_store(source, target)
    copied, lost = sum(salvage.copied.values()), sum(salvage.lost.values())
    detail = ", ".join(f"{t} {n}" + (f" ({salvage.lost[t]} unreadable)" if salvage.lost.get(t) else "")
                       for t, n in salvage.copied.items() if n or salvage.lost.get(t))
    print(f"recovered {copied} rows into {target}" + (f"; {lost} rows could not be read" if lost else "")
          + (f"; tables unreadable: {', '.join(salvage.unreadable_tables)}" if salvage.unreadable_tables else ""))
    if detail:
        print(f"  {detail}")
    print(f"use it with: MSO_DATABASE_URL=sqlite:///{target} mso doctor   (or move it over {source})")
    return 0


def _demo(args: argparse.Namespace) -> int:
    from mso_tui.demo.store import build_demo

    path = Path(args.path) if args.path is not None else Path.cwd() / "mso-demo.sqlite3"
    if path.exists() and not args.force:
        raise UserError(f"{path} exists; add --force to replace it")
    build_demo(path)
    print(f"demo store written to {path}\nopen it with: MSO_DATABASE_URL=sqlite:///{path} mso")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    """Add export, restore and demo."""
    p = sub.add_parser("export", help="write every row of the store to a JSON file (secrets redacted)")
    p.add_argument("path", type=nonempty)
    p.add_argument("--include-secrets", action="store_true", help="keep secrets in the export")
    p.set_defaults(func=_export)
    p = sub.add_parser("restore", help="load an export file into an empty store")
    p.add_argument("path", type=nonempty)
    p.set_defaults(func=_restore)
    p = sub.add_parser("backup", help="copy the store (SQLite's online backup); default: the data dir's backups/")
    p.add_argument("path", nargs="?", help="the backup file (default: backups/ beside the store, timestamped)")
    p.add_argument("--force", action="store_true", help="replace PATH if it exists")
    p.set_defaults(func=_backup)
    p = sub.add_parser("recover", help="salvage the readable rows of a damaged store into a new file")
    p.add_argument("path", help="the new store file to write")
    p.set_defaults(func=_recover)
    p = sub.add_parser("demo", help="write a demo store to PATH (default ./mso-demo.sqlite3)")
    p.add_argument("path", nargs="?", type=nonempty)
    p.add_argument("--force", action="store_true")
    p.set_defaults(func=_demo)
