"""`mso session start|complete|list|show|objective`."""
from __future__ import annotations

import argparse

from mso_tui.cli.common import non_negative_float, nonempty, open_store, positive_int, print_json
from mso_tui.fmt import tokens_cost


def _start(args: argparse.Namespace) -> int:
    from mso_tui.services.sessions import start_session

    open_store()
    result = start_session(args.project, args.objective or [], type=args.type, agent=args.agent,
                           account=args.account, title=args.title or "", parallel=args.parallel,
                           credit_budget=args.budget)
    from mso_tui.services.agent_context import deliver_to_agent

    delivered = deliver_to_agent(result.session, result.handoff)
    if args.json:
        print_json({"session": result.session, "handoff": result.handoff, "delivered_to": delivered})
        return 0
    session = result.session
    import sys

    if delivered:
        print(f"handoff delivered to {delivered}", file=sys.stderr)

    print(f"started session {session.number} of {session.project_name}", file=sys.stderr)
    if result.missing_handoff is not None:
        older = f"the one of session {result.handoff.session_number}" if result.handoff else "none"
        print(f"mso: note: session {result.missing_handoff} has no handoff, so this is {older}; write it with: "
              f"mso handoff generate {session.project_name} --session {result.missing_handoff}", file=sys.stderr)
    if result.handoff is None:
        print("(first session of this project: no previous handoff)", file=sys.stderr)
    else:
        # the handoff goes to stdout alone, so `mso session start P > prompt.md` or a pipe gets just it
        print(result.handoff.master_prompt)
    return 0


def _complete(args: argparse.Namespace) -> int:
    from mso_tui.services.sessions import complete_session

    open_store()
    record = complete_session(args.project, args.session, accomplishments=args.accomplished or [],
                              blockers=args.blocker or [], done=args.done or [], credits=args.credits,
                              status=args.status, notes=args.notes or "", use_llm=bool(args.llm),
                              resolved=args.resolved or [])
    if args.json:
        print_json(record)
        return 0
    done = sum(o.done for o in record.objectives)
    print(f"completed session {record.number} of {record.project_name}: {record.status}, "
          f"{done}/{len(record.objectives)} objectives, handoff #{record.generated_handoff_id or '-'} written")
    return 0


def _list(args: argparse.Namespace) -> int:
    from mso_tui.services.sessions import list_sessions

    open_store()
    records = list_sessions(args.project)
    if args.json:
        print_json(records)
        return 0
    print(f"{'#':>3} {'status':<11} {'type':<12} {'agent':<11} {'started':<16} {'obj':>5} {'tokens':>9} {'cost $':>14}")
    for r in records:
        obj = f"{sum(o.done for o in r.objectives)}/{len(r.objectives)}"
        print(f"{r.number:>3} {r.status:<11} {r.type:<12} {r.agent:<11} {r.started_at:%Y-%m-%d %H:%M} "
              f"{obj:>5} {r.tokens.total:>9} {tokens_cost(r.tokens, sign=''):>14}")
    return 0


def _show(args: argparse.Namespace) -> int:
    from mso_tui.services.sessions import get_session

    open_store()
    r = get_session(args.project, args.session)
    if args.json:
        print_json(r)
        return 0
    print(f"session {r.number} of {r.project_name} ({r.status}, {r.type}, {r.agent})")
    for i, o in enumerate(r.objectives, 1):
        print(f"  {i}. [{'x' if o.done else ' '}] {o.text}")
    for a in r.accomplishments:
        print(f"  + {a}")
    for b in r.blockers:
        print(f"  ! {b}")
    print(f"  turns {r.turn_count}, tokens {r.tokens.total}, cost {tokens_cost(r.tokens)}, credits {r.credits_used:g}")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    """Add the `session` command group."""
    group = sub.add_parser("session", help="start, complete and list sessions")
    cmds = group.add_subparsers(dest="session_command", metavar="ACTION", required=True)
    p = cmds.add_parser("start", help="start the next session; prints the loaded handoff")
    p.add_argument("project")
    p.add_argument("--objective", "-o", action="append", help="an objective (repeatable)")
    p.add_argument("--type", default="development",
                   choices=("development", "research", "debugging", "deployment"))
    p.add_argument("--agent", default="manual",
                   choices=("claude-code", "codex", "aider", "gemini", "cursor", "manual", "web"))
    p.add_argument("--account", type=nonempty)
    p.add_argument("--title")
    p.add_argument("--budget", type=non_negative_float, help="credit budget of this session")
    p.add_argument("--parallel", action="store_true", help="allow another session in progress")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=_start)
    p = cmds.add_parser("complete", help="record the outcome and write the handoff")
    p.add_argument("project")
    p.add_argument("--session", type=positive_int, help="session number (default: the one in progress)")
    p.add_argument("--accomplished", "-a", action="append", help="an accomplishment (repeatable)")
    p.add_argument("--blocker", "-b", action="append", help="a blocker (repeatable)")
    p.add_argument("--resolved", action="append", metavar="TEXT",
                   help="close a carried blocker or next step (repeatable): it moves to Accomplished once")
    p.add_argument("--done", "-d", action="append", type=positive_int, help="number of an objective done")
    p.add_argument("--credits", type=non_negative_float)
    p.add_argument("--status", default="completed", choices=("completed", "failed", "paused"))
    p.add_argument("--notes")
    llm = p.add_mutually_exclusive_group()
    llm.add_argument("--llm", action="store_true", help="write the handoff with the configured LLM")
    llm.add_argument("--no-llm", dest="llm", action="store_false", help="extractive handoff (default)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=_complete)
    p = cmds.add_parser("list", help="a project's sessions")
    p.add_argument("project")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=_list)
    p = cmds.add_parser("show", help="one session")
    p.add_argument("project")
    p.add_argument("--session", type=positive_int)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=_show)
