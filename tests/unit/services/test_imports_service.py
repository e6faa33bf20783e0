"""The import service: attach rules, incremental reads, idempotence, usage de-duplication, error shape."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from mso_tui.importers import claude_code
from mso_tui.services.imports import import_paths, import_text
from mso_tui.services.projects import add_project
from mso_tui.services.sessions import start_session
from mso_tui.store.models import ImportedFile, Project, Session, Turn, UsageEvent
from tests.helpers.claude_lines import assistant, ccusage_rules_tree, conversation, usage_counts, write


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A working folder a project can point at."""
    path = tmp_path / "work" / "shop"
    path.mkdir(parents=True)
    return path


def test_cwd_matching_project_gets_a_new_imported_session(store: Path, tmp_path: Path, repo: Path) -> None:
    add_project("shop", repo_path=str(repo))
    f = write(tmp_path / "t" / "s1.jsonl", conversation("s1", str(repo / "src"), 3))
    report = import_paths([f])
    assert (report.files, report.turns, report.usage_events, report.sessions) == (1, 9, 3, 1)
    row = Session.get()
    assert row.project.name == "shop" and row.type == "imported" and row.status == "completed"
    assert row.agent == "claude-code" and row.agent_session_id == "s1" and row.number == 1
    assert row.started_at.isoformat().startswith("2026-09-01T10:00")
    assert row.input_tokens == 30 and row.output_tokens == 60 and row.cost_usd > 0


def test_unknown_cwd_creates_project_named_after_folder(store: Path, tmp_path: Path) -> None:
    f = write(tmp_path / "t" / "s1.jsonl", conversation("s1", "/home/dev/work/widget", 1))
    import_paths([f])
    project = Project.get()
    assert project.name == "widget" and project.repo_path == "/home/dev/work/widget"


def test_project_option_creates_the_project(store: Path, tmp_path: Path) -> None:
    f = write(tmp_path / "t" / "s1.jsonl", conversation("s1", "/somewhere/else", 1))
    import_paths([f], project="brand-new")
    assert Session.get().project.name == "brand-new"


def test_in_progress_session_covering_the_transcript_receives_it(store: Path, tmp_path: Path, repo: Path) -> None:
    add_project("shop", repo_path=str(repo))
    live = start_session("shop", ["ship it"])
    f = write(tmp_path / "t" / "s9.jsonl", conversation("s9", str(repo), 2, day="2099-01-01"))
    import_paths([f])
    assert Session.select().count() == 1
    assert Turn.select().where(Turn.session == live.session.id).count() == 6


