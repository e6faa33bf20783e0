"""The base of every mso form: escape closes without saving, ctrl+s saves through action_save.

The two form families (FormScreen, DialogForm) keep their own stylesheets: app.tcss and dialogs.tcss
style `.dialog` differently, and one stylesheet for both would move pixels on every form.
"""
from __future__ import annotations

from typing import TypeVar

from textual.screen import ModalScreen

T = TypeVar("T")


class FormDialog(ModalScreen[T]):
    """A modal form: subclasses bind ctrl+s to save and escape to cancel, and implement action_save.

    `_initial` holds what the fields held when the form opened: escape on a form with typing in it asks
    before discarding it.
    """

    _initial: tuple[str, ...] = ()

    def action_save(self) -> None:
        """Validate and save; subclasses override."""

    def action_cancel(self) -> None:
        """Close without saving (asking first when something was typed)."""
        from mso_tui.tui.screens.discard import close_or_ask

        close_or_ask(self, self._initial, lambda: self.dismiss(None))
