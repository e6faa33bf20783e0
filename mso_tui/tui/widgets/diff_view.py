"""A coloured unified diff between two handoff versions."""
from __future__ import annotations

import difflib

from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import Static

from mso_tui.tui.widgets.theme_colours import theme_colours


def unified_diff(old: str, new: str, old_name: str = "previous", new_name: str = "current") -> list[str]:
    """The lines of a unified diff from old to new (empty when they are equal)."""
    return list(difflib.unified_diff(old.splitlines(), new.splitlines(), fromfile=old_name,
                                     tofile=new_name, lineterm="", n=2))


def diff_stats(lines: list[str]) -> tuple[int, int]:
    """Lines added and removed in a unified diff."""
    added = sum(1 for line in lines if line.startswith("+") and not line.startswith("+++"))
    removed = sum(1 for line in lines if line.startswith("-") and not line.startswith("---"))
    return added, removed


class DiffView(VerticalScroll, can_focus=True):
    """Shows a unified diff: additions, removals and hunk headers each in their own colour."""

    DEFAULT_CSS = """
    DiffView { height: 1fr; padding: 0 1; }
    DiffView > Static { width: auto; }
    """

    def compose(self):
        """One Static holding the whole diff (a Text renders thousands of lines cheaply)."""
        yield Static(id="diff-body")

    def _styles(self) -> dict[str, str]:
        """Colours for each line kind, taken from the app's theme so every theme reads well."""
        colours = theme_colours(self.app)
        return {"+": colours["success"], "-": colours["error"], "@": colours["accent"], "h": "dim"}

    def show(self, lines: list[str], empty_message: str = "No differences.") -> None:
        """Render diff lines (or a message when there are none)."""
        colours = self._styles()
        text = Text(no_wrap=True)
        if not lines:
            text.append(empty_message, style=colours["h"])
        for line in lines:
            if line.startswith(("+++", "---")):
                style = f"bold {colours['h']}"
            elif line.startswith("@@"):
                style = colours["@"]
            elif line[:1] in "+-":
                style = colours[line[0]]
            else:
                style = ""
            text.append(line + "\n", style=style)
        self.query_one(Static).update(text)
        self.scroll_home(animate=False)
