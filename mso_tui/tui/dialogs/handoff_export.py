"""The export modal of the handoff viewer: a path, checked inline before anything is written."""
from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from mso_tui.tui.screens.helpers import style_path


def check_export_path(text: str) -> tuple[Path | None, str]:
    """The path to write, or None and why it cannot be used."""
    text = text.strip()
    if not text:
        return None, "Enter a file path."
    path = Path(text).expanduser()
    if path.is_dir():
        return None, f"{path} is a folder; name a file in it."
    if not path.parent.exists():
        return None, f"{path.parent} does not exist."
    return path, ""


class HandoffExportModal(ModalScreen[Path | None]):
    """Ask where to write the shown handoff; dismisses with the checked path, or None."""

    CSS_PATH = [style_path("dialogs")]
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="handoff_export.cancel")]

    def __init__(self, default: str) -> None:
        super().__init__()
        self.default = default
        self._replace: Path | None = None  # an existing file the user was told about once

    def compose(self) -> ComposeResult:
        """Title, path input, the inline error line and the buttons."""
        with Vertical(id="export-dialog", classes="dialog"):
            yield Static("Export handoff", classes="dialog-title")
            yield Label("File path (Markdown)")
            yield Input(self.default, id="export-path", compact=True)
            yield Static("", id="export-error", classes="field-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Export", id="export-ok", variant="primary", compact=True)
                yield Button("Cancel", id="export-cancel", compact=True)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter in the path field exports."""
        event.stop()
        self._submit()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """Export or cancel."""
        event.stop()
        if event.button.id == "export-ok":
            self._submit()
        else:
            self.dismiss(None)

    def _submit(self) -> None:
        """Dismiss with the path when it is usable, else say why under the field."""
        path, problem = check_export_path(self.query_one("#export-path", Input).value)
        if path is not None and path.exists() and path != self._replace:
            self._replace, path = path, None  # ask first: a second Enter on the same path replaces it
            problem = f"{path or self._replace} exists. Enter again replaces it; esc keeps it."
        error = self.query_one("#export-error", Static)
        error.update(problem)
        error.display = bool(problem)
        if path is not None:
            self.dismiss(path)

    def action_cancel(self) -> None:
        """Close without exporting."""
        self.dismiss(None)
