"""Install mso's hooks into agents' settings files, and take them out again, leaving everything else as it was.

Claude Code and Gemini CLI: `hooks.<Event>` lists of `{"matcher", "hooks": [{"type": "command", ...}]}`
groups in a JSON settings file. Codex CLI: the top-level `notify = [argv...]` of config.toml, edited as
text (one line added or removed) so the rest of the TOML keeps its bytes, comments and order.
"""
from __future__ import annotations

import json
import os
import shlex
import shutil
import sys
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mso_tui.errors import InvalidInput

EVENTS = {"claude-code": ("SessionStart", "SessionEnd", "PreCompact", "Notification"),
          "gemini": ("SessionStart", "SessionEnd", "PreCompress")}
BACKUP_SUFFIX = ".mso-backup"


@dataclass
class Change:
    """What an install or uninstall did to one settings file."""

    agent: str
    path: Path
    action: str
    events: list[str] = field(default_factory=list)  # events added, updated or removed
    backup: Path | None = None

    def summary(self) -> str:
        """One or two lines for the user."""
        if not self.events:
            where = "already there" if self.action == "install" else "not there"
            return f"{self.path}: unchanged (mso's {self.agent} hooks were {where})"
        done = "added" if self.action == "install" else "removed"
        line = f"{self.path}: {done} mso's {self.agent} hook for {', '.join(self.events)}"
        return line + (f"\nbackup of the previous file: {self.backup}" if self.backup else "")


def mso_argv() -> list[str]:
    """How an agent should call this mso: the console script that is running, else python -m mso_tui."""
    script = os.path.abspath(sys.argv[0]) if sys.argv and sys.argv[0] else ""
    if os.path.basename(script) == "mso" and os.access(script, os.X_OK):
        return [script]
    found = shutil.which("mso")
    return [os.path.abspath(found)] if found else [sys.executable, "-m", "mso_tui"]


def hook_command(agent: str) -> str:
    """The shell command a JSON settings file runs for an agent's hook."""
    return shlex.join([*mso_argv(), "hook", agent])


def settings_path(agent: str, project_dir: str | None = None) -> Path:
    """The settings file mso edits for an agent (HOME-relative ones follow $HOME; Codex honours $CODEX_HOME)."""
    if agent == "codex":
        if project_dir:
            return Path(project_dir) / ".codex" / "config.toml"
        return Path(os.environ.get("CODEX_HOME") or os.path.join(os.path.expanduser("~"), ".codex")) / "config.toml"
    folder = ".claude" if agent == "claude-code" else ".gemini"
    return Path(project_dir or os.path.expanduser("~")) / folder / "settings.json"


def is_ours(command: Any, agent: str) -> bool:
    """True for a command that runs some mso's hook for this agent."""
    if isinstance(command, list):
        command = shlex.join(str(c) for c in command)
    if not isinstance(command, str):
        return False
    words = command.split()
    return len(words) >= 3 and words[-2:] == ["hook", agent] and ("mso" in words[0] or "mso_tui" in command)


def _read(path: Path) -> str | None:
    """The file's text, None when it does not exist."""
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None


def _write(path: Path, old: str | None, new: str) -> Path | None:
    """Write new text atomically, keeping the old file as a backup; return the backup's path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    backup = None
    if old is not None:
        backup = path.with_name(path.name + BACKUP_SUFFIX)
        backup.write_text(old, encoding="utf-8")
    tmp = path.with_name(f".{path.name}.mso-{os.getpid()}")
    tmp.write_text(new, encoding="utf-8")
    os.replace(tmp, path)
    return backup


def _load_json(path: Path, text: str | None) -> dict[str, Any]:
    """The settings object; a clear error for a file that is not a JSON object."""
    if text is None or not text.strip():
        return {}
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise InvalidInput(f"{path}:{getattr(exc, 'lineno', 0)}: not valid JSON ({exc}); nothing changed") from None
    if not isinstance(data, dict) or not isinstance(data.get("hooks", {}), dict):
        raise InvalidInput(f"{path}: expected a JSON object with a \"hooks\" object; nothing changed")
    return data


def _entry(agent: str) -> dict[str, Any]:
    """mso's hook configuration for one event."""
    entry: dict[str, Any] = {"type": "command", "command": hook_command(agent)}
    if agent == "gemini":
        entry = {"name": "mso", **entry}
    return entry


