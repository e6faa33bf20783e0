"""Eight-byte numbers on servers that default to four: costs, times and file positions keep their precision.

On PostgreSQL a plain float column is `real` (about 7 digits: a file's mtime no longer matched and
costs were rounded) and a plain integer is 32-bit (inode numbers and file offsets can exceed it).
SQLite stores every REAL and INTEGER in eight bytes already, so there is nothing to do there.
"""
from peewee import BigIntegerField, DoubleField, SqliteDatabase

DOUBLES = {
    "account": ["daily_budget", "credits_today"],
    "session": ["duration_seconds", "credits_used", "credit_budget", "cost_usd"],
    "handoff": ["compression_ratio", "coverage"],
    "usage_event": ["cost_usd"],
    "knowledge_entry": ["success_rate"],
    "imported_file": ["mtime"],
}
BIGINTS = {
    "session": ["input_tokens", "output_tokens", "cache_creation_tokens", "cache_read_tokens"],
    "imported_file": ["size", "inode", "offset"],
}


def up(migrator, db):
    if isinstance(db, SqliteDatabase):
        return
    operations = [migrator.alter_column_type(table, column, DoubleField(null=True))
                  for table, columns in DOUBLES.items() for column in columns]
    operations += [migrator.alter_column_type(table, column, BigIntegerField(null=True))
                   for table, columns in BIGINTS.items() for column in columns]
    migrator.migrate(*operations)
