"""The session screen's tabs, built on first use, and its redaction state (a mixin of SessionScreen)."""
from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import work
from textual.message import Message
from textual.widgets import DataTable, Static, TabbedContent, TabPane

from mso_tui.redaction.gate import clean
from mso_tui.tui.messages import LoadFailed
from mso_tui.tui.screens import session_parts as parts
from mso_tui.tui.widgets.conversation import ConversationView

FOCUS = {"overview": "#objectives", "conversation": "#conversation-view", "files": "#files-table",
         "usage": "#usage-table"}


class ExtrasLoaded(Message):
    """Files and usage per model, read when the Files or Usage tab is first opened."""

    def __init__(self, files: list[Any], usage: dict[str, Any], files_note: str = "") -> None:
        super().__init__()
        self.files = files
        self.usage = usage
        self.files_note = files_note  # where the files come from, or why there are none


class SessionTabs:
    """Lazy tabs (conversation, files, usage) and the reveal toggle; `self` is the SessionScreen."""

    detail: Any
    revealed: bool
    session_id: int
    _extras: ExtrasLoaded | None
    _built: set[str]

    def _titles(self: Any) -> None:
        """The header: session, and whether secrets are hidden (with how many so far) or revealed."""
        if self.detail is None:
            return
        s, views = self.detail.session, self.query(ConversationView)
        state = "secrets revealed" if self.revealed else (
            f"secrets hidden ({views.first().secrets[0]})" if views else "secrets hidden")
        self.sub_title = f"{s.project_name} · session {s.number} · {state}"

    async def on_tabbed_content_tab_activated(self: Any, event: TabbedContent.TabActivated) -> None:
        """Build a tab's widgets the first time it is shown."""
        await self._build(event.pane.id or "")

    async def _build(self: Any, tab: str) -> None:
        """Mount the widgets of a tab once (the conversation needs the session's turn count first)."""
        if tab in self._built or (tab == "conversation" and self.detail is None):
            return
        self._built.add(tab)
        pane = self.query_one(f"#{tab}", TabPane)
        if tab == "conversation":
            from mso_tui.services.timeline import turn_page

            total = self.detail.session.turn_count  # type: ignore[union-attr]
            await pane.mount(Static(parts.secrets_line(self.revealed, 0, total == 0, 0, total), id="secrets"),
                             ConversationView(lambda offset, limit: turn_page(self.session_id, offset, limit),
                                              total, id="conversation-view"))
        else:
            if tab == "usage":
                await pane.mount(Static("Loading usage…", id="credits-note", classes="status-line"))
            else:
                await pane.mount(Static("Loading files…", id="files-note", classes="status-line"))
            table: DataTable = DataTable(id=f"{tab}-table", cursor_type="row")
            await pane.mount(table)
            table.add_columns(*(("File", "Change", "+", "-") if tab == "files" else
                                ("Model", "Input", "Output", "Cache w", "Cache r", "Cost")))
            if self._extras is None:
                self._extras = ExtrasLoaded([], {})  # placeholder: the worker's message replaces it
                self._load_extras()
            else:
                self._show_extras()
        if self.query_one(TabbedContent).active == tab:
            self.query_one(FOCUS[tab]).focus()

    def _refresh_conversation(self: Any) -> None:
        """A built conversation tab follows the session's turn count (a paste or an import added turns)."""
        total = self.detail.session.turn_count if self.detail is not None else 0
        for view in self.query(ConversationView).results():
            if view.total != total:
                view.reset(total)
                self._secrets_line()

    def on_extras_loaded(self: Any, message: ExtrasLoaded) -> None:
        """Keep files and usage; fill the tables that exist."""
        self._extras = message
        self._show_extras()

    def _show_extras(self: Any) -> None:
        """Fill the files and usage tables (if built) and the credits note."""
        assert self._extras is not None
        for table in self.query("#files-table").results(DataTable):
            parts.fill_files(table, self._extras.files)
        for note in self.query("#files-note").results(Static):
            note.update(Text(clean(self._extras.files_note)))  # it may name a repository path: no markup
        for table in self.query("#usage-table").results(DataTable):
            parts.fill_usage(table, self._extras.usage)
        if self.detail is not None:
            for note in self.query("#credits-note").results(Static):
                note.update(parts.credits_note(self.detail.session, self._extras.usage))

    def on_conversation_view_secrets_counted(self: Any, message: ConversationView.SecretsCounted) -> None:
        """Update the header and the conversation's redaction line."""
        self._secrets_line()

    def _secrets_line(self: Any) -> None:
        """Redo the redaction note from the view's counts."""
        self._titles()
        for view in self.query(ConversationView).results():
            count, read, complete = view.secrets
            self.query_one("#secrets", Static).update(
                parts.secrets_line(self.revealed, count, complete, read, view.total))

    def action_reveal(self: Any) -> None:
        """Show secrets as stored, or mask them again (copies stay masked either way)."""
        self.revealed = not self.revealed
        for view in self.query(ConversationView).results():
            view.revealed = self.revealed
        self._secrets_line()
        self.notify("Secrets revealed in the conversation." if self.revealed else "Secrets hidden again.",
                    timeout=2)


    @work(thread=True, exclusive=True, exit_on_error=False, group="extras")
    def _load_extras(self: Any) -> None:
        """Read files and usage in a thread."""
        from mso_tui.services.session_view import in_worker, session_files_usage

        try:
            self.post_message(ExtrasLoaded(*in_worker(session_files_usage, self.session_id)))
        except Exception as exc:
            self.post_message(LoadFailed("files and usage", f"{type(exc).__name__}: {exc}"))
