"""Minimal example for a Textual report: a key that follows Tab in one burst lands in the field Tab left.

Run: python docs/upstream/textual_burst_focus.py  (prints what each Input holds after a burst and after paced keys)
"""
from __future__ import annotations

import asyncio

from textual import events
from textual.app import App, ComposeResult
from textual.widgets import Input


class Form(App[None]):
    """Two inputs; Tab moves focus from the first to the second."""

    def compose(self) -> ComposeResult:
        """The two fields."""
        yield Input(id="first")
        yield Input(id="second")


def values(app: Form) -> tuple[str, str]:
    """What the two fields hold."""
    return app.query_one("#first", Input).value, app.query_one("#second", Input).value


async def main() -> None:
    """Type a, Tab, b once as one burst (as a terminal delivers fast typing) and once paced."""
    app = Form()
    async with app.run_test() as pilot:
        await pilot.pause()
        for key, char in (("a", "a"), ("tab", None), ("b", "b")):
            app.post_message(events.Key(key, char))  # no pause between keys, as the driver posts a burst
        await pilot.pause()
        burst = values(app)
    app = Form()
    async with app.run_test() as pilot:
        await pilot.press("a", "tab", "b")  # Pilot waits for each key to be handled
        paced = values(app)
    print(f"burst: first={burst[0]!r} second={burst[1]!r}")
    print(f"paced: first={paced[0]!r} second={paced[1]!r}")


if __name__ == "__main__":
    asyncio.run(main())
