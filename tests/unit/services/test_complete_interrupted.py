"""Ctrl-C while a session's handoff is written: the session stays open, or it is completed with its handoff."""
from __future__ import annotations

import json

import pytest

from mso_tui.services import handoffs as handoff_service
from mso_tui.store.models import Handoff, Session
from tests.helpers.cli_run import run

pytestmark = pytest.mark.usefixtures("backend")


def _interrupting(*args: object, **kwargs: object) -> None:
    raise KeyboardInterrupt


def _two_sessions(capsys: pytest.CaptureFixture) -> None:
    """Session 1 completed with a handoff, session 2 in progress."""
    assert run(["project", "add", "p"], capsys)[0] == 0
    assert run(["session", "start", "p", "-o", "first"], capsys)[0] == 0
    assert run(["session", "complete", "p", "-a", "one done"], capsys)[0] == 0
    assert run(["session", "start", "p", "-o", "second"], capsys)[0] == 0


def test_interrupted_completion_leaves_the_session_open(capsys: pytest.CaptureFixture,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    _two_sessions(capsys)
    with monkeypatch.context() as patch:
        patch.setattr(handoff_service, "_generate", _interrupting)
        status, _, err = run(["session", "complete", "p", "--llm", "-a", "two done", "-d", "1"], capsys)
    assert status == 130 and "interrupted" in err
    status, out, _ = run(["session", "show", "p", "--session", "2", "--json"], capsys)
    shown = json.loads(out)
    assert shown["status"] == "in_progress" and shown["accomplishments"] == []
    assert [o["done"] for o in shown["objectives"]] == [False]
    assert Handoff.select().count() == 1
    # completing again works and stores both at once
    status, out, err = run(["session", "complete", "p", "-a", "two done", "-d", "1", "--json"], capsys)
    assert status == 0, err
    record = json.loads(out)
    assert record["status"] == "completed" and record["generated_handoff_id"]
    assert Handoff.get_by_id(record["generated_handoff_id"]).session_id == record["id"]


def test_a_completed_session_without_a_handoff_gets_one(capsys: pytest.CaptureFixture) -> None:
    """Stores from before the fix may hold one: `session start` says so, `handoff generate --session` mends it."""
    _two_sessions(capsys)
    Session.update(status="completed").where(Session.number == 2).execute()  # as an interrupted run left it
    status, out, err = run(["session", "start", "p"], capsys)
    assert status == 0
    assert "session 2 has no handoff" in err and "mso handoff generate p --session 2" in err
    status, out, err = run(["handoff", "generate", "p", "--session", "2", "--json"], capsys)
    assert status == 0, err
    made = json.loads(out)
    assert Session.get(Session.number == 2).generated_handoff_id == made["id"]
    status, out, err = run(["handoff", "show", "p", "--session", "2"], capsys)
    assert status == 0 and out.strip()
