"""`mso kb add|edit|delete|list|search|show`."""
from __future__ import annotations

import argparse

from mso_tui.cli.common import (
    nonempty,
    open_store,
    positive_int,
    print_json,
    query_text,
    read_stdin,
    read_text_file,
)

CATEGORIES = ("pattern", "solution", "troubleshooting", "best_practice")


def _content(args: argparse.Namespace) -> str | None:
    """The entry body from --content, --file, or stdin ('-')."""
    if args.content == "-":
        return read_stdin()
    if getattr(args, "file", None):
        return read_text_file(args.file)
    return args.content


def _add(args: argparse.Namespace) -> int:
    from mso_tui.services.knowledge import add_entry

    content = _content(args) or ""
    open_store()
    r = add_entry(args.title, content, category=args.category, description=args.description or "", tags=args.tags)
    print_json(r) if args.json else print(f"added entry {r.id}: {r.title}")
    return 0


def _edit(args: argparse.Namespace) -> int:
    from mso_tui.services.knowledge import edit_entry

    content = _content(args)
    open_store()
    r = edit_entry(args.id, title=args.title, content=content, category=args.category,
                   description=args.description, tags=args.tags)
    print(f"updated entry {r.id}: {r.title}")
    return 0


def _delete(args: argparse.Namespace) -> int:
    from mso_tui.services.knowledge import delete_entry

    open_store()
    delete_entry(args.id)
    print(f"deleted entry {args.id}")
    return 0


def _print(records: list, as_json: bool) -> None:
    """Entries as JSON or one line each."""
    if as_json:
        print_json(records)
        return
    for r in records:
        tags = f" [{', '.join(r.tags)}]" if r.tags else ""
        print(f"{r.id:>4} {r.category:<15} {r.title}{tags}")


def _list(args: argparse.Namespace) -> int:
    from mso_tui.services.knowledge import list_entries

    open_store()
    _print(list_entries(args.category), args.json)
    return 0


def _search(args: argparse.Namespace) -> int:
    from mso_tui.services.knowledge import search

    query = query_text(args.query)
    open_store()
    _print(search(query, category=args.category), args.json)
    return 0


def _show(args: argparse.Namespace) -> int:
    from mso_tui.services.knowledge import get_entry

    open_store()
    r = get_entry(args.id)
    if args.json:
        print_json(r)
    else:
        print(f"# {r.title}\n({r.category}; {', '.join(r.tags)})\n\n{r.description}\n\n{r.content}")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    """Add the `kb` command group."""
    group = sub.add_parser("kb", help="the knowledge base")
    cmds = group.add_subparsers(dest="kb_command", metavar="ACTION", required=True)
    for name, func in (("add", _add), ("edit", _edit)):
        p = cmds.add_parser(name, help=f"{name} an entry")
        if name == "edit":
            p.add_argument("id", type=positive_int)
            p.add_argument("--title")
        else:
            p.add_argument("title")
            p.add_argument("--json", action="store_true")
        p.add_argument("--content", "-c", help="the body ('-' reads stdin)")
        p.add_argument("--file", type=nonempty, help="read the body from a file")
        p.add_argument("--category", choices=CATEGORIES, default=None if name == "edit" else "pattern")
        p.add_argument("--description")
        p.add_argument("--tags", help="comma-separated tags")
        p.set_defaults(func=func)
    p = cmds.add_parser("delete", help="delete an entry")
    p.add_argument("id", type=positive_int)
    p.set_defaults(func=_delete)
    p = cmds.add_parser("list", help="list entries")
    p.add_argument("--category", choices=CATEGORIES)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=_list)
    p = cmds.add_parser("search", help="ranked full-text search")
    p.add_argument("query", nargs="+")
    p.add_argument("--category", choices=CATEGORIES)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=_search)
    p = cmds.add_parser("show", help="one entry")
    p.add_argument("id", type=positive_int)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=_show)
