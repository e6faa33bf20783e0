"""Modal forms: a base with inline errors and save/cancel keys, and the new-project form."""
from __future__ import annotations

from typing import TypeVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Input, Label, Static

from mso_tui.errors import MsoError
from mso_tui.records import ProjectRecord
from mso_tui.tui.dialogs.base import FormDialog
from mso_tui.tui.screens.base import demo_refusal
from mso_tui.tui.screens.discard import typed_values

T = TypeVar("T")


class FormScreen(FormDialog[T]):
    """A dialog whose fields show their own errors; ctrl+s saves, escape cancels, nothing half-saved."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", priority=True, id="form.save"),
        Binding("escape", "cancel", "Cancel", id="form.cancel"),
    ]
    TITLE_TEXT = ""
    _initial: tuple[str, ...] = ()

    def on_screen_resume(self) -> None:
        """Remember the fields as they opened, so Esc knows whether anything was typed."""
        if not self._initial:
            self._initial = typed_values(self)

    def field(self, label: str, widget: object, name: str) -> ComposeResult:
        """A label, the widget, and an (initially empty) error line named error-<name>."""
        yield Label(label, classes="field-label")
        yield widget  # type: ignore[misc]
        yield Static("", id=f"error-{name}", classes="field-error")

    def show_error(self, name: str, text: str) -> None:
        """Show text under field name (empty text hides it) and focus the field."""
        error = self.query_one(f"#error-{name}", Static)
        error.update(text)
        error.set_class(bool(text), "-shown")
        if text:  # a long form scrolls its body; the error must come into view
            self.call_after_refresh(error.scroll_visible, animate=False)

    def clear_errors(self) -> None:
        """Hide every error line."""
        for error in self.query(".field-error"):
            error.set_class(False, "-shown")

    def hint(self) -> Static:
        """The keys line at the foot of the dialog."""
        return Static("[b]ctrl+s[/b] save · [b]tab[/b] next field · [b]esc[/b] cancel", classes="hint")



class NewProjectForm(FormScreen[ProjectRecord | None]):
    """Create a project: name (required, unique), description, repository folder."""

    def compose(self) -> ComposeResult:
        """The three fields."""
        with VerticalScroll(classes="dialog"):
            yield Static("[b]New project[/b]", classes="title")
            yield from self.field("Name", Input(id="name", placeholder="e.g. billing-api", compact=True), "name")
            yield from self.field("Description", Input(id="description", compact=True), "description")
            yield from self.field("Repository folder (optional)",
                                  Input(id="repo", placeholder="~/src/billing-api", compact=True), "repo")
            yield self.hint()

    def on_mount(self) -> None:
        """Start in the name field."""
        self.query_one("#name", Input).focus()

    def on_input_submitted(self) -> None:
        """Enter in any field saves."""
        self.action_save()

    def action_save(self) -> None:
        """Check the name, then create the project; errors stay in the form."""
        from mso_tui.services.projects import add_project

        self.clear_errors()
        if refusal := demo_refusal(self.app):
            self.show_error("name", refusal)
            return
        name = self.query_one("#name", Input).value.strip()
        if not name:
            self.show_error("name", "A project needs a name.")
            self.query_one("#name", Input).focus()
            return
        repo = self.query_one("#repo", Input).value.strip() or None
        try:
            project = add_project(name, self.query_one("#description", Input).value, repo)
        except MsoError as exc:
            where = "repo" if "folder" in str(exc) else "name"
            self.show_error(where, str(exc))
            self.query_one(f"#{where}", Input).focus()
            return
        self.dismiss(project)
