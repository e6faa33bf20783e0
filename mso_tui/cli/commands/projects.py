"""`mso project add|list|show|rename|set|delete`."""
from __future__ import annotations

import argparse

from mso_tui.cli.common import open_store, print_json
from mso_tui.fmt import short_tokens, tokens_cost


def _add(args: argparse.Namespace) -> int:
    from mso_tui.services.projects import add_project

    open_store()
    record = add_project(args.name, args.description or "", args.repo)
    if args.json:
        print_json(record)
    else:
        print(f"created project {record.name}" + (f" ({record.repo_path})" if record.repo_path else ""))
    return 0


def _list(args: argparse.Namespace) -> int:
    from mso_tui.services.projects import list_projects

    open_store()
    records = list_projects(args.status)
    if args.json:
        print_json(records)
        return 0
    if not records:
        print("no projects yet (mso project add NAME)")
        return 0
    print(f"{'name':<24} {'status':<10} {'sessions':>8} {'tokens':>8} {'cost $':>14} {'inv kept':>9}")
    for r in records:
        kept = f"{r.inventory_kept:.0%}" if r.inventory_kept is not None else "-"
        print(f"{r.name[:24]:<24} {r.status:<10} {r.session_count:>8} {short_tokens(r.tokens.total):>8} "
              f"{tokens_cost(r.tokens, sign=''):>14} {kept:>9}")
    return 0


def _show(args: argparse.Namespace) -> int:
    from mso_tui.services.projects import get_project

    open_store()
    record = get_project(args.name)
    if args.json:
        print_json(record)
    else:
        for key in ("name", "status", "description", "repo_path", "session_count", "open_blockers", "credits_used"):
            print(f"{key}: {getattr(record, key)}")
        print(f"tokens: {record.tokens.total}  cost: {tokens_cost(record.tokens)}")
    return 0


def _rename(args: argparse.Namespace) -> int:
    from mso_tui.services.projects import rename_project

    open_store()
    print(f"renamed to {rename_project(args.name, args.new_name).name}")
    return 0


def _set(args: argparse.Namespace) -> int:
    from mso_tui.services.projects import update_project

    open_store()
    record = update_project(args.name, description=args.description, repo_path=args.repo, status=args.status)
    print(f"{record.name}: status {record.status}, repo {record.repo_path or '-'}")
    return 0


def _delete(args: argparse.Namespace) -> int:
    from mso_tui.cli.common import UserError
    from mso_tui.services.projects import delete_project

    if not args.yes:
        raise UserError(f"deleting {args.name!r} removes all its sessions and handoffs; add --yes to confirm")
    open_store()
    count = delete_project(args.name)
    print(f"deleted project {args.name} and its {count} session(s)")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    """Add the `project` command group."""
    group = sub.add_parser("project", help="add, list and change projects")
    cmds = group.add_subparsers(dest="project_command", metavar="ACTION", required=True)
    p = cmds.add_parser("add", help="create a project")
    p.add_argument("name")
    p.add_argument("--description", "-d", default="")
    p.add_argument("--repo", help="working directory (used to match transcripts and read git)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=_add)
    p = cmds.add_parser("list", help="list projects with their statistics")
    p.add_argument("--status", choices=("active", "paused", "completed", "archived"))
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=_list)
    p = cmds.add_parser("show", help="one project's statistics")
    p.add_argument("name")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=_show)
    p = cmds.add_parser("rename", help="rename a project")
    p.add_argument("name")
    p.add_argument("new_name")
    p.set_defaults(func=_rename)
    p = cmds.add_parser("set", help="change description, repo path or status")
    p.add_argument("name")
    p.add_argument("--description")
    p.add_argument("--repo")
    p.add_argument("--status", choices=("active", "paused", "completed", "archived"))
    p.set_defaults(func=_set)
    p = cmds.add_parser("delete", help="delete a project and everything in it")
    p.add_argument("name")
    p.add_argument("--yes", action="store_true", help="confirm")
    p.set_defaults(func=_delete)
