"""`mso export PATH.json`, `mso restore PATH.json` and `mso demo [PATH]`."""
from __future__ import annotations

import argparse
from pathlib import Path

from mso_tui.commands.common import UserError, nonempty, open_store


def _redactor():
    """A row transform that redacts secrets in every string value (None when redaction is unavailable)."""
    try:
        from mso_tui.redact import redact_json_like
    except ImportError:
        return None, [0]
    total = [0]

    def transform(table: str, row: dict) -> dict:
        new, count = redact_json_like(row)
        total[0] += count
        return new

    return transform, total


def _export(args: argparse.Namespace) -> int:
    from mso_tui.data.services.backup import export_store

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
    from mso_tui.data.services.backup import restore_store

    path = Path(args.path)
    if not path.is_file():
        raise UserError(f"{path}: no such file")
    open_store()
    counts = restore_store(path)
    print(f"restored {sum(counts.values())} rows: " + ", ".join(f"{k} {v}" for k, v in counts.items() if v))
    return 0


def _demo(args: argparse.Namespace) -> int:
    from mso_tui.demo import build_demo

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
    p = sub.add_parser("demo", help="write a demo store to PATH (default ./mso-demo.sqlite3)")
    p.add_argument("path", nargs="?", type=nonempty)
    p.add_argument("--force", action="store_true")
    p.set_defaults(func=_demo)
