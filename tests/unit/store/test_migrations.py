"""The migration runner brings an older store up to date with every row intact."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from mso_tui.services import projects, sessions
from mso_tui.store import db as dbmod
from mso_tui.store.models import Project, Session, database

MIGRATION_0002 = '''
from peewee import TextField
def up(migrator, db):
    migrator.migrate(migrator.add_column("project", "color", TextField(default="blue")))
'''


def test_fresh_store_is_at_current_version(store: Path) -> None:
    assert dbmod.schema_version(database.obj) == len(list(dbmod.MIGRATIONS_DIR.glob("[0-9]*.py")))


def test_older_store_is_migrated_with_rows_intact(store: Path, tmp_path: Path) -> None:
    projects.add_project("keep", "rows must survive")
    sessions.start_session("keep", ["objective one", "objective two"])
    before = [(s.number, s.objectives) for s in Session.select()]
    migrations = tmp_path / "migrations"
    shutil.copytree(dbmod.MIGRATIONS_DIR, migrations)
    (migrations / "0099_project_color.py").write_text(MIGRATION_0002)
    applied = dbmod.migrate(database.obj, migrations)
    assert applied == ["0099_project_color"]
    rows = database.obj.execute_sql("SELECT name, description, color FROM project").fetchall()
    assert [tuple(r) for r in rows] == [("keep", "rows must survive", "blue")]
    assert [(s.number, s.objectives) for s in Session.select()] == before
    assert dbmod.migrate(database.obj, migrations) == []  # a second run applies nothing


def test_store_from_a_newer_mso_is_refused(store: Path, tmp_path: Path) -> None:
    database.obj.execute_sql(f"INSERT INTO {dbmod.HISTORY_TABLE} (name, applied) VALUES ('0099_future', '2030-01-01')")
    try:
        dbmod.migrate(database.obj)
    except dbmod.DatabaseError as exc:
        assert "newer mso" in str(exc)
    else:
        raise AssertionError("a store with unknown migrations must not be opened")
    assert Project.select().count() == 0


def test_version_1_store_gets_agent_links(store: Path) -> None:
    from mso_tui.store.models import AgentLink

    projects.add_project("p")
    row = sessions.start_session("p", []).session
    Session.update(agent_session_id="claude-abc").where(Session.id == row.id).execute()
    # make it a store from before 0002: no agent_link table, no history row
    database.obj.execute_sql("DROP TABLE agent_link")
    database.obj.execute_sql(f"DELETE FROM {dbmod.HISTORY_TABLE} WHERE name = '0002_agent_link'")
    assert dbmod.migrate(database.obj) == ["0002_agent_link"]
    assert [(a.agent_session_id, a.session_id) for a in AgentLink.select()] == [("claude-abc", row.id)]
    assert [s.number for s in Session.select()] == [1]


def test_numbers_keep_eight_bytes(store: Path, backend: str) -> None:
    from mso_tui.store.models import ImportedFile

    row = ImportedFile.create(path="/t/a.jsonl", size=5 * 2 ** 31, mtime=1_764_280_000.123456, inode=2 ** 40,
                              offset=3 * 2 ** 31, format="claude-code")
    back = ImportedFile.get_by_id(row.id)
    assert (back.size, back.mtime, back.inode, back.offset) == (5 * 2 ** 31, 1_764_280_000.123456, 2 ** 40,
                                                                3 * 2 ** 31)


def test_narrow_postgres_columns_are_widened(store: Path, backend: str) -> None:
    if backend != "postgres":
        pytest.skip("SQLite stores every REAL and INTEGER in eight bytes; 0003 does nothing there")
    db = database.obj
    db.execute_sql("ALTER TABLE imported_file ALTER COLUMN mtime TYPE real")
    db.execute_sql("ALTER TABLE imported_file ALTER COLUMN inode TYPE integer")
    db.execute_sql(f"DELETE FROM {dbmod.HISTORY_TABLE} WHERE name = '0003_wide_numbers'")
    assert dbmod.migrate(db) == ["0003_wide_numbers"]
    types = dict(db.execute_sql("SELECT column_name, data_type FROM information_schema.columns "
                                "WHERE table_name = 'imported_file'").fetchall())
    assert (types["mtime"], types["inode"]) == ("double precision", "bigint")


def test_store_from_before_the_inventory_gets_its_columns_and_old_handoffs_say_not_measured(store: Path) -> None:
    from playhouse.migrate import SchemaMigrator

    from mso_tui.services import handoffs

    projects.add_project("old")
    sessions.start_session("old", ["ship it"])
    sessions.complete_session("old")
    migrator = SchemaMigrator.from_database(database.obj)
    migrator.migrate(migrator.drop_column("handoff", "coverage_by_class"),
                     migrator.drop_column("handoff", "left_out"),
                     migrator.drop_column("project", "delivered_handoff_id"),
                     migrator.drop_column("session", "resolved"))
    database.obj.execute_sql("DROP TABLE handoff_pin")
    database.obj.execute_sql(f"DELETE FROM {dbmod.HISTORY_TABLE} WHERE name = '0005_handoff_account'")
    assert dbmod.migrate(database.obj) == ["0005_handoff_account"]
    old = handoffs.get_handoff("old")
    assert old.coverage_by_class == {} and old.left_out == () and old.delivered and not old.measured
    assert sessions.get_session("old").resolved == ()
    sessions.start_session("old")
    sessions.complete_session("old", resolved=["ship it"])
    assert handoffs.get_handoff("old").measured
