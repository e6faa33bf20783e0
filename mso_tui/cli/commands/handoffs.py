"""`mso handoff show|generate|export|troubleshoot`: the handoff engine from the command line."""
from __future__ import annotations

import argparse
import sys

from mso_tui.cli.common import UserError, nonempty, open_store, positive_int, print_json


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `handoff` command and its subcommands."""
    parser = subparsers.add_parser("handoff", help="show, generate, export handoffs")
    sub = parser.add_subparsers(dest="handoff_command", metavar="ACTION", required=True)

    show = sub.add_parser("show", help="print a handoff's master prompt (the latest by default)")
    show.add_argument("project")
    show.add_argument("--session", type=positive_int, help="the handoff written after session N")
    show.add_argument("--json", action="store_true", help="the stored record as JSON")
    show.set_defaults(func=cmd_show)

    gen = sub.add_parser("generate", help="(re)generate the handoff of a session (the latest by default)")
    gen.add_argument("project")
    gen.add_argument("--session", type=positive_int)
    llm = gen.add_mutually_exclusive_group()
    llm.add_argument("--llm", dest="llm", action="store_true", default=None, help="use the configured LLM")
    llm.add_argument("--no-llm", dest="llm", action="store_false", help="extractive only (the default)")
    gen.add_argument("--model", type=nonempty, help="LLM model id (implies --llm)")
    gen.add_argument("--base-url", type=nonempty, help="OpenAI-compatible server URL (implies --llm)")
    gen.add_argument("--json", action="store_true")
    gen.set_defaults(func=cmd_generate)

    export = sub.add_parser("export", help="write the latest handoff's master prompt to a file")
    export.add_argument("project")
    export.add_argument("path", type=nonempty)
    export.add_argument("--session", type=positive_int)
    export.set_defaults(func=cmd_export)

    from mso_tui.cli.commands.handoff_gaps import register_account

    register_account(sub)

    trouble = sub.add_parser("troubleshoot", help="a focused fix-and-resolve prompt for the latest unresolved errors")
    trouble.add_argument("project")
    trouble.add_argument("--session", type=positive_int)
    trouble.set_defaults(func=cmd_troubleshoot)


def cmd_show(args: argparse.Namespace) -> int:
    """Print the master prompt, or the record as JSON."""
    from mso_tui.services import handoffs

    open_store()
    record = handoffs.get_handoff(args.project, args.session)
    if args.json:
        print_json(record)
    else:
        sys.stdout.write(record.master_prompt)
    return 0


def cmd_generate(args: argparse.Namespace) -> int:
    """Generate and store a handoff; print it (streaming LLM text to stderr as it comes)."""
    from dataclasses import replace

    from mso_tui.config import load_settings
    from mso_tui.services import handoffs

    settings = load_settings()
    use_llm = bool(args.llm) or (args.llm is None and bool(args.model or args.base_url))
    if args.model or args.base_url:
        llm = replace(settings.llm, model=args.model or settings.llm.model,
                      base_url=args.base_url or settings.llm.base_url)
        settings = replace(settings, llm=llm)
    if use_llm and not settings.llm.model:
        raise UserError("no LLM model configured: pass --model or set [llm] model in the config file")
    open_store()
    session_id = handoffs.session_to_hand_off(args.project, args.session)

    def show(chunk: str) -> None:
        sys.stderr.write(chunk)
        sys.stderr.flush()

    on_text = show if use_llm and sys.stderr.isatty() else None
    record = handoffs.generate_for_session(session_id, use_llm=use_llm, settings=settings, on_text=on_text)
    if args.json:
        print_json(record)
    else:
        sys.stdout.write(record.master_prompt)
        if record.notes:
            print(f"mso: {record.notes}", file=sys.stderr)
    from mso_tui.cli.commands.handoff_gaps import version_note

    print(version_note(args.project, record), file=sys.stderr)
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    """Write the master prompt to PATH."""
    from mso_tui.services import handoffs

    open_store()
    path = handoffs.export_handoff(args.project, args.path, args.session)
    print(f"wrote {path}")
    return 0


def cmd_troubleshoot(args: argparse.Namespace) -> int:
    """Print a fix-and-resolve prompt for the latest unresolved errors."""
    from mso_tui.services.handoffs import troubleshoot_prompt

    open_store()
    sys.stdout.write(troubleshoot_prompt(args.project, args.session))
    return 0
