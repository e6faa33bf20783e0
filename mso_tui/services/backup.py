"""Export every row of every table to one JSON file, and restore such a file into an empty store."""
from __future__ import annotations

import datetime as dt
import json
import math
import os
from pathlib import Path
from typing import Any, Callable

from peewee import DateField, DateTimeField, DoubleField, IntegrityError

from mso_tui.errors import Conflict, InvalidInput
from mso_tui.services.restore_check import NON_FINITE, check_tables
from mso_tui.store.file_backups import KEEP_BACKUPS, backup_dir, backup_store, backups_of  # noqa: F401
from mso_tui.store.fts import KnowledgeIndex, fts_available
from mso_tui.store.models import ALL_MODELS, KnowledgeEntry, Session, database

FORMAT = "mso-export"
VERSION = 1
# Session points at Handoff and Handoff at Session: sessions go in first without those links
DEFERRED = ("previous_handoff", "generated_handoff")


def _jsonable(value: Any) -> Any:
    """Datetimes as ISO strings, a non-finite number as its name (strict JSON has none); the rest as it is."""
    if isinstance(value, float) and not math.isfinite(value):
        return "NaN" if value != value else ("Infinity" if value > 0 else "-Infinity")
    return value.isoformat() if isinstance(value, dt.date | dt.datetime) else value


def dump_tables(transform: Callable[[str, dict], dict] | None = None) -> dict[str, list[dict]]:
    """Every table's rows as plain dicts (transform may rewrite each row, e.g. to redact it)."""
    tables: dict[str, list[dict]] = {}
    for model in ALL_MODELS:
        name = model._meta.table_name
        rows = [{k: _jsonable(v) for k, v in row.items()} for row in model.select().order_by(model.id).dicts()]
        tables[name] = [transform(name, r) for r in rows] if transform else rows
    return tables


def export_store(path: Path, transform: Callable[[str, dict], dict] | None = None) -> dict[str, int]:
    """Write the export file (owner-only, atomically); return row counts per table."""
    tables = dump_tables(transform)
    payload = {"format": FORMAT, "version": VERSION, "exported_at": _jsonable(dt.datetime.now(dt.timezone.utc)),
               "tables": tables}
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(payload, handle, ensure_ascii=False, allow_nan=False)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException as exc:  # a full disk or Ctrl-C: no half-written file is left behind
        tmp.unlink(missing_ok=True)
        if isinstance(exc, OSError) and not exc.filename:
            raise OSError(exc.errno, exc.strerror or str(exc), str(path)) from None
        raise
    return {name: len(rows) for name, rows in tables.items()}


def _convert(model: type, row: dict) -> dict:
    """Parse ISO strings back into dates for the model's date fields."""
    out = dict(row)
    for name, field in model._meta.fields.items():
        value = out.get(name)
        if isinstance(value, str) and isinstance(field, DateTimeField):
            out[name] = dt.datetime.fromisoformat(value)
        elif isinstance(value, str) and isinstance(field, DateField):
            out[name] = dt.date.fromisoformat(value)
        elif isinstance(value, str) and isinstance(field, DoubleField):
            out[name] = NON_FINITE[value]
    return out


def read_export(path: Path) -> dict[str, list[dict]]:
    """The tables of an export file, checked; a bad file is one clear error."""
    try:
        payload = json.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as exc:
        raise InvalidInput(f"{path}: not UTF-8 text (byte {exc.start})") from None
    except json.JSONDecodeError as exc:
        raise InvalidInput(f"{path}:{exc.lineno}: not JSON ({exc.msg})") from None
    if not isinstance(payload, dict) or payload.get("format") != FORMAT:
        raise InvalidInput(f"{path}: not an mso export file")
    if payload.get("version") != VERSION:
        raise InvalidInput(f"{path}: export version {payload.get('version')} is not supported")
    tables = payload.get("tables")
    if not isinstance(tables, dict):
        raise InvalidInput(f"{path}: the export has no tables")
    return tables


def restore_store(path: Path) -> dict[str, int]:
    """Load an export into this (empty) store in one transaction; return row counts per table."""
    tables = read_export(path)
    check_tables(path, tables)  # every fault is found before the first row is written
    if any(model.select().exists() for model in ALL_MODELS):
        raise Conflict("restore needs an empty store (point MSO_DATA_DIR or MSO_DATABASE_URL at a new one)")
    try:
        return _insert_all(tables)
    except IntegrityError as exc:  # rows that clash with each other (two projects of one name): all rolled back
        raise InvalidInput(f"{path}: rows clash, nothing restored ({exc})") from None


def _insert_all(tables: dict[str, list[dict]]) -> dict[str, int]:
    """Insert every table's rows in one transaction; return row counts per table."""
    counts: dict[str, int] = {}
    links: list[dict] = []
    with database.atomic():
        for model in ALL_MODELS:
            name = model._meta.table_name
            rows = [_convert(model, r) for r in tables.get(name, [])]
            if model is Session:
                links = [{k: r.pop(k, None) for k in ("id", *DEFERRED)} for r in rows]
                for r, link in zip(rows, links):
                    r["id"] = link["id"]
            for start in range(0, len(rows), 500):
                model.insert_many(rows[start:start + 500]).execute()
            counts[name] = len(rows)
        for link in links:
            if link.get("previous_handoff") or link.get("generated_handoff"):
                links_of = {"previous_handoff": link.get("previous_handoff"),
                            "generated_handoff": link.get("generated_handoff")}
                Session.update(**links_of).where(Session.id == link["id"]).execute()
        if fts_available():
            for entry in KnowledgeEntry.select():
                KnowledgeIndex.insert(rowid=entry.id, title=entry.title, body=f"{entry.description}\n{entry.content}",
                                      tags=" ".join(entry.tags or [])).execute()
    return counts


def row_counts() -> list[tuple[str, int]]:
    """(table, rows) for every table of the store, in schema order (what `mso doctor` shows)."""
    return [(model._meta.table_name, model.select().count()) for model in ALL_MODELS]
