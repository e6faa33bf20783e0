"""Write one parsed conversation's turns and usage into a session: batched, de-duplicated, priced."""
from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any, Callable, Iterable

from peewee import DateTimeField, Model, SqliteDatabase, fn

from mso_tui.importers.base import ParsedSession, ParsedTurn, ParsedUsage
from mso_tui.store.models import Turn, UsageEvent
from mso_tui.usage.dedup import replaces
from mso_tui.usage.pricing import PriceTable

BATCH = 500  # ids per IN (...) lookup: well under every database's bound-variable limit
_INSERT_SQL: dict[tuple[type, str, tuple[str, ...]], str] = {}  # (database kind, table, columns) -> one-row INSERT


def cached_sql(key: tuple, build: Callable[[], str]) -> str:
    """SQL that peewee builds once per database kind and shape (building is slower than running it)."""
    full = (type(_real_db()),) + key
    sql = _INSERT_SQL.get(full)  # type: ignore[call-overload]
    if sql is None:
        sql = _INSERT_SQL[full] = build()  # type: ignore[index]
    return sql


def _real_db() -> Any:
    """The database behind the models' proxy."""
    return Turn._meta.database.obj


def bulk_insert(model: type, fields: list, rows: list[tuple]) -> None:
    """INSERT ... ignoring conflicts, many rows through one prepared statement.

    Peewee builds SQL per value for insert_many (most of an import's time); here it builds the
    one-row statement once, and the driver runs it for every row.
    """
    if not rows:
        return
    database = model._meta.database
    database = getattr(database, "obj", None) or database  # the proxy's real database
    key = (type(database), model._meta.table_name, tuple(f.name for f in fields))
    sql = _INSERT_SQL.get(key)
    if sql is None:  # building it is peewee's slowest step: once per run, not once per file
        sql = _INSERT_SQL[key] = model.insert_many([rows[0]], fields=fields).on_conflict_ignore().sql()[0]
    cursor = database.cursor()
    if isinstance(database, SqliteDatabase):
        # sqlite3 takes str/int/float/bool/None as they are; datetimes are written as peewee writes
        # them (str(): "YYYY-MM-DD HH:MM:SS[.ffffff]"), without the adapter Python 3.12 deprecates.
        stamps = [i for i, f in enumerate(fields) if isinstance(f, DateTimeField)]
        if stamps:
            rows = [list(r) for r in rows]
            for r in rows:
                for i in stamps:
                    if r[i] is not None:
                        r[i] = str(r[i])
        cursor.executemany(sql, rows)
        return
    converters = [f.db_value for f in fields]
    cursor.executemany(sql, [tuple(c(v) for c, v in zip(converters, row)) for row in rows])


def insert_row(model: type, **values: Any) -> int:
    """INSERT one row (defaults filled as peewee fills them) through SQL built once; return its id."""
    database = _real_db()
    fields = [f for f in model._meta.sorted_fields if f is not model._meta.primary_key]
    row = []
    for f in fields:
        value = values[f.name] if f.name in values else f.default() if callable(f.default) else f.default
        value = value.id if isinstance(value, Model) else f.db_value(value)
        row.append(str(value) if isinstance(value, dt.datetime) and isinstance(database, SqliteDatabase) else value)
    sql = cached_sql(("insert-row", model._meta.table_name), lambda: model.insert_many(
        [tuple(row)], fields=fields).sql()[0])
    cursor = database.execute_sql(sql, row)
    return cursor.fetchone()[0] if "RETURNING" in sql.upper() else cursor.lastrowid


def update_row(model: type, row_id: int, **values: Any) -> None:
    """UPDATE one row's columns by id through SQL built once per shape (peewee builds it per call otherwise)."""
    database = _real_db()
    meta = model._meta
    fields = [meta.fields[name] for name in values]
    param = database.param

    def build() -> str:
        sets = ", ".join(f'"{f.column_name}" = {param}' for f in fields)
        return f'UPDATE "{meta.table_name}" SET {sets} WHERE "{meta.primary_key.column_name}" = {param}'

    sql = cached_sql(("update-row", meta.table_name, tuple(values)), build)
    row = []
    for f, value in zip(fields, values.values()):
        value = f.db_value(value)
        row.append(str(value) if isinstance(value, dt.datetime) and isinstance(database, SqliteDatabase) else value)
    database.execute_sql(sql, [*row, row_id])


