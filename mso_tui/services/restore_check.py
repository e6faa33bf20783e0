"""Check an export's tables against the models before a restore writes anything (one clear line per fault)."""
from __future__ import annotations

import datetime as dt
import json
import math
from typing import Any

from peewee import (
    BigIntegerField,
    BooleanField,
    CharField,
    DateField,
    DateTimeField,
    DoubleField,
    Field,
    FloatField,
    ForeignKeyField,
    IntegerField,
    TextField,
)

from mso_tui.errors import InvalidInput
from mso_tui.store.models import ALL_MODELS, JSONField

# how an export writes a non-finite number (strict JSON has none); restore reads them back
NON_FINITE = {"Infinity": math.inf, "-Infinity": -math.inf, "NaN": math.nan}
INT_RANGE = (-(2**63), 2**63 - 1)


def _kind_error(field: Field, value: Any) -> str | None:
    """Why value cannot be stored in field, or None when it can."""
    if value is None:
        return None if field.null else "must not be null"
    if isinstance(field, JSONField):
        try:
            json.dumps(value, ensure_ascii=False, allow_nan=False).encode("utf-8")
        except (ValueError, UnicodeEncodeError):
            return "is not storable JSON"
        return None
    if isinstance(field, IntegerField | BigIntegerField | ForeignKeyField) or field.name == "id":
        if isinstance(value, bool) or not isinstance(value, int):
            return "must be a whole number"
        return None if INT_RANGE[0] <= value <= INT_RANGE[1] else "is past 64 bits"
    if isinstance(field, DoubleField | FloatField):
        ok = (isinstance(value, int | float) and not isinstance(value, bool)) or value in NON_FINITE
        return None if ok else "must be a number"
    if isinstance(field, BooleanField):
        return None if isinstance(value, bool) or value in (0, 1) else "must be true or false"
    if isinstance(field, DateTimeField | DateField):
        if not isinstance(value, str):
            return "must be an ISO date"
        try:
            (dt.datetime if isinstance(field, DateTimeField) else dt.date).fromisoformat(value)
        except ValueError:
            return "must be an ISO date"
        return None
    if isinstance(field, CharField | TextField):
        if not isinstance(value, str):
            return "must be text"
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:  # a lone surrogate escaped in the JSON cannot be stored
            return "is not valid text"
    return None


def check_tables(path: object, tables: dict[str, Any]) -> None:
    """Raise InvalidInput naming the table, row and column of the first fault; return when all is storable."""
    models = {m._meta.table_name: m for m in ALL_MODELS}
    for name, rows in tables.items():
        if name not in models:
            raise InvalidInput(f"{path}: table {name!r} is not an mso table")
        if not isinstance(rows, list):
            raise InvalidInput(f"{path}: table {name!r} is not a list of rows")
    ids: dict[str, set[int]] = {}
    for name, model in models.items():
        seen: set[int] = set()
        for number, row in enumerate(tables.get(name, []), 1):
            where = f"{path}: {name} row {number}"
            if not isinstance(row, dict):
                raise InvalidInput(f"{where}: not an object")
            fields = model._meta.fields
            for key, value in row.items():
                if key not in fields:
                    raise InvalidInput(f"{where}: no column {key!r}")
                problem = _kind_error(fields[key], value)
                if problem:
                    raise InvalidInput(f"{where}: {key} {problem}")
            for key, field in fields.items():
                if key not in row and not field.null and field.default is None and key != "id":
                    raise InvalidInput(f"{where}: {key} is missing")
            if "id" in row:
                if row["id"] in seen:
                    raise InvalidInput(f"{where}: id {row['id']} appears twice")
                seen.add(row["id"])
        ids[name] = seen
    _check_links(path, tables, models, ids)


def _check_links(path: object, tables: dict[str, Any], models: dict[str, Any], ids: dict[str, set[int]]) -> None:
    """Every link to another row points at a row of the export."""
    for name, model in models.items():
        links = [(k, f) for k, f in model._meta.fields.items() if isinstance(f, ForeignKeyField)]
        for number, row in enumerate(tables.get(name, []), 1):
            for key, field in links:
                target = field.rel_model._meta.table_name
                value = row.get(key)
                if value is not None and value not in ids.get(target, set()):
                    raise InvalidInput(f"{path}: {name} row {number}: {key} {value} is not a row of {target}")
