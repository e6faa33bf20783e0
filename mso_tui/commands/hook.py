"""`mso hook claude-code`: what a Claude Code SessionStart hook prints to inject the latest handoff.

Settings snippet (~/.claude/settings.json or .claude/settings.json):

    {"hooks": {"SessionStart": [{"hooks": [{"type": "command", "command": "mso hook claude-code"}]}]}}

Claude Code passes the hook a JSON object on stdin (with "cwd"); the hook answers on stdout with
{"hookSpecificOutput": {"hookEventName": "SessionStart", "additionalContext": "<handoff>"}}.
When no project's repo_path contains the directory, it prints nothing and exits 0: a hook must
never break the agent's start.
"""
from __future__ import annotations

import argparse
import json
import os
import sys

from mso_tui.commands.common import nonempty


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add `hook claude-code`."""
    parser = subparsers.add_parser("hook", help="output for agent hooks (Claude Code SessionStart)")
    sub = parser.add_subparsers(dest="hook_command", metavar="AGENT", required=True)
    claude = sub.add_parser("claude-code", help="JSON for a Claude Code SessionStart hook")
    claude.add_argument("--cwd", type=nonempty,
                        help="directory to match (default: the hook input's cwd, else the current one)")
    claude.set_defaults(func=cmd_claude_code)


def _hook_cwd() -> str | None:
    """The cwd Claude Code sends on stdin, when stdin is a pipe carrying its JSON."""
    try:
        if sys.stdin is None or sys.stdin.isatty():
            return None
        data = json.loads(sys.stdin.read(1_000_000) or "{}")
    except (OSError, ValueError, AttributeError):
        return None
    cwd = data.get("cwd") if isinstance(data, dict) else None
    return cwd if isinstance(cwd, str) and cwd else None


def cmd_claude_code(args: argparse.Namespace) -> int:
    """Print the hook JSON for the project containing the directory, or nothing."""
    try:
        from mso_tui.commands.common import open_store
        from mso_tui.data.services.handoffs import latest_handoff
        from mso_tui.data.services.projects import find_project_for_path

        cwd = args.cwd or _hook_cwd() or os.getcwd()
        open_store()
        project = find_project_for_path(cwd)
        handoff = latest_handoff(project.name) if project is not None else None
    except Exception as exc:  # a broken store must not stop the agent from starting
        from mso_tui.output_gate import clean

        print(f"mso hook: {type(exc).__name__}: {clean(str(exc))}", file=sys.stderr)
        return 0
    if handoff is None:
        return 0
    context = (f"mso: this is the handoff from the previous session of project {project.name}. "
               f"Continue from it.\n\n{handoff.master_prompt}")
    from mso_tui.output_gate import dumps

    sys.stdout.write(dumps({"hookSpecificOutput": {"hookEventName": "SessionStart", "additionalContext": context}}))
    sys.stdout.write("\n")
    return 0
