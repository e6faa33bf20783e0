"""`?`: every key of the screen underneath, read from its active bindings."""
from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Static


def binding_rows(screen: Screen) -> list[tuple[str, str, str]]:
    """(key, description, binding id) of every active binding of screen: its own first, then app-wide ones."""
    rows = []
    for key, active in screen.active_bindings.items():
        b = active.binding
        description = b.description or b.tooltip or b.action
        rows.append((screen.app.get_key_display(b), description, b.id or ""))
    # this screen's own keys first, then mso's general ones, then the widgets' built-in ones (no id)
    return sorted(rows, key=lambda r: (not r[2], r[2].startswith("app."), r[2] or r[1]))


class HelpScreen(ModalScreen[None]):
    """A table of keys; the ids are what the [keys] table of the config file remaps."""

    BINDINGS = [Binding("escape,q,question_mark", "dismiss", "Close", id="help.close")]

    def __init__(self, rows: list[tuple[str, str, str]], title: str) -> None:
        super().__init__()
        self.rows = rows
        self.title_text = title

    def compose(self) -> ComposeResult:
        """Title, table, a line about remapping."""
        with Vertical(classes="dialog wide"):
            yield Static(f"[b]Keys · {self.title_text}[/b]", classes="title")
            yield DataTable(id="keys", cursor_type="row", zebra_stripes=True)
            yield Static('Remap in config.toml: \\[keys] "app.search" = "ctrl+f" · esc closes', classes="hint")

    def on_mount(self) -> None:
        """Fill the table."""
        table = self.query_one(DataTable)
        table.add_columns("Key", "Action", "Id")
        table.add_rows(self.rows)
        table.focus()
