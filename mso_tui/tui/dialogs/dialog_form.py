"""Modal dialogs shared by the knowledge and accounts screens: a form with inline errors, a yes/no confirm."""
from __future__ import annotations

from typing import TypeVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, Label, Static

from mso_tui.tui.dialogs.base import FormDialog
from mso_tui.tui.screens.helpers import style_path

T = TypeVar("T")


class DialogForm(FormDialog[T]):
    """A dialog whose fields each show their own error line; ctrl+s saves, escape cancels."""

    CSS_PATH = [style_path("dialogs")]
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", priority=True, id="form2.save"),
        Binding("escape", "cancel", "Cancel", id="form2.cancel"),
    ]

    _initial: tuple[str, ...] = ()

    def on_screen_resume(self) -> None:
        """Focus the first field (typing goes somewhere) and remember the fields as they opened."""
        if self._initial:
            return
        from mso_tui.tui.screens.discard import typed_values

        self._initial = typed_values(self)
        first = next((w for w in self.query("Input, TextArea, Select") if w.focusable), None)
        if first is not None:
            first.focus()

    def row(self, label: str, widget: Widget, name: str) -> ComposeResult:
        """A label, the field and its (hidden until needed) error line error-<name>."""
        yield Label(label)
        yield widget
        error = Static("", id=f"error-{name}", classes="field-error")
        error.display = False
        yield error

    def buttons(self) -> ComposeResult:
        """Save and Cancel buttons with the key hint."""
        with Horizontal(classes="dialog-buttons"):
            yield Static("ctrl+s save · esc cancel", classes="dialog-hint")
            yield Button("Save", id="form-save", variant="primary", compact=True)
            yield Button("Cancel", id="form-cancel", compact=True)

    def set_error(self, name: str, text: str) -> None:
        """Show text under field name (empty text hides the line)."""
        error = self.query_one(f"#error-{name}", Static)
        error.update(text)
        error.display = bool(text)
        if text:  # a long form scrolls its body; the error must come into view
            self.call_after_refresh(error.scroll_visible, animate=False)

    def clear_errors(self) -> None:
        """Hide every error line."""
        for error in self.query(".field-error"):
            error.display = False

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """The buttons do what the keys do."""
        event.stop()
        if event.button.id == "form-save":
            self.action_save()
        elif event.button.id == "form-cancel":
            self.action_cancel()



class ConfirmDialog(ModalScreen[bool]):
    """Ask a yes/no question; y confirms, n or escape declines."""

    CSS_PATH = [style_path("dialogs")]
    BINDINGS = [
        Binding("y", "answer(True)", "Yes", id="confirm2.yes"),
        Binding("n,escape", "answer(False)", "No", id="confirm2.no"),
    ]

    def __init__(self, question: str, detail: str = "") -> None:
        super().__init__()
        self.question, self.detail = question, detail

    def compose(self) -> ComposeResult:
        """The question, its detail and the keys."""
        with Vertical(classes="dialog confirm"):
            yield Static(self.question, classes="dialog-title")
            if self.detail:
                yield Label(self.detail)
            yield Static("[b]y[/b] yes · [b]n[/b] no", classes="dialog-hint")

    def action_answer(self, yes: bool) -> None:
        """Close with the answer."""
        self.dismiss(yes)
