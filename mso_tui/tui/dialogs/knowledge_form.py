"""Add or edit a knowledge entry in a modal form; errors show under their field, nothing half-saved."""
from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Input, Select, Static, TextArea

from mso_tui.errors import MsoError
from mso_tui.records import KnowledgeRecord
from mso_tui.services import knowledge
from mso_tui.tui.dialogs.dialog_form import DialogForm


class KnowledgeForm(DialogForm[KnowledgeRecord | None]):
    """Title, category, tags, description and content; dismisses with the saved entry."""

    def __init__(self, entry: KnowledgeRecord | None = None) -> None:
        super().__init__()
        self.entry = entry

    def compose(self) -> ComposeResult:
        """The fields, pre-filled when editing."""
        e = self.entry
        title = "Edit knowledge entry" if e else "New knowledge entry"
        with VerticalScroll(classes="dialog", id="kb-form"):
            yield Static(title, classes="dialog-title")
            yield from self.row("Title", Input(e.title if e else "", id="kb-title", compact=True), "title")
            options = [(c.replace("_", " "), c) for c in knowledge.CATEGORIES]
            yield from self.row("Category", Select(options, value=e.category if e else "pattern", allow_blank=False,
                                                   id="kb-category", compact=True), "category")
            yield from self.row("Tags (comma separated)",
                                Input(", ".join(e.tags) if e else "", id="kb-tags", compact=True), "tags")
            yield from self.row("Description", Input(e.description if e else "", id="kb-description",
                                                     compact=True), "description")
            yield from self.row("Content", TextArea(e.content if e else "", id="kb-content", soft_wrap=True),
                                "content")
            yield from self.buttons()

    def action_save(self) -> None:
        """Check the fields, then add or change the entry (one transaction in the service)."""
        self.clear_errors()
        title = self.query_one("#kb-title", Input).value.strip()
        if not title:
            self.set_error("title", "A title is required.")
            self.query_one("#kb-title", Input).focus()
            return
        fields = dict(
            title=title,
            category=str(self.query_one("#kb-category", Select).value),
            tags=self.query_one("#kb-tags", Input).value,
            description=self.query_one("#kb-description", Input).value,
            content=self.query_one("#kb-content", TextArea).text,
        )
        try:
            if self.entry is None:
                saved = knowledge.add_entry(**fields)  # type: ignore[arg-type]
            else:
                saved = knowledge.edit_entry(self.entry.id, **fields)
        except MsoError as exc:
            self.set_error("title", str(exc))
            return
        self.dismiss(saved)
