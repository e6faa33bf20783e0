"""Usage events remember whether they came from a subagent's (sidechain) record.

When the same call is recorded twice, the parent's record counts over a subagent's, as ccusage 20
counts it; existing rows were written before that rule and are taken as the parent's.
"""
from peewee import BooleanField


def up(migrator, db):
    migrator.migrate(migrator.add_column("usage_event", "is_sidechain", BooleanField(default=False)))
