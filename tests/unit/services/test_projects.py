"""Projects service: add, duplicates, stats, rename, status, delete with cascade, repo matching."""
from __future__ import annotations

from pathlib import Path

import pytest

from mso_tui.errors import Conflict, InvalidInput, NotFound
from mso_tui.services import projects, sessions
from mso_tui.store.models import Session, Turn


def test_add_and_get(store: Path) -> None:
    rec = projects.add_project("  api  ", "the API")
    assert rec.name == "api" and rec.description == "the API" and rec.status == "active"
    assert projects.get_project("api").id == rec.id


def test_duplicate_and_empty_names_are_clear_errors(store: Path) -> None:
    projects.add_project("api")
    with pytest.raises(Conflict, match="already exists"):
        projects.add_project("api")
    with pytest.raises(InvalidInput):
        projects.add_project("   ")
    with pytest.raises(NotFound, match="no project named 'nope'"):
        projects.get_project("nope")


def test_repo_path_must_exist_and_matching_prefers_longest(store: Path, tmp_path: Path) -> None:
    outer = tmp_path / "work"
    inner = outer / "sub"
    inner.mkdir(parents=True)
    with pytest.raises(InvalidInput, match="not a folder"):
        projects.add_project("ghost", repo_path=str(tmp_path / "missing"))
    projects.add_project("outer", repo_path=str(outer))
    projects.add_project("inner", repo_path=str(inner))
    assert projects.find_project_for_path(str(inner / "deep" / "x")).name == "inner"
    assert projects.find_project_for_path(str(outer / "other")).name == "outer"
    assert projects.find_project_for_path(str(tmp_path / "workshop")) is None  # a prefix is not a parent


def test_list_with_stats(store: Path) -> None:
    projects.add_project("b")
    projects.add_project("a")
    sessions.start_session("a", ["x", "y"])
    sessions.complete_session("a", done=[1], blockers=["stuck"], generate=False)
    sessions.start_session("a", [])
    listed = projects.list_projects()
    assert [p.name for p in listed] == ["a", "b"]
    a = listed[0]
    assert a.session_count == 2
    assert a.efficiency == (0.5, None)
    assert a.open_blockers == 1  # no handoff yet: every recorded blocker is still open
    assert listed[1].session_count == 0 and listed[1].efficiency == ()


def test_rename_status_and_delete_cascade(store: Path) -> None:
    projects.add_project("a")
    projects.add_project("b")
    with pytest.raises(Conflict):
        projects.rename_project("a", "b")
    assert projects.rename_project("a", "c").name == "c"
    assert projects.update_project("c", status="paused").status == "paused"
    with pytest.raises(InvalidInput):
        projects.update_project("c", status="sleeping")
    projects.update_project("c", status="active")
    started = sessions.start_session("c", ["one"])
    Turn.create(session=started.session.id, seq=1, role="user", text="hi")
    assert projects.delete_project("c") == 1
    assert Session.select().count() == 0 and Turn.select().count() == 0
    assert [p.name for p in projects.list_projects()] == ["b"]


def test_open_blockers_follow_the_latest_handoff(store: Path) -> None:
    from mso_tui.store.models import Handoff

    projects.add_project("p")
    first = sessions.start_session("p", ["x"]).session
    sessions.complete_session("p", blockers=["old one", "closed later"], generate=False)
    Handoff.create(project=first.project_id, session=first.id, master_prompt="h",
                   sections={"blockers": ["old one"]})  # the handoff carries one of the two forward
    sessions.start_session("p", [])
    sessions.complete_session("p", blockers=["new one"], generate=False)
    assert projects.get_project("p").open_blockers == 2
