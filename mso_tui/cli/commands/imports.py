"""`mso import`: transcripts from paths, from discovery, or a conversation pasted on stdin."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from mso_tui.cli.commands.import_plan_text import agreed, print_plan
from mso_tui.cli.common import FileProgress, UserError, open_store, print_json, read_stdin, user_path

SHOW_ERRORS = 20


def _mb(n: int) -> str:
    """Bytes as megabytes with one decimal."""
    return f"{n / 1e6:.1f} MB"


def _print_counts(counts: dict[str, tuple[int, int]], title: str) -> None:
    """Files and bytes per format, on stderr (stdout stays clean for --json)."""
    print(title, file=sys.stderr)
    if not counts:
        print("  nothing found", file=sys.stderr)
    for fmt, (files, size) in counts.items():
        print(f"  {fmt:<12} {files:>6} files  {_mb(size):>10}", file=sys.stderr)


def _print_report(report: Any) -> None:
    """A human summary: totals, unchanged files, errors (first 20 then a count), unpriced models."""
    print(f"imported {report.files} files: {report.turns} turns, {report.usage_events} usage events "
          f"into {report.sessions} sessions ({report.sessions_created} new)")
    placements = getattr(report, "placements", [])
    for place in placements[:SHOW_ERRORS]:
        state = "new session" if place["new"] else "EXISTING session"
        print(f"  {Path(place['file']).name or place['file']} → {place['project']} #{place['session']} ({state})")
    if len(placements) > SHOW_ERRORS:
        print(f"  ... and {len(placements) - SHOW_ERRORS} more files (see --json placements)")
    if report.unchanged:
        print(f"{report.unchanged} files unchanged since the last import")
    if report.by_other_run:
        print(f"{report.by_other_run} of them imported meanwhile by another mso run (skipped here)")
    if report.skipped_lines:
        print(f"{report.skipped_lines} lines skipped")
    if report.unreadable:
        print(f"{len(report.unreadable)} paths could not be read:")
        for line in report.unreadable[:SHOW_ERRORS]:
            print(f"  {line}")
    for err in report.errors[:SHOW_ERRORS]:
        print(f"  {err['file']}:{err['line']}: {err['reason']}")
    if report.errors_total > SHOW_ERRORS:
        print(f"  ... and {report.errors_total - SHOW_ERRORS} more errors (see --json)")
    if report.unpriced_models:
        print(f"unpriced models (cost not counted): {', '.join(report.unpriced_models)}")


def _paste(args: argparse.Namespace) -> int:
    """Read a conversation from stdin, show what was detected, then store it."""
    from mso_tui.importers.text import detect
    from mso_tui.services.imports import import_text

    text = read_stdin()
    if not text.strip():
        raise UserError("--paste: nothing on stdin")
    found = detect(text)
    speakers = ", ".join(found.speakers) or "none (kept as one context turn)"
    open_store()
    report = import_text(text, args.project, args.session, source="paste")
    # said once the paste is stored: a refused paste (no such session) is then one line, the error alone
    print(f"detected {found.turns} turns ({found.user_turns} user, {found.assistant_turns} assistant); "
          f"speakers: {speakers}", file=sys.stderr)
    print_json(report.to_json()) if args.json else _print_report(report)
    return 0


def _handler(args: argparse.Namespace) -> int:
    from mso_tui.errors import MsoError

    if args.paste:
        if args.paths:
            raise UserError("--paste reads stdin: give no PATH with it")
        return _paste(args)
    if args.session is not None:
        raise UserError("--session works with --paste (files attach by their own session ids)")
    paths = [user_path(p) for p in args.paths]
    for path in paths:
        if not path.exists():
            raise UserError(f"{path}: no such file or folder")
    if not paths and not args.discover:
        raise UserError("give a PATH to import, or --discover, or --paste")
    if args.format:
        from mso_tui.importers.registry import UnknownFormat, by_format

        try:
            by_format(args.format)
        except UnknownFormat as exc:
            raise UserError(str(exc)) from None
    open_store()
    if args.discover:
        from mso_tui.services.imports import discover_importable

        found = discover_importable()
        _print_counts(found.counts(), "found on this machine:")
        paths += [f.path for f in found.found]
    try:
        return _run(args, paths)
    except MsoError as exc:
        raise UserError(str(exc)) from None


def _dry_run(args: argparse.Namespace, paths: list[Path]) -> int:
    """List what would be imported (format per file) and where each conversation would go; write nothing."""
    from mso_tui.services.import_preview import preview_paths
    from mso_tui.services.imports import collect

    unreadable: list[str] = []
    files = collect(paths, args.format, unreadable)
    for line in unreadable:
        print(f"mso: {line}", file=sys.stderr)
    counts: dict[str, tuple[int, int]] = {}
    for path, module in files:
        key = module.FORMAT if module else "(not a transcript)"
        n, size = counts.get(key, (0, 0))
        counts[key] = (n + 1, size + path.stat().st_size)
    preview = preview_paths(paths, args.project, args.format)
    if args.json:
        print_json({"files": [{"path": str(p), "format": m.FORMAT if m else None} for p, m in files],
                    "counts": {k: {"files": v[0], "bytes": v[1]} for k, v in counts.items()},
                    "placements": [p.to_json() for p in preview.placements], "joins": len(preview.joins)})
    else:
        for path, module in files:
            print(f"{module.FORMAT if module else '-':<12} {path}")
        _print_counts(dict(sorted(counts.items())), "would import:")
        print_plan(preview, sys.stdout)
    return 0


def _run(args: argparse.Namespace, paths: list[Path]) -> int:
    """Dry run, or the plan (agreed to when it joins existing sessions) and then the import, with progress."""
    from mso_tui.services.import_preview import preview_paths
    from mso_tui.services.imports import import_paths

    if args.dry_run:
        return _dry_run(args, paths)
    reading = FileProgress("reading for the plan")
    preview = preview_paths(paths, args.project, args.format, progress=reading)
    reading.close()
    if preview.placements and not args.json:
        print_plan(preview, sys.stdout)
        sys.stdout.flush()
    elif preview.joins and not args.yes and sys.stdin.isatty():  # --json: stdout stays JSON, the question shows why
        print_plan(preview, sys.stderr)
    if not agreed(args.yes, preview):
        print("nothing imported")
        return 1
    progress = FileProgress("importing")
    # what the user saw is what is done: a session started since the plan is not joined without a yes
    report = import_paths(paths, project=args.project, format=args.format, progress=progress,
                          join_running=bool(preview.joins))
    progress.close()
    if report.unreadable and not (report.files or report.unchanged or report.unrecognised):
        more = f" (and {len(report.unreadable) - 1} more)" if len(report.unreadable) > 1 else ""
        raise UserError(f"nothing could be read: {report.unreadable[0]}{more}")
    print_json(report.to_json()) if args.json else _print_report(report)
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add `mso import`."""
    from mso_tui.cli.common import nonempty, positive_int

    p = subparsers.add_parser(
        "import", help="import agent transcripts (files, folders, discovery, paste)",
        description="Import agent transcripts. The plan (each file -> project, new or existing session) is "
                    "printed before anything is written. A conversation continues the session it was imported "
                    "into before; one that names its agent session and falls in a running session would join "
                    "it: that needs a yes at the terminal or --yes (without a terminal and without --yes: "
                    "exit 2, nothing imported; answering no: exit 1). A file with no session id (SpecStory, "
                    "aider) always becomes a new session; --paste goes into the running session of --project, "
                    "or session N with --session.")
    p.add_argument("paths", nargs="*", type=nonempty, metavar="PATH", help="transcript files or folders (walked)")
    p.add_argument("--discover", action="store_true",
                   help="find Claude Code, Codex, Gemini, aider and SpecStory transcripts on this machine")
    p.add_argument("--dry-run", action="store_true",
                   help="list the files and where each conversation would go (project, session new or "
                        "existing), import nothing")
    p.add_argument("--yes", action="store_true",
                   help="agree to conversations joining existing sessions (without it: asked at a terminal, "
                        "refused with exit 2 when stdin is not one)")
    p.add_argument("--paste", action="store_true", help="read a pasted web-chat conversation from stdin")
    p.add_argument("--format", type=nonempty, metavar="F",
                   help="read every file as this format (e.g. text for a saved paste)")
    p.add_argument("--project", type=nonempty, metavar="NAME", help="attach to this project (created if missing)")
    p.add_argument("--session", type=positive_int, metavar="N", help="with --paste: add to session N")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(func=_handler)
