"""The store: models, database set-up, schema. Peewee is loaded here first, without the PostgreSQL driver.

Peewee imports psycopg2 when it loads (~10 ms of every start-up) though only a
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
    """Import peewee with psycopg2 (and psycopg) reported missing, unless loaded already (playhouse's migration
    runner, which would load it too, is imported only when a store needs it: migration_runner())."""
    if "peewee" in sys.modules:
        return
    import_without_pg_driver("peewee")
    import peewee

    driver_hidden["psycopg2"] = "psycopg2" not in sys.modules and peewee.psycopg2 is None
    if driver_hidden["psycopg2"]:
        _enable_on_connect(peewee)


def import_without_pg_driver(name: str) -> None:
    """Import module name with psycopg2 (and psycopg) reported missing while it loads, unless they are loaded."""
    hidden = [driver for driver in ("psycopg2", "psycopg2cffi", "psycopg") if driver not in sys.modules]
    loaded = set(sys.modules)
    for driver in hidden:
        sys.modules[driver] = None  # type: ignore[assignment]  # None in sys.modules: "import name" fails
    try:
        __import__(name)
    finally:
        for driver in hidden:
            if sys.modules.get(driver, False) is None:
                del sys.modules[driver]
        if "playhouse.postgres_ext" not in loaded:  # loaded without its driver: a later import starts afresh
            sys.modules.pop("playhouse.postgres_ext", None)


def migration_runner() -> Any:
    """playhouse.migrations' Runner, loaded (without the PostgreSQL driver) only when a store is checked in full."""
    import_without_pg_driver("playhouse.migrations")  # through playhouse.migrate and cockroachdb it loads psycopg2
    from playhouse.migrations import Runner

    return Runner


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
