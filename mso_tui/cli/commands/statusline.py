"""`mso statusline` in `mso --help` (the command itself runs from cli.main without argparse: it must be fast)."""
from __future__ import annotations

import argparse


def _handler(args: argparse.Namespace) -> int:
    from mso_tui.cli.statusline import main

    return main(["--refresh", args.refresh] if args.refresh is not None else [])


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add `mso statusline`."""
    p = subparsers.add_parser("statusline", help="one line for Claude Code's status bar (its JSON on stdin)")
    p.add_argument("--refresh", metavar="SESSION_ID", nargs="?", const="",
                   help="rewrite the cached store figures (the line starts this itself when they are stale)")
    p.set_defaults(func=_handler)
