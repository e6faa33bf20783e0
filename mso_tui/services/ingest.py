"""Write one parsed conversation's turns and usage into a session: batched, de-duplicated, priced."""
from __future__ import annotations

import datetime as dt
from typing import Any, Callable

from peewee import DateTimeField, Model, SqliteDatabase, fn

from mso_tui.services.ingest_rows import CallRow, TurnRow
from mso_tui.store.models import Turn, UsageEvent
from mso_tui.usage.dedup import replaces

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


def sqlite_text() -> bool:
    """Whether the store takes timestamps as text (SQLite), so parse workers can write them so."""
    return isinstance(_real_db(), SqliteDatabase)


def bulk_insert(model: type, fields: list, rows: list[tuple], ready: bool = False) -> None:
    """INSERT ... ignoring conflicts, many rows through one prepared statement.

    Peewee builds SQL per value for insert_many (most of an import's time); here it builds the
    one-row statement once, and the driver runs it for every row. `ready`: on SQLite the rows'
    timestamps are text already (services/ingest_rows.py made them so, in the parse worker).
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
        stamps = [] if ready else [i for i, f in enumerate(fields) if isinstance(f, DateTimeField)]
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


def _existing_source_ids(session_id: int, ids: list[str]) -> set[str]:
    """Which of these source ids the session already holds."""
    found: set[str] = set()
    for i in range(0, len(ids), BATCH):
        chunk = _padded(ids[i:i + BATCH])
        sql = cached_sql(("turns-by-source", len(chunk)), lambda: Turn.select(Turn.source_id).where(
            (Turn.session == session_id) & Turn.source_id.in_(chunk)).sql()[0])
        found.update(r[0] for r in _real_db().execute_sql(sql, [session_id, *chunk]))
    return found


TURN_FIELDS = [Turn.session, Turn.seq, Turn.role, Turn.kind, Turn.text, Turn.tool_name, Turn.tool_input,
               Turn.is_error, Turn.exit_code, Turn.is_sidechain, Turn.model, Turn.input_tokens, Turn.output_tokens,
               Turn.timestamp, Turn.source_id]  # session, seq, then ingest_rows.TurnRow's order
USAGE_FIELDS = [UsageEvent.session, UsageEvent.message_id, UsageEvent.request_id, UsageEvent.model,
                UsageEvent.input_tokens, UsageEvent.output_tokens, UsageEvent.cache_creation_tokens,
                UsageEvent.cache_read_tokens, UsageEvent.cost_usd, UsageEvent.timestamp, UsageEvent.is_sidechain]


def insert_turns(session_id: int, turns: list[TurnRow], new_session: bool = False) -> int:
    """Append the session's new turns (ingest_rows' rows, one per source id) after its last seq; how many."""
    if not turns:
        return 0
    fresh = turns
    if not new_session:
        existing = _existing_source_ids(session_id, [t[-1] for t in turns])
        fresh = [t for t in turns if t[-1] not in existing]
        if not fresh:
            return 0
    seq = 1 if new_session else (Turn.select(fn.MAX(Turn.seq)).where(Turn.session == session_id).scalar() or 0) + 1
    bulk_insert(Turn, TURN_FIELDS, [(session_id, seq + i, *t) for i, t in enumerate(fresh)], ready=True)
    return len(fresh)


def _padded(ids: list[str]) -> list[str]:
    """The ids, the last repeated up to a power of two: a few statement shapes serve every file."""
    size = 8
    while size < len(ids):
        size *= 2
    return ids + [ids[-1]] * (min(size, BATCH) - len(ids))


def _existing_usage(mids: list[str]) -> dict[str, list[tuple[str, int, int, bool, int]]]:
    """Stored calls with these message ids: (request id, row id, session, sidechain, token total) per id."""
    found: dict[str, list[tuple[str, int, int, bool, int]]] = {}
    ids = sorted(set(mids))
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


class RunCalls:
    """The message ids one import run stored, so a first import into an empty store asks it about no other.

    Only on SQLite, whose data_version tells when another connection committed: from then on every id
    is looked up again, as it always is on other databases.
    """

    def __init__(self) -> None:
        """Note whether the store holds any call now, and its version."""
        self.version = _data_version()
        self.fresh = self.version is not None and not UsageEvent.select().exists()
        self.mine: set[str] = set()

    def to_look_up(self, mids: list[str]) -> list[str]:
        """The ids the store may already hold: all of them, unless the store was empty and only this run wrote."""
        if self.fresh and _data_version() != self.version:
            self.fresh = False  # another process wrote since: its calls may be any of these
        return [m for m in mids if m in self.mine] if self.fresh else mids


def _data_version() -> int | None:
    """SQLite's count of other connections' commits, as this connection sees it (None on other databases)."""
    db = _real_db()
    return db.execute_sql("PRAGMA data_version").fetchone()[0] if isinstance(db, SqliteDatabase) else None


def insert_usage(session_id: int, calls: list[CallRow], run: RunCalls | None = None) -> tuple[int, set[int]]:
    """Store the conversation's billed calls (ingest_rows' rows); return (how many were new, sessions changed).

    A call stored before (by any file or run) is replaced when this record of it is better: a
    streamed response's final count arrives in a later line, maybe in a later run. A row keeps the
    request id of the record it holds, so a later copy of either record finds it again.
    """
    if not calls:
        return 0, set()
    mids = [c[0] for c in calls]
    existing = _existing_usage(run.to_look_up(mids) if run is not None else mids)
    if run is not None:
        run.mine.update(mids)
    rows = []
    touched: set[int] = set()
    for mid, rid, model, inp, out, write, read, _one_hour, stamp, side, total, cost in calls:
        stored = _stored_twin(existing[mid], rid, session_id, side) if mid in existing else None
        if stored is None:
            rows.append((session_id, mid, rid, model, inp, out, write, read, cost, stamp, side))
        elif replaces(side, total, stored[3], stored[4]):
            UsageEvent.update(session=session_id, request_id=rid, model=model, input_tokens=inp,
                              output_tokens=out, cache_creation_tokens=write, cache_read_tokens=read,
                              cost_usd=cost, timestamp=stamp, is_sidechain=side).where(
                UsageEvent.id == stored[1]).execute()
            touched.update((stored[2], session_id))
    bulk_insert(UsageEvent, USAGE_FIELDS, rows, ready=True)
    if rows:
        touched.add(session_id)
    return len(rows), touched
