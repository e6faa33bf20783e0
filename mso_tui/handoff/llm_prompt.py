"""The LLM prompt: the extractive draft plus the most recent turns, within a token budget, redacted."""
from __future__ import annotations

from typing import Sequence

from mso_tui.handoff.contract import SECTION_ORDER
from mso_tui.handoff.extractive.text import clip
from mso_tui.handoff.metrics import estimate_tokens
from mso_tui.handoff.redaction import redact_counted
from mso_tui.handoff.render import TITLES
from mso_tui.records import TurnRecord
from mso_tui.redaction.gate import strip_controls

SYSTEM = (
    "You write handoffs between AI coding sessions. The next session will read only your handoff, so it must be "
    "able to continue as if it had read the whole previous session. Write markdown with exactly these sections, "
    "in this order, each as a '## ' heading: " + " · ".join(TITLES[k] for k in SECTION_ORDER) + ". "
    "Keep every file path, command, error message, commit id, name and number from the draft verbatim. "
    "Be concrete and terse; prefer bullet points. Never write placeholder text such as 'Continue development' or "
    "'TBD'; if a section has nothing, say concretely that nothing was found. Do not invent facts."
)
TURN_LIMIT = 1500  # characters of one turn quoted in the prompt


def _turn_line(turn: TurnRecord) -> str:
    """One turn as a short quoted line."""
    what = turn.role
    if turn.kind == "tool_call":
        what = f"tool call {turn.tool_name or ''}".strip()
        body = turn.tool_input or turn.text
    elif turn.kind == "tool_result":
        what = "tool result" + (" (error)" if turn.is_error else "")
        body = turn.text
    else:
        body = turn.text
    return f"[{what}] {clip(body, TURN_LIMIT)}"


def recent_turns(turns: Sequence[TurnRecord], budget: int) -> list[str]:
    """The latest turns (oldest first) whose lines fit in budget tokens."""
    picked: list[str] = []
    spent = 0
    for turn in reversed(turns):
        if turn.kind in ("thinking", "meta") or not (turn.text or turn.tool_input):
            continue
        line = _turn_line(turn)
        cost = estimate_tokens(line) + 1
        if spent + cost > budget:
            break
        picked.append(line)
        spent += cost
    return picked[::-1]


def build_messages(draft_markdown: str, turns: Sequence[TurnRecord], budget: int) -> tuple[list[dict[str, str]], int]:
    """Chat messages (the instructions, the draft, as many recent turns as fit) and how many secrets were masked."""
    draft = draft_markdown.split("\n---\n_Generator:", 1)[0]  # the footer is regenerated afterwards
    draft_budget = int(budget * 0.7)
    if estimate_tokens(draft) > draft_budget:
        draft = draft[: draft_budget * 3] + "\n[draft cut to fit the prompt budget]"
    left = budget - estimate_tokens(SYSTEM) - estimate_tokens(draft) - 50
    recent = recent_turns(turns, left) if left > 100 else []
    user = ("Rewrite this extracted draft into the final handoff.\n\n# Extracted draft\n\n" + draft
            + ("\n\n# Most recent turns of the session (oldest first)\n\n" + "\n".join(recent) if recent else ""))
    content, redacted = redact_counted(user)
    content = strip_controls(content)  # the model needs no escape sequences, and may echo them back
    return [{"role": "system", "content": SYSTEM}, {"role": "user", "content": content}], redacted
