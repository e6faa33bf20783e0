"""A tiny host app for Pilot tests of single screens."""
from __future__ import annotations

from typing import Callable

from textual.app import App
from textual.screen import Screen


class Host(App[None]):
    """Pushes one screen on mount; escape from it returns to an empty default screen."""

    def __init__(self, make_screen: Callable[[], Screen]) -> None:
        super().__init__()
        self.make_screen = make_screen

    def on_mount(self) -> None:
        """Show the screen under test."""
        self.push_screen(self.make_screen())


async def settle(pilot) -> None:
    """Let workers finish and their messages be handled."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.pause()
