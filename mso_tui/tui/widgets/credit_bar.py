"""Credits used today against a daily budget, as a text bar (for tables) and as a widget."""
from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from mso_tui.tui.widgets.theme_colours import theme_colours

FULL, EMPTY = "█", "░"


def credit_share(used: float, budget: float) -> float | None:
    """Used over budget (may exceed 1), or None without a budget."""
    return used / budget if budget > 0 else None


def credit_bar_text(used: float, budget: float, width: int = 12, colours: dict[str, str] | None = None) -> Text:
    """A bar like '██████░░░░ 60%' coloured by how close the budget is (no budget: a note)."""
    colours = colours or {}
    share = credit_share(used, budget)
    if share is None:
        return Text(f"{used:g} · no budget" if used else "no budget", style="dim")
    filled = min(round(width * min(share, 1.0)), width)
    # why the thresholds: at 80% a user should pick another account before the next session
    level = "error" if share >= 1.0 else "warning" if share >= 0.8 else "success"
    bar = Text()
    bar.append(FULL * filled, style=colours.get(level, {"error": "red", "warning": "yellow"}.get(level, "green")))
    bar.append(EMPTY * (width - filled), style="dim")
    bar.append(f" {share:4.0%}")
    return bar


class CreditBar(Widget):
    """A full-width credit bar with its figures: used, budget and what remains today."""

    DEFAULT_CSS = """
    CreditBar { height: 1; width: 1fr; }
    """

    used: reactive[float] = reactive(0.0)
    budget: reactive[float] = reactive(0.0)

    def set_credits(self, used: float, budget: float) -> None:
        """Show new figures."""
        self.used, self.budget = used, budget

    def render(self) -> Text:
        """The bar sized to the widget's width, then the figures."""
        figures = f" {self.used:g}/{self.budget:g} credits · {max(self.budget - self.used, 0):g} left"
        width = max(self.size.width - len(figures) - 6, 4)
        colours = theme_colours(self.app)
        text = credit_bar_text(self.used, self.budget, width, colours)
        if self.budget > 0:
            text.append(figures)
        return text
