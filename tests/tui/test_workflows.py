"""Pilot tests of the core workflows: new project, start, toggle, complete (while generating), filter."""
from __future__ import annotations

import threading
from pathlib import Path

from textual.widgets import DataTable, Input

from mso_tui.store.models import Project, Session
from mso_tui.tui.app import MsoApp
from tests.helpers.app_pilot import highlight, rows, settle
from tests.helpers.payments_data import PROMPT, build


async def type_text(pilot, text: str) -> None:
    """Type text key by key."""
    names = {" ": "space", "-": "minus", ".": "full_stop"}
    await pilot.press(*[names.get(c, c) for c in text])


async def test_empty_store_welcomes_and_new_project_validates(store: Path) -> None:
    app = MsoApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert type(app.screen).__name__ == "WelcomeScreen"
        await pilot.press("n")
        await pilot.press("ctrl+s")  # empty name: an inline error, nothing stored
        assert "needs a name" in str(app.screen.query_one("#error-name").render())
        assert Project.select().count() == 0
        await type_text(pilot, "billing")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert type(app.screen).__name__ == "ProjectsScreen"
        assert rows(app.screen.query_one(DataTable)) == ["billing"]


async def test_duplicate_project_name_is_shown_inline(store: Path) -> None:
    build(turns=3)
    app = MsoApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await type_text(pilot, "docs-site")
        await pilot.press("enter")
        assert "already exists" in str(app.screen.query_one("#error-name").render())
        assert Project.select().count() == 3


async def test_start_session_shows_loaded_handoff_and_copies_it(store: Path) -> None:
    build(turns=3)
    app = MsoApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await highlight(pilot, app.screen.query_one(DataTable), "mobile-app")
        await pilot.press("s")
        await type_text(pilot, "Offline mode")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert type(app.screen).__name__ == "LoadedHandoffScreen", app.screen.query_one("#error-form").render()
        assert app.screen.query("#no-handoff")  # mobile-app has no handoff yet
        number = Session.select().where(Session.status == "in_progress",
                                        Session.project == Project.get(name="mobile-app").id).get().number
        assert number == 3


async def test_start_session_delivers_previous_handoff_for_copy(store: Path) -> None:
    ids = build(turns=3)
    Session.update(status="completed").where(Session.id == ids["s4"]).execute()
    app = MsoApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await highlight(pilot, app.screen.query_one(DataTable), "payments-api")
        await pilot.press("s", "ctrl+s")
        await settle(pilot)
        assert app.screen.result.handoff.master_prompt == PROMPT
        await pilot.press("c")
        assert app.clipboard == PROMPT


async def test_start_session_refused_inline_when_one_is_running(store: Path) -> None:
    build(turns=3)
    app = MsoApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await highlight(pilot, app.screen.query_one(DataTable), "payments-api")
        await pilot.press("s", "a", "ctrl+s")
        assert "still in progress" in str(app.screen.query_one("#error-form").render())
        assert Session.select().count() == 7


async def test_toggle_objective_is_stored(store: Path) -> None:
    ids = build(turns=3)
    app = MsoApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await highlight(pilot, app.screen.query_one(DataTable), "payments-api")
        await pilot.press("enter")
        await settle(pilot)
        assert type(app.screen).__name__ == "TimelineScreen"
        await pilot.press("enter")  # the cursor starts on the latest session (4, in progress)
        await settle(pilot)
        assert app.screen.session_id == ids["s4"]
        await pilot.press("space")
        await settle(pilot)
        assert Session.get_by_id(ids["s4"]).objectives[0]["done"] is True
        await pilot.press("down", "space", "up", "space")
        await settle(pilot)
        assert [o["done"] for o in Session.get_by_id(ids["s4"]).objectives] == [False, True]


async def test_complete_session_rejects_bad_credits(store: Path) -> None:
    ids = build(turns=3)
    app = MsoApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await highlight(pilot, app.screen.query_one(DataTable), "payments-api")
        await pilot.press("x")
        app.screen.query_one("#credits", Input).value = "lots"
        await pilot.press("ctrl+s")
        assert "must be a number" in str(app.screen.query_one("#error-credits").render())
        assert Session.get_by_id(ids["s4"]).status == "in_progress"


async def test_keys_work_while_the_handoff_is_generated(store: Path, monkeypatch) -> None:
    """A slow generator blocks its worker; the UI keeps handling keys until it is released."""
    from mso_tui.services import handoffs

    ids = build(turns=3)
    release, started = threading.Event(), threading.Event()
    real = handoffs.generate

    def slow(*args: object, **kwargs: object):
        started.set()
        assert release.wait(20), "the test never released the generator"
        return real(*args, **kwargs)

    monkeypatch.setattr(handoffs, "generate", slow)
    app = MsoApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await highlight(pilot, app.screen.query_one(DataTable), "payments-api")
        await pilot.press("x", "space")  # tick the first objective
        app.screen.query_one("#credits", Input).value = "3.5"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert started.wait(5)
        # generation is blocked: the app must still answer keys
        await pilot.press("f", "m", "o", "b")
        await pilot.pause()
        assert rows(app.screen.query_one(DataTable)) == ["mobile-app"]
        await pilot.press("escape", "question_mark")
        await pilot.pause()
        assert type(app.screen).__name__ == "HelpScreen"
        assert not release.is_set()
        # completion and handoff are one unit: nothing is stored while the handoff is being written
        row = Session.get_by_id(ids["s4"])
        assert row.status == "in_progress" and row.credits_used == 0 and row.generated_handoff_id is None
        release.set()
        await settle(pilot)
        row = Session.get_by_id(ids["s4"])
        assert row.status == "completed" and row.credits_used == 3.5 and row.generated_handoff_id is not None
        assert any("Handoff ready" in n.message for n in app._notifications)


async def test_filter_as_you_type(store: Path) -> None:
    build(turns=3)
    app = MsoApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        table = app.screen.query_one(DataTable)
        assert rows(table) == ["docs-site", "mobile-app", "payments-api"]
        await pilot.press("f", "p", "a", "y")
        assert rows(table) == ["payments-api"]
        await pilot.press("backspace", "backspace", "backspace")
        assert len(rows(table)) == 3
        await type_text(pilot, "paused")  # status matches too
        assert rows(table) == ["mobile-app"]
        await pilot.press("escape")
        assert app.focused is table
