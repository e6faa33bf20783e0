"""`mso import`'s plan in words: each file's project and session, and the yes a join of an existing session needs."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from mso_tui.cli.common import UserError

SHOW = 20  # files listed beyond the joins (every join is listed)


def _place_line(place: Any) -> str:
    """One conversation's destination, as the plan prints it."""
    project = f"{place.project} (new project)" if place.project_new else place.project
    if place.state == "joins":
        where = f"{project} #{place.session} (EXISTING session: joins it)"
    elif place.state == "continues":
        where = f"{project} #{place.session} (existing session: the same conversation, continued)"
    else:
        where = f"{project}, a new session"
    return f"  {Path(place.file).name or place.file} → {where}"


def print_plan(preview: Any, stream: Any) -> None:
    """Where each new conversation would go: every join, then the others up to SHOW."""
    joins = preview.joins
    others = [p for p in preview.placements if p.state != "joins"]
    print(f"plan: {len(preview.placements)} conversations from the files, "
          f"{len(joins)} joining existing sessions; {preview.unchanged} files unchanged", file=stream)
    for place in joins + others[:SHOW]:
        print(_place_line(place), file=stream)
    if len(others) > SHOW:
        print(f"  ... and {len(others) - SHOW} more (see --dry-run --json)", file=stream)


def agreed(yes: bool, preview: Any) -> bool:
    """Whether conversations may join existing sessions: none would, --yes, or a yes typed at the terminal."""
    if not preview.joins or yes:
        return True
    sessions = ", ".join(preview.joined_sessions())
    question = f"{len(preview.joins)} conversation(s) would join existing session(s) {sessions}."
    if not sys.stdin.isatty():
        raise UserError(f"{question} Pass --yes to attach them, or see the plan with --dry-run "
                        "(stdin is not a terminal; nothing imported)")
    print(f"{question} Attach them? [y/N] ", end="", file=sys.stderr, flush=True)
    return sys.stdin.readline().strip().lower() in ("y", "yes")