def _fallback_id(*parts: object) -> str:
    """A stable id from content, for records whose importer gave none (so re-imports still de-duplicate)."""
    return "h:" + hashlib.blake2b(repr(parts).encode("utf-8", "replace"), digest_size=12).hexdigest()


def _existing_source_ids(session_id: int, ids: list[str]) -> set[str]:
    """Which of these source ids the session already holds."""
    found: set[str] = set()
    for i in range(0, len(ids), BATCH):
        chunk = _padded(ids[i:i + BATCH])
        sql = cached_sql(("turns-by-source", len(chunk)), lambda: Turn.select(Turn.source_id).where(
            (Turn.session == session_id) & Turn.source_id.in_(chunk)).sql()[0])
        found.update(r[0] for r in _real_db().execute_sql(sql, [session_id, *chunk]))
    return found


def insert_turns(session_id: int, turns: Iterable[ParsedTurn], new_session: bool = False,
                 stamps: list[dt.datetime] | None = None) -> int:
    """Append the session's new turns after its last seq; return how many were new.

    `stamps`, when given, receives the known timestamps of the turns written.
    """
    keyed: dict[str, ParsedTurn] = {}
    for t in turns:
        sid = t.source_id or _fallback_id(t.role, t.kind, t.text, t.tool_name, t.timestamp)
        keyed.setdefault(sid, t)
    if not keyed:
        return 0
    existing = set() if new_session else _existing_source_ids(session_id, list(keyed))
    fresh = [(sid, t) for sid, t in keyed.items() if sid not in existing]
    if not fresh:
        return 0
    seq = 1 if new_session else (Turn.select(fn.MAX(Turn.seq)).where(Turn.session == session_id).scalar() or 0) + 1
    fields = [Turn.session, Turn.seq, Turn.role, Turn.kind, Turn.text, Turn.tool_name, Turn.tool_input,
              Turn.is_error, Turn.exit_code, Turn.is_sidechain, Turn.model, Turn.input_tokens, Turn.output_tokens,
              Turn.timestamp, Turn.source_id]
    rows = [(session_id, seq + i, t.role, t.kind, t.text, t.tool_name, t.tool_input, t.is_error, t.exit_code,
             t.is_sidechain, t.model, t.input_tokens, t.output_tokens, t.timestamp, sid)
            for i, (sid, t) in enumerate(fresh)]
    bulk_insert(Turn, fields, rows)
    if stamps is not None:
        stamps.extend(t.timestamp for _, t in fresh if t.timestamp is not None)
    return len(rows)


def _usage_key(u: ParsedUsage, agent_session_id: str | None) -> tuple[str, str]:
    """(message_id, request_id), invented from content when the importer had no message id."""
    if u.message_id:
        return u.message_id, u.request_id or ""
    return _fallback_id(agent_session_id, u.timestamp, u.model, u.input_tokens, u.output_tokens,
                        u.cache_creation_tokens, u.cache_read_tokens), u.request_id or ""


def _padded(ids: list[str]) -> list[str]:
    """The ids, the last repeated up to a power of two: a few statement shapes serve every file."""
    size = 8
    while size < len(ids):
        size *= 2
    return ids + [ids[-1]] * (min(size, BATCH) - len(ids))


def _existing_usage(keys: list[tuple[str, str]]) -> dict[str, list[tuple[str, int, int, bool, int]]]:
    """Stored calls with these message ids: (request id, row id, session, sidechain, token total) per id."""
    found: dict[str, list[tuple[str, int, int, bool, int]]] = {}
    ids = sorted({k[0] for k in keys})
    total = (UsageEvent.input_tokens + UsageEvent.output_tokens + UsageEvent.cache_creation_tokens
             + UsageEvent.cache_read_tokens)
    for i in range(0, len(ids), BATCH):
        chunk = _padded(ids[i:i + BATCH])
        sql = cached_sql(("usage-by-mid", len(chunk)), lambda: UsageEvent.select(
            UsageEvent.message_id, UsageEvent.request_id, UsageEvent.id, UsageEvent.session, UsageEvent.is_sidechain,
            total).where(UsageEvent.message_id.in_(chunk)).sql()[0])
        for mid, rid, row_id, session, side, tokens in _real_db().execute_sql(sql, chunk):
            found.setdefault(mid, []).append((rid, row_id, session, bool(side), int(tokens or 0)))
    return found


