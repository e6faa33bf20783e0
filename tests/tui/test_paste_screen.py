"""Pilot tests of the paste screen: preview of speakers and turns, attach, regenerate right away."""
from __future__ import annotations

import time
from pathlib import Path

from textual.widgets import Static, TextArea

from mso_tui.store import models as m
from mso_tui.tui.dialogs.dialog_form import ConfirmDialog
from mso_tui.tui.screens.handoff import HandoffScreen
from mso_tui.tui.screens.paste import PasteScreen
from tests.helpers.atlas_data import build_atlas
from tests.helpers.screen_host import Host, settle

CHAT = """You said:
The deploy script fails with `permission denied` on /srv/atlas.

ChatGPT said:
Run it as the deploy user: `sudo -u deploy ./deploy.sh`. Decision: we keep /srv/atlas owned by deploy.

You said:
That worked. Next I need a cron job for the tile refresh.

ChatGPT said:
Add `0 3 * * * /srv/atlas/refresh.sh` to the deploy user's crontab.
"""


def _summary(app) -> str:
    return str(app.screen.query_one("#paste-summary", Static).render())


async def _paste(pilot, text: str) -> None:
    pilot.app.screen.query_one(TextArea).insert(text)
    await pilot.pause(0.45)  # past the debounce
    await settle(pilot)


async def test_preview_then_attach_then_regenerate(store: Path) -> None:
    ids = build_atlas()
    app = Host(lambda: PasteScreen(ids["s3"]))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert "atlas · session 3" in str(app.screen.query_one("#paste-title", Static).render())
        await pilot.press("ctrl+s")  # nothing pasted: nothing happens
        assert m.Turn.select().count() == 0
        await _paste(pilot, CHAT)
        assert "4 turns (2 user, 2 assistant)" in _summary(app)
        turns = str(app.screen.query_one("#paste-turns", Static).render())
        assert "user: The deploy script fails" in turns
        assert m.Turn.select().count() == 0  # preview only
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        assert m.Turn.select().where(m.Turn.session == ids["s3"], m.Turn.kind == "message").count() == 4
        await pilot.press("y")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, HandoffScreen)
        assert not screen.generating
        latest = m.Handoff.select().order_by(m.Handoff.id.desc()).first()
        assert latest.session_id == ids["s3"]
        assert "handoff 3/3" in str(screen.query_one("#handoff-title", Static).render())


async def test_no_markers_and_declining_regeneration(store: Path) -> None:
    ids = build_atlas()
    app = Host(lambda: PasteScreen(ids["s3"]))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await _paste(pilot, "Notes from a call: the zoom flag ships next week.\nNothing else.")
        assert "one context turn" in _summary(app)
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        assert not isinstance(app.screen, (PasteScreen, ConfirmDialog))
    assert m.Turn.select().where(m.Turn.session == ids["s3"]).count() == 1


async def test_large_paste_stays_responsive(store: Path) -> None:
    ids = build_atlas()
    big = CHAT * 4000  # about 1.5 MB
    app = Host(lambda: PasteScreen(ids["s3"]))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        area = app.screen.query_one(TextArea)
        area.insert(big)
        started = time.monotonic()
        await pilot.press("ctrl+home", "x")  # keys are handled while detection has not even started
        assert time.monotonic() - started < 5.0
        deadline = time.monotonic() + 30
        while "turns (" not in _summary(app) and time.monotonic() < deadline:
            await pilot.pause(0.1)
        assert "16000 turns" in _summary(app) or "16001 turns" in _summary(app)