def install_json(agent: str, path: Path, statusline: bool = False, force: bool = False) -> Change:
    """Add mso's hook to each event (or point a stale one at this mso), and Claude Code's statusLine when asked
    (statusline_install.py); nothing else is touched."""
    text = _read(path)
    data = _load_json(path, text)
    change = Change(agent, path, "install")
    command = hook_command(agent)
    hooks = data.get("hooks", {})
    for event in EVENTS[agent]:
        groups = hooks.get(event, [])
        ours = [h for g in groups if isinstance(g, dict) for h in g.get("hooks", [])
                if isinstance(h, dict) and is_ours(h.get("command"), agent)]
        if any(h.get("command") == command for h in ours):
            continue
        if ours:
            ours[0]["command"] = command  # an older mso's path: point it at this one
        else:
            groups.append({"matcher": "", "hooks": [_entry(agent)]} if agent == "claude-code"
                          else {"hooks": [_entry(agent)]})
        hooks[event] = groups
        change.events.append(event)
    if statusline and _statusline().set_statusline(data, str(path), force):
        change.events.append("statusLine")
    if change.events:
        if hooks:
            data["hooks"] = hooks
        change.backup = _write(path, text, json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    return change


def _statusline() -> Any:
    """The statusLine module (imported when asked for)."""
    from mso_tui.agents import statusline_install

    return statusline_install


def uninstall_json(agent: str, path: Path, statusline: bool = False) -> Change:
    """Take mso's hooks out (groups, events and the hooks object that held only them go too), and an mso
    statusLine when asked."""
    text = _read(path)
    change = Change(agent, path, "uninstall")
    if text is None:
        return change
    data = _load_json(path, text)
    hooks = data.get("hooks", {})
    for event in list(hooks):
        groups = hooks[event]
        if not isinstance(groups, list):
            continue
        kept_groups = []
        for group in groups:
            inner = group.get("hooks") if isinstance(group, dict) else None
            if isinstance(inner, list) and any(isinstance(h, dict) and is_ours(h.get("command"), agent) for h in inner):
                inner = [h for h in inner if not (isinstance(h, dict) and is_ours(h.get("command"), agent))]
                if event not in change.events:
                    change.events.append(event)
                if not inner:
                    continue
                group["hooks"] = inner
            kept_groups.append(group)
        if event in change.events:
            if kept_groups:
                hooks[event] = kept_groups
            else:
                del hooks[event]
    if statusline and _statusline().remove_statusline(data):
        change.events.append("statusLine")
    if change.events:
        if not hooks:
            data.pop("hooks", None)
        new = json.dumps(data, indent=2, ensure_ascii=False) + "\n" if data else ""
        change.backup = _write(path, text, new)
    return change


def install(agent: str, project_dir: str | None = None, statusline: bool = False, force: bool = False) -> Change:
    """Install mso's hooks for an agent (and Claude Code's statusLine: statusline)."""
    from mso_tui.agents.hook_install_codex import install_toml

    _statusline_only_claude(agent, statusline)
    path = settings_path(agent, project_dir)
    return install_toml(path) if agent == "codex" else install_json(agent, path, statusline, force)


def uninstall(agent: str, project_dir: str | None = None, statusline: bool = False) -> Change:
    """Uninstall mso's hooks for an agent (and an mso statusLine: statusline)."""
    from mso_tui.agents.hook_install_codex import uninstall_toml

    _statusline_only_claude(agent, statusline)
    path = settings_path(agent, project_dir)
    return uninstall_toml(path) if agent == "codex" else uninstall_json(agent, path, statusline)


def _statusline_only_claude(agent: str, statusline: bool) -> None:
    """--statusline is Claude Code's setting: refused for the other agents."""
    if statusline and agent != "claude-code":
        raise InvalidInput(f"--statusline: only Claude Code has a statusLine setting, not {agent}")


def installed(agent: str, project_dir: str | None = None) -> tuple[Path, list[str], bool]:
    """(settings file, events that run an mso hook, whether they all run this mso)."""
    path = settings_path(agent, project_dir)
    text = _read(path)
    if text is None:
        return path, [], False
    try:
        if agent == "codex":
            notify = tomllib.loads(text).get("notify")
            ours = is_ours(notify, agent)
            current = isinstance(notify, list) and notify == [*mso_argv(), "hook", "codex"]
            return path, ["notify"] if ours else [], ours and current
        hooks = _load_json(path, text).get("hooks", {})
    except (InvalidInput, tomllib.TOMLDecodeError):
        return path, [], False
    commands = {event: [h.get("command") for g in groups if isinstance(g, dict) for h in g.get("hooks", [])
                        if isinstance(h, dict) and is_ours(h.get("command"), agent)]
                for event, groups in hooks.items() if isinstance(groups, list)}
    events = [e for e, found in commands.items() if found]
    current = all(c == hook_command(agent) for e in events for c in commands[e])
    return path, events, bool(events) and current
