"""The first schema: every table of store/models.py (docs/architecture.md).

Fresh stores are created straight from the models and this migration is recorded as applied;
up() only runs on a store that has tables but no migration history.
"""
from mso_tui.store.models import ALL_MODELS


def up(migrator, db):
    db.create_tables(ALL_MODELS, safe=True)
