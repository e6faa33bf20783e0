"""Accounts with daily credit counters, and the knowledge base with ranked full-text search."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from mso_tui.errors import Conflict, InvalidInput, NotFound
from mso_tui.services import accounts, knowledge
from mso_tui.store.models import Account


def test_account_credits_reset_by_date_and_exhaust_at_budget(store: Path) -> None:
    accounts.add_account("a", platform="web", daily_budget=10)
    with pytest.raises(Conflict):
        accounts.add_account("a")
    assert accounts.charge_account("a", 4).credits_today == 4
    assert accounts.charge_account("a", 6).status == "exhausted"
    # yesterday's counter no longer counts today
    Account.update(credits_date=dt.date.today() - dt.timedelta(days=1)).execute()
    fresh = accounts.get_account("a")
    assert fresh.credits_today == 0 and fresh.status == "available" and fresh.remaining == 10
    assert accounts.charge_account("a", 3).credits_today == 3


def test_account_update_validates(store: Path) -> None:
    accounts.add_account("a")
    assert accounts.update_account("a", daily_budget=50, status="inactive").status == "inactive"
    with pytest.raises(InvalidInput):
        accounts.update_account("a", status="sleepy")
    with pytest.raises(InvalidInput):
        accounts.add_account("b", daily_budget=-1)
    with pytest.raises(NotFound):
        accounts.charge_account("ghost", 1)


def test_knowledge_crud_and_ranked_search(store: Path) -> None:
    lock = knowledge.add_entry("SQLite database is locked", "Use WAL and a busy timeout", category="troubleshooting",
                               tags="sqlite, Locking")
    knowledge.add_entry("Retry with backoff", "When sqlite is busy, retrying helps a little", tags=["http"])
    knowledge.add_entry("Money in cents", "never floats", category="best_practice")
    assert lock.tags == ("sqlite", "locking")
    hits = knowledge.search("sqlite")
    assert [h.title for h in hits][0] == "SQLite database is locked"  # title hits rank first
    assert len(hits) == 2 and all(h.score is not None for h in hits)
    assert [h.title for h in knowledge.search("lock")] == ["SQLite database is locked"]  # prefix match
    assert knowledge.search("sqlite", category="best_practice") == []
    edited = knowledge.edit_entry(lock.id, title="Busy SQLite", tags="db")
    assert edited.title == "Busy SQLite" and edited.tags == ("db",)
    assert [h.id for h in knowledge.search("busy sqlite")][0] == lock.id
    knowledge.delete_entry(lock.id)
    assert all(h.id != lock.id for h in knowledge.search("sqlite"))
    with pytest.raises(InvalidInput):
        knowledge.add_entry("x", category="rumour")
    with pytest.raises(InvalidInput):
        knowledge.add_entry("  ")


def test_usage_count_and_success_rate(store: Path) -> None:
    entry = knowledge.add_entry("t", "c")
    knowledge.mark_used(entry.id, success=True)
    after = knowledge.mark_used(entry.id, success=False)
    assert after.usage_count == 2 and after.success_rate == pytest.approx(0.5)
