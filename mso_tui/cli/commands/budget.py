"""`mso budget set|list|remove`: USD caps per day, week, month or billing block, overall, per project or account."""
from __future__ import annotations

import argparse

from mso_tui.cli.common import UserError, open_store, print_json

PERIODS = ("day", "week", "month", "block")


def _scope(args: argparse.Namespace) -> tuple[str, str]:
    """(scope, target) from --project / --account (neither: overall)."""
    if args.project and args.account:
        raise UserError("a budget is for one project or one account, not both")
    if args.project:
        return "project", args.project
    if args.account:
        return "account", args.account
    return "overall", ""


def _set(args: argparse.Namespace) -> int:
    from mso_tui.services.budgets import set_budget

    open_store()
    line = set_budget(*_scope(args), args.period, args.amount)
    print(f"budget set: {line.scope}{' ' + line.target if line.target else ''}, {line.period}: ${line.limit_usd:,.2f}")
    return 0


def _list(args: argparse.Namespace) -> int:
    from mso_tui.services.budgets import budget_statuses
    from mso_tui.usage.budgets import describe

    open_store()
    found = budget_statuses(timezone=args.timezone)
    if args.json:
        print_json([{"scope": s.budget.scope, "target": s.budget.target, "period": s.budget.period,
                     "limit_usd": s.budget.limit_usd, "spent_usd": round(s.spent_usd, 6), "ratio": round(s.ratio, 4),
                     "level": s.level, "unpriced": s.unpriced} for s in found])
    elif not found:
        print("no budgets (add one: mso budget set --period day 20)")
    for s in [] if args.json else found:
        print(describe(s))
    return 0


def _remove(args: argparse.Namespace) -> int:
    from mso_tui.services.budgets import remove_budget

    open_store()
    line = remove_budget(*_scope(args), args.period)
    print(f"budget removed: {line.scope}{' ' + line.target if line.target else ''}, {line.period}")
    return 0


def _amount(text: str) -> float:
    """A dollar amount above 0 ("20", "$12.50")."""
    try:
        value = float(text.strip().lstrip("$").replace(",", ""))
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an amount of dollars: {text!r}") from None
    if not 0 < value < float("inf"):
        raise argparse.ArgumentTypeError(f"a budget is above $0: {text!r}")
    return value


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add `mso budget`."""
    p = subparsers.add_parser("budget", help="USD budgets per day, week, month or billing block")
    sub = p.add_subparsers(dest="budget_command", required=True)
    for name, func, helptext in (("set", _set, "create or change a budget"), ("list", _list, "budgets and spend"),
                                 ("remove", _remove, "delete a budget")):
        q = sub.add_parser(name, help=helptext)
        if name != "list":
            q.add_argument("--project", metavar="NAME", help="for one project (default: overall)")
            q.add_argument("--account", metavar="NAME", help="for one account")
            q.add_argument("--period", choices=PERIODS, default="day", help="the period the cap applies to")
        if name == "set":
            q.add_argument("amount", type=_amount, metavar="USD", help="the cap in dollars")
        if name == "list":
            q.add_argument("--json", action="store_true", help="machine-readable output")
            q.add_argument("--timezone", metavar="ZONE", help="days, weeks and months in this zone")
        q.set_defaults(func=func)
