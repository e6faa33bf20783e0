"""The header's spend line (today's dollars against the budget, the active block) and the 80 %/100 % alerts."""
from __future__ import annotations

from typing import Any

from textual import work

LEVELS = {"ok": 0, "warn": 1, "over": 2}


def header_title(summary: Any, base: str = "mso") -> str:
    """ "mso · today $12.30 of $20.00 · block 2h 10m left" (plain base when there is nothing to say)."""
    parts = [base]
    day = next((s for s in summary.budgets if s.budget.scope == "overall" and s.budget.period == "day"), None)
    worst = max(summary.budgets, key=lambda s: s.ratio, default=None)
    if summary.today_usd or summary.today_unpriced or day is not None:
        text = f"today ${summary.today_usd:,.2f}" + ("+unpriced" if summary.today_unpriced else "")
        if day is not None:
            text += f" of ${day.budget.limit_usd:,.2f} ({day.ratio:.0%})"
        parts.append(text)
    if worst is not None and worst.level != "ok" and worst is not day:
        who = "" if worst.budget.scope == "overall" else f" {worst.budget.target}"
        parts.append(f"{worst.budget.period}{who} budget {worst.ratio:.0%}")
    if summary.block_minutes_left is not None:
        left = summary.block_minutes_left
        parts.append(f"block {left // 60}h {left % 60:02d}m left")
    return " · ".join(parts)


class SpendWatch:
    """A mixin for MsoApp: refresh the header's spend and notify once per budget each time it crosses a level."""

    _budget_levels: dict[tuple[str, str, str], int]

    @work(thread=True, exclusive=True, exit_on_error=False, group="spend")
    def refresh_spend(self: Any) -> None:
        """Read the spend in a thread, then show it."""
        from mso_tui.services.budgets import spend_summary
        from mso_tui.tui.screens.helpers import in_db_thread

        try:
            summary = in_db_thread(spend_summary)
        except Exception:  # the header is a convenience: a failure here must not disturb the screen
            return
        self.call_from_thread(self.show_spend, summary)

    def show_spend(self: Any, summary: Any) -> None:
        """Set the title and notify budgets that reached 80 % or 100 % since the last look."""
        from mso_tui.usage.budgets import describe

        # the demo keeps its DEMO mark: the spend line only follows it
        self.title = header_title(summary, "mso DEMO" if getattr(self, "demo", False) else "mso")
        seen = getattr(self, "_budget_levels", None)
        if seen is None:
            seen = self._budget_levels = {}
        for s in summary.budgets:
            key = (s.budget.scope, s.budget.target, s.budget.period)
            rank = LEVELS[s.level]
            if rank > seen.get(key, 0):
                severity = "error" if s.level == "over" else "warning"
                what = "exceeded" if s.level == "over" else "at 80 %"
                self.notify(f"Budget {what}: {describe(s)}", severity=severity, timeout=10)
            seen[key] = rank
