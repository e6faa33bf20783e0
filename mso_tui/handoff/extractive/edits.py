"""What an edit changed: the lines its new text adds, never the same cut prefix shown before and after."""
from __future__ import annotations

import json
import re
from typing import Sequence

from mso_tui.handoff.extractive.text import clip
from mso_tui.handoff.extractive.tools import ToolEvent, script_of

# aider / Cline style blocks inside an assistant message or a tool input
_SEARCH_REPLACE = re.compile(r"<{5,9} SEARCH\n(.*?)\n={5,9}\n(.*?)\n>{5,9} REPLACE", re.DOTALL)
MAX_LINES = 40  # per edit: a rewritten file does not flood the pool
SAME_SCRIPT = 0.5  # share of its lines a re-run script keeps from an earlier one: more is a fix, less a new script


def _pairs(raw: str) -> list[tuple[str, str]]:
    """(old, new) texts an edit call holds: Edit/MultiEdit/str_replace/write_file JSON, patches, SEARCH/REPLACE."""
    pairs: list[tuple[str, str]] = []
    text = raw.strip()
    data: object = None
    if text[:1] in "{[":
        try:
            data = json.loads(text)
        except ValueError:
            data = None
    if isinstance(data, dict):
        listed = data.get("edits")
        edits: list = listed if isinstance(listed, list) else [data]
        for edit in edits:
            if not isinstance(edit, dict):
                continue
            old = edit.get("old_string") or edit.get("old_str") or edit.get("search") or ""
            new = (edit.get("new_string") or edit.get("new_str") or edit.get("replace") or edit.get("content")
                   or edit.get("file_text") or edit.get("code_edit") or "")
            if isinstance(old, str) and isinstance(new, str) and new:
                pairs.append((old, new))
        for key in ("patch", "input", "diff"):
            if isinstance(data.get(key), str) and "\n+" in data[key]:
                pairs.append(_diff_sides(data[key]))
    elif "*** " in text or "\n+" in text or text.startswith("+"):
        pairs.append(_diff_sides(text))
    pairs += [(m.group(1), m.group(2)) for m in _SEARCH_REPLACE.finditer(raw)]
    return pairs


def _diff_sides(patch: str) -> tuple[str, str]:
    """The removed and added lines of a unified diff or apply_patch body."""
    old, new = [], []
    for line in patch.splitlines():
        if line.startswith("-") and not line.startswith("---"):
            old.append(line[1:])
        elif line.startswith("+") and not line.startswith("+++"):
            new.append(line[1:])
    return "\n".join(old), "\n".join(new)


def added_lines(raw: str, limit: int = 160) -> list[str]:
    """Lines of the new text that the old text did not have (stripped, clipped, in order, no repeats)."""
    out: list[str] = []
    for old, new in _pairs(raw):
        _add_new(old, new, out, limit)
        if len(out) >= MAX_LINES:
            break
    return out


def _add_new(old: str, new: str, out: list[str], limit: int) -> None:
    """Append to out the lines of new that old lacks, up to MAX_LINES in all."""
    before = {line.strip() for line in old.splitlines()}
    for line in new.splitlines():
        stripped = line.strip()
        if len(stripped) > 3 and stripped not in before and any(c.isalnum() for c in stripped):
            item = clip(stripped, limit)
            if item not in out:
                out.append(item)
            if len(out) >= MAX_LINES:
                return


def script_changes(events: Sequence[ToolEvent], limit: int = 160) -> list[tuple[ToolEvent, str, list[str]]]:
    """(run, script, changed lines) for each inline script run again with changes (a `python3 << 'EOF'` fixed
    and re-run): the lines it gained over the earlier version it shares most lines with are what the fix was,
    as an edit's are. A script that shares too little with every earlier one is a new script, not a fix."""
    earlier: dict[str, list[set[str]]] = {}
    out = []
    for event in events:
        found = script_of(event) if event.family == "shell" and "<<" in event.command else None
        if found is None:
            continue
        head, body = found
        lines = {line.strip() for line in body.splitlines() if line.strip()}
        versions = earlier.setdefault(head, [])
        closest = max(versions, key=lambda old: len(old & lines), default=set())
        if lines and closest != lines and len(closest & lines) >= SAME_SCRIPT * len(lines):
            changed: list[str] = []
            _add_new("\n".join(closest), body, changed, limit)
            if changed:
                out.append((event, f"{head} (script, as last run)", changed))
        versions.append(lines)
    return out
