"""Esc on a form with typing in it asks before throwing that typing away."""
from __future__ import annotations

from typing import Callable

from textual.screen import Screen
from textual.widgets import Input, TextArea


def typed_values(screen: Screen[object]) -> tuple[str, ...]:
    """What every text field of the screen holds now."""
    return tuple(w.value if isinstance(w, Input) else w.text for w in screen.query("Input, TextArea")
                 if isinstance(w, (Input, TextArea)))


def close_or_ask(screen: Screen[object], initial: tuple[str, ...], close: Callable[[], None],
                 what: str = "what you typed") -> None:
    """Close at once when nothing was typed; otherwise ask whether to discard it first."""
    if typed_values(screen) == initial:
        close()
        return
    from mso_tui.tui.dialogs.dialog_form import ConfirmDialog

    screen.app.push_screen(ConfirmDialog(f"Discard {what}?", "y discards it · n goes back to the form"),
                           lambda yes: close() if yes else None)
