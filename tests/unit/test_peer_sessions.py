"""Session shape cases from claude-code-log's and codeburn's suites: workflow agents and spawned threads are subagent
turns of their parent, prompts queued while the agent works are user turns, teammate messages are not requests."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from mso_tui.data.db import close_db, init_db
from mso_tui.data.models import Session, Turn
from tests.unit.cli_run import run
from tests.unit.peer_trees import claude_assistant, claude_user, codex_line, lines

pytestmark = pytest.mark.usefixtures("backend")
PARENT = "22220000-0000-4000-8000-000000000002"


def _import(capsys: pytest.CaptureFixture, path: Path) -> dict:
    status, out, err = run(["import", str(path), "--json"], capsys)
    assert status == 0, err
    return json.loads(out)


def _sessions(tmp_path: Path) -> list[tuple[str, list[tuple[str, str, str, bool]]]]:
    """(title, [(role, kind, text, sidechain)]) of every stored session."""
    close_db()
    init_db(path=tmp_path / "data" / "mso.sqlite3")
    out = []
    for s in Session.select().order_by(Session.id):
        turns = Turn.select().where(Turn.session == s.id).order_by(Turn.seq)
        out.append((s.title, [(t.role, t.kind, t.text, t.is_sidechain) for t in turns]))
    close_db()
    return out


def test_a_workflow_agent_is_part_of_its_parent_session(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    root = tmp_path / "claude" / "projects" / "-repo"
    lines(root / f"{PARENT}.jsonl", [claude_user(PARENT, "u1", "Run the docs sweep workflow."),
                                     claude_assistant(PARENT, "a1", "msg_p1", "req_p1",
                                                      {"input_tokens": 3, "output_tokens": 3})])
    agent = f"{PARENT}#agent-agsp0001"
    lines(root / PARENT / "subagents" / "workflows" / "wf_sp01" / "agent-agsp0001.jsonl", [
        claude_user(agent, "w1", [{"type": "text", "text": "Sweep docs batches a and b."}], side=True,
                    agentId="agsp0001"),
        claude_assistant(agent, "w2", "msg_w1", None, {"input_tokens": 5, "output_tokens": 5}, side=True,
                         agentId="agsp0001", text="Batch a and b swept."),
    ])
    _import(capsys, tmp_path / "claude")
    sessions = _sessions(tmp_path)
    assert len(sessions) == 1 and sessions[0][0] == "Run the docs sweep workflow."
    assert ("user", "message", "Sweep docs batches a and b.", True) in sessions[0][1]


def test_a_spawned_codex_thread_is_part_of_its_parent_session(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    day = tmp_path / "codex" / "sessions" / "2026" / "01" / "03"
    parent, child = "22222222-2222-4222-8222-222222222222", "33333333-3333-4333-8333-333333333333"
    lines(day / f"rollout-2026-01-03T04-05-06-{parent}.jsonl", [
        codex_line("2026-01-03T04:05:06.000Z", "session_meta", {"id": parent, "cwd": "/w/p"}),
        codex_line("2026-01-03T04:05:07.000Z", "event_msg", {"type": "user_message",
                                                               "message": "Spawn a synthetic researcher."}),
    ])
    spawn = {"subagent": {"thread_spawn": {"parent_thread_id": parent, "spawn_call_id": "call-spawn-001"}}}
    lines(day / f"rollout-2026-01-03T04-05-10-{child}.jsonl", [
        codex_line("2026-01-03T04:05:10.000Z", "session_meta", {"id": child, "cwd": "/w/p", "source": spawn}),
        codex_line("2026-01-03T04:05:07.000Z", "event_msg", {"type": "user_message",
                                                               "message": "Spawn a synthetic researcher."}),
        codex_line("2026-01-03T04:05:11.000Z", "event_msg", {"type": "user_message", "message": "Inspect fixtures."}),
        codex_line("2026-01-03T04:05:12.000Z", "event_msg", {"type": "agent_message",
                                                               "message": "The fixtures are fully synthetic."}),
    ])
    _import(capsys, tmp_path / "codex")
    sessions = _sessions(tmp_path)
    assert len(sessions) == 1 and sessions[0][0] == "Spawn a synthetic researcher."
    assert [(r, t, side) for r, _, t, side in sessions[0][1]] == [
        ("user", "Spawn a synthetic researcher.", False), ("user", "Inspect fixtures.", True),
        ("assistant", "The fixtures are fully synthetic.", True)]


def test_a_session_read_before_its_first_request_gets_its_title_later(tmp_path: Path,
                                                                       capsys: pytest.CaptureFixture) -> None:
    path = lines(tmp_path / "claude" / "projects" / "-w-app" / "s9.jsonl", [
        claude_user("s9", "m1", "<command-name>/clear</command-name>")])
    _import(capsys, path)
    with path.open("a") as handle:
        handle.write(json.dumps(claude_user("s9", "u2", "Make the parser accept tabs")) + "\n")
    _import(capsys, path)
    assert [title for title, _ in _sessions(tmp_path)] == ["Make the parser accept tabs"]