def test_second_run_parses_nothing_and_append_reads_only_new_bytes(
        store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    f = write(tmp_path / "t" / "s1.jsonl", conversation("s1", "/w/app", 2))
    calls: list[int] = []
    real = claude_code.parse

    def spy(path, offset=0, state=None, **kw):  # type: ignore[no-untyped-def]
        calls.append(offset)
        return real(path, offset, state, **kw)

    monkeypatch.setattr(claude_code, "parse", spy)
    first = import_paths([f])
    size_after_first = f.stat().st_size
    again = import_paths([f])
    assert calls == [0] and again.files == 0 and again.unchanged == 1 and again.turns == 0
    with f.open("a") as handle:
        for record in conversation("s1", "/w/app", 1, start=2):
            handle.write(json.dumps(record) + "\n")
    grown = import_paths([f])
    assert calls == [0, size_after_first]  # the parser was asked to start where the last read ended
    assert grown.turns == 3 and grown.usage_events == 1 and first.turns == 6
    assert Session.select().count() == 1  # the same agent session id appends to the same mso session
    seqs = [t.seq for t in Turn.select().order_by(Turn.seq)]
    assert seqs == sorted(set(seqs)) and len(seqs) == 9


def test_replaced_file_is_read_again_without_duplicates(store: Path, tmp_path: Path) -> None:
    f = write(tmp_path / "t" / "s1.jsonl", conversation("s1", "/w/app", 3))
    import_paths([f])
    f.unlink()
    write(f, conversation("s1", "/w/app", 2))  # smaller, new inode
    report = import_paths([f])
    assert report.files == 1 and report.turns == 0 and Turn.select().count() == 9
    assert ImportedFile.get().offset == f.stat().st_size


def test_usage_deduplicated_across_files_and_runs(store: Path, tmp_path: Path) -> None:
    records = conversation("s1", "/w/app", 2)
    a = write(tmp_path / "t" / "a.jsonl", records)
    b = write(tmp_path / "t" / "b.jsonl", records[3:])  # a resumed copy replays the second response
    first = import_paths([a])
    second = import_paths([b])
    assert first.usage_events == 2 and second.usage_events == 0
    assert UsageEvent.select().count() == 2
    write(tmp_path / "u" / "c.jsonl", records)
    assert import_paths([tmp_path / "u"]).usage_events == 0


def test_missing_request_id_still_counts_once(store: Path, tmp_path: Path) -> None:
    rec = assistant("s1", "a1", "hi", "2026-09-01T10:00:00Z", "/w/app", "msg_1", None)
    f = write(tmp_path / "t" / "s1.jsonl", [rec])
    assert import_paths([f]).usage_events == 1
    assert import_paths([f]).usage_events == 0


def test_malformed_lines_reported_with_file_and_line(store: Path, tmp_path: Path) -> None:
    records = conversation("s1", "/w/app", 1)
    f = write(tmp_path / "t" / "s1.jsonl", records, raw_tail='{"type": "assistant", broken\n\x00\xff garbage\n')
    report = import_paths([f]).to_json()
    assert report["turns"] == 3 and report["skipped_lines"] >= 2
    lines = sorted(e["line"] for e in report["errors"])
    assert lines[0] == 4 and all(e["file"] == str(f) and e["reason"] for e in report["errors"])
    assert set(report) >= {"files", "turns", "usage_events", "sessions", "skipped_lines", "errors"}


def test_one_file_is_one_transaction(store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from mso_tui.services import imports

    f = write(tmp_path / "t" / "s1.jsonl", conversation("s1", "/w/app", 2))

    def boom(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("disk full")

    monkeypatch.setattr(imports, "insert_usage", boom)
    with pytest.raises(RuntimeError):
        import_paths([f])
    assert Turn.select().count() == 0 and Session.select().count() == 0 and ImportedFile.select().count() == 0


def test_paste_goes_to_in_progress_session_or_a_new_web_session(store: Path, repo: Path) -> None:
    paste = "You said:\nwhy does `make test` fail?\nChatGPT said:\nThe fixture path is wrong.\n"
    report = import_text(paste, "notes")
    row = Session.get()
    assert report.turns >= 2 and row.agent == "web" and row.type == "imported"
    assert import_text(paste, "notes").turns == 0  # the same paste again adds nothing
    add_project("shop", repo_path=str(repo))
    live = start_session("shop")
    import_text("User: add a cart\nAssistant: Added `cart.py`.\n", "shop")
    assert Turn.select().where(Turn.session == live.session.id).count() >= 2


def test_two_agent_sessions_in_one_mso_session_reimport_in_place(store: Path, tmp_path: Path) -> None:
    """Both agent sessions imported into a live session come back to it after it is completed."""
    from mso_tui.services import sessions

    add_project("live", repo_path=str(tmp_path))
    start_session("live", ["x"])
    files = []
    for n in (1, 2):
        path = tmp_path / f"s{n}.jsonl"
        path.write_text(json.dumps({"type": "user", "sessionId": f"agent-{n}", "uuid": f"u{n}", "cwd": str(tmp_path),
                                    "timestamp": "2030-01-01T00:00:00Z",
                                    "message": {"role": "user", "content": f"first {n}"}}) + "\n")
        files.append(path)
    import_paths(files)
    sessions.complete_session("live", generate=False)
    for n, path in enumerate(files, 1):  # both transcripts grow after the session ended
        with path.open("a") as handle:
            handle.write(json.dumps({"type": "user", "sessionId": f"agent-{n}", "uuid": f"v{n}", "cwd": str(tmp_path),
                                     "timestamp": "2030-01-01T00:05:00Z",
                                     "message": {"role": "user", "content": f"second {n}"}}) + "\n")
    import_paths(files)
    assert [s.number for s in sessions.list_sessions("live")] == [1]
    assert Turn.select().count() == 4


def test_store_counts_each_call_as_ccusage_20_does(store: Path, tmp_path: Path) -> None:
    from mso_tui.services.usage import usage_report

    expected = ccusage_rules_tree(tmp_path / "claude" / "projects")
    import_paths([tmp_path / "claude"])
    t = usage_report(by="day").totals
    assert (t.input_tokens, t.output_tokens, t.cache_creation_tokens, t.cache_read_tokens) == expected


def test_a_later_final_copy_replaces_the_stored_partial_one(store: Path, tmp_path: Path) -> None:
    ts = "2026-09-01T10:00:00.000Z"
    f = write(tmp_path / "t" / "s1.jsonl", [assistant("s1", "a1", "x", ts, "/w", "msg_1", "req_1",
                                                      usage_counts(5, 8, 0, 100))])
    import_paths([f])
    assert UsageEvent.get().output_tokens == 8
    with f.open("a") as handle:  # the streamed response's last block, written after the first import
        handle.write(json.dumps(assistant("s1", "a2", "y", ts, "/w", "msg_1", "req_1", usage_counts(5, 291, 0, 100)))
                     + "\n")
    again = import_paths([f])
    assert again.usage_events == 0 and UsageEvent.select().count() == 1
    assert UsageEvent.get().output_tokens == 291
    assert Session.get().output_tokens == 291  # the session's totals follow


def test_discovery_looks_in_the_known_projects_repositories(store: Path, tmp_path: Path, repo: Path) -> None:
    from mso_tui.importers.discovery import discover
    from mso_tui.services.imports import discover_importable

    (repo / ".aider.chat.history.md").write_text("# aider chat started at 2026-09-01 10:00:00\n", encoding="utf-8")
    add_project("shop", repo_path=str(repo))
    home = tmp_path / "home"
    assert [(f.format, f.path) for f in discover_importable(home).found] == [("aider", repo / ".aider.chat.history.md")]
    assert discover(home).found == []  # the engine looks only where it is told; it does not read the store
