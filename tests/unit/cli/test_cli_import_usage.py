"""`mso import` and `mso usage` from the command line: JSON shapes and exit codes."""
from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from tests.helpers.claude_lines import conversation, write
from tests.helpers.cli_run import run

pytestmark = pytest.mark.usefixtures("backend")  # SQLite, and PostgreSQL when a test server is given


@pytest.fixture
def claude_home(tmp_path: Path) -> Path:
    """A Claude config folder with two projects' transcripts."""
    home = tmp_path / "claude"
    write(home / "projects" / "-w-app" / "s1.jsonl", conversation("s1", "/w/app", 3))
    write(home / "projects" / "-w-api" / "s2.jsonl", conversation("s2", "/w/api", 2, day="2026-09-03"),
          raw_tail="not json\n")
    return home


def test_import_json_shape_and_usage_from_store(claude_home: Path, capsys: pytest.CaptureFixture) -> None:
    status, out, _ = run(["import", str(claude_home), "--json"], capsys)
    report = json.loads(out)
    assert status == 0
    assert {k: report[k] for k in ("files", "turns", "usage_events", "sessions")} == \
        {"files": 2, "turns": 15, "usage_events": 5, "sessions": 2}
    assert report["skipped_lines"] == 1 and report["errors"][0]["line"] == 7
    assert report["errors"][0]["file"].endswith("s2.jsonl") and report["errors"][0]["reason"]
    status, out, _ = run(["usage", "--json", "--by", "project"], capsys)
    usage = json.loads(out)
    assert status == 0 and [r["key"] for r in usage["rows"]] == ["api", "app"]
    assert set(usage["totals"]) == {"input_tokens", "output_tokens", "cache_creation_tokens", "cache_read_tokens",
                                    "cost_usd"}
    assert usage["totals"]["input_tokens"] == 50 and usage["unpriced_models"] == []
    assert set(usage["rows"][0]) >= {"key", "input_tokens", "output_tokens", "cache_creation_tokens",
                                     "cache_read_tokens", "cost_usd", "models"}
    status, out, _ = run(["usage", "--json", "--since", "2026-09-02", "--by", "day"], capsys)
    assert [r["key"] for r in json.loads(out)["rows"]] == ["2026-09-03"]


def test_usage_direct_scan_matches_store(claude_home: Path, capsys: pytest.CaptureFixture) -> None:
    status, out, err = run(["usage", "--claude-dir", str(claude_home), "--json", "--by", "day"], capsys)
    direct = json.loads(out)
    assert status == 0 and direct["source"] == "scan"
    run(["import", str(claude_home)], capsys)
    _, out, _ = run(["usage", "--json", "--by", "day"], capsys)
    stored = json.loads(out)
    assert direct["totals"] == stored["totals"] and [r["key"] for r in direct["rows"]] == ["2026-09-01", "2026-09-03"]
    status, out, _ = run(["usage", "--claude-dir", str(claude_home / "projects")], capsys)
    assert status == 0 and "total" in out


