"""What every mso screen shares: the context it offers to app-wide actions, and formatting."""
from __future__ import annotations

import datetime as dt

from textual.screen import Screen

from mso_tui.fmt import short_tokens as tokens  # noqa: F401 (screens import it from here)
from mso_tui.fmt import tokens_cost
from mso_tui.records import SessionRecord, TokenCounts

DEMO_REFUSAL = "This is the demo store: nothing made here is kept. Quit and run mso without --demo to work for real."


def demo_refusal(app: object) -> str | None:
    """Why real work is refused here (the app runs on the throw-away demo store), or None."""
    return DEMO_REFUSAL if getattr(app, "demo", False) else None


class MsoScreen(Screen):
    """A screen that can tell app actions which project and session the user is looking at."""

    def context_project(self) -> str | None:
        """The project the user is looking at, if any."""
        return None

    def context_session(self) -> SessionRecord | None:
        """The session the user is looking at, if any."""
        return None

    def reload(self) -> None:
        """Load stored data again (after a write elsewhere)."""

    def back(self) -> bool:
        """Handle escape locally (e.g. leave a filter box); True when handled."""
        return False


def money(value: float) -> str:
    """US dollars with cents."""
    return f"${value:,.2f}"


def usd(counts: TokenCounts) -> str:
    """Dollars that are never a false $0.00: "unpriced", or "$1.20+unpriced" when part has no price."""
    return tokens_cost(counts)


def usd_parts(cost: float, total: int, unpriced_tokens: int) -> str:
    """usd() from loose numbers (a timeline row, a chart point)."""
    return usd(TokenCounts(total, 0, 0, 0, cost, unpriced_tokens))


def cost_cell(counts: TokenCounts, credits: float, budget: float | None = None) -> str:
    """Cost in dollars, or credits where the session had no token usage (web agents bill credits)."""
    if counts.total or counts.cost_usd:
        return usd(counts)
    return credits_short(credits, budget)


def credits_short(used: float, budget: float | None) -> str:
    """Credits for a narrow cell: '3.5 cr', '3.5/10 cr', or – when nothing was recorded."""
    if budget:
        return f"{used:g}/{budget:g} cr"
    return f"{used:g} cr" if used else "–"


def usage_summary(counts: TokenCounts, credits: float, budget: float | None) -> str:
    """Tokens and dollars, or, for a session billed in credits (no token usage), credits against budget."""
    if counts.total or counts.cost_usd:
        text = f"{tokens(counts.total)} tokens · {usd(counts)}"
        return text + (f" · {credits:g} credits" if credits else "")
    if budget:
        return f"{credits:g} of {budget:g} credits ({credits / budget:.0%} of budget)"
    return f"{credits:g} credits (no budget)" if credits else "no token or credit usage recorded"


def when(value: dt.datetime | None) -> str:
    """An absolute date and time (never relative, so pictures do not move with the clock)."""
    return value.strftime("%Y-%m-%d %H:%M") if value else "–"


def duration(seconds: float | None) -> str:
    """1h 05m, 42m, or – when unknown."""
    if seconds is None:
        return "–"
    minutes = int(seconds // 60)
    return f"{minutes // 60}h {minutes % 60:02d}m" if minutes >= 60 else f"{minutes}m"


def percent(value: float | None) -> str:
    """A share as a whole percentage, or – when unknown."""
    return "–" if value is None else f"{value:.0%}"


def fit_columns(specs: list[tuple[str, str, int, int]], width: int) -> list[tuple[str, str, int]]:
    """(key, label, width) of the columns whose minimum screen width is met (key, label, width, min_screen)."""
    return [(key, label, w) for key, label, w, min_screen in specs if width >= min_screen]
