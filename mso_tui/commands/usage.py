"""`mso usage`: tokens and cost from the store, or straight from agent folders (--claude-dir/--codex-dir)."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path
TYPE_CHECKING = False  # typing is imported for type checkers only: a warm `mso usage` start counts every ms
if TYPE_CHECKING:
    from typing import Any

from mso_tui.commands.common import UserError, nonempty, open_store, print_json
from mso_tui.fmt import short_tokens


def _dirs(values: list[str] | None, what: str) -> list[Path]:
    """Existing folders from repeated --claude-dir/--codex-dir options; a missing one is one clear line."""
    out = []
    for value in values or []:
        path = Path(value).expanduser()
        if not path.is_dir():
            raise UserError(f"{what} {value}: no such folder")
        out.append(path)
    return out


def _print_table(report: Any) -> None:
    """The report as an aligned table with a totals line and an unpriced line."""
    head = f"{report.by:<40} {'input':>9} {'output':>9} {'cache wr':>9} {'cache rd':>9} {'cost $':>10}  models"
    print(head)
    print("-" * len(head))
    for row in report.rows:
        t = row.tokens
        print(f"{row.key[-40:]:<40} {short_tokens(t.input_tokens):>9} {short_tokens(t.output_tokens):>9} "
              f"{short_tokens(t.cache_creation_tokens):>9} {short_tokens(t.cache_read_tokens):>9} {t.cost_usd:>10.2f}  "
              f"{', '.join(row.models)}")
    t = report.totals
    print("-" * len(head))
    print(f"{'total':<40} {short_tokens(t.input_tokens):>9} {short_tokens(t.output_tokens):>9} "
          f"{short_tokens(t.cache_creation_tokens):>9} {short_tokens(t.cache_read_tokens):>9} {t.cost_usd:>10.2f}")
    if report.unpriced_models:
        print(f"unpriced (cost not counted): {', '.join(report.unpriced_models)}")


SHOW_PROBLEMS = 20


def _problem_lines(problems: list[str]) -> list[str]:
    """What the scan could not count or read, for stderr: the first 20, then how many more."""
    def printable(text: str) -> str:  # a path may hold control characters: never sent to the terminal
        return "".join(c if c.isprintable() else f"\\x{ord(c):02x}" for c in text)

    lines = [f"mso: {printable(p)}" for p in problems[:SHOW_PROBLEMS]]
    if len(problems) > SHOW_PROBLEMS:
        lines.append(f"mso: ... and {len(problems) - SHOW_PROBLEMS} more")
    return lines


def _scan_output(args: argparse.Namespace, claude: list[Path], codex: list[Path]) -> tuple[str, str, list[str], int]:
    """The text `mso usage` prints for agent folders, a note, the problems and the files read.

    Saved for replay when nothing changes and nothing was left unread."""
    import io
    import time
    from contextlib import redirect_stdout

    from mso_tui.data.usage_report import FineRow, build_report, parse_since  # no store, no peewee
    from mso_tui.usage_replay import note, remember
    from mso_tui.usage_scan import scan
    from mso_tui.usage_tree import list_tree

    started = time.perf_counter()
    since = parse_since(args.since)
    claude_dirs, codex_dirs = [str(d.resolve()) for d in claude], [str(d.resolve()) for d in codex]
    unreadable: list[str] = []
    listed = list_tree(claude_dirs, codex_dirs, unreadable)
    rows, unpriced, stats = scan(use_cache=not args.no_cache, listed=listed)
    problems = unreadable + stats.problems
    unread = len(unreadable) + sum(": cannot read:" in p for p in stats.problems)
    report = build_report([FineRow(*r) for r in rows], by=args.by, since=since, source="scan", unpriced=unpriced)
    buffer = io.StringIO()
    with redirect_stdout(buffer):
        print_json(report.to_json()) if args.json else _print_table(report)
    from mso_tui.output_gate import clean

    text = clean(buffer.getvalue())  # remembered already gated: the replay prints it as it is
    # a replay prints no problems: a run with any is never saved for one
    if not args.no_cache and getattr(args, "argv", None) is not None and not problems:
        remember(args.argv, claude_dirs, codex_dirs, listed[1], text, table=not args.json)
    readable = stats.files - sum(": cannot read:" in p for p in stats.problems)
    if unread and not readable:
        raise UserError(f"nothing could be read: {problems[0]}" + (f" (and {unread - 1} more)" if unread > 1 else ""))
    return text, note(stats.files, stats.files_read, time.perf_counter() - started), problems, readable


def _handler(args: argparse.Namespace) -> int:
    from mso_tui.errors import InvalidInput

    claude, codex = _dirs(args.claude_dir, "--claude-dir"), _dirs(args.codex_dir, "--codex-dir")
    try:
        if claude or codex:
            text, note, problems, _ = _scan_output(args, claude, codex)
            sys.stdout.write(text)
            for line in _problem_lines(problems):
                print(line, file=sys.stderr)
            if not args.json:
                print(note, file=sys.stderr)
            return 0
        from mso_tui.data.services.usage import usage_report

        open_store()
        report = usage_report(since=args.since, by=args.by)
    except InvalidInput as exc:
        raise UserError(str(exc)) from None
    print_json(report.to_json()) if args.json else _print_table(report)
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add `mso usage`."""
    p = subparsers.add_parser("usage", help="token usage and cost by session, day or project")
    p.add_argument("--since", type=nonempty, metavar="DATE", help="only usage on or after this day (YYYY-MM-DD)")
    p.add_argument("--by", choices=("session", "day", "project"), default="session", help="grouping")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.add_argument("--claude-dir", action="append", type=nonempty, metavar="DIR",
                   help="read a Claude config folder (holding projects/) or a projects/ folder directly")
    p.add_argument("--codex-dir", action="append", type=nonempty, metavar="DIR",
                   help="read a Codex home (holding sessions/) or a sessions/ folder directly")
    p.add_argument("--no-cache", action="store_true", help="with --claude-dir/--codex-dir: ignore the scan cache")
    p.set_defaults(func=_handler)
