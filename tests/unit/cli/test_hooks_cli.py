"""Agents' hooks through the real `mso` console script: start, end, compaction, Codex notify, hung stdin."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, Callable

import pytest

from tests.helpers import claude_lines

MSO = str(Path(sys.executable).with_name("mso"))
FIXTURES = Path(__file__).resolve().parent.parent.parent / "fixtures"
pytestmark = pytest.mark.skipif(not os.path.exists(MSO), reason="the mso console script is not installed")


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    """HOME, data dir and config all in tmp; a project whose repo is tmp/repo."""
    home, repo = tmp_path / "home", tmp_path / "repo"
    home.mkdir()
    (repo / "src").mkdir(parents=True)
    out = {**os.environ, "HOME": str(home), "MSO_DATA_DIR": str(tmp_path / "data"),
           "MSO_CONFIG": str(tmp_path / "config.toml"), "CODEX_HOME": str(home / ".codex")}
    out.pop("CLAUDE_CONFIG_DIR", None)
    assert mso(out, "project", "add", "shop", "--repo", str(repo)).returncode == 0
    return out


def mso(env: dict[str, str], *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    """Run the console script."""
    return subprocess.run([MSO, *args], input=stdin, env=env, capture_output=True, text=True, timeout=30)


def payload(name: str, **values: str) -> str:
    """A recorded payload with its placeholders filled."""
    text = (FIXTURES / "hooks" / f"{name}.json").read_text()
    for key, value in values.items():
        text = text.replace("{" + key + "}", value)
    return text


def sessions(env: dict[str, str]) -> list[dict[str, Any]]:
    """The project's sessions as `mso session list --json` gives them."""
    return json.loads(mso(env, "session", "list", "shop", "--json").stdout)


