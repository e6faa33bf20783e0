"""Issue 11: every kind of secret and every terminal escape planted in a transcript; no output path lets one out.

Paths: import (text, --json, error lines), handoff show / generate (extractive and LLM) / export /
troubleshoot (text and --json), session start (text and --json), the Claude Code hook, search (CLI
text and --json), the store export, the LLM prompt (captured by a fake OpenAI-compatible server on
127.0.0.1), and the TUI (handoff view, clipboard copy = the OSC 52 payload, search): `mso serve`
shows that same TUI in a browser.
"""
from __future__ import annotations

import json
import threading
from http.server import ThreadingHTTPServer
from pathlib import Path
from typing import Iterator

import pytest

from tests.helpers.cli_run import run
from tests.helpers.planted_secrets import ALL_SECRETS, ESCAPES, has_control, leaked
from tests.unit.handoff.test_handoff_llm import GOOD, Fake, Handler


def _transcript(folder: Path, repo: Path) -> Path:
    """A Claude Code session: each secret in a user request, a failing command and its error output."""
    sid, cwd, records = "sess-planted", str(repo), []
    for i, (_, line, _) in enumerate(ALL_SECRETS):
        esc = ESCAPES[i % len(ESCAPES)]
        ts = f"2026-11-01T10:{i // 60:02d}:{i % 60:02d}.000Z"
        base = {"sessionId": sid, "timestamp": ts, "cwd": cwd, "isSidechain": False, "userType": "external",
                "version": "2.0.14", "parentUuid": None}
        records.append({**base, "type": "user", "uuid": f"u{i}",
                        "message": {"role": "user", "content": f"Please fix step {i}: {line} {esc}"}})
        records.append({**base, "type": "assistant", "uuid": f"a{i}", "requestId": f"req{i}",
                        "message": {"id": f"msg{i}", "model": "claude-sonnet-4-5-20250929", "role": "assistant",
                                    "type": "message", "usage": {"input_tokens": 5, "output_tokens": 5},
                                    "content": [{"type": "tool_use", "id": f"tool{i}", "name": "Bash",
                                                 "input": {"command": f"run-step-{i} '{line}'"}}]}})
        records.append({**base, "type": "user", "uuid": f"r{i}",
                        "message": {"role": "user", "content": [
                            {"type": "tool_result", "tool_use_id": f"tool{i}", "is_error": True,
                             "content": f"Error: step {i} failed near {line}{esc}\nexit code 1"}]}})
    folder.mkdir(parents=True)
    path = folder / "planted.jsonl"
    bad = "{not json " + ALL_SECRETS[0][1] + ESCAPES[0] + "\n"
    path.write_text("".join(json.dumps(r) + "\n" for r in records) + bad)
    return path


@pytest.fixture
def llm_server() -> Iterator[str]:
    """A fake OpenAI-compatible server that drops every key item (so they are all added back)."""
    Fake.mode, Fake.text, Fake.auth, Fake.bodies = "ok", GOOD, [], []
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.fixture
def planted(tmp_path: Path, store: Path, capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch,
            llm_server: str) -> dict[str, str]:
    """Every output path's text, after importing the planted transcript."""
    monkeypatch.setattr("huggingface_hub.constants.HF_HUB_OFFLINE", False)
    repo = tmp_path / "repo"
    repo.mkdir()
    # a folder name is hostile input too: it is printed in import error lines
    path = _transcript(tmp_path / "in\x1b]0;pwned\x07dir", repo)
    out: dict[str, str] = {}

    def cli(name: str, *args: str) -> None:
        status, stdout, stderr = run(list(args), capsys)
        assert status == 0, (name, stderr)
        out[f"{name} (stdout)"], out[f"{name} (stderr)"] = stdout, stderr

    cli("project add", "project", "add", "P", "--repo", str(repo))
    cli("import", "import", str(path), "--project", "P")
    cli("import --json", "import", str(path), "--project", "P", "--json")
    cli("handoff generate", "handoff", "generate", "P", "--session", "1", "--no-llm")
    cli("handoff generate --json", "handoff", "generate", "P", "--session", "1", "--no-llm", "--json")
    for when in ("extractive", "llm"):
        if when == "llm":
            llm = ["--llm", "--model", "fake-model", "--base-url", llm_server]
            cli("handoff generate --llm", "handoff", "generate", "P", "--session", "1", *llm)
            cli("handoff generate --llm --json", "handoff", "generate", "P", "--session", "1", *llm, "--json")
            out["LLM prompt"] = json.dumps(Fake.bodies, ensure_ascii=False)
        cli(f"handoff show [{when}]", "handoff", "show", "P")
        cli(f"handoff show --json [{when}]", "handoff", "show", "P", "--json")
        target = tmp_path / f"handoff-{when}.md"
        cli(f"handoff export [{when}]", "handoff", "export", "P", str(target))
        out[f"handoff export file [{when}]"] = target.read_text()
        cli(f"hook claude-code [{when}]", "hook", "claude-code", "--cwd", str(repo))
        out[f"hook additionalContext [{when}]"] = json.loads(out[f"hook claude-code [{when}] (stdout)"])[
            "hookSpecificOutput"]["additionalContext"]
        cli(f"session start [{when}]", "session", "start", "P", "--parallel")
        cli(f"session start --json [{when}]", "session", "start", "P", "--parallel", "--json")
    cli("handoff troubleshoot", "handoff", "troubleshoot", "P", "--session", "1")
    cli("search", "search", "step", "--limit", "500")
    cli("search --json", "search", "step", "--limit", "500", "--json")
    cli("session show", "session", "show", "P", "--session", "1")
    cli("export", "export", str(tmp_path / "store.json"))
    out["export file"] = (tmp_path / "store.json").read_text()
    return out


