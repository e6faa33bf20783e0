"""Pilot tests of the accounts screen: bars, add with a bad budget shown inline, edit."""
from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, Select, Static

from mso_tui.services import accounts
from mso_tui.tui.dialogs.account_form import AccountForm, parse_budget
from mso_tui.tui.screens.accounts import AccountsScreen
from mso_tui.tui.widgets.credit_bar import CreditBar, credit_bar_text
from tests.helpers.atlas_data import build_accounts
from tests.helpers.screen_host import Host, settle


def test_budget_parsing_and_bar_text() -> None:
    assert parse_budget("") == (0.0, "")
    assert parse_budget("1,500") == (1500.0, "")
    assert parse_budget("lots")[0] is None
    assert parse_budget("-3")[0] is None and parse_budget("nan")[0] is None
    assert credit_bar_text(50, 100, 10).plain == "█████░░░░░  50%"
    assert credit_bar_text(150, 100, 4).plain == "████ 150%"
    assert credit_bar_text(3, 0).plain == "3 · no budget"


async def test_table_shows_credits_against_budget(store: Path) -> None:
    build_accounts()
    app = Host(AccountsScreen)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert [a.name for a in screen.accounts] == ["claude-max", "genspark", "local"]
        assert "3 accounts · 2 available · 112 of 150 credits used today" in str(
            screen.query_one("#acc-summary", Static).render())
        bar = screen.query_one(CreditBar)
        assert (bar.used, bar.budget) == (62, 100)
        await pilot.press("down")
        assert screen.query_one(CreditBar).used == 50
        assert "exhausted" in str(screen.query_one("#acc-detail-text", Static).render())


async def test_add_with_non_number_budget_is_refused_inline(store: Path) -> None:
    app = Host(AccountsScreen)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, AccountForm)
        form.query_one("#acc-name", Input).value = "chatgpt-plus"
        form.query_one("#acc-budget", Input).value = "a lot"
        await pilot.press("ctrl+s")
        error = form.query_one("#error-budget", Static)
        assert error.display and "Not a number" in str(error.render())
        assert app.screen is form and accounts.list_accounts() == []
        form.query_one("#acc-budget", Input).value = "40"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, AccountsScreen)
        assert [a.name for a in app.screen.accounts] == ["chatgpt-plus"]
    assert accounts.get_account("chatgpt-plus").daily_budget == 40


async def test_add_duplicate_and_empty_name(store: Path) -> None:
    build_accounts()
    app = Host(AccountsScreen)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await pilot.pause()
        await pilot.press("ctrl+s")
        assert "required" in str(app.screen.query_one("#error-name", Static).render())
        app.screen.query_one("#acc-name", Input).value = "genspark"
        await pilot.press("ctrl+s")
        assert "already exists" in str(app.screen.query_one("#error-name", Static).render())
        await pilot.press("escape")
        await pilot.pause()
    assert len(accounts.list_accounts()) == 3


async def test_edit_budget_and_status(store: Path) -> None:
    build_accounts()
    app = Host(AccountsScreen)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        assert form.query_one("#acc-name", Input).disabled
        form.query_one("#acc-budget", Input).value = "200"
        form.query_one("#acc-status", Select).value = "inactive"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen.query_one(CreditBar).budget == 200
    saved = accounts.get_account("claude-max")
    assert saved.daily_budget == 200 and saved.status == "inactive"
