"""How an import writes: whole files batched into few commits, a failing file undone alone, and a new
session's window taken from the turns just written (equal to what the stored turns give)."""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mso_tui.services import write_batch
from mso_tui.services.attach import fit_window_to_turns
from mso_tui.services.imports import import_paths
from mso_tui.store.models import ImportedFile, Session, Turn, database
from tests.helpers.claude_lines import assistant, conversation, user, write


def _commits(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """A list that grows by one at every COMMIT of the store's connection."""
    seen: list[int] = []
    real = type(database.obj).commit

    def commit(self: Any) -> Any:
        seen.append(1)
        return real(self)

    monkeypatch.setattr(type(database.obj), "commit", commit)
    return seen


def test_files_share_a_commit(store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    files = [write(tmp_path / "t" / f"s{i}.jsonl", conversation(f"s{i}", f"/w/p{i % 3}", 2)) for i in range(12)]
    commits = _commits(monkeypatch)
    report = import_paths(files)
    assert report.files == 12 and ImportedFile.select().count() == 12
    assert len(commits) <= 2  # one per file before: a commit rewrites the pages every file touches


def test_batch_commits_when_due(store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(write_batch, "BATCH_BYTES", 1)  # every file is a batch of its own
    files = [write(tmp_path / "t" / f"s{i}.jsonl", conversation(f"s{i}", "/w/p", 1)) for i in range(3)]
    commits = _commits(monkeypatch)
    import_paths(files)
    assert len(commits) == 3 and ImportedFile.select().count() == 3


def test_a_failing_file_is_undone_alone(store: Path, tmp_path: Path) -> None:
    good = [write(tmp_path / "t" / f"g{i}.jsonl", conversation(f"g{i}", "/w/p", 2)) for i in range(2)]
    # a token count SQLite cannot hold: the file's savepoint is undone, the batch and the run go on
    bad = write(tmp_path / "t" / "bad.jsonl", [user("b", "b-u", "hi", "2026-09-01T10:00:00Z", "/w/p"), {
        **assistant("b", "b-a", "ok", "2026-09-01T10:00:01Z", "/w/p", "msg_b", "req_b"), "costUSD": 1e400}])
    report = import_paths([good[0], bad, good[1]])
    stored = {Path(p).name for (p,) in ImportedFile.select(ImportedFile.path).tuples()}
    assert {"g0.jsonl", "g1.jsonl"} <= stored
    assert Turn.select().join(Session).where(Session.agent_session_id == "g1").count() == 6
    if "bad.jsonl" not in stored:
        assert any(e["file"].endswith("bad.jsonl") for e in report.errors)
        assert not Session.select().where(Session.agent_session_id == "b").exists()


def test_a_new_session_reads_no_turn_back(store: Path, tmp_path: Path, backend: str) -> None:
    if backend != "sqlite":
        pytest.skip("the statement trace is SQLite's (the code path is the same on PostgreSQL)")
    f = write(tmp_path / "t" / "s1.jsonl", conversation("s1", "/w/p", 3))
    statements: list[str] = []
    database.connection().set_trace_callback(statements.append)
    try:
        import_paths([f])
    finally:
        database.connection().set_trace_callback(None)
    reads = [s for s in statements if s.lstrip().upper().startswith("SELECT") and '"turn"' in s]
    assert reads == []  # its window came from the turns just written, not two sorted queries


STAMP = st.one_of(st.none(), st.datetimes(min_value=dt.datetime(2020, 1, 1), max_value=dt.datetime(2030, 1, 1)))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(stamps=st.lists(STAMP, min_size=1, max_size=6))
def test_window_from_memory_equals_window_from_store(store: Path, tmp_path: Path,
                                                     stamps: list[dt.datetime | None]) -> None:
    Turn.delete().execute()
    Session.delete().execute()
    ImportedFile.delete().execute()
    records = [user("w", f"w-{i}", f"step {i}", stamp.isoformat() + "Z" if stamp else "", "/w/p")
               for i, stamp in enumerate(stamps)]
    import_paths([write(tmp_path / "w" / "w.jsonl", records)])
    row = Session.get()
    fast = (row.started_at, row.completed_at, row.duration_seconds)
    fit_window_to_turns(row)  # the store's answer: its first and last turn by time
    row = Session.get_by_id(row.id)
    assert (row.started_at, row.completed_at, row.duration_seconds) == fast


def test_a_subagent_file_joining_a_session_made_in_the_same_run_appends_after_its_turns(store: Path,
                                                                                        tmp_path: Path) -> None:
    """The parent's file makes the session; its subagent's file (same session id) lands in it in the same run:
    its turns follow the parent's (no seq starts again at 1) and a second run adds nothing."""
    root = tmp_path / "projects" / "-work-app"
    write(root / "S.jsonl", conversation("S", "/work/app", 3))
    side = [{**r, "isSidechain": True, "uuid": "side-" + r["uuid"]} for r in conversation("S", "/work/app", 2, 10)]
    write(root / "S" / "subagents" / "agent-1.jsonl", side)
    import_paths([tmp_path / "projects"], project="app")
    import_paths([tmp_path / "projects"], project="app")
    sessions = list(Session.select())
    assert len(sessions) == 1
    seqs = [t.seq for t in Turn.select().where(Turn.session == sessions[0].id).order_by(Turn.seq)]
    assert seqs == list(range(1, len(seqs) + 1)) and len(seqs) > 9, seqs
