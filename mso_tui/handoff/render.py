"""Sections -> the master prompt markdown, with the metrics footer."""
from __future__ import annotations

from typing import Any, Mapping

from mso_tui.handoff.contract import SECTION_ORDER
from mso_tui.handoff.extractive.carry import as_items

TITLES = {
    "goal": "Goal and project context",
    "accomplished": "Accomplished",
    "current_state": "Current state",
    "blockers": "Blockers and unresolved errors",
    "next_steps": "Next steps",
    "decisions": "Decisions and technical notes",
    "files": "Files touched",
    "commands": "Commands (with last status)",
    "knowledge": "Relevant knowledge",
}
# what an empty section says instead of filler: concretely that nothing was found
EMPTY = {
    "goal": "No project description, objectives or user requests were recorded.",
    "accomplished": "Nothing was recorded as accomplished in this session.",
    "current_state": "No state was recorded for this session.",
    "blockers": "No blockers were recorded and no command was left failing.",
    "next_steps": "No open items: no unfinished objective, open todo or carried-over step was found.",
    "decisions": "No decision or technical-note sentences were found in the session.",
    "files": "No file was edited or read in the recorded material.",
    "commands": "No shell commands were recorded.",
    "knowledge": "No knowledge-base entry matches this session's files, errors or tags.",
}


def heading(project: str, session_number: int | None) -> str:
    """The master prompt's first line."""
    where = f" — after session {session_number}" if session_number else ""
    return f"# Handoff: {project}{where}"


def render_body(title: str, sections: Mapping[str, Any]) -> str:
    """The markdown of every section in the order of docs/architecture.md, without the footer."""
    parts = [title, ""]
    for key in SECTION_ORDER:
        parts.append(f"## {TITLES[key]}")
        items = as_items(sections.get(key))
        if not items:
            parts.append(EMPTY[key])
        for item in items:
            # items that are already structured (sub-bullets, quotes) keep their own prefix
            parts.append(item if item.startswith(("  ", "> ")) else f"- {item}")
        parts.append("")
    return "\n".join(parts).rstrip() + "\n"


def footer(kind: str, model: str, tokenizer: str, tokens_in: int, tokens_out: int,
           ratio: float | None, coverage_text: str = "not measured yet") -> str:
    """The metrics line closing every handoff; coverage_text is the inventory's count by class."""
    generator = f"{kind} ({model})" if model else kind
    if ratio is None:
        ratio_text = "no ratio (no session material)"
    else:
        ratio_text = f"{ratio:.1f}×" if ratio >= 1 else f"{ratio:.2f}×"
    return (f"\n---\n_Generator: {generator} · tokens in {tokens_in:,} / out {tokens_out:,} ({tokenizer}) · "
            f"compression {ratio_text} · coverage: {coverage_text}_\n")
