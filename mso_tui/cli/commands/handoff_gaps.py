"""`mso handoff gaps|pin|unpin|use`: what a handoff left out, pinned items, and the version that is delivered."""
from __future__ import annotations

import argparse
import sys

from mso_tui.cli.common import UserError, open_store, positive_int, print_json
from mso_tui.records import HandoffRecord


def register_account(sub: argparse._SubParsersAction) -> None:
    """Add the four subcommands to `mso handoff`."""
    gaps = sub.add_parser("gaps", help="the session inventory items a handoff left out, by class, with their turn")
    gaps.add_argument("project")
    gaps.add_argument("--session", type=positive_int, help="session N's latest handoff (default: the delivered one)")
    gaps.add_argument("--json", action="store_true")
    gaps.set_defaults(func=cmd_gaps)

    pin = sub.add_parser("pin", help="carry an item into this and every later handoff until unpinned or closed")
    pin.add_argument("project")
    pin.add_argument("text")
    pin.set_defaults(func=cmd_pin)

    unpin = sub.add_parser("unpin", help="stop carrying a pinned item (by its text or id)")
    unpin.add_argument("project")
    unpin.add_argument("key", metavar="TEXT-or-ID")
    unpin.set_defaults(func=cmd_unpin)

    use = sub.add_parser("use", help="deliver handoff VERSION to the next sessions (`latest`: the default again)")
    use.add_argument("project")
    use.add_argument("version", help="the version number the viewer shows (handoff N/M), or `latest`")
    use.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    use.set_defaults(func=cmd_use)


def cmd_gaps(args: argparse.Namespace) -> int:
    """Print what the handoff did not carry, grouped by class, each with its turn."""
    from mso_tui.fmt import safe_line
    from mso_tui.handoff.coverage import by_class_text, group_left_out, share_text
    from mso_tui.services import pins

    open_store()
    record = pins.gaps(args.project, args.session)
    pinned = pins.list_pins(args.project)
    groups = group_left_out(record.left_out)
    if args.json:
        print_json({"handoff_id": record.id, "session": record.session_number, "measured": record.measured,
                    "coverage": record.coverage if record.measured else None,
                    "coverage_by_class": record.coverage_by_class, "left_out": groups,
                    "pinned": [{"id": p.id, "text": p.text, "class": p.cls, "seq": p.seq} for p in pinned]})
        return 0
    if not record.measured:
        print(f"the handoff of session {record.session_number or '-'} was written before the session inventory: "
              f"make a new version (mso handoff generate {args.project} --session {record.session_number or 1}) "
              "to see what it leaves out")
        return 0
    print(f"handoff of session {record.session_number or '-'}: {by_class_text(record.coverage_by_class)} "
          f"({share_text(record.coverage)})")
    if not groups:
        print("nothing left out")
    for cls, items in groups.items():
        print(f"\n{cls} ({len(items)} left out)")
        for item in items:
            detail = f" [{safe_line(str(item['detail']))}]" if item.get("detail") else ""
            print(f"  turn {item.get('seq', 0):>5}  {safe_line(str(item['text']))[:160]}{detail}")
    if pinned:
        print("\npinned (carried into every handoff):")
        for p in pinned:
            print(f"  #{p.id}  {safe_line(p.text)[:160]}")
    return 0


def cmd_pin(args: argparse.Namespace) -> int:
    """Pin an item; the delivered handoff carries it at once, every later one after it."""
    from mso_tui.services import delivery, pins

    open_store()
    current = delivery.delivered_handoff(args.project)
    found = next((i for i in (current.left_out if current else ()) if i.get("text") == " ".join(args.text.split())), {})
    record = pins.pin(args.project, args.text, str(found.get("cls", "")), int(found.get("seq", 0) or 0),
                      handoff_id=current.id if current else None)
    print(f"pinned #{record.id}: carried into every handoff of {args.project} until unpinned or resolved")
    return 0


def cmd_unpin(args: argparse.Namespace) -> int:
    """Unpin an item by text or id."""
    from mso_tui.services import delivery, pins

    open_store()
    current = delivery.delivered_handoff(args.project)
    record = pins.unpin(args.project, args.key, handoff_id=current.id if current else None)
    print(f"unpinned #{record.id}: later handoffs no longer carry it")
    return 0


def cmd_use(args: argparse.Namespace) -> int:
    """Deliver a chosen version (after confirmation), or go back to the latest completed session's."""
    from mso_tui.services import delivery

    open_store()
    if args.version == "latest":
        record = delivery.use_version(args.project, None)
        print(f"delivering the latest completed session's handoff again (session {_session(record)})")
        return 0
    try:
        version = int(args.version)
    except ValueError:
        raise UserError(f"VERSION must be a number or `latest` (got {args.version!r})") from None
    chosen = delivery.version_of(args.project, version)
    question = (f"Deliver handoff version {version} (written after session {_session(chosen)}, "
                f"{chosen.created_at:%Y-%m-%d %H:%M}) to every next session of {args.project}?")
    if not args.yes:
        if not sys.stdin.isatty():
            raise UserError(f"{question} Pass --yes to confirm (stdin is not a terminal)")
        if input(f"{question} [y/N] ").strip().lower() not in ("y", "yes"):
            print("nothing changed")
            return 0
    delivery.use_version(args.project, version)
    print(f"delivering handoff version {version} (session {_session(chosen)}) until `mso handoff use "
          f"{args.project} latest`")
    return 0


def _session(record: HandoffRecord | None) -> str:
    """The session number a handoff came from, as text."""
    return str(record.session_number) if record is not None and record.session_number else "-"


def version_note(project: str, record: HandoffRecord) -> str:
    """After a (re)generation: which session's new version this is, and whether it is the one delivered."""
    from mso_tui.services import delivery

    delivered = delivery.delivered_handoff(project)
    if delivered is not None and delivered.id == record.id:
        return f"mso: new version of session {_session(record)}'s handoff; it is the one delivered to the next session"
    return (f"mso: new version of session {_session(record)}'s handoff; the next session still gets session "
            f"{_session(delivered)}'s (choose another with `mso handoff use`)")
