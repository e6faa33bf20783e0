"""A first import into an empty store asks it only about calls this run wrote; another writer turns that off."""
from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from mso_tui.services import ingest, write_batch
from mso_tui.services.imports import import_paths
from mso_tui.store.models import UsageEvent
from tests.helpers.claude_lines import assistant, conversation, user, write


def _asked(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """Each list of message ids the import asks the store about."""
    asked: list[list[str]] = []
    real = ingest._existing_usage

    def spy(mids: list[str]):  # type: ignore[no-untyped-def]
        asked.append(list(mids))
        return real(mids)

    monkeypatch.setattr(ingest, "_existing_usage", spy)
    return asked


def _replay(tmp_path: Path, name: str, tokens: int) -> Path:
    """A second file holding call msg_shared again, with `tokens` output tokens."""
    return write(tmp_path / "t" / f"{name}.jsonl", [
        user(name, f"{name}-u", "again", "2026-09-01T11:00:00Z", "/w/p"),
        {**assistant(name, f"{name}-a", "ok", "2026-09-01T11:00:01Z", "/w/p", "msg_shared", "req_shared"),
         "message": {**assistant(name, f"{name}-a", "ok", "2026-09-01T11:00:01Z", "/w/p", "msg_shared",
                                 "req_shared")["message"],
                     "usage": {"input_tokens": 5, "output_tokens": tokens}}}])


def test_an_empty_store_is_asked_only_about_this_runs_calls(store: Path, tmp_path: Path, backend: str,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    if backend != "sqlite":
        pytest.skip("SQLite's data_version")
    files = [write(tmp_path / "t" / f"s{i}.jsonl", conversation(f"s{i}", "/w/p", 3)) for i in range(3)]
    files.append(_replay(tmp_path, "r1", 1))
    files.append(_replay(tmp_path, "r2", 90))  # the better record of the same call: it must replace the first
    asked = _asked(monkeypatch)
    report = import_paths(files)
    assert [ids for ids in asked if ids] == [["msg_shared"]]  # only the call this run had stored already
    assert report.usage_events == 10
    assert [u.output_tokens for u in UsageEvent.select().where(UsageEvent.message_id == "msg_shared")] == [90]


def test_another_writer_makes_every_call_asked_again(store: Path, tmp_path: Path, backend: str,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    if backend != "sqlite":
        pytest.skip("SQLite's data_version")
    first = write(tmp_path / "t" / "s0.jsonl", conversation("s0", "/w/p", 2))
    second = _replay(tmp_path, "r1", 90)
    asked = _asked(monkeypatch)
    joins: list[int] = []
    real_join = write_batch.WriteBatch.join

    def other_process_between(self):  # type: ignore[no-untyped-def]
        joins.append(1)
        if len(joins) == 2:  # between the two files' commits, another connection stores the call
            conn = sqlite3.connect(store)
            conn.execute("INSERT INTO usage_event (session_id, message_id, request_id, model, input_tokens, "
                         "output_tokens, cache_creation_tokens, cache_read_tokens, is_sidechain) "
                         "VALUES ((SELECT MIN(id) FROM session), 'msg_shared', 'req_shared', 'm', 5, 1, 0, 0, 0)")
            conn.commit()
            conn.close()
        return real_join(self)

    monkeypatch.setattr(write_batch.WriteBatch, "join", other_process_between)
    monkeypatch.setattr(write_batch, "BATCH_BYTES", 1)  # a commit after each file
    import_paths([first, second])
    assert asked[-1] == ["msg_shared"]
    rows = list(UsageEvent.select().where(UsageEvent.message_id == "msg_shared"))
    assert [u.output_tokens for u in rows] == [90]  # the other's record found and replaced, not doubled
