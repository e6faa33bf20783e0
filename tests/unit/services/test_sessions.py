"""Sessions service: numbering, handoff delivery, transitions, completion fields and git changes."""
from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from mso_tui.errors import Conflict, InvalidInput, NotFound
from mso_tui.services import accounts, projects, sessions
from mso_tui.store.models import FileChange, Handoff


def test_numbers_are_consecutive_and_one_in_progress(store: Path) -> None:
    projects.add_project("p")
    first = sessions.start_session("p", ["a"]).session
    assert first.number == 1 and first.status == "in_progress"
    with pytest.raises(Conflict, match="still in progress"):
        sessions.start_session("p")
    assert sessions.start_session("p", parallel=True).session.number == 2


def test_invalid_transitions(store: Path) -> None:
    projects.add_project("p")
    sessions.start_session("p", ["a"])
    sessions.complete_session("p", generate=False)
    with pytest.raises(Conflict, match="already completed"):
        sessions.complete_session("p", 1, generate=False)
    projects.update_project("p", status="archived")
    with pytest.raises(Conflict, match="archived"):
        sessions.start_session("p")
    with pytest.raises(NotFound):
        sessions.complete_session("p", 9, generate=False)


def test_bad_values_write_nothing(store: Path) -> None:
    projects.add_project("p")
    with pytest.raises(InvalidInput):
        sessions.start_session("p", type="napping")
    with pytest.raises(NotFound):
        sessions.start_session("p", account="ghost")
    assert sessions.list_sessions("p") == []
    sessions.start_session("p", ["a"])
    with pytest.raises(InvalidInput):
        sessions.complete_session("p", done=[2], generate=False)
    with pytest.raises(InvalidInput):
        sessions.complete_session("p", credits=-1, generate=False)
    assert sessions.get_session("p").status == "in_progress"


def test_complete_records_outcome_and_charges_account(store: Path) -> None:
    projects.add_project("p")
    accounts.add_account("acc", daily_budget=10)
    sessions.start_session("p", ["a", "b"], account="acc", agent="web")
    done = sessions.complete_session("p", accomplishments=["did a"], blockers=["b is blocked"], done=[1],
                                     credits=10, generate=False)
    assert done.status == "completed" and done.completed_at is not None and done.duration_seconds >= 0
    assert done.objectives[0].done and not done.objectives[1].done
    assert done.accomplishments == ("did a",) and done.blockers == ("b is blocked",)
    assert done.efficiency == 0.5 and done.credits_used == 10
    assert accounts.get_account("acc").status == "exhausted"


def test_start_delivers_latest_handoff_and_counts_use(store: Path) -> None:
    projects.add_project("p")
    first = sessions.start_session("p", ["a"]).session
    h = Handoff.create(project=first.project_id, session=first.id, master_prompt="# Handoff\nnext: b")
    sessions.complete_session("p", generate=False)
    result = sessions.start_session("p")
    assert result.handoff is not None and result.handoff.id == h.id and result.handoff.times_used == 1
    assert result.session.previous_handoff_id == h.id


def test_objective_toggle(store: Path) -> None:
    projects.add_project("p")
    s = sessions.start_session("p", ["a"]).session
    assert sessions.set_objective(s.id, 0, True).objectives[0].done
    assert len(sessions.add_objective(s.id, "b").objectives) == 2
    with pytest.raises(InvalidInput):
        sessions.set_objective(s.id, 5, True)


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True,
                   env={"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t", "GIT_COMMITTER_NAME": "t",
                        "GIT_COMMITTER_EMAIL": "t@t", "PATH": "/usr/bin:/bin:/usr/local/bin"})


def test_git_changes_are_recorded(store: Path, tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    _git(repo, "init", "-q")
    (repo / "keep.py").write_text("a\nb\n")
    (repo / "old.py").write_text("x\n" * 20)
    (repo / "gone.py").write_text("bye\n")
    _git(repo, "add", ".")
    _git(repo, "commit", "-qm", "start")
    projects.add_project("p", repo_path=str(repo))
    started = sessions.start_session("p", ["work"]).session
    assert started.git_start and len(started.git_start) == 40
    (repo / "keep.py").write_text("a\nc\nd\n")
    _git(repo, "mv", "old.py", "new.py")
    _git(repo, "rm", "-q", "gone.py")
    (repo / "fresh.py").write_text("1\n2\n")
    _git(repo, "add", "fresh.py")
    (repo / "untracked.txt").write_text("u\n")
    done = sessions.complete_session("p", generate=False)
    changes = {c.path: c for c in FileChange.select().where(FileChange.session == done.id)}
    assert changes["keep.py"].change_type == "modified"
    assert (changes["keep.py"].lines_added, changes["keep.py"].lines_removed) == (2, 1)
    assert changes["new.py"].change_type == "renamed" and changes["new.py"].old_path == "old.py"
    assert changes["gone.py"].change_type == "deleted" and changes["gone.py"].lines_removed == 1
    assert changes["fresh.py"].change_type == "created" and changes["fresh.py"].lines_added == 2
    assert changes["untracked.txt"].change_type == "created"
    assert done.git_end == started.git_start  # nothing committed during the session
