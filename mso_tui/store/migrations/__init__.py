"""Numbered schema migrations for playhouse.migrations (each defines up(migrator, db))."""
