"""Issue 16 item 3 (CLI): `mso import` prints where each file goes before writing, and a join of an existing
session needs a yes (at a terminal) or --yes; without a terminal it is refused with exit 2, nothing written."""
from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import pytest

from tests.helpers import claude_lines as cl
from tests.helpers.cli_run import run


def _live_transcript(path: Path, sid: str, turns: int = 2, start: int = 0) -> Path:
    """A Claude Code transcript written just now (so a session running now covers it)."""
    now = dt.datetime.now(dt.timezone.utc)
    records = []
    for i in range(start, start + turns):
        ts = (now + dt.timedelta(seconds=i)).strftime("%Y-%m-%dT%H:%M:%S.000Z")
        records.append(cl.user(sid, f"{sid}-u{i}", f"please do step {i}", ts, "/home/dev/shop"))
        records.append(cl.assistant(sid, f"{sid}-a{i}", f"done step {i}", ts, "/home/dev/shop",
                                    f"msg-{sid}-{i}", f"req-{sid}-{i}"))
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as handle:
        handle.writelines(json.dumps(r) + "\n" for r in records)
    return path


def _running_shop(capsys: pytest.CaptureFixture) -> None:
    assert run(["project", "add", "shop"], capsys)[0] == 0
    assert run(["session", "start", "shop", "-o", "live work"], capsys)[0] == 0


def _sessions(capsys: pytest.CaptureFixture) -> list[dict]:
    status, out, _ = run(["session", "list", "shop", "--json"], capsys)
    assert status == 0
    return json.loads(out)


class _Terminal(io.StringIO):
    """stdin as a terminal the user types an answer into."""

    def isatty(self) -> bool:
        return True


def test_a_join_without_a_terminal_is_refused_and_nothing_is_written(
        tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    _running_shop(capsys)
    path = _live_transcript(tmp_path / "t" / "live.jsonl", "sess-live")
    status, out, err = run(["import", "--project", "shop", str(path)], capsys)
    assert status == 2
    assert "live.jsonl → shop #1 (EXISTING session: joins it)" in out  # the plan came first
    assert err.count("\n") == 1 and "would join existing session(s) shop #1" in err and "--yes" in err, err
    assert "Traceback" not in err
    assert [s["turn_count"] for s in _sessions(capsys)] == [0]
    status, out, _ = run(["import", "--project", "shop", str(path)], capsys)  # nothing was half-stored
    assert status == 2


def test_yes_lets_the_conversation_join_and_a_re_import_continues_without_asking(
        tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    _running_shop(capsys)
    path = _live_transcript(tmp_path / "t" / "live.jsonl", "sess-live")
    status, out, _ = run(["import", "--yes", "--project", "shop", str(path)], capsys)
    assert status == 0 and out.index("plan:") < out.index("imported 1 files"), out
    assert [s["turn_count"] for s in _sessions(capsys)] == [4]
    _live_transcript(path, "sess-live", start=2)  # the agent wrote more into the same conversation
    status, out, err = run(["import", "--project", "shop", str(path)], capsys)
    assert status == 0, err
    assert "shop #1 (existing session: the same conversation, continued)" in out
    assert [s["turn_count"] for s in _sessions(capsys)] == [8]


def test_at_a_terminal_the_user_is_asked(tmp_path: Path, capsys: pytest.CaptureFixture,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    _running_shop(capsys)
    path = _live_transcript(tmp_path / "t" / "live.jsonl", "sess-live")
    monkeypatch.setattr("sys.stdin", _Terminal("n\n"))
    status, out, err = run(["import", "--project", "shop", str(path)], capsys)
    assert status == 1 and "Attach them? [y/N]" in err and "nothing imported" in out
    assert [s["turn_count"] for s in _sessions(capsys)] == [0]
    monkeypatch.setattr("sys.stdin", _Terminal("y\n"))
    status, out, err = run(["import", "--json", "--project", "shop", str(path)], capsys)
    assert status == 0 and "live.jsonl → shop #1 (EXISTING session: joins it)" in err  # the plan, then the question
    assert json.loads(out)["placements"][0]["state"] == "joins"
    assert [s["turn_count"] for s in _sessions(capsys)] == [4]


def test_dry_run_prints_the_plan_and_writes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    _running_shop(capsys)
    path = _live_transcript(tmp_path / "t" / "live.jsonl", "sess-live")
    _live_transcript(tmp_path / "t" / "other.jsonl", "sess-other")
    status, out, _ = run(["import", "--dry-run", "--json", "--project", "shop", str(tmp_path / "t")], capsys)
    assert status == 0
    plan = json.loads(out)
    assert plan["joins"] == 2
    assert {(Path(p["file"]).name, p["project"], p["session"], p["state"]) for p in plan["placements"]} == {
        ("live.jsonl", "shop", 1, "joins"), ("other.jsonl", "shop", 1, "joins")}
    status, out, _ = run(["import", "--dry-run", "--project", "newshop", str(path)], capsys)
    assert status == 0 and "live.jsonl → newshop (new project), a new session" in out
    assert [s["turn_count"] for s in _sessions(capsys)] == [0]
    assert run(["project", "list", "--json"], capsys)[1].count('"name"') == 1


def test_without_a_running_session_scripts_import_without_a_flag(
        tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    assert run(["project", "add", "shop"], capsys)[0] == 0
    path = _live_transcript(tmp_path / "t" / "live.jsonl", "sess-live")
    status, out, _ = run(["import", "--project", "shop", str(path)], capsys)
    assert status == 0 and "live.jsonl → shop, a new session" in out
    assert [(s["number"], s["turn_count"]) for s in _sessions(capsys)] == [(1, 4)]


def test_the_contract_is_in_the_help(capsys: pytest.CaptureFixture) -> None:
    with pytest.raises(SystemExit):
        run(["import", "--help"], capsys)
    out = " ".join(capsys.readouterr().out.split())
    assert "printed before anything is written" in out and "--yes" in out and "exit 2, nothing imported" in out


@pytest.mark.parametrize("argv", [["import", "~0"], ["watch", "~0"], ["usage", "--claude-dir", "~0"],
                                  ["backup", "~0/b.sqlite3"]])
def test_a_home_of_no_such_user_is_one_line_and_exit_2(argv: list[str], capsys: pytest.CaptureFixture) -> None:
    """Found by the contract walk: `~0` made Path.expanduser raise RuntimeError (exit 1, 'unexpected')."""
    status, _, err = run(argv, capsys)
    assert status == 2 and err == "mso: error: ~0" + argv[-1][2:] + ": no home folder for '~0'\n", err
