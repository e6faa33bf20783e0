"""Hand psycopg2 to a peewee that was loaded without it (store/__init__.py), before a PostgreSQL URL opens."""
from __future__ import annotations

from typing import Any


def enable() -> None:
    """Import psycopg2 and set what peewee sets when it finds the driver at import (once; a no-op if it did)."""
    import peewee

    from mso_tui.store import driver_hidden

    if not driver_hidden["psycopg2"] or peewee.psycopg2 is not None:
        return  # peewee loaded with the driver, or without it for another reason (not installed): as it is
    driver_hidden["psycopg2"] = False
    try:
        import psycopg2
        from psycopg2 import extensions
        from psycopg2.extras import Json, register_uuid
    except ImportError:
        return  # peewee then says "psycopg2 postgres driver not found", as without this module
    module: Any = peewee
    module.psycopg2, module.pg_extensions, module.pg_register_uuid, module.Json_pg2 = \
        psycopg2, extensions, register_uuid, Json
    register_uuid()
    # the adapter reads these class attributes, which peewee sets only when the driver was there at import
    adapter = module.Psycopg2Adapter
    adapter.txn_idle = extensions.TRANSACTION_STATUS_IDLE
    adapter.txn_inerror = extensions.TRANSACTION_STATUS_INERROR
    adapter.txn_unknown = extensions.TRANSACTION_STATUS_UNKNOWN
