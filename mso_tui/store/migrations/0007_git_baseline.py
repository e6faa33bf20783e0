"""session.git_baseline: the files a repository already had changed when the session started (path -> blob hash).

Those files, unchanged since, are not the session's changes (services/git_baseline.py). NULL for sessions
started before this column existed, or outside a git repository.
"""
from peewee import TextField


def up(migrator, db):
    migrator.migrate(migrator.add_column("session", "git_baseline", TextField(null=True)))