def test_the_planted_transcript_reaches_every_path(planted: dict[str, str]) -> None:
    """The test can fail: the secrets are in the store and the paths print the material around them."""
    from mso_tui.store.models import Turn

    stored = "\n".join(t.text + (t.tool_input or "") for t in Turn.select())
    assert leaked(stored) and len(leaked(stored)) == len(ALL_SECRETS)  # kept in the store, as typed
    assert "\x1b]52;" in stored  # escapes too
    assert "Key items added back" in planted["handoff show [llm] (stdout)"]
    assert "step 3" in planted["search (stdout)"] and "failed near" in planted["handoff troubleshoot (stdout)"]
    assert planted["import (stdout)"].count("planted.jsonl:") >= 1  # the bad line is reported


def test_no_secret_leaves_by_any_path(planted: dict[str, str]) -> None:
    leaks = {name: leaked(text) for name, text in planted.items()}
    assert {name: found for name, found in leaks.items() if found} == {}
    assert len(planted) >= 40


def test_no_control_sequence_reaches_the_terminal(planted: dict[str, str]) -> None:
    # the store export is a backup restored exactly: JSON escapes C0 there, and it is no terminal output
    bad = {name for name, text in planted.items() if has_control(text) and name not in ("LLM prompt", "export file")}
    assert bad == set()
    prompt = "".join(m["content"] for body in Fake.bodies for m in body.get("messages", []))
    assert prompt and not has_control(prompt)


def test_json_outputs_stay_valid_json(planted: dict[str, str]) -> None:
    for name, text in planted.items():
        if "--json" in name and "(stdout)" in name:
            json.loads(text)


async def test_tui_view_copy_and_search_are_masked(planted: dict[str, str]) -> None:
    """The handoff viewer, its clipboard copy (the OSC 52 payload) and global search: also `mso serve`'s view."""
    from textual.widgets import DataTable

    from mso_tui.tui.screens.handoff import HandoffScreen
    from mso_tui.tui.screens.search import SearchScreen
    from mso_tui.tui.widgets.handoff_view import HandoffView
    from tests.helpers.screen_host import Host, settle

    shown: list[str] = []
    original = HandoffView.show
    app = Host(lambda: HandoffScreen("P"))
    HandoffView.show = lambda self, text: (shown.append(text), original(self, text))[1]  # type: ignore[method-assign]
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            await pilot.press("c")
            clipboard = app.clipboard
    finally:
        HandoffView.show = original  # type: ignore[method-assign]
    assert "Key items added back" in clipboard
    assert leaked(clipboard) == [] and not has_control(clipboard)
    assert shown and all(leaked(s) == [] and not has_control(s) for s in shown)

    app = Host(SearchScreen)
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        await pilot.press(*"failed near")
        await pilot.pause(0.4)
        await settle(pilot)
        table = app.screen.query_one(DataTable)
        cells = " ".join(str(table.get_row_at(r)) for r in range(table.row_count))
    assert table.row_count >= 20
    assert leaked(cells) == [] and not has_control(cells)
