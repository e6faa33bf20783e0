"""`mso account add|list|set|charge`."""
from __future__ import annotations

import argparse

from mso_tui.cli.common import non_negative_float, open_store, print_json


def _add(args: argparse.Namespace) -> int:
    from mso_tui.services.accounts import add_account

    open_store()
    r = add_account(args.name, args.platform or "", args.email or "", args.budget or 0.0, args.specialization or "")
    print_json(r) if args.json else print(f"added account {r.name} (budget {r.daily_budget:g}/day)")
    return 0


def _list(args: argparse.Namespace) -> int:
    from mso_tui.services.accounts import list_accounts

    open_store()
    records = list_accounts()
    if args.json:
        print_json(records)
        return 0
    print(f"{'name':<20} {'platform':<12} {'today':>8} {'budget':>8} {'status':<10}")
    for r in records:
        print(f"{r.name[:20]:<20} {r.platform[:12]:<12} {r.credits_today:>8g} {r.daily_budget:>8g} {r.status:<10}")
    return 0


def _set(args: argparse.Namespace) -> int:
    from mso_tui.services.accounts import update_account

    open_store()
    r = update_account(args.name, platform=args.platform, email=args.email, daily_budget=args.budget,
                       specialization=args.specialization, status=args.status)
    print(f"{r.name}: {r.status}, {r.credits_today:g}/{r.daily_budget:g} today")
    return 0


def _charge(args: argparse.Namespace) -> int:
    from mso_tui.services.accounts import charge_account

    open_store()
    r = charge_account(args.name, args.credits)
    print(f"{r.name}: {r.credits_today:g}/{r.daily_budget:g} today ({r.status})")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    """Add the `account` command group."""
    group = sub.add_parser("account", help="accounts and their daily credit budgets")
    cmds = group.add_subparsers(dest="account_command", metavar="ACTION", required=True)
    for name, func in (("add", _add), ("set", _set)):
        p = cmds.add_parser(name, help=f"{name} an account")
        p.add_argument("name")
        p.add_argument("--platform")
        p.add_argument("--email")
        p.add_argument("--budget", type=non_negative_float, help="daily credit budget")
        p.add_argument("--specialization")
        if name == "set":
            p.add_argument("--status", choices=("available", "active", "exhausted", "inactive"))
        else:
            p.add_argument("--json", action="store_true")
        p.set_defaults(func=func)
    p = cmds.add_parser("list", help="accounts with today's credits")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=_list)
    p = cmds.add_parser("charge", help="add credits used today")
    p.add_argument("name")
    p.add_argument("credits", type=non_negative_float)
    p.set_defaults(func=_charge)
