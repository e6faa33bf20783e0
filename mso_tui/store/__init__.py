"""The store: models, database set-up, schema. Peewee is loaded here first, without the PostgreSQL driver.

Peewee and playhouse's migrations import psycopg2 when they load (~10 ms of every start-up) though only a
PostgreSQL database needs it: the driver is hidden while they load, and pg_driver.enable() hands it over
when a database URL is opened or a PostgreSQL connection is first made (playhouse's PostgreSQL modules
are then loaded afresh).
"""
from __future__ import annotations

import sys
from typing import Any

# True while peewee runs without the psycopg2 it would have found (pg_driver.enable() hands it over once)
driver_hidden = {"psycopg2": False}


def _load_peewee_without_pg_driver() -> None:
    """Import peewee and playhouse.migrations with psycopg2 (and psycopg) reported missing, unless loaded already."""
    if "peewee" in sys.modules:
        return
    hidden = [name for name in ("psycopg2", "psycopg2cffi", "psycopg") if name not in sys.modules]
    loaded = set(sys.modules)
    for name in hidden:
        sys.modules[name] = None  # type: ignore[assignment]  # None in sys.modules: "import name" fails
    try:
        import peewee
        import playhouse.migrations  # noqa: F401  (through playhouse.migrate and cockroachdb it loads psycopg2)

        driver_hidden["psycopg2"] = "psycopg2" in hidden and peewee.psycopg2 is None
        if driver_hidden["psycopg2"]:
            _enable_on_connect(peewee)
    finally:
        for name in hidden:
            if sys.modules.get(name, False) is None:
                del sys.modules[name]
        if "playhouse.postgres_ext" not in loaded:  # loaded without its driver: a later import starts afresh
            sys.modules.pop("playhouse.postgres_ext", None)


def _enable_on_connect(peewee: Any) -> None:
    """Hand the driver over before any PostgreSQL connection is made, whoever built the database object."""
    adapter = peewee.Psycopg2Adapter
    check = adapter.check_driver  # peewee calls it first thing when it connects

    def check_driver(self: Any) -> Any:
        from mso_tui.store import pg_driver

        pg_driver.enable()
        return check(self)

    adapter.check_driver = check_driver


_load_peewee_without_pg_driver()
