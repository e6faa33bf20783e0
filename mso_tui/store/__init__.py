"""The store: models, database set-up, schema. Peewee is loaded here first, without the PostgreSQL driver.

Peewee and playhouse's migrations import psycopg2 when they load (~10 ms of every start-up) though only a
PostgreSQL URL needs it: the driver is hidden while they load, and pg_driver.enable() hands it over when
such a URL is opened (playhouse's PostgreSQL modules are loaded then, afresh).
"""
from __future__ import annotations

import sys

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
    finally:
        for name in hidden:
            if sys.modules.get(name, False) is None:
                del sys.modules[name]
        if "playhouse.postgres_ext" not in loaded:  # loaded without its driver: a later import starts afresh
            sys.modules.pop("playhouse.postgres_ext", None)


_load_peewee_without_pg_driver()