def wait_for(check: Callable[[], bool], seconds: float = 10.0) -> bool:
    """Poll check until it holds or the time is up."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.1)
    return check()


def claude_transcript(env: dict[str, str], sid: str, n: int = 3) -> Path:
    """A Claude Code transcript of n exchanges where Claude Code keeps it."""
    repo = Path(env["HOME"]).parent / "repo"
    path = Path(env["HOME"]) / ".claude" / "projects" / "-repo" / f"{sid}.jsonl"
    return claude_lines.write(path, claude_lines.conversation(sid, str(repo), n))


def test_claude_code_loop(env: dict[str, str]) -> None:
    repo = str(Path(env["HOME"]).parent / "repo" / "src")
    transcript = claude_transcript(env, "cc-1")
    started = mso(env, "hook", "claude-code", stdin=payload("claude_session_start", session="cc-1",
                                                              transcript=str(transcript), cwd=repo))
    assert started.returncode == 0 and started.stderr == ""
    out = json.loads(started.stdout)
    assert out["hookSpecificOutput"]["hookEventName"] == "SessionStart"
    assert "session 1 of project shop" in out["hookSpecificOutput"]["additionalContext"]
    [row] = sessions(env)
    assert row["status"] == "in_progress" and row["agent"] == "claude-code" and row["agent_session_id"] == "cc-1"
    import sqlite3

    db = sqlite3.connect(Path(env["MSO_DATA_DIR"]) / "mso.sqlite3")
    linked = db.execute("SELECT path, session_id FROM imported_file").fetchall()
    assert linked == [(str(transcript.resolve()), row["id"])]
    db.close()  # the transcript is linked before anything is read from it
    ended = mso(env, "hook", "claude-code", stdin=payload("claude_session_end", session="cc-1",
                                                            transcript=str(transcript), cwd=repo))
    assert ended.returncode == 0 and ended.stdout == "" and ended.stderr == ""
    assert wait_for(lambda: sessions(env)[0]["status"] == "completed" and sessions(env)[0]["generated_handoff_id"])
    shown = json.loads(mso(env, "session", "show", "shop", "--json").stdout)
    assert shown["turn_count"] >= 6
    # the next session is handed that handoff, naming the agent and its session id
    again = mso(env, "hook", "claude-code", stdin=payload("claude_session_start", session="cc-2",
                                                            transcript=str(transcript), cwd=repo))
    context = json.loads(again.stdout)["hookSpecificOutput"]["additionalContext"]
    assert "session 2 of project shop" in context and "claude --resume cc-1" in context
    assert "# Handoff: shop" in context
    log = (Path(env["MSO_DATA_DIR"]) / "hooks.log").read_text()
    assert "SessionEnd: session 1 of shop; imported" in log and "completed, handoff #" in log


def test_resume_joins_and_compaction_keeps_it_open(env: dict[str, str]) -> None:
    repo = str(Path(env["HOME"]).parent / "repo")
    transcript = claude_transcript(env, "cc-9")
    values = {"session": "cc-9", "transcript": str(transcript), "cwd": repo}
    mso(env, "hook", "claude-code", stdin=payload("claude_session_start", **values))
    resumed = payload("claude_session_start", **values).replace('"startup"', '"resume"')
    assert mso(env, "hook", "claude-code", stdin=resumed).returncode == 0
    assert len(sessions(env)) == 1  # the same agent session id joins its mso session
    assert mso(env, "hook", "claude-code", stdin=payload("claude_pre_compact", **values)).stdout == ""
    assert wait_for(lambda: (Path(env["MSO_DATA_DIR"]) / "hooks.log").exists()
                    and "session goes on" in (Path(env["MSO_DATA_DIR"]) / "hooks.log").read_text())
    [row] = sessions(env)
    assert row["status"] == "in_progress" and row["generated_handoff_id"]


def test_gemini_loop(env: dict[str, str]) -> None:
    repo = str(Path(env["HOME"]).parent / "repo")
    chats = Path(env["HOME"]) / ".gemini" / "tmp" / "abc123" / "chats"
    chats.mkdir(parents=True)
    transcript = chats / "session-2026-09-03T10-00-g1abcdef.jsonl"
    shutil.copy(FIXTURES / "gemini" / transcript.name, transcript)
    values = {"session": "g-1", "transcript": str(transcript), "cwd": repo}
    started = mso(env, "hook", "gemini", stdin=payload("gemini_session_start", **values))
    out = json.loads(started.stdout)
    assert "session 1 of project shop" in out["hookSpecificOutput"]["additionalContext"]
    assert sessions(env)[0]["agent"] == "gemini"
    assert mso(env, "hook", "gemini", stdin=payload("gemini_session_end", **values)).stdout == ""
    assert wait_for(lambda: sessions(env)[0]["status"] == "completed" and sessions(env)[0]["generated_handoff_id"])
    assert json.loads(mso(env, "session", "show", "shop", "--json").stdout)["turn_count"] > 0


def test_codex_agents_md_and_notify(env: dict[str, str]) -> None:
    repo = Path(env["HOME"]).parent / "repo"
    (repo / "AGENTS.md").write_text("# Rules\n\nUse tabs.\n")
    rollout = Path(env["CODEX_HOME"]) / "sessions" / "2026" / "09" / "02" / "rollout-2026-09-02T10-00-00-c-1.jsonl"
    rollout.parent.mkdir(parents=True)
    shutil.copy(FIXTURES / "codex" / rollout.name, rollout)
    started = mso(env, "hook", "codex", stdin=payload("codex_session_start", session="c-1", transcript="",
                                                        cwd=str(repo)))
    assert started.returncode == 0 and started.stdout == ""
    text = (repo / "AGENTS.md").read_text()
    assert text.startswith("# Rules\n\nUse tabs.\n") and "session 1 of project shop" in text
    notified = mso(env, "hook", "codex", payload("codex_notify", session="c-1", cwd=str(repo)))
    assert notified.returncode == 0 and notified.stdout == "" and notified.stderr == ""
    assert wait_for(lambda: json.loads(mso(env, "session", "show", "shop", "--json").stdout)["turn_count"] > 0)
    assert len(sessions(env)) == 1 and sessions(env)[0]["status"] == "in_progress"


def test_codex_start_delivers_a_claude_handoff(env: dict[str, str]) -> None:
    repo = Path(env["HOME"]).parent / "repo"
    transcript = claude_transcript(env, "cc-5")
    values = {"session": "cc-5", "transcript": str(transcript), "cwd": str(repo)}
    mso(env, "hook", "claude-code", stdin=payload("claude_session_start", **values))
    mso(env, "hook", "claude-code", stdin=payload("claude_session_end", **values))
    assert wait_for(lambda: sessions(env)[0]["generated_handoff_id"] is not None)
    started = mso(env, "session", "start", "shop", "--agent", "codex")
    assert started.returncode == 0 and "AGENTS.md" in started.stderr
    block = (repo / "AGENTS.md").read_text()
    assert "ran in claude-code, agent session id cc-5" in block and "claude --resume cc-5" in block


def test_unknown_directory_and_hung_stdin(env: dict[str, str], tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    for agent, name in (("claude-code", "claude_session_start"), ("gemini", "gemini_session_end")):
        done = mso(env, "hook", agent, stdin=payload(name, session="x", transcript="", cwd=str(elsewhere)))
        assert (done.returncode, done.stdout, done.stderr) == (0, "", "")
    assert sessions(env) == []
    began = time.monotonic()
    proc = subprocess.Popen([MSO, "hook", "claude-code"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=env, cwd=elsewhere, text=True)
    assert proc.stdin is not None
    proc.stdin.write('{"session_id": "x", ')  # half an object, and the pipe stays open
    proc.stdin.flush()
    try:
        status = proc.wait(timeout=2.0)
    finally:
        proc.kill()
        proc.stdin.close()
    assert status == 0 and time.monotonic() - began < 2.0


def test_two_agents_at_once(env: dict[str, str]) -> None:
    repo = str(Path(env["HOME"]).parent / "repo")
    paths = {sid: claude_transcript(env, sid, n=4) for sid in ("p-1", "p-2")}
    procs = [subprocess.Popen([MSO, "hook", "claude-code"], stdin=subprocess.PIPE, env=env, text=True,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in paths]
    for proc, (sid, path) in zip(procs, paths.items()):
        proc.communicate(payload("claude_session_start", session=sid, transcript=str(path), cwd=repo), timeout=30)
    assert sorted(r["number"] for r in sessions(env)) == [1, 2]
    for sid, path in paths.items():
        mso(env, "hook", "claude-code", stdin=payload("claude_session_end", session=sid, transcript=str(path),
                                                        cwd=repo))
    assert wait_for(lambda: all(r["status"] == "completed" for r in sessions(env)))
    for number in (1, 2):
        shown = json.loads(mso(env, "session", "show", "shop", "--session", str(number), "--json").stdout)
        assert shown["turn_count"] == 12  # 4 exchanges: a user turn and two assistant blocks each


def test_hook_joins_the_session_started_for_its_agent(env: dict[str, str]) -> None:
    repo = str(Path(env["HOME"]).parent / "repo")
    assert mso(env, "session", "start", "shop", "--agent", "claude-code", "-o", "fix the cart").returncode == 0
    started = mso(env, "hook", "claude-code", stdin=payload("claude_session_start", session="j-1", transcript="",
                                                              cwd=repo))
    assert "session 1 of project shop" in json.loads(started.stdout)["hookSpecificOutput"]["additionalContext"]
    [row] = sessions(env)  # joined, not a second session
    assert row["agent_session_id"] == "j-1" and row["objectives"][0]["text"] == "fix the cart"
    other = mso(env, "hook", "claude-code", stdin=payload("claude_session_start", session="j-2", transcript="",
                                                            cwd=repo))
    assert other.returncode == 0 and [r["number"] for r in sessions(env)] == [1, 2]  # a second agent: its own


def test_a_new_codex_thread_ends_the_idle_one(env: dict[str, str]) -> None:
    repo = Path(env["HOME"]).parent / "repo"
    day = Path(env["CODEX_HOME"]) / "sessions" / "2026" / "09" / "02"
    day.mkdir(parents=True)
    old = (FIXTURES / "codex" / "rollout-2026-09-02T10-00-00-c-1.jsonl").read_text()
    (day / "rollout-2026-09-02T10-00-00-c-1.jsonl").write_text(old)
    mso(env, "session", "start", "shop", "--agent", "codex", "--parallel")  # a Codex session started by hand
    mso(env, "hook", "codex", payload("codex_notify", session="c-1", cwd=str(repo)))
    assert wait_for(lambda: json.loads(mso(env, "session", "show", "shop", "--json").stdout)["turn_count"] > 0)
    Path(env["MSO_CONFIG"]).write_text("[live]\nidle_after = 0\n")  # the first thread counts as idle at once
    (day / "rollout-2026-09-02T11-00-00-n-2.jsonl").write_text(old.replace('"c-1"', '"n-2"'))
    mso(env, "hook", "codex", payload("codex_notify", session="n-2", cwd=str(repo)))
    assert wait_for(lambda: [r["status"] for r in sessions(env)] == ["completed", "in_progress"])
    assert sessions(env)[0]["generated_handoff_id"] is not None
    log = (Path(env["MSO_DATA_DIR"]) / "hooks.log").read_text()
    assert "idle Codex session 1: completed, handoff #" in log
