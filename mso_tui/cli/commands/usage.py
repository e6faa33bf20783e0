"""`mso usage`: tokens and cost from the store, or straight from agent folders (--claude-dir/--codex-dir)."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Callable

from mso_tui.cli.commands.usage_table import print_table as _print_table
from mso_tui.cli.common import UserError, nonempty, open_store, print_json, user_path


def _dirs(values: list[str] | None, what: str) -> list[Path]:
    """Existing folders from repeated --claude-dir/--codex-dir options; a missing one is one clear line."""
    out = []
    for value in values or []:
        path = user_path(value)
        if not path.is_dir():
            raise UserError(f"{what} {value}: no such folder")
        out.append(path)
    return out


SHOW_PROBLEMS = 20


def _problem_lines(problems: list[str]) -> list[str]:
    """What the scan could not count or read, for stderr: the first 20, then how many more."""
    def printable(text: str) -> str:  # a path may hold control characters: never sent to the terminal
        return "".join(c if c.isprintable() else f"\\x{ord(c):02x}" for c in text)

    lines = [f"mso: {printable(p)}" for p in problems[:SHOW_PROBLEMS]]
    if len(problems) > SHOW_PROBLEMS:
        lines.append(f"mso: ... and {len(problems) - SHOW_PROBLEMS} more")
    return lines


def _scan_output(args: argparse.Namespace, claude: list[Path], codex: list[Path]
                 ) -> tuple[str, str, list[str], list[tuple], Callable[[], None]]:
    """The text `mso usage` prints for agent folders, a note, the problems, the fine rows, and what waits
    for the scan's caches being written (the caller calls it before it ends).

    Saved for replay when nothing changes and nothing was left unread."""
    import io
    import time
    from contextlib import redirect_stdout

    from mso_tui.usage.replay import note, remember
    from mso_tui.usage.report import build_report, parse_since, parse_zone  # no store, no peewee
    from mso_tui.usage.scan import scan
    from mso_tui.usage.tree import list_tree

    started = time.perf_counter()
    since, until = parse_since(args.since), parse_since(args.until, "--until")
    parse_zone(args.timezone)  # a bad zone is refused before anything is read
    claude_dirs, codex_dirs = [str(d.resolve()) for d in claude], [str(d.resolve()) for d in codex]
    unreadable: list[str] = []
    listed = list_tree(claude_dirs, codex_dirs, unreadable)
    rows, unpriced, stats = scan(use_cache=not args.no_cache, listed=listed, later=True)
    try:
        problems = unreadable + stats.problems
        unread = len(unreadable) + sum(": cannot read:" in p for p in stats.problems)
        report = build_report(rows, by=args.by, since=since, source="scan", unpriced=unpriced,
                              until=until, timezone=args.timezone, project=args.project, breakdown=args.breakdown)
        buffer = io.StringIO()
        with redirect_stdout(buffer):
            print_json(report.to_json()) if args.json else _print_table(report)
        from mso_tui.redaction.gate import clean

        text = clean(buffer.getvalue())  # remembered already gated: the replay prints it as it is
        # a replay prints no problems: a run with any is never saved for one; an active block changes with the
        # clock (with none active, only new usage, which changes the tree, can change the blocks)
        active = any(r.block and r.block.get("active") for r in report.rows)
        if not args.no_cache and getattr(args, "argv", None) is not None and not problems and not active \
                and not args.check:
            remember(args.argv, claude_dirs, codex_dirs, listed[1], text, table=not args.json)
        readable = stats.files - sum(": cannot read:" in p for p in stats.problems)
        if unread and not readable:
            more = f" (and {unread - 1} more)" if unread > 1 else ""
            raise UserError(f"nothing could be read: {problems[0]}{more}")
    except BaseException:
        stats.saved()  # the caches are whole before the error is shown
        raise
    return text, note(stats.files, stats.files_read, time.perf_counter() - started), problems, rows, stats.saved


def _handler(args: argparse.Namespace) -> int:
    from mso_tui.errors import InvalidInput

    claude, codex = _dirs(args.claude_dir, "--claude-dir"), _dirs(args.codex_dir, "--codex-dir")
    try:
        if claude or codex:
            text, note, problems, rows, saved = _scan_output(args, claude, codex)
            try:
                sys.stdout.write(text)
                for line in _problem_lines(problems):
                    print(line, file=sys.stderr)
                if not args.json:
                    print(note, file=sys.stderr)
            finally:
                saved()
            return _check(args, rows) if args.check else 0
        from mso_tui.services.usage import usage_report

        open_store()
        report = usage_report(since=args.since, by=args.by, until=args.until, timezone=args.timezone,
                              project=args.project, breakdown=args.breakdown)
    except InvalidInput as exc:
        raise UserError(str(exc)) from None
    print_json(report.to_json()) if args.json else _print_table(report)
    return _check(args) if args.check else 0


def _check(args: argparse.Namespace, scan_rows: list[tuple] | None = None) -> int:
    """--check: each budget at 80 % or more as a line on stderr; status 3 when one is at 100 % or more."""
    import datetime as dt

    from mso_tui.services.budgets import budget_statuses, list_budgets
    from mso_tui.usage.budgets import describe, statuses
    from mso_tui.usage.report import parse_zone

    open_store()  # budgets live in the store, whichever usage they are measured on
    if scan_rows is None:
        found = budget_statuses(timezone=args.timezone)
    else:  # agent folders: overall and project budgets on the scanned usage (no accounts there)
        usage = [(r[0], r[1], r[9], r[8]) for r in scan_rows]
        found = statuses([b for b in list_budgets() if b.scope != "account"], usage, dt.datetime.now(dt.timezone.utc),
                         parse_zone(args.timezone))
    for s in found:
        if s.level != "ok":
            print(f"mso: budget {describe(s)}", file=sys.stderr)
    return 3 if any(s.level == "over" for s in found) else 0


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add `mso usage`."""
    p = subparsers.add_parser("usage", help="token usage and cost by session, period, block, model or project")
    p.add_argument("--since", type=nonempty, metavar="DATE", help="only usage on or after this day (YYYY-MM-DD)")
    p.add_argument("--until", type=nonempty, metavar="DATE", help="only usage on or before this day (YYYY-MM-DD)")
    p.add_argument("--by", choices=("session", "day", "week", "month", "block", "model", "project"),
                   default="session", help="grouping (block: the 5-hour billing windows; weeks start on Monday)")
    p.add_argument("--timezone", type=nonempty, metavar="ZONE",
                   help="count days, weeks and months in this zone (e.g. UTC, Europe/Paris); default the system's")
    p.add_argument("--project", type=nonempty, metavar="NAME",
                   help="only this project (its name, folder or folder's last part)")
    p.add_argument("--breakdown", action="store_true", help="one line per model inside each row")
    p.add_argument("--check", action="store_true",
                   help="exit 3 when a budget (mso budget) is exceeded; budgets at 80 %% or more are named on stderr")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.add_argument("--claude-dir", action="append", type=nonempty, metavar="DIR",
                   help="read a Claude config folder (holding projects/) or a projects/ folder directly")
    p.add_argument("--codex-dir", action="append", type=nonempty, metavar="DIR",
                   help="read a Codex home (holding sessions/) or a sessions/ folder directly")
    p.add_argument("--no-cache", action="store_true", help="with --claude-dir/--codex-dir: ignore the scan cache")
    p.set_defaults(func=_handler)