@pytest.mark.parametrize("args, needle", [
    (["import", "/no/such/path"], "/no/such/path"),
    (["import"], "PATH"),
    (["import", ".", "--format", "nope"], "nope"),
    (["usage", "--since", "yesterday"], "yesterday"),
    (["usage", "--since", "2026-02-30"], "2026-02-30"),
    (["usage", "--claude-dir", "/no/such/dir"], "/no/such/dir"),
    (["usage", "--by", "fortnight"], "fortnight"),
    (["usage", "--until", "2026-13-01"], "--until"),
])
def test_bad_arguments_one_line_exit_2(args: list[str], needle: str, capsys: pytest.CaptureFixture) -> None:
    status, out, err = run(args, capsys)
    assert status == 2 and needle in err and len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_discover_dry_run_lists_counts(tmp_path: Path, claude_home: Path, capsys: pytest.CaptureFixture,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CLAUDE_CONFIG_DIR", str(claude_home))
    codex = tmp_path / "codex-home" / "sessions" / "2026" / "01" / "01"
    codex.mkdir(parents=True)
    (codex / "rollout-2026-01-01T00-00-00-x.jsonl").write_text(
        '{"timestamp":"2026-01-01T00:00:00Z","type":"session_meta","payload":{"id":"x","cwd":"/w"}}\n')
    monkeypatch.setenv("CODEX_HOME", str(tmp_path / "codex-home"))
    status, out, err = run(["import", "--discover", "--dry-run"], capsys)
    assert status == 0 and "claude-code" in err and "codex" in err
    assert "2 files" in err and "1 files" in err
    status, out, _ = run(["import", "--discover", "--json"], capsys)
    assert status == 0 and json.loads(out)["files"] == 3


def test_paste_shows_detection_then_imports(capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch) -> None:
    paste = "Human: the build fails on `npm ci`\n\nClaude: Delete the lock file and run `npm install`.\n"
    monkeypatch.setattr("sys.stdin", io.StringIO(paste))
    status, out, err = run(["import", "--paste", "--project", "web", "--json"], capsys)
    assert status == 0 and "2 turns" in err and "Human" in err
    assert json.loads(out)["turns"] >= 2
    monkeypatch.setattr("sys.stdin", io.StringIO(paste))
    status, _, err = run(["import", "--paste", "--project", "web", "--session", "7"], capsys)
    assert status == 2 and "7" in err
    monkeypatch.setattr("sys.stdin", io.StringIO("  \n"))
    assert run(["import", "--paste"], capsys)[0] == 2


def test_saved_paste_with_format_text(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    saved = tmp_path / "chat.txt"
    saved.write_text("You said:\nwhy is CI red?\nChatGPT said:\nA flaky test in `test_api.py`.\n")
    status, out, _ = run(["import", str(saved), "--format", "text", "--project", "web", "--json"], capsys)
    assert status == 0 and json.loads(out)["turns"] >= 2


def test_usage_output_is_reused_until_the_tree_changes(claude_home: Path, capsys: pytest.CaptureFixture,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    import mso_tui.usage.report as usage_report

    first = run(["usage", "--claude-dir", str(claude_home), "--by", "day"], capsys)
    assert first[0] == 0 and "total" in first[1]

    def no_rebuild(*args: object, **kw: object) -> None:
        raise AssertionError("the report was rebuilt for an unchanged tree")

    with monkeypatch.context() as patch:  # (undo() would also drop the private MSO_DATA_DIR)
        patch.setattr(usage_report, "build_report", no_rebuild)
        second = run(["usage", "--claude-dir", str(claude_home), "--by", "day"], capsys)
    assert second[:2] == first[:2] and "0 read" in second[2]
    by_session = run(["usage", "--claude-dir", str(claude_home), "--by", "session"], capsys)
    assert by_session[1] != first[1]  # other options are another entry, not the cached text
    write(claude_home / "projects" / "-w-app" / "s3.jsonl", conversation("s3", "/w/app", 2, day="2026-09-09"))
    grown = run(["usage", "--claude-dir", str(claude_home), "--by", "day"], capsys)
    assert "2026-09-09" in grown[1] and grown[1] != first[1]


PASTED_CHAT = """You said:
The login page at src/auth/login.tsx redirects to /dashboard even when the token is expired. Can you fix it?
ChatGPT said:
The bug is in `useSession()`: it treats an expired token as valid. Change the check in src/auth/session.ts:
```ts
// User: this line is code, not a new turn
if (token.expiresAt < Date.now()) return null;
```
Then run `npm test -- auth` to confirm.
You said:
Tests pass now, but refresh tokens are still not rotated. Let's do that next time.
ChatGPT said:
Noted: next step is rotating refresh tokens in src/auth/refresh.ts.
"""


def test_pasted_chat_during_a_session_reaches_the_handoff(capsys: pytest.CaptureFixture,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    assert run(["project", "add", "web"], capsys)[0] == 0
    assert run(["session", "start", "web"], capsys)[0] == 0
    monkeypatch.setattr("sys.stdin", io.StringIO(PASTED_CHAT))
    status, out, err = run(["import", "--paste", "--project", "web", "--json"], capsys)
    assert status == 0 and "4 turns" in err
    assert run(["session", "complete", "web"], capsys)[0] == 0
    status, handoff, _ = run(["handoff", "show", "web"], capsys)
    assert status == 0
    for needle in ("src/auth/session.ts", "npm test -- auth", "src/auth/refresh.ts"):
        assert needle in handoff, needle
