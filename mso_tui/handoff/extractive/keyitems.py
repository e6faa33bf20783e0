"""Key items: the machine-extracted facts a handoff must carry; coverage is the share it does."""
from __future__ import annotations

from typing import Any

from mso_tui.handoff.contract import HandoffInput
from mso_tui.handoff.extractive.analysis import Analysis
from mso_tui.handoff.extractive.text import clip, clip_middle

PROBE = 70  # characters of an item that must appear verbatim (case and spacing aside)


def _probe(text: str) -> str:
    """The leading part of an item's text, cut on a word boundary."""
    text = " ".join(text.split())
    if len(text) <= PROBE:
        return text
    cut = text.rfind(" ", 0, PROBE)
    return text[: cut if cut > 20 else PROBE]


def key_items(inp: HandoffInput, an: Analysis, sections: dict[str, list[str]]) -> list[dict[str, Any]]:
    """Files edited, failing commands and their error, open todos, user requests, carried next steps."""
    items: list[dict[str, Any]] = []

    def add(kind: str, text: str, probe: str | None = None) -> None:
        """Append one item (no duplicates of the same kind and probe)."""
        probe = probe or _probe(text)
        if probe and not any(i["kind"] == kind and i["probe"] == probe for i in items):
            items.append({"kind": kind, "text": clip(text, 300), "probe": probe})

    for fc in inp.file_changes:
        add("file", fc.path, fc.path)
    for path in an.edited:
        add("file", path, path)
    for err in an.unresolved:
        add("failing_command", err.command, _probe(clip_middle(err.command, 180)))
        add("error", err.error, _probe(err.error))
    for text, status in an.todos:
        if status not in ("completed", "done"):
            add("todo", text)
    for text, done in an.checklist:
        if not done:
            add("todo", text)
    for objective in inp.session.objectives:
        if not objective.done:
            add("objective", objective.text)
    for request in an.requests:
        add("user_request", request)
    for blocker in inp.session.blockers:
        add("blocker", blocker)
    if inp.previous is not None:
        from mso_tui.handoff.extractive.carry import as_items, plain

        for key in ("next_steps", "blockers"):
            for item in as_items(inp.previous.sections.get(key)):
                if any(plain(item) in s for s in sections.get(key, [])):
                    add("carried", plain(item))
    return items
