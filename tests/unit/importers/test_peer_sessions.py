"""Session shape cases from claude-code-log's and codeburn's suites: workflow agents and spawned threads are subagent
turns of their parent, prompts queued while the agent works are user turns, teammate messages are not requests."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from mso_tui.store.db import close_db, init_db
from mso_tui.store.models import Session, Turn
from tests.helpers.cli_run import run
from tests.helpers.peer_trees import claude_assistant, claude_user, codex_line, lines

pytestmark = pytest.mark.usefixtures("backend")
PARENT = "22220000-0000-4000-8000-000000000002"


def _import(capsys: pytest.CaptureFixture, path: Path) -> dict:
    status, out, err = run(["import", str(path), "--json"], capsys)
    assert status == 0, err
    return json.loads(out)


def _sessions(tmp_path: Path) -> list[tuple[str, list[tuple[str, str, str, bool]]]]:
    """(title, [(role, kind, text, sidechain)]) of every stored session."""
    close_db()
    init_db()  # the store the import wrote to: the test's SQLite file, or the PostgreSQL server (MSO_DATABASE_URL)
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


def _attachment(sid: str, uuid: str, ts: str, prompt: object, **body: object) -> dict:
    """A queued_command attachment record (codeburn's queued-human-prompt shape)."""
    return {"type": "attachment", "sessionId": sid, "uuid": uuid, "parentUuid": None, "timestamp": ts,
            "cwd": "/w/app", "isSidechain": False,
            "attachment": {"type": "queued_command", "commandMode": "prompt", "prompt": prompt, **body}}


def _queue(sid: str, ts: str, operation: str, content: str | None = None, reason: str | None = None) -> dict:
    record: dict = {"type": "queue-operation", "operation": operation, "timestamp": ts, "sessionId": sid}
    if content is not None:
        record["content"] = content
    if reason is not None:
        record["reason"] = reason
    return record


def test_prompts_queued_while_the_agent_works_are_user_turns_in_order(tmp_path: Path) -> None:
    from mso_tui.importers import claude_code

    usage = {"input_tokens": 10, "output_tokens": 5}
    path = lines(tmp_path / "s-q.jsonl", [
        claude_user("s-q", "u1", "implement the parser change", ts="2026-07-01T10:00:00.000Z"),
        claude_assistant("s-q", "a1", "msg_q1", "req_q1", usage, ts="2026-07-01T10:00:02.000Z"),
        _queue("s-q", "2026-07-01T10:00:02.500Z", "enqueue", "actually — focus on the parser first"),
        _queue("s-q", "2026-07-01T10:00:03.100Z", "remove", "actually — focus on the parser first",
               reason="absorbed_mid_turn"),
        _attachment("s-q", "at1", "2026-07-01T10:00:03.000Z",
                    [{"type": "text", "text": "actually — focus on the parser first"}], origin={"kind": "human"}),
        claude_assistant("s-q", "a2", "msg_q2", "req_q2", usage, ts="2026-07-01T10:00:04.000Z", text="on it"),
        _attachment("s-q", "at2", "2026-07-01T10:00:05.000Z", "background task finished",
                    origin={"kind": "task-notification"}),
        _attachment("s-q", "at3", "2026-07-01T10:00:06.000Z", "<system-reminder>injected</system-reminder>"),
        _queue("s-q", "2026-07-01T10:00:07.000Z", "enqueue", "and the tests"),
        _queue("s-q", "2026-07-01T10:00:07.500Z", "remove", "and the tests", reason="absorbed_mid_turn"),
        _queue("s-q", "2026-07-01T10:00:08.000Z", "enqueue", "typed, then taken back"),
        _queue("s-q", "2026-07-01T10:00:08.500Z", "remove"),
        # the same words typed again later are a second request, not a copy
        _attachment("s-q", "at4", "2026-07-01T10:00:09.000Z", "implement the parser change"),
        claude_assistant("s-q", "a3", "msg_q3", "req_q3", usage, ts="2026-07-01T10:00:10.000Z", text="done"),
    ])
    turns = claude_code.parse(path).sessions[0].turns
    assert [(t.role, t.kind, t.text) for t in turns] == [
        ("user", "message", "implement the parser change"), ("assistant", "message", "done"),
        ("user", "message", "actually — focus on the parser first"), ("assistant", "message", "on it"),
        ("user", "meta", "<system-reminder>injected</system-reminder>"),  # injected context, as in user records
        ("user", "message", "and the tests"), ("user", "message", "implement the parser change"),
        ("assistant", "message", "done")]
    assert len({t.source_id for t in turns}) == len(turns)


@pytest.mark.parametrize("text", [
    '<teammate-message teammate_id="researcher" color="blue" summary="found it">The bug is in lexer.py'
    '</teammate-message>',
    "<teammate-message>The bug is in lexer.py</teammate-message>",
    "Another Claude session sent a message:\nThe bug is in lexer.py",
])
def test_teammate_messages_are_shown_but_never_user_requests(tmp_path: Path, text: str) -> None:
    from mso_tui.handoff.extractive.conversation import user_requests
    from mso_tui.importers import claude_code

    path = lines(tmp_path / "s-t.jsonl", [claude_user("s-t", "u1", "fix the lexer"),
                                          claude_user("s-t", "u2", text, ts="2026-09-01T10:00:30.000Z")])
    turns = claude_code.parse(path).sessions[0].turns
    assert [(t.kind, t.text) for t in turns] == [("message", "fix the lexer"), ("teammate", text)]
    assert user_requests(turns) == ["fix the lexer"]


def test_a_peer_queued_message_is_a_teammate_turn(tmp_path: Path) -> None:
    from mso_tui.importers import claude_code

    path = lines(tmp_path / "s-p.jsonl", [
        claude_user("s-p", "u1", "go"),
        _attachment("s-p", "at1", "2026-09-01T10:00:03.000Z", '<agent-message from="peer">keep going</agent-message>',
                    origin={"kind": "peer"}, isMeta=True)])
    assert [t.kind for t in claude_code.parse(path).sessions[0].turns] == ["message", "teammate"]


def test_codex_image_tags_stay_out_of_titles_and_the_request_is_stored_once(tmp_path: Path) -> None:
    from mso_tui.handoff.extractive.conversation import user_requests
    from mso_tui.importers import codex

    content = [{"type": "input_text", "text": "<image name=[Image #1]>"},
               {"type": "input_image", "image_url": "data:image/png;base64,AAAA"},
               {"type": "input_text", "text": "</image>"},
               {"type": "input_text", "text": "why does this page render blank?"}]
    path = lines(tmp_path / "rollout-2026-01-05T00-00-00-i.jsonl", [
        codex_line("2026-01-05T00:00:00.000Z", "session_meta", {"id": "i", "cwd": "/w/p"}),
        codex_line("2026-01-05T00:00:01.000Z", "response_item",
                   {"type": "message", "role": "user", "content": content}),
        codex_line("2026-01-05T00:00:01.001Z", "event_msg", {"type": "user_message",
                                                               "message": "why does this page render blank?",
                                                               "images": ["data:image/png;base64,AAAA"]}),
        codex_line("2026-01-05T00:00:02.000Z", "response_item", {"type": "message", "role": "user", "content": [
            {"type": "input_text", "text": "<image name=[Image #2]>"}, {"type": "input_image", "image_url": "x"},
            {"type": "input_text", "text": "</image>"}]}),
    ])
    session = codex.parse(path).sessions[0]
    assert session.title == "why does this page render blank?"
    assert [(t.role, t.text) for t in session.turns] == [("user", "why does this page render blank?"),
                                                         ("user", "[image]")]
    assert user_requests(session.turns) == ["why does this page render blank?", "[image]"]
