"""Issue 16 item 7: a session's git changes leave out what was already changed when it started (unless edited
further) and mso's exported HANDOFF.md; a running session's Files tab shows git's view now, or says why not."""
from __future__ import annotations

import subprocess
from pathlib import Path

from mso_tui.services import projects, sessions
from mso_tui.services.git_baseline import dirty_files, session_changes
from mso_tui.services.session_files import files_view
from mso_tui.store.models import FileChange, Session


def git(repo: Path, *args: str) -> str:
    """Plain git in repo, with an identity for commits."""
    return subprocess.run(["git", "-C", str(repo), "-c", "user.email=t@example.org", "-c", "user.name=t", *args],
                          check=True, capture_output=True, text=True).stdout


def dirty_repo(tmp_path: Path) -> Path:
    """A repository with one commit, then work left over from before any session."""
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q")
    for name in ("app.py", "lib.py", "old.py", "gone.py"):
        (repo / name).write_text(f"{name} line\n")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "start")
    (repo / "app.py").write_text("app.py line\nedited before the session\n")  # dirty at start, left alone
    (repo / "lib.py").write_text("lib.py line\nedited before\n")  # dirty at start, edited further later
    (repo / "notes.txt").write_text("scratch\n")  # untracked at start
    (repo / "gone.py").unlink()  # deleted before the session
    git(repo, "add", "lib.py")
    return repo


def session_work(repo: Path) -> None:
    """What the session itself does."""
    (repo / "lib.py").write_text("lib.py line\nedited before\nand by the session\n")
    (repo / "old.py").write_text("old.py line\nthe session's edit\n")
    (repo / "new.py").write_text("a\nb\n")
    (repo / "HANDOFF.md").write_text("# handoff exported by mso\n")


def test_dirty_files_lists_every_kind_with_its_content_hash(tmp_path: Path) -> None:
    repo = dirty_repo(tmp_path)
    found = dirty_files(str(repo))
    assert found is not None and set(found) == {"app.py", "lib.py", "notes.txt", "gone.py"}
    assert found["gone.py"] == ""
    assert found["app.py"] == git(repo, "hash-object", "app.py").strip()  # git's own blob hash
    assert dirty_files(str(tmp_path)) is None  # not a repository


def test_completion_records_only_the_sessions_own_changes(store: Path, tmp_path: Path) -> None:
    repo = dirty_repo(tmp_path)
    projects.add_project("p", repo_path=str(repo))
    started = sessions.start_session("p", ["work"]).session
    session_work(repo)
    done = sessions.complete_session("p", generate=False)
    assert started.id == done.id
    changes = {c.path: c for c in FileChange.select().where(FileChange.session == done.id)}
    assert set(changes) == {"lib.py", "old.py", "new.py"}
    assert changes["new.py"].change_type == "created" and changes["old.py"].change_type == "modified"


def test_a_file_committed_during_the_session_as_it_was_at_the_start_is_not_counted(
        store: Path, tmp_path: Path) -> None:
    repo = dirty_repo(tmp_path)
    projects.add_project("p", repo_path=str(repo))
    started = sessions.start_session("p").session
    git(repo, "add", "app.py")
    git(repo, "commit", "-qm", "older work, committed now")
    (repo / "lib.py").write_text("lib.py line\n")  # the session puts lib.py back as committed: no change left
    row = Session.get_by_id(started.id)
    changes, older = session_changes(str(repo), row.git_start, row.git_baseline)
    assert [c.path for c in changes] == [] and older == 3  # app.py, gone.py, notes.txt


def test_a_running_sessions_files_tab_shows_git_now(store: Path, tmp_path: Path) -> None:
    repo = dirty_repo(tmp_path)
    projects.add_project("p", repo_path=str(repo))
    started = sessions.start_session("p").session
    rows, note = files_view(started.id)
    assert rows == [] and "git shows no change since the session started" in note
    assert "4 file(s) already changed before the start left out" in note
    session_work(repo)
    rows, note = files_view(started.id)
    assert {r.path: (r.change_type, r.lines_added) for r in rows} == {
        "lib.py": ("modified", 2), "old.py": ("modified", 1), "new.py": ("created", 2)}
    assert note.startswith("From git, since the session's start commit")


