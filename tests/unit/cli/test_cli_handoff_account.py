"""`mso handoff gaps|pin|unpin|use`, the delivered version, and closing carried items (issue 14)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers import claude_lines as cl
from tests.helpers.cli_run import run

pytestmark = pytest.mark.usefixtures("backend")


def _transcript(tmp_path: Path) -> Path:
    """A Claude Code session that names more than any handoff keeps."""
    cwd = "/home/dev/shop"
    ask = "Wire the feature flags into the cart service please."
    records = [cl.user("s-9", "u-1", ask, "2026-09-01T07:00:00Z", cwd)]
    for n in range(12):
        names = " ".join(f"SHOP_FLAG_{n}_{i} from https://cdn{i}.example.test/asset{n}" for i in range(8))
        prose = "The cart reads each flag once at start-up and caches it for the whole request. " * 4
        records.append(cl.assistant("s-9", f"a-{n}", f"{prose}Flags in batch {n}: {names}.",
                                    f"2026-09-01T07:{n + 1:02d}:00Z", cwd, f"m-{n}", f"r-{n}"))
    return cl.write(tmp_path / "s-9.jsonl", records)


def test_gaps_lists_what_was_dropped_with_its_turn_and_pin_carries_it(tmp_path: Path, capsys) -> None:
    assert run(["import", str(_transcript(tmp_path)), "--project", "shop"], capsys)[0] == 0
    assert run(["handoff", "generate", "shop"], capsys)[0] == 0
    status, out, _ = run(["handoff", "gaps", "shop", "--json"], capsys)
    assert status == 0
    gaps = json.loads(out)
    assert gaps["coverage_by_class"]["names"][0] < gaps["coverage_by_class"]["names"][1]
    dropped = gaps["left_out"]["names"]
    assert dropped and all(isinstance(i["seq"], int) and i["seq"] >= 0 for i in dropped)
    target = dropped[-1]["text"]
    status, text, _ = run(["handoff", "gaps", "shop"], capsys)
    assert f"turn {dropped[-1]['seq']:>5}  {target}" in text and "context preserved" not in text
    assert run(["handoff", "pin", "shop", target], capsys)[0] == 0
    _, shown, _ = run(["handoff", "show", "shop"], capsys)
    assert f"- {target}" in shown  # this handoff carries it at once
    # a restart (a new process opens the store again) and the next handoff still carry it
    assert run(["handoff", "generate", "shop"], capsys)[0] == 0
    _, shown, _ = run(["handoff", "show", "shop"], capsys)
    assert f"## Pinned by the user\n- {target}" in shown
    _, out, _ = run(["handoff", "gaps", "shop", "--json"], capsys)
    assert target not in {i["text"] for i in json.loads(out)["left_out"].get("names", [])}
    assert [p["text"] for p in json.loads(out)["pinned"]] == [target]
    assert run(["handoff", "unpin", "shop", target], capsys)[0] == 0
    assert run(["handoff", "generate", "shop"], capsys)[0] == 0
    _, shown, _ = run(["handoff", "show", "shop"], capsys)
    assert "Pinned by the user" not in shown


def _two_sessions(capsys) -> None:
    run(["project", "add", "shop"], capsys)
    run(["session", "start", "shop", "-o", "build the cart"], capsys)
    run(["session", "complete", "shop", "--blocker", "payment sandbox rejects test cards"], capsys)
    run(["session", "start", "shop", "-o", "add checkout flow"], capsys)
    run(["session", "complete", "shop", "--accomplished", "checkout flow works end to end"], capsys)


def test_regenerating_an_old_session_never_changes_what_start_delivers(capsys) -> None:
    _two_sessions(capsys)
    _, latest, _ = run(["handoff", "show", "shop"], capsys)
    assert "after session 2" in latest
    status, _, err = run(["handoff", "generate", "shop", "--session", "1"], capsys)
    assert status == 0 and "new version of session 1's handoff" in err and "still gets session 2's" in err
    _, shown, _ = run(["handoff", "show", "shop"], capsys)
    assert shown == latest
    status, delivered, _ = run(["session", "start", "shop"], capsys)
    assert status == 0 and delivered.strip() == latest.strip()


def test_handoff_use_delivers_a_chosen_version_after_confirmation(capsys) -> None:
    _two_sessions(capsys)
    status, _, err = run(["handoff", "use", "shop", "1"], capsys)  # not a terminal: asks for --yes
    assert status == 2 and "written after session 1" in err and "--yes" in err
    _, shown, _ = run(["handoff", "show", "shop"], capsys)
    assert "after session 2" in shown
    status, out, _ = run(["handoff", "use", "shop", "1", "--yes"], capsys)
    assert status == 0 and "session 1" in out
    _, delivered, _ = run(["session", "start", "shop"], capsys)
    assert "# Handoff: shop — after session 1" in delivered
    assert run(["handoff", "use", "shop", "9", "--yes"], capsys)[0] == 2
    assert run(["handoff", "use", "shop", "latest"], capsys)[0] == 0


def test_a_carried_blocker_closed_at_completion_is_gone_from_the_next_handoff(capsys) -> None:
    run(["project", "add", "shop"], capsys)
    run(["session", "start", "shop", "-o", "build the cart"], capsys)
    run(["session", "complete", "shop", "--blocker", "payment sandbox rejects test cards"], capsys)
    run(["session", "start", "shop"], capsys)
    status, _, _ = run(["session", "complete", "shop", "--resolved", "payment sandbox rejects test cards"], capsys)
    assert status == 0
    _, second, _ = run(["handoff", "show", "shop", "--json"], capsys)
    sections = json.loads(second)["sections"]
    assert not any("payment sandbox" in b for b in sections["blockers"])
    assert sum("payment sandbox rejects test cards" in a for a in sections["accomplished"]) == 1
    run(["session", "start", "shop"], capsys)
    run(["session", "complete", "shop"], capsys)
    _, third, _ = run(["handoff", "show", "shop"], capsys)
    assert "payment sandbox" not in third  # closed once: neither carried nor accomplished again


def test_no_command_says_context_preserved(capsys) -> None:
    _two_sessions(capsys)
    for args in (["project", "list"], ["project", "list", "--json"], ["handoff", "show", "shop"],
                 ["handoff", "show", "shop", "--json"], ["session", "list", "shop", "--json"]):
        _, out, err = run(args, capsys)
        assert "preserved" not in (out + err).lower()
    _, out, _ = run(["project", "list"], capsys)
    assert "inv kept" in out


def test_hook_and_export_deliver_the_latest_session_not_the_newest_row(tmp_path: Path, capsys,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    _two_sessions(capsys)
    run(["handoff", "generate", "shop", "--session", "1"], capsys)  # the newest row is session 1's
    assert run(["handoff", "export", "shop", str(tmp_path / "h.md")], capsys)[0] == 0
    assert "after session 2" in (tmp_path / "h.md").read_text()
    run(["project", "add", "repo", "--repo", str(tmp_path)], capsys)
    from mso_tui.store import models as m

    m.Project.update(repo_path=None).where(m.Project.name == "repo").execute()
    m.Project.update(repo_path=str(tmp_path)).where(m.Project.name == "shop").execute()
    monkeypatch.chdir(tmp_path)
    status, out, _ = run(["hook", "claude-code"], capsys)
    assert status == 0 and "after session 2" in json.loads(out)["hookSpecificOutput"]["additionalContext"]


def test_resolved_closes_a_pin_with_the_same_text(capsys) -> None:
    _two_sessions(capsys)
    run(["handoff", "pin", "shop", "ask the bank for a sandbox merchant id"], capsys)
    run(["session", "start", "shop"], capsys)
    run(["session", "complete", "shop", "--resolved", "ask the bank for a sandbox merchant id"], capsys)
    _, out, _ = run(["handoff", "gaps", "shop", "--json"], capsys)
    assert json.loads(out)["pinned"] == []
    _, shown, _ = run(["handoff", "show", "shop"], capsys)
    assert "Pinned by the user" not in shown
