"""A short ranked narrative of what happened, and identifier-dense technical notes."""
from __future__ import annotations

from mso_tui.handoff.extract.analysis import Analysis


def narrative(an: Analysis) -> tuple[list[str], list[str]]:
    """(story lines for Current state, technical notes for Decisions)."""
    story: list[str] = []
    if an.turns:
        failed = sum(1 for c in an.commands if c.last.failed)
        story.append(
            f"Activity: {len(an.requests)} user requests, {len(an.events)} tool calls, "
            f"{len(an.commands)} distinct commands ({failed} failing at the end), {len(an.edited)} files edited"
        )
    return story, []
