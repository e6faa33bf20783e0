"""Pilot tests of issue 14 in the viewer and the session screen: Left out panel, pins, the version used, closing."""
from __future__ import annotations

from pathlib import Path

from textual.widgets import Static

from mso_tui.services import delivery, handoffs, imports, sessions
from mso_tui.store import models as m
from mso_tui.tui.dialogs.dialog_form import ConfirmDialog
from mso_tui.tui.screens.handoff import HandoffScreen
from mso_tui.tui.screens.session import SessionScreen
from mso_tui.tui.screens.turn import TurnScreen
from mso_tui.tui.widgets.checklist import Checklist
from mso_tui.tui.widgets.handoff_view import HandoffView
from mso_tui.tui.widgets.left_out import LeftOutList
from tests.helpers import claude_lines as cl
from tests.helpers.screen_host import Host, settle


def _shop(tmp_path: Path) -> None:
    """A project whose one session names more than its handoff keeps."""
    cwd = "/home/dev/shop"
    records = [cl.user("s-9", "u-1", "Wire the feature flags into the cart service please.", "2026-09-01T07:00:00Z",
                       cwd)]
    for n in range(12):
        names = " ".join(f"SHOP_FLAG_{n}_{i} from https://cdn{i}.example.test/asset{n}" for i in range(8))
        prose = "The cart reads each flag once at start-up and caches it for the whole request. " * 4
        records.append(cl.assistant("s-9", f"a-{n}", f"{prose}Flags in batch {n}: {names}.",
                                    f"2026-09-01T07:{n + 1:02d}:00Z", cwd, f"m-{n}", f"r-{n}"))
    imports.import_paths([cl.write(tmp_path / "s-9.jsonl", records)], project="shop")
    session = m.Session.get()
    handoffs.generate_for_session(session.id)


def _panel_lines(app) -> list[str]:
    panel = app.screen.query_one(LeftOutList)
    return [str(panel.get_option_at_index(i).prompt) for i in range(panel.option_count)]


async def test_left_out_panel_lists_by_class_opens_the_turn_and_pins(store: Path, tmp_path: Path) -> None:
    _shop(tmp_path)
    app = Host(lambda: HandoffScreen("shop"))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        metrics = str(app.screen.query_one("#handoff-metrics", Static).render())
        assert "names " in metrics and "inventory kept" in metrics and "preserved" not in metrics
        await pilot.press("w")
        await settle(pilot)
        assert app.screen.query_one("#handoff-switcher").current == "handoff-leftout"
        lines = _panel_lines(app)
        assert any(line.startswith("names · ") and "left out" in line for line in lines)
        panel = app.screen.query_one(LeftOutList)
        item = panel.entry(panel.get_option_at_index(panel.highlighted).id)
        assert isinstance(item, dict) and f"turn {item['seq']:>5}" in lines[panel.highlighted]
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, TurnScreen) and app.screen.turn.seq == item["seq"]
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        assert [p.text for p in m.HandoffPin.select()] == [item["text"]]
        assert any(line.startswith("pinned · 1") for line in _panel_lines(app))
        await pilot.press("w")
        assert f"- {item['text']}" in app.screen.query_one(HandoffView).text  # this version carries it now
    # a restart, then the next handoff: still pinned, still carried
    app = Host(lambda: HandoffScreen("shop"))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert f"## Pinned by the user\n- {item['text']}" in app.screen.query_one(HandoffView).text
    record = handoffs.generate_for_session(m.Session.get().id)
    assert f"- {item['text']}" in record.master_prompt


def _two_sessions() -> None:
    from mso_tui.services import projects

    projects.add_project("shop")
    sessions.start_session("shop", ["build the cart"])
    sessions.complete_session("shop", blockers=["payment sandbox rejects test cards"])
    sessions.start_session("shop", ["add checkout flow"])
    sessions.complete_session("shop")


async def test_regenerate_asks_and_an_old_version_is_not_delivered_until_used(store: Path) -> None:
    _two_sessions()
    app = Host(lambda: HandoffScreen("shop", session_number=1))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        title = lambda: str(app.screen.query_one("#handoff-title", Static).render())  # noqa: E731
        assert "session 1" in title() and "delivered" not in title()
        await pilot.press("g")
        assert isinstance(app.screen, ConfirmDialog) and "session 1" in app.screen.question
        assert "still gets" in app.screen.detail
        await pilot.press("n")  # declined: nothing made
        assert m.Handoff.select().count() == 2
        await pilot.press("g", "y")
        await settle(pilot)
        assert m.Handoff.select().count() == 3
        assert delivery.delivered_handoff("shop").session_number == 2
        await pilot.press("u")
        assert isinstance(app.screen, ConfirmDialog) and "written after session 1" in app.screen.detail
        await pilot.press("y")
        await settle(pilot)
        assert "delivered" in title()
    assert sessions.start_session("shop").handoff.session_number == 1


async def test_session_screen_closes_a_carried_blocker(store: Path) -> None:
    _two_sessions()
    started = sessions.start_session("shop")
    app = Host(lambda: SessionScreen(started.session.id))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        carried = app.screen.query_one("#carried", Checklist)
        assert carried.display and carried.render_line(0).text.startswith("[ ] payment sandbox rejects test cards")
        carried.focus()
        await pilot.press("space")
        await settle(pilot)
    assert sessions.get_session("shop").resolved == ("payment sandbox rejects test cards",)
    sessions.complete_session("shop")
    shown = handoffs.get_handoff("shop").sections
    assert not any("payment sandbox" in b for b in shown["blockers"])
    assert any("payment sandbox" in a for a in shown["accomplished"])


async def test_complete_dialog_closes_a_carried_blocker(store: Path) -> None:
    from mso_tui.tui.app import MsoApp

    _two_sessions()
    sessions.start_session("shop")
    app = MsoApp()
    async with app.run_test(size=(100, 34)) as pilot:
        await settle(pilot)
        await pilot.press("x")
        await settle(pilot)
        carried = app.screen.query_one("#carried", Checklist)
        assert carried.render_line(0).text.startswith("[ ] payment sandbox rejects test cards")
        carried.focus()
        await pilot.press("space", "ctrl+s")
        await settle(pilot)
    latest = handoffs.get_handoff("shop")
    assert latest.session_number == 3
    assert not any("payment sandbox" in b for b in latest.sections["blockers"])
    assert sum("payment sandbox" in a for a in latest.sections["accomplished"]) == 1
