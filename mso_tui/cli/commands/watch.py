"""`mso watch`: follow the agents' transcript folders, import what is appended, say when a session waits."""
from __future__ import annotations

import argparse
import sys

from mso_tui.cli.common import UserError, open_store, user_path


def _watch(args: argparse.Namespace) -> int:
    import threading

    from mso_tui.services.watch import default_roots, follow

    open_store()
    roots = [user_path(p) for p in args.paths] if args.paths else default_roots()
    missing = [str(p) for p in roots if not p.exists()]
    if missing:
        raise UserError(f"{missing[0]}: no such folder")
    if not roots:
        raise UserError("no agent transcript folder found (~/.claude/projects, ~/.codex/sessions, ~/.gemini/tmp); "
                        "name the folders to watch")
    print(f"watching {', '.join(map(str, roots))} (Ctrl-C stops)", file=sys.stderr, flush=True)

    def on_import(report) -> None:  # ImportReport
        if report.turns or report.usage_events:
            print(f"imported {report.turns} turn(s), {report.usage_events} usage event(s) "
                  f"into {report.sessions} session(s)", flush=True)
        for error in report.errors[:3]:
            print(f"note: {error['file']}:{error['line']}: {error['reason']}", file=sys.stderr, flush=True)

    def on_states(changes) -> None:  # list[StateChange]
        for change in changes:
            print(f"session {change.number} of {change.project}: {change.state}", flush=True)

    follow(roots, threading.Event(), on_import, on_states, poll=True if args.poll else None)
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    """Add `watch`."""
    p = sub.add_parser("watch", help="follow the agents' transcript folders and import what is appended")
    p.add_argument("paths", nargs="*", help="folders or files to follow (default: the agents' own folders)")
    p.add_argument("--poll", action="store_true", help="poll instead of using the system's file events")
    p.set_defaults(func=_watch)
