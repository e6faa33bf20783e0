"""The knowledge base: search as you type (ranked FTS), a category filter, add/edit/delete."""
from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.markup import escape as _escape
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import DataTable, Footer, Input, Static

from mso_tui.records import KnowledgeRecord
from mso_tui.tui.screens.helpers import error_text, in_db_thread, pop_or_exit, style_path

CATEGORY_CYCLE: tuple[str | None, ...] = (None, "pattern", "solution", "troubleshooting", "best_practice")
DEBOUNCE = 0.15  # seconds: search once the user pauses, not on every key


class KnowledgeScreen(Screen[None]):
    """Entries in a table, the highlighted one in full below it."""

    CSS_PATH = style_path("knowledge")
    AUTO_FOCUS = "#kb-table"  # not the search box: keys typed while the screen opens must not land there
    BINDINGS = [
        Binding("escape", "back", "Back", id="knowledge.back"),
        Binding("slash", "focus_search", "Search", id="knowledge.search"),
        Binding("f", "cycle_category", "Category", id="knowledge.filter"),
        Binding("n", "add", "New", id="knowledge.add"),
        Binding("e", "edit", "Edit", id="knowledge.edit"),
        Binding("delete,x", "delete", "Delete", id="knowledge.delete"),
    ]

    class Results(Message):
        """Entries matching a query."""

        def __init__(self, query: str, category: str | None, entries: list[KnowledgeRecord]) -> None:
            super().__init__()
            self.query, self.category, self.entries = query, category, entries

    def __init__(self, select_id: int | None = None) -> None:
        super().__init__()
        self.select_id = select_id  # an entry to highlight once loaded (the global search opens one)
        self.category: str | None = None
        self.entries: list[KnowledgeRecord] = []
        self._debounce: Timer | None = None

    def compose(self) -> ComposeResult:
        """Search box and filter, the table, the detail pane."""
        with Horizontal(id="kb-bar"):
            yield Input(placeholder="search knowledge (title, text, tags)…", id="kb-search", compact=True)
            yield Static("category: all", id="kb-filter")
        yield DataTable(id="kb-table", cursor_type="row", zebra_stripes=True)
        yield Static("", id="kb-detail")
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        """Columns, then the first load."""
        table = self.query_one(DataTable)
        table.add_column("Title", key="title", width=34)
        table.add_column("Category", key="category", width=15)
        table.add_column("Tags", key="tags", width=20)
        table.add_column("Uses", key="uses", width=5)
        self.search("", None)
        table.focus()

    @on(Input.Changed, "#kb-search")
    def _typed(self, event: Input.Changed) -> None:
        """Restart the debounce timer on every key."""
        if self._debounce is not None:
            self._debounce.stop()
        self._debounce = self.set_timer(DEBOUNCE, self.refresh_results)

    @on(Input.Submitted, "#kb-search")
    def _submitted(self) -> None:
        """Enter in the search box moves to the results."""
        self.query_one(DataTable).focus()

    def refresh_results(self) -> None:
        """Search again with the current text and category."""
        self.search(self.query_one("#kb-search", Input).value, self.category)

    @work(thread=True, exclusive=True, exit_on_error=False, group="knowledge-search")
    def search(self, text: str, category: str | None) -> None:
        """Ranked full-text search (or every entry for an empty query) in a thread."""
        from mso_tui.services import knowledge

        try:
            entries = in_db_thread(knowledge.search, text, 200, category)
        except Exception as exc:  # a malformed FTS query must not take the screen down
            self.app.call_from_thread(self.notify, error_text(exc), severity="error")
            return
        self.post_message(self.Results(text, category, entries))

    def on_knowledge_screen_results(self, message: Results) -> None:
        """Fill the table, keeping the highlighted entry when it is still there."""
        table = self.query_one(DataTable)
        keep = self.select_id if self.select_id is not None else self.highlighted_id()
        self.select_id = None
        self.entries = message.entries
        table.clear()
        for e in self.entries:
            table.add_row(e.title, e.category.replace("_", " "), ", ".join(e.tags), str(e.usage_count), key=str(e.id))
        rows = [e.id for e in self.entries]
        if keep in rows:
            table.move_cursor(row=rows.index(keep))
        self.show_detail()

    def highlighted(self) -> KnowledgeRecord | None:
        """The entry under the table cursor."""
        table = self.query_one(DataTable)
        if not self.entries or not 0 <= table.cursor_row < len(self.entries):
            return None
        return self.entries[table.cursor_row]

    def highlighted_id(self) -> int | None:
        """The id of the highlighted entry."""
        entry = self.highlighted()
        return entry.id if entry else None

    @on(DataTable.RowHighlighted)
    def show_detail(self) -> None:
        """Show the highlighted entry in full."""
        entry = self.highlighted()
        detail = self.query_one("#kb-detail", Static)
        if entry is None:
            detail.update("No entries. Press [b]n[/b] to add one." if not self.query_one("#kb-search", Input).value
                          else "Nothing matches.")
            return
        rate = f" · success {entry.success_rate:.0%}" if entry.success_rate is not None else ""
        head = f"[b]{_escape(entry.title)}[/b] · {entry.category.replace('_', ' ')} · used {entry.usage_count}×{rate}"
        body = "\n".join(x for x in (entry.description, entry.content) if x)
        detail.update(f"{head}\n{_escape(body)}")

    def action_focus_search(self) -> None:
        """Put the cursor in the search box."""
        self.query_one("#kb-search", Input).focus()

    def action_cycle_category(self) -> None:
        """Filter by the next category (then all again)."""
        at = CATEGORY_CYCLE.index(self.category)
        self.category = CATEGORY_CYCLE[(at + 1) % len(CATEGORY_CYCLE)]
        label = (self.category or "all").replace("_", " ")
        self.query_one("#kb-filter", Static).update(f"category: {label}")
        self.refresh_results()

    def action_add(self) -> None:
        """Open the form for a new entry."""
        from mso_tui.tui.dialogs.knowledge_form import KnowledgeForm

        self.app.push_screen(KnowledgeForm(), self._saved)

    def action_edit(self) -> None:
        """Open the form on the highlighted entry."""
        from mso_tui.tui.dialogs.knowledge_form import KnowledgeForm

        entry = self.highlighted()
        if entry is not None:
            self.app.push_screen(KnowledgeForm(entry), self._saved)

    def _saved(self, entry: KnowledgeRecord | None) -> None:
        """Reload after a save and highlight the saved entry."""
        if entry is not None:
            self.select_id = entry.id
            self.notify(f"Saved “{entry.title}”.")
            self.refresh_results()

    def action_delete(self) -> None:
        """Ask, then delete the highlighted entry."""
        from mso_tui.tui.dialogs.dialog_form import ConfirmDialog

        entry = self.highlighted()
        if entry is None:
            return

        def answered(yes: bool | None) -> None:
            if yes:
                from mso_tui.services import knowledge

                knowledge.delete_entry(entry.id)
                self.notify(f"Deleted “{entry.title}”.")
                self.refresh_results()

        self.app.push_screen(ConfirmDialog("Delete this entry?", entry.title), answered)

    def action_back(self) -> None:
        """Leave the search box first, then the screen."""
        if self.focused is self.query_one("#kb-search", Input):
            self.query_one(DataTable).focus()
            return
        pop_or_exit(self)