def _stored_twin(rows: list[tuple[str, int, int, bool, int]], rid: str, session_id: int,
                 side: bool) -> tuple[str, int, int, bool, int] | None:
    """The stored row of this call: the same request id, else a subagent's replay of it in the same session.

    The replay rule is usage/dedup.py's (a sidechain copy of a message of the same session is one call).
    """
    exact = next((r for r in rows if r[0] == rid), None)
    if exact is not None:
        return exact
    return next((r for r in rows if r[2] == session_id and (side or r[3])), None)


def _merge_calls(parsed: ParsedSession) -> dict[tuple[str, str], ParsedUsage]:
    """The parse's calls, one record each (the better one), a subagent's replay folded into its parent's call."""
    keyed: dict[tuple[str, str], ParsedUsage] = {}
    alias: dict[tuple[str, str], tuple[str, str]] = {}
    by_mid: dict[str, list[tuple[str, str]]] = {}
    for u in parsed.usage:
        key = _usage_key(u, parsed.agent_session_id)
        key = alias.get(key, key)
        if key not in keyed:
            twin = next((k for k in by_mid.get(key[0], ()) if u.is_sidechain or keyed[k].is_sidechain), None)
            if twin is not None:
                alias[key] = key = twin
        old = keyed.get(key)
        if old is None:
            keyed[key] = u
            by_mid.setdefault(key[0], []).append(key)
        elif u.better_than(old):
            keyed[key] = u
    return keyed


def insert_usage(session_id: int, parsed: ParsedSession, table: PriceTable) -> tuple[int, set[int]]:
    """Store the conversation's billed calls; return (how many were new, sessions whose totals changed).

    A call stored before (by any file or run) is replaced when this record of it is better: a
    streamed response's final count arrives in a later line, maybe in a later run. A row keeps the
    request id of the record it holds, so a later copy of either record finds it again.
    """
    keyed = _merge_calls(parsed)
    if not keyed:
        return 0, set()
    existing = _existing_usage(list(keyed))
    fields = [UsageEvent.session, UsageEvent.message_id, UsageEvent.request_id, UsageEvent.model,
              UsageEvent.input_tokens, UsageEvent.output_tokens, UsageEvent.cache_creation_tokens,
              UsageEvent.cache_read_tokens, UsageEvent.cost_usd, UsageEvent.timestamp, UsageEvent.is_sidechain]
    rows = []
    touched: set[int] = set()
    for (mid, rid), u in keyed.items():
        rid = u.request_id or "" if u.message_id else rid
        cost = u.cost_usd if u.cost_usd is not None else table.cost(u)
        stored = _stored_twin(existing.get(mid, []), rid, session_id, u.is_sidechain)
        if stored is None:
            rows.append((session_id, mid, rid, u.model or "", u.input_tokens, u.output_tokens,
                         u.cache_creation_tokens, u.cache_read_tokens, cost, u.timestamp, u.is_sidechain))
        elif replaces(u.is_sidechain, u.total, stored[3], stored[4]):
            UsageEvent.update(session=session_id, request_id=rid, model=u.model or "", input_tokens=u.input_tokens,
                              output_tokens=u.output_tokens, cache_creation_tokens=u.cache_creation_tokens,
                              cache_read_tokens=u.cache_read_tokens, cost_usd=cost, timestamp=u.timestamp,
                              is_sidechain=u.is_sidechain).where(UsageEvent.id == stored[1]).execute()
            touched.update((stored[2], session_id))
    bulk_insert(UsageEvent, fields, rows)
    if rows:
        touched.add(session_id)
    return len(rows), touched