def test_a_running_session_says_why_git_shows_nothing(store: Path, tmp_path: Path) -> None:
    projects.add_project("norepo")
    first = sessions.start_session("norepo").session
    assert "the project has no repository folder" in files_view(first.id)[1]
    plain = tmp_path / "plain"
    plain.mkdir()
    projects.add_project("plain", repo_path=str(plain))
    second = sessions.start_session("plain").session
    assert f"{plain} is not a git repository" in files_view(second.id)[1]
    (tmp_path / "gone").mkdir()
    projects.add_project("moved", repo_path=str(tmp_path / "gone"))
    third = sessions.start_session("moved").session
    (tmp_path / "gone").rmdir()  # moved away while the session runs
    assert "the repository folder" in files_view(third.id)[1] and "is not there" in files_view(third.id)[1]
    git(plain, "init", "-q")  # a repository now, but the session recorded no start point
    (plain / "x.py").write_text("x\n")
    rows, note = files_view(second.id)
    assert rows == [] and "no git start point was recorded" in note


def test_the_agents_md_block_mso_writes_is_not_the_sessions_change(store: Path, tmp_path: Path) -> None:
    """Codex takes the handoff from a marked block of AGENTS.md: mso's writing there is not the session's work."""
    from mso_tui.handoff.agents_md import write_block

    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q")
    (repo / "AGENTS.md").write_text("# Rules\nrun the tests\n")
    (repo / "sub").mkdir()
    (repo / "sub" / "AGENTS.md").write_text("# Sub rules\n")
    (repo / "dirty").mkdir()
    (repo / "dirty" / "AGENTS.md").write_text("# Dirty rules\n")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "start")
    (repo / "dirty" / "AGENTS.md").write_text("# Dirty rules\nedited before the session\n")
    projects.add_project("p", repo_path=str(repo))
    started = sessions.start_session("p").session
    write_block(str(repo), "the handoff of session 1")  # what the codex hook does at start
    write_block(str(repo / "dirty"), "the handoff again")
    write_block(str(repo / "sub"), "another block")
    (repo / "sub" / "AGENTS.md").write_text((repo / "sub" / "AGENTS.md").read_text() + "a rule the session added\n")
    row = Session.get_by_id(started.id)
    changes, older = session_changes(str(repo), row.git_start, row.git_baseline)
    assert [c.path for c in changes] == ["sub/AGENTS.md"] and older == 1
    write_block(str(repo), "a newer handoff")
    (repo / "new").mkdir()
    write_block(str(repo / "new"), "a block in a file mso created")
    changes, _ = session_changes(str(repo), row.git_start, row.git_baseline)
    assert [c.path for c in changes] == ["sub/AGENTS.md"]


def test_a_large_file_is_told_apart_by_size_and_time(store: Path, tmp_path: Path, monkeypatch) -> None:
    import os

    from mso_tui.services import git_baseline

    monkeypatch.setattr(git_baseline, "BIG_FILE", 10)
    repo = dirty_repo(tmp_path)
    (repo / "dump.bin").write_bytes(b"x" * 100)  # untracked and "large" before the session
    projects.add_project("p", repo_path=str(repo))
    started = sessions.start_session("p").session
    row = Session.get_by_id(started.id)
    assert row.git_baseline["dump.bin"].startswith("stat:100:")
    assert "dump.bin" not in [c.path for c in session_changes(str(repo), row.git_start, row.git_baseline)[0]]
    os.utime(repo / "dump.bin", ns=(1, 1))  # rewritten by the session (same size, another time)
    assert "dump.bin" in [c.path for c in session_changes(str(repo), row.git_start, row.git_baseline)[0]]
