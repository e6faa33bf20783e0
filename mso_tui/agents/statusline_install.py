"""Claude Code's `statusLine` setting pointed at `mso statusline`, in the settings.json mso's hooks go into.

`mso hook install claude-code --statusline` sets `"statusLine": {"type": "command", "command": "<mso> statusline"}`
next to the hooks, in the same single write; a statusLine that runs some other command is kept unless
--force is given (the install then changes nothing at all). `mso hook uninstall claude-code --statusline`
takes out a statusLine that runs an mso, and leaves any other.
"""
from __future__ import annotations

import shlex
from typing import Any

from mso_tui.errors import Conflict

KEY = "statusLine"


def statusline_command() -> str:
    """The shell command Claude Code runs for its status line: this mso's `statusline`."""
    from mso_tui.agents.hook_install import mso_argv

    return shlex.join([*mso_argv(), "statusline"])


def is_ours(value: Any) -> bool:
    """True for a statusLine setting that runs some mso's `statusline` (this one or another install's)."""
    if not isinstance(value, dict) or value.get("type") != "command" or not isinstance(value.get("command"), str):
        return False
    words = value["command"].split()
    return len(words) >= 2 and words[-1] == "statusline" and ("mso" in words[0] or "mso_tui" in value["command"])


def _shown(value: Any) -> str:
    """The other statusLine in a few printable characters, for the refusal."""
    text = value.get("command") if isinstance(value, dict) and isinstance(value.get("command"), str) else repr(value)
    text = "".join(c if c.isprintable() else "?" for c in str(text))
    return text if len(text) <= 60 else text[:57] + "..."


def set_statusline(data: dict[str, Any], where: str, force: bool = False) -> bool:
    """Point data's statusLine at this mso; True when that changed it. Conflict when another one is there
    and force is not given (nothing changed then)."""
    current = data.get(KEY)
    wanted = statusline_command()
    if isinstance(current, dict) and current.get("type") == "command" and current.get("command") == wanted:
        return False
    if current is not None and not is_ours(current) and not force:
        raise Conflict(f"{where}: statusLine already runs {_shown(current)!r}; "
                       "--force replaces it (nothing changed)")
    if isinstance(current, dict) and is_ours(current):  # an older mso's path: repointed, its padding kept
        data[KEY] = {**current, "command": wanted}
    else:
        data[KEY] = {"type": "command", "command": wanted}
    return True


def remove_statusline(data: dict[str, Any]) -> bool:
    """Take out a statusLine that runs an mso; True when there was one (another statusLine stays)."""
    if is_ours(data.get(KEY)):
        del data[KEY]
        return True
    return False
