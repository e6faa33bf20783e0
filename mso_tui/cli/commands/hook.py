"""`mso hook claude-code|gemini|codex`: an agent's hook; `mso hook install|uninstall AGENT`: set it up.

The agent sends its hook JSON on stdin (Codex's `notify` passes it as the last argument instead). Start
events start or join the mso session and print the handoff the way the agent takes it; end events hand
the slow work (import, complete, handoff) to a detached `mso hook finish`, so the hook returns at once.
A hook never fails the agent: exit 0, at most one line on stderr, stdout only the JSON the agent expects.
"""
from __future__ import annotations

import argparse
import os
import sys

from mso_tui.cli.common import nonempty

STDIN_SECONDS = 1.0  # an agent that never closes stdin costs us this much at most
START_OUTPUT = ("claude-code", "gemini")  # agents that take context from the start hook's stdout


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add `hook AGENT`, `hook install`, `hook uninstall` and the internal `hook finish`."""
    parser = subparsers.add_parser("hook", help="agent hooks: run one, or install/uninstall them")
    sub = parser.add_subparsers(dest="hook_command", metavar="AGENT", required=True)
    for agent, what in (("claude-code", "Claude Code hooks (SessionStart, SessionEnd, PreCompact)"),
                        ("gemini", "Gemini CLI hooks (SessionStart, SessionEnd)"),
                        ("codex", "Codex CLI hooks, or its notify program (agent-turn-complete)")):
        p = sub.add_parser(agent, help=what)
        p.add_argument("payload", nargs="?", help="the event JSON as an argument (Codex notify)")
        p.add_argument("--cwd", type=nonempty,
                       help="directory to match (default: the event's cwd, else the current one)")
        p.set_defaults(func=cmd_agent, agent=agent)
    for action in ("install", "uninstall"):
        p = sub.add_parser(action, help=f"{action} mso's hooks in an agent's settings")
        p.add_argument("agent", choices=("claude-code", "gemini", "codex"))
        p.add_argument("--project-dir", type=nonempty,
                       help="Claude Code/Gemini CLI: the project's settings, not the user's")
        p.add_argument("--statusline", action="store_true",
                       help=("Claude Code: also set its statusLine to `mso statusline`" if action == "install"
                             else "Claude Code: also take out a statusLine that runs mso"))
        if action == "install":
            p.add_argument("--force", action="store_true", help="with --statusline: replace another statusLine")
        p.set_defaults(func=cmd_install, action=action)
    p = sub.add_parser("finish", help=argparse.SUPPRESS)
    p.add_argument("event")
    p.set_defaults(func=cmd_finish)


def _event(args: argparse.Namespace):  # -> HookEvent
    """The event from argv (Codex notify) or stdin; no payload at all reads as a start (older setups)."""
    from mso_tui.agents.hook_events import HookEvent, decode_payload, parse_event, read_stdin

    cwd = args.cwd or ""
    data = decode_payload(args.payload) if args.payload else decode_payload(read_stdin(STDIN_SECONDS))
    event = parse_event(args.agent, data, cwd)
    if event is None:
        return HookEvent(args.agent, "SessionStart", "start", "", cwd or os.getcwd(), "")
    if args.cwd:
        event = HookEvent(**{**event.__dict__, "cwd": args.cwd})
    return event


def cmd_agent(args: argparse.Namespace) -> int:
    """Act on one hook event; always exit 0."""
    try:
        event = _event(args)
        if event.kind == "start":
            return _start(event)
        if event.kind in ("end", "compact", "turn_end", "waiting"):
            _detach(event)
    except Exception as exc:  # a broken store or odd input must never stop the agent
        from mso_tui.errors import describe_error

        print(f"mso hook: {describe_error(exc)[0]}"[:300].replace("\n", " "), file=sys.stderr)
    return 0


def _start(event) -> int:  # event: HookEvent
    """Start or join the session and print the agent's context JSON."""
    from mso_tui.cli.common import open_store
    from mso_tui.services.hooks import start_or_join
    from mso_tui.services.live import log_line

    open_store()
    started = start_or_join(event)
    if started is None:
        return 0  # not a project's directory: nothing happens
    verb = "joined" if started.joined else "started"
    log_line(f"{event.agent} {event.name}: {verb} session {started.session.number} of {started.session.project_name}")
    if event.agent in START_OUTPUT:
        from mso_tui.redaction.gate import (
            dumps,  # secrets masked, control characters escaped, still the JSON it expects
        )

        sys.stdout.write(dumps({"hookSpecificOutput": {"hookEventName": "SessionStart",
                                                       "additionalContext": started.context}}) + "\n")
    return 0


def _detach(event) -> None:  # event: HookEvent
    """Run `mso hook finish` in its own session, so the agent (which may be exiting) does not wait for it."""
    import subprocess

    subprocess.Popen([sys.executable, "-m", "mso_tui", "hook", "finish", event.to_json()],
                     stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                     start_new_session=True, close_fds=True)


def cmd_finish(args: argparse.Namespace) -> int:
    """The detached half: import, complete, hand off; the outcome goes to the hook log."""
    from mso_tui.agents.hook_events import HookEvent
    from mso_tui.services.live import log_line

    try:
        event = HookEvent.from_json(args.event)
        from mso_tui.cli.common import open_store
        from mso_tui.services.hooks import finish

        open_store()
        outcome = finish(event)
        if outcome:  # nothing is logged for a directory in no project: nothing happened
            log_line(outcome)
    except Exception as exc:
        from mso_tui.errors import describe_error

        log_line(f"error: {describe_error(exc)[0]}")
    return 0


def cmd_install(args: argparse.Namespace) -> int:
    """Merge mso's entries into (or take them out of) the agent's settings file and say what changed."""
    from mso_tui.agents.hook_install import install, uninstall

    if args.action == "install":
        change = install(args.agent, args.project_dir, args.statusline, args.force)
    else:
        change = uninstall(args.agent, args.project_dir, args.statusline)
    print(change.summary())
    return 0
