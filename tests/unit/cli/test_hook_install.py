"""`mso hook install|uninstall`: mso's entries merged in, everything else kept byte for byte, idempotent."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from mso_tui.agents.hook_install import hook_command, installed, mso_argv
from tests.helpers.cli_run import run

CLAUDE_SAMPLE = {
    "model": "opus",
    "permissions": {"allow": ["Bash(npm test:*)"], "deny": []},
    "hooks": {
        "PreToolUse": [{"matcher": "Bash", "hooks": [{"type": "command", "command": "~/bin/guard.sh"}]}],
        "SessionStart": [{"matcher": "startup", "hooks": [{"type": "command", "command": "echo hi", "timeout": 5}]}],
    },
    "statusLine": {"type": "command", "command": "mso statusline"},
}
GEMINI_SAMPLE = {"theme": "GitHub", "hooks": {"BeforeTool": [{"matcher": "write_file", "hooks": [
    {"name": "lint", "type": "command", "command": "./lint.sh"}]}]}, "general": {"vimMode": True}}
CODEX_SAMPLE = """# my codex settings
model = "gpt-5-codex"
approval_policy = "on-request"   # ask first

[mcp_servers.docs]
command = "npx"
args = ["-y", "docs-server"]

[profiles.fast]
model = "gpt-5-mini"
"""


def _write_json(path: Path, data: dict) -> str:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(data, indent=2) + "\n"
    path.write_text(text)
    return text


@pytest.mark.parametrize("agent, folder, sample, events", [
    ("claude-code", ".claude", CLAUDE_SAMPLE, {"SessionStart", "SessionEnd", "PreCompact", "Notification"}),
    ("gemini", ".gemini", GEMINI_SAMPLE, {"SessionStart", "SessionEnd", "PreCompress"}),
])
def test_json_settings(agent: str, folder: str, sample: dict, events: set[str], tmp_path: Path,
                       capsys: pytest.CaptureFixture) -> None:
    path = tmp_path / "home" / folder / "settings.json"
    before = _write_json(path, sample)
    status, out, _ = run(["hook", "install", agent], capsys)
    assert status == 0 and "added mso's" in out and "backup" in out
    data = json.loads(path.read_text())
    for key, value in sample.items():
        if key != "hooks":
            assert data[key] == value  # other keys untouched
    for event, groups in sample["hooks"].items():
        assert data["hooks"][event][: len(groups)] == groups  # other hooks kept, in their order
    assert {e for e, gs in data["hooks"].items() if any(h["command"] == hook_command(agent)
                                                        for g in gs for h in g["hooks"])} == events
    assert path.with_name("settings.json.mso-backup").read_text() == before
    assert installed(agent)[1:] == (sorted(events, key=list(data["hooks"]).index), True)
    after_first = path.read_text()
    status, out, _ = run(["hook", "install", agent], capsys)
    assert status == 0 and "unchanged" in out and path.read_text() == after_first
    status, out, _ = run(["hook", "uninstall", agent], capsys)
    assert status == 0 and "removed" in out
    assert path.read_text() == before  # the rest exactly as it was
    assert run(["hook", "uninstall", agent], capsys)[1].count("unchanged") == 1


def test_project_dir_and_stale_path(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    project = tmp_path / "proj"
    path = project / ".claude" / "settings.json"
    _write_json(path, {"hooks": {"SessionEnd": [{"hooks": [{"type": "command",
                                                             "command": "/old/venv/bin/mso hook claude-code"}]}]}})
    assert installed("claude-code", str(project))[2] is False  # points at another mso
    assert run(["hook", "install", "claude-code", "--project-dir", str(project)], capsys)[0] == 0
    data = json.loads(path.read_text())
    assert [h["command"] for g in data["hooks"]["SessionEnd"] for h in g["hooks"]] == [hook_command("claude-code")]
    assert installed("claude-code", str(project))[2] is True
    assert not (tmp_path / "home" / ".claude").exists()  # the user's settings were not touched


def test_codex_toml_kept_byte_for_byte(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    import tomllib

    path = tmp_path / "home" / ".codex" / "config.toml"
    path.parent.mkdir(parents=True)
    path.write_text(CODEX_SAMPLE)
    status, out, _ = run(["hook", "install", "codex"], capsys)
    assert status == 0 and "added" in out
    text = path.read_text()
    data = tomllib.loads(text)
    assert data["notify"] == [*mso_argv(), "hook", "codex"]
    assert data["mcp_servers"]["docs"]["args"] == ["-y", "docs-server"] and data["profiles"]["fast"]
    added = [line for line in text.splitlines(keepends=True) if line.startswith("notify = ")]
    assert len(added) == 1 and text.replace(added[0], "", 1) == CODEX_SAMPLE  # one line added, nothing else
    assert text.splitlines()[3].startswith("notify = ")  # among the top-level keys, before the first table
    assert run(["hook", "install", "codex"], capsys)[1].count("unchanged") == 1 and path.read_text() == text
    assert run(["hook", "uninstall", "codex"], capsys)[0] == 0
    assert path.read_text() == CODEX_SAMPLE


def test_codex_refuses_another_notify(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    path = tmp_path / "home" / ".codex" / "config.toml"
    path.parent.mkdir(parents=True)
    path.write_text('notify = ["notify-send", "codex"]\n')
    status, out, err = run(["hook", "install", "codex"], capsys)
    assert status == 2 and "notify is already set" in err and len(err.strip().splitlines()) == 1
    assert path.read_text() == 'notify = ["notify-send", "codex"]\n'
    assert run(["hook", "uninstall", "codex"], capsys)[0] == 0 and path.read_text().startswith('notify = ["notify')


def test_bad_settings_change_nothing(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    path = tmp_path / "home" / ".claude" / "settings.json"
    path.parent.mkdir(parents=True)
    path.write_text('{"hooks": [1, 2]}\n')
    status, _, err = run(["hook", "install", "claude-code"], capsys)
    assert status == 2 and "settings.json" in err and path.read_text() == '{"hooks": [1, 2]}\n'


def test_doctor_reports_hooks(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    run(["hook", "install", "gemini"], capsys)
    status, out, _ = run(["doctor"], capsys)
    assert status == 0
    lines = {line.split(":", 1)[0].strip(): line for line in out.splitlines() if line.startswith("hook ")}
    assert "installed (SessionStart, SessionEnd, PreCompress), runs this mso" in lines["hook gemini"]
    assert "not installed" in lines["hook claude-code"] and "not installed" in lines["hook codex"]


def test_statusline_is_set_beside_the_hooks_once(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    from mso_tui.agents.statusline_install import statusline_command

    path = tmp_path / "home" / ".claude" / "settings.json"
    sample = {"model": "opus", "permissions": {"allow": ["Bash(ls)"]}}
    _write_json(path, sample)
    status, out, _ = run(["hook", "install", "claude-code", "--statusline"], capsys)
    assert status == 0 and "statusLine" in out
    data = json.loads(path.read_text())
    assert data["statusLine"] == {"type": "command", "command": statusline_command()}
    assert statusline_command().endswith(" statusline") and data["model"] == "opus" and data["permissions"]
    assert "SessionStart" in data["hooks"]  # the hooks in the same write
    after = path.read_text()
    status, out, _ = run(["hook", "install", "claude-code", "--statusline"], capsys)
    assert status == 0 and "unchanged" in out and path.read_text() == after
    status, out, _ = run(["hook", "uninstall", "claude-code"], capsys)  # without --statusline: it stays
    assert json.loads(path.read_text())["statusLine"] == data["statusLine"]
    status, out, _ = run(["hook", "uninstall", "claude-code", "--statusline"], capsys)
    assert status == 0 and "statusLine" in out and json.loads(path.read_text()) == sample


def test_another_statusline_is_kept_unless_forced(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    from mso_tui.agents.statusline_install import statusline_command

    path = tmp_path / "home" / ".claude" / "settings.json"
    before = _write_json(path, {"statusLine": {"type": "command", "command": "~/bin/my-line.sh", "padding": 1}})
    status, out, err = run(["hook", "install", "claude-code", "--statusline"], capsys)
    assert status == 2 and out == "" and len(err.strip().splitlines()) == 1
    assert "my-line.sh" in err and "--force" in err and "Traceback" not in err
    assert path.read_text() == before  # nothing changed, the hooks neither
    assert run(["hook", "uninstall", "claude-code", "--statusline"], capsys)[0] == 0
    assert json.loads(path.read_text())["statusLine"]["command"] == "~/bin/my-line.sh"  # not mso's: kept
    status, out, _ = run(["hook", "install", "claude-code", "--statusline", "--force"], capsys)
    assert status == 0 and json.loads(path.read_text())["statusLine"] == {"type": "command",
                                                                          "command": statusline_command()}


def test_an_older_mso_statusline_is_repointed(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    from mso_tui.agents.statusline_install import statusline_command

    path = tmp_path / "home" / ".claude" / "settings.json"
    _write_json(path, {"statusLine": {"type": "command", "command": "/old/venv/bin/mso statusline", "padding": 2}})
    assert run(["hook", "install", "claude-code", "--statusline"], capsys)[0] == 0
    assert json.loads(path.read_text())["statusLine"] == {"type": "command", "command": statusline_command(),
                                                         "padding": 2}


def test_statusline_is_only_for_claude_code(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    status, _, err = run(["hook", "install", "gemini", "--statusline"], capsys)
    assert status == 2 and "only Claude Code" in err
    assert not (tmp_path / "home" / ".gemini").exists()
