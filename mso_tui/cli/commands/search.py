"""`mso search QUERY`: global search over knowledge, handoffs and turns."""
from __future__ import annotations

import argparse

from mso_tui.cli.common import bounded_int, open_store, print_json, query_text


def _search(args: argparse.Namespace) -> int:
    from mso_tui.services.search import search_all

    query = query_text(args.query)
    open_store()
    hits = search_all(query, args.limit)
    if args.json:
        print_json(hits)
        return 0
    if not hits:
        print("no matches")
    for hit in hits:
        print(f"{hit.kind:<9} {hit.title}\n          {hit.snippet}")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    """Add `search`."""
    p = sub.add_parser("search", help="search turns, handoffs and knowledge")
    p.add_argument("query", nargs="+")
    # a bound well under 2^63: knowledge search asks SQL for limit * 2 candidates before SQL sees it
    p.add_argument("--limit", type=bounded_int(1, 100_000), default=20, help="at most this many of each kind")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=_search)
