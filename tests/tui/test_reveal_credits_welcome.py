"""Pilot tests: secrets masked in the conversation and turn viewer until R, copies always masked;
credits where a session has no token usage; the welcome screen shows discovery, then imports it."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from textual.widgets import DataTable, Static, TextArea

from mso_tui.store.models import Project, Session, Turn
from mso_tui.tui.app import MsoApp
from mso_tui.tui.screens.session import SessionScreen
from mso_tui.tui.screens.timeline import TimelineScreen
from mso_tui.tui.widgets.conversation import ConversationView
from mso_tui.tui.widgets.row_list import RowList
from tests.helpers.app_pilot import settle
from tests.helpers.payments_data import BASE, build
from tests.tui.test_import_screen import _claude_file

SECRET = "ghp_" + "A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8"  # a GitHub token shape the redactor knows


def _screen_text(view: ConversationView) -> str:
    """Every line the conversation view draws now."""
    return "\n".join(view.render_line(y).text for y in range(view.size.height))


async def _open_conversation(pilot, session_id: int) -> ConversationView:
    """Open a session on its conversation tab and wait for the first page."""
    pilot.app.push_screen(SessionScreen(session_id))
    await settle(pilot)
    await pilot.press("2")
    await settle(pilot)
    return pilot.app.screen.query_one(ConversationView)


async def test_conversation_is_redacted_until_revealed(store: Path) -> None:
    ids = build(turns=3)
    Turn.create(session=ids["s1"], seq=3, role="user", text=f"use token {SECRET} for the API", source_id="t3")
    app = MsoApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        view = await _open_conversation(pilot, ids["s1"])
        assert SECRET not in _screen_text(view) and "[redacted:github-token#" in _screen_text(view)
        assert "secrets hidden (1)" in app.screen.sub_title
        assert "Secrets hidden (1)" in str(app.screen.query_one("#secrets", Static).render())
        await pilot.press("R")
        await pilot.pause()
        assert SECRET in _screen_text(view) and "secrets revealed" in app.screen.sub_title
        await pilot.press("R")
        await pilot.pause()
        assert SECRET not in _screen_text(view)


async def test_turn_viewer_masks_and_copies_masked_even_when_revealed(store: Path) -> None:
    ids = build(turns=3)
    Turn.create(session=ids["s1"], seq=3, role="user", text=f"use token {SECRET} for the API", source_id="t3")
    app = MsoApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await _open_conversation(pilot, ids["s1"])
        await pilot.press("end", "enter")
        await settle(pilot)
        area = app.screen.query_one("#turn-text", TextArea)
        assert SECRET not in area.text and "[redacted:github-token#" in area.text
        await pilot.press("R")
        assert SECRET in area.text  # revealed on request
        await pilot.press("c")
        assert app.clipboard and SECRET not in app.clipboard and "[redacted:github-token#" in app.clipboard


async def test_credits_show_where_a_session_has_no_tokens(store: Path) -> None:
    build(turns=3)
    web = Project.create(name="web-research", created_at=BASE, updated_at=BASE)
    Session.create(project=web, number=1, agent="web", type="research", status="completed",
                   started_at=BASE, completed_at=BASE + dt.timedelta(minutes=30), duration_seconds=1800.0,
                   credits_used=3.5, credit_budget=10.0, objectives=[])
    app = MsoApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.push_screen(TimelineScreen("web-research"))
        await settle(pilot)
        line = app.screen.query_one(RowList).render_line(1).text
        assert "3.5/10 cr" in line and "$0.00" not in line and " 0 " not in line
        await pilot.press("enter")
        await settle(pilot)
        summary = str(app.screen.query_one("#summary", Static).render())
        assert "3.5 of 10 credits (35% of budget)" in summary and "tokens" not in summary
        await pilot.press("4")
        await settle(pilot)
        assert "Billed in credits" in str(app.screen.query_one("#credits-note", Static).render())


async def test_welcome_shows_discovery_then_imports_it(store: Path, tmp_path: Path, monkeypatch) -> None:
    from mso_tui.importers import discovery as disc

    folder = tmp_path / "home" / ".claude" / "projects" / "-home-dev-proj"
    files = [_claude_file(folder / "a.jsonl", "sess-a"), _claude_file(folder / "b.jsonl", "sess-b", 2)]
    found = disc.Discovery([disc.FoundFile("claude-code", p, p.stat().st_size) for p in files],
                           [("claude-code", folder.parent)])
    monkeypatch.setattr(disc, "discover", lambda *a, **k: found)
    app = MsoApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert type(app.screen).__name__ == "WelcomeScreen"
        text = str(app.screen.query_one("#discovery", Static).render())
        assert "Found 2 transcripts" in text and "claude-code" in text and "2 file(s)" in text
        await pilot.press("i")
        await settle(pilot)
        assert type(app.screen).__name__ == "ImportScreen"
        table = app.screen.query_one(DataTable)
        assert table.row_count == 1 and table.get_row_at(0)[:2] == ["claude-code", "2"]
        await pilot.press("ctrl+r")
        await settle(pilot)
        await pilot.press("enter")  # the plan listed, the import confirmed
        await settle(pilot)
        assert "Import finished" in str(app.screen.query_one("#import-status", Static).render())
        assert Session.select().count() == 2
        await pilot.press("escape")
        await settle(pilot)
        assert type(app.screen).__name__ == "ProjectsScreen"  # the store has projects now


async def test_objectives_show_their_state_in_glyphs(store: Path) -> None:
    from mso_tui.tui.widgets.checklist import Checklist

    ids = build(turns=3)
    Session.update(objectives=[{"text": "Fix the signature check", "done": True},
                               {"text": "Ship refunds", "done": False}]).where(Session.id == ids["s4"]).execute()
    app = MsoApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.push_screen(SessionScreen(ids["s4"]))
        await settle(pilot)
        checklist = app.screen.query_one(Checklist)
        lines = [checklist.render_line(y).text for y in range(2)]
        assert lines[0].startswith("[x] Fix the signature check") and lines[1].startswith("[ ] Ship refunds")
        await pilot.press("down", "space")
        await settle(pilot)
        assert checklist.render_line(1).text.startswith("[x] Ship refunds")


def test_search_snippets_are_masked() -> None:
    from mso_tui.services.search import SearchHit
    from mso_tui.tui.screens.search import SearchScreen

    hit = SearchHit("turn", "payments-api #1", f"use token {SECRET} for the API")
    shown = SearchScreen._masked(hit)
    assert SECRET not in shown.snippet and "[redacted:github-token#" in shown.snippet
    plain = SearchHit("turn", "payments-api #1", "nothing secret here")
    assert SearchScreen._masked(plain) is plain
