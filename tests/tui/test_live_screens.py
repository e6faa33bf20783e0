"""Pilot: the app follows a growing transcript; the session screen ticks and shows "waiting"; a notification."""
from __future__ import annotations

import json
import time
from pathlib import Path

from textual.widgets import Static

from mso_tui.agents.hook_events import HookEvent
from mso_tui.store.models import Project
from mso_tui.tui.app import MsoApp
from tests.helpers import claude_lines
from tests.unit.cli.test_watch_live import exchange


async def wait_until(pilot, check, seconds: float = 5.0) -> bool:
    """Let the app run until check holds (bounded)."""
    from textual.css.query import NoMatches

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if check():
                return True
        except NoMatches:  # the screen is still being composed
            pass
        await pilot.pause(0.05)
    return False


async def test_growing_transcript_ticks_and_waits(store: Path, tmp_path: Path, monkeypatch) -> None:
    from mso_tui.services.hooks import start_or_join
    from mso_tui.tui.screens.session import SessionScreen
    from mso_tui.tui.screens.timeline import TimelineScreen

    config = tmp_path / "config.toml"
    config.write_text("[live]\nwaiting_after = 1\n")
    monkeypatch.setenv("MSO_CONFIG", str(config))
    repo = tmp_path / "repo"
    repo.mkdir()
    Project.create(name="shop", repo_path=str(repo))
    folder = tmp_path / "home" / ".claude" / "projects" / "-repo"
    transcript = claude_lines.write(folder / "w-1.jsonl", exchange("w-1", str(repo), 0))
    started = start_or_join(HookEvent("claude-code", "SessionStart", "start", "w-1", str(repo), str(transcript)))
    assert started is not None
    app = MsoApp(watch_paths=[folder])
    async with app.run_test(size=(120, 30)) as pilot:
        assert await wait_until(pilot, lambda: type(app.screen).__name__ == "ProjectsScreen")
        await pilot.pause(0.1)
        app.push_screen(TimelineScreen("shop"))
        assert await wait_until(pilot, lambda: isinstance(app.screen, TimelineScreen) and app.screen.rows)
        timeline = app.screen
        assert await wait_until(pilot, lambda: timeline.live.get(started.session.id) == "running")
        app.push_screen(SessionScreen(started.session.id))
        summary = lambda: str(app.screen.query_one("#summary", Static).render())  # noqa: E731
        assert await wait_until(pilot, lambda: "0 turns" in summary() and "running" in summary())
        for i in (1, 2):  # the file grows while the app runs
            with transcript.open("a") as handle:
                handle.write("".join(json.dumps(r) + "\n" for r in exchange("w-1", str(repo), i)))
        assert await wait_until(pilot, lambda: "6 turns" in summary(), seconds=4)
        assert await wait_until(pilot, lambda: "waiting" in summary(), seconds=5)
        assert timeline.live[started.session.id] == "waiting"
        assert any("is waiting for input" in n.message for n in app._notifications)
        from mso_tui.services.live import log_line

        log_line("claude-code SessionEnd: session 1 of shop; completed, handoff #1")  # a hook's outcome
        assert await wait_until(pilot, lambda: any("handoff #1" in n.message for n in app._notifications), 4)
