"""Claude usage cases from the peers' suites: subagent copies of a parent's call, a last line without newline."""
from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers.peer_trees import claude_assistant, claude_user, lines, scan_totals, store_totals, tokens

pytestmark = pytest.mark.usefixtures("backend")


def _subagent_copy_tree(root: Path) -> Path:
    """A parent call and the subagent's replay of it under a new request id (ccusage's subagent case)."""
    project = root / "projects" / "-w-app"
    parent = {"input_tokens": 4, "output_tokens": 40, "cache_read_input_tokens": 720}
    replay = {"input_tokens": 4, "output_tokens": 10, "cache_read_input_tokens": 50_000}
    lines(project / "s1.jsonl", [claude_user("s1", "u1", "look at the parser"),
                                 claude_assistant("s1", "a1", "msg_parent1", "req_parent1", parent)])
    lines(project / "s1" / "subagents" / "agent-a1b2.jsonl", [
        claude_user("s1", "su1", "look at the parser", side=True),
        claude_assistant("s1", "sa1", "msg_parent1", "req_subagent1", replay, side=True),
        claude_assistant("s1", "sa2", "msg_own1", "req_own1", {"input_tokens": 1, "output_tokens": 2}, side=True),
    ])
    return root


def test_subagent_copy_of_a_parent_call_counts_once_in_scan_and_store(tmp_path: Path,
                                                                      capsys: pytest.CaptureFixture) -> None:
    root = _subagent_copy_tree(tmp_path / "claude")
    expected = (5, 42, 0, 720)  # ccusage: the parent's record of msg_parent1, plus the subagent's own call
    assert tokens(scan_totals(capsys, claude=root)) == expected
    assert tokens(store_totals(capsys, root)) == expected


def test_subagent_copy_imported_before_the_parent_still_counts_once(tmp_path: Path,
                                                                    capsys: pytest.CaptureFixture) -> None:
    root = _subagent_copy_tree(tmp_path / "claude")
    sub = root / "projects" / "-w-app" / "s1" / "subagents" / "agent-a1b2.jsonl"
    store_totals(capsys, sub)  # the subagent's file first, the parent's in a later run, then both again
    store_totals(capsys, root / "projects" / "-w-app" / "s1.jsonl")
    assert tokens(store_totals(capsys, root)) == (5, 42, 0, 720)


def test_last_line_without_newline_is_imported_once(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    root = tmp_path / "claude"
    path = lines(root / "projects" / "-w-app" / "s2.jsonl", [
        claude_user("s2", "u1", "add a test"),
        claude_assistant("s2", "a1", "msg_n1", "req_n1", {"input_tokens": 3, "output_tokens": 30}),
        claude_assistant("s2", "a2", "msg_n2", "req_n2", {"input_tokens": 7, "output_tokens": 70}),
    ], final_newline=False)
    assert tokens(scan_totals(capsys, claude=root)) == (10, 100, 0, 0)
    assert tokens(store_totals(capsys, root)) == (10, 100, 0, 0)
    # the file grows: the bare last line gets its newline and a new record follows; nothing is read twice
    with path.open("a") as handle:
        handle.write("\n" + __import__("json").dumps(
            claude_assistant("s2", "a3", "msg_n3", "req_n3", {"input_tokens": 1, "output_tokens": 1})) + "\n")
    assert tokens(store_totals(capsys, root)) == (11, 101, 0, 0)


def test_an_incomplete_last_line_waits_until_it_is_complete(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    import json

    root = tmp_path / "claude"
    record = json.dumps(claude_assistant("s3", "a2", "msg_w2", "req_w2", {"input_tokens": 5, "output_tokens": 50}))
    path = lines(root / "projects" / "-w-app" / "s3.jsonl", [
        claude_assistant("s3", "a1", "msg_w1", "req_w1", {"input_tokens": 1, "output_tokens": 10})])
    with path.open("a") as handle:
        handle.write(record[:40])  # still being written
    assert tokens(store_totals(capsys, root)) == (1, 10, 0, 0)
    with path.open("a") as handle:
        handle.write(record[40:])  # complete now, still without a newline
    assert tokens(store_totals(capsys, root)) == (6, 60, 0, 0)
    assert tokens(store_totals(capsys, root)) == (6, 60, 0, 0)
