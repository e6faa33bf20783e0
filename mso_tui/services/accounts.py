"""Accounts: add, list, update, and daily credit counters that reset by date."""
from __future__ import annotations

import math

from peewee import IntegrityError

from mso_tui.errors import Conflict, InvalidInput, NotFound
from mso_tui.records import AccountRecord
from mso_tui.store.models import Account, database, today, utcnow
from mso_tui.store.to_records import account_record

STATUSES = ("available", "active", "exhausted", "inactive")


def _check_amount(value: float, what: str) -> None:
    """A budget or a charge is a finite number >= 0 (inf would be stored, then exported as bare Infinity)."""
    if not math.isfinite(value) or value < 0:
        raise InvalidInput(f"{what} is a finite number, 0 or more (not {value!r})")


def _row(name: str) -> Account:
    """The account named name, or NotFound."""
    row = Account.get_or_none(Account.name == name)
    if row is None:
        raise NotFound(f"no account named {name!r} (see: mso account list)")
    return row


def add_account(name: str, platform: str = "", email: str = "", daily_budget: float = 0.0,
                specialization: str = "") -> AccountRecord:
    """Create an account; duplicate names are a Conflict."""
    name = name.strip()
    if not name:
        raise InvalidInput("an account needs a name")
    _check_amount(daily_budget, "a daily budget")
    try:
        with database.atomic():
            row = Account.create(name=name, platform=platform.strip(), email=email.strip(),
                                 daily_budget=daily_budget, specialization=specialization.strip(),
                                 credits_date=today())
    except IntegrityError:
        raise Conflict(f"an account named {name!r} already exists") from None
    return account_record(row)


def list_accounts() -> list[AccountRecord]:
    """Every account by name, with today's credits."""
    return [account_record(r) for r in Account.select().order_by(Account.name)]


def get_account(name: str) -> AccountRecord:
    """One account."""
    return account_record(_row(name))


def update_account(name: str, **changes: object) -> AccountRecord:
    """Change platform, email, daily_budget, specialization or status of an account."""
    allowed = {"platform", "email", "daily_budget", "specialization", "status"}
    unknown = set(changes) - allowed
    if unknown:
        raise InvalidInput(f"cannot change {', '.join(sorted(unknown))}")
    if changes.get("status") is not None and changes["status"] not in STATUSES:
        raise InvalidInput(f"status must be one of {', '.join(STATUSES)}")
    if changes.get("daily_budget") is not None:
        _check_amount(float(changes["daily_budget"]), "a daily budget")  # type: ignore[arg-type]
    row = _row(name)
    given = {k: v for k, v in changes.items() if v is not None}
    if given:  # nothing given: an UPDATE with no SET is a syntax error, and there is nothing to do
        with database.atomic():
            Account.update(**given).where(Account.id == row.id).execute()
    return get_account(name)


def charge_credits(account_id: int, credits: float) -> AccountRecord:
    """Add credits to today's counter (a new day starts from zero); exhausted at the budget."""
    with database.atomic():
        row = Account.get_by_id(account_id)
        used = (row.credits_today if row.credits_date == today() else 0.0) + credits
        status = "exhausted" if row.daily_budget and used >= row.daily_budget else row.status
        if status == "exhausted" and row.status == "inactive":
            status = "inactive"
        Account.update(credits_today=used, credits_date=today(), status=status,
                       last_used=utcnow()).where(Account.id == account_id).execute()
        return account_record(Account.get_by_id(account_id))


def charge_account(name: str, credits: float) -> AccountRecord:
    """Add credits to the named account's counter for today."""
    _check_amount(credits, "credits")
    return charge_credits(_row(name).id, credits)
