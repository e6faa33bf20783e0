"""The projects list read while the app starts serves only the store it was read from."""
from __future__ import annotations

from pathlib import Path

from mso_tui.services.projects import add_project
from mso_tui.services.session_view import prefetch_projects, take_projects
from mso_tui.store.db import close_db, init_db


def test_a_prefetch_of_another_store_is_not_taken(store: Path, tmp_path: Path) -> None:
    prefetch_projects()  # read from the (empty) store the app was started on
    close_db()
    init_db(path=tmp_path / "other" / "demo.sqlite3")  # the app switched stores (the demo) before its first load
    add_project("in-the-demo")
    assert [p.name for p in take_projects()] == ["in-the-demo"]


def test_a_prefetch_of_the_open_store_is_taken_once(store: Path) -> None:
    add_project("mine")
    prefetch_projects()
    assert [p.name for p in take_projects()] == ["mine"]
    add_project("later")
    assert [p.name for p in take_projects()] == ["later", "mine"]  # the second load reads again
