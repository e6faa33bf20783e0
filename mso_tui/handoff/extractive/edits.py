"""What an edit changed: the lines its new text adds, never the same cut prefix shown before and after."""
from __future__ import annotations

import json
import re

from mso_tui.handoff.extractive.text import clip

# aider / Cline style blocks inside an assistant message or a tool input
_SEARCH_REPLACE = re.compile(r"<{5,9} SEARCH\n(.*?)\n={5,9}\n(.*?)\n>{5,9} REPLACE", re.DOTALL)
MAX_LINES = 40  # per edit: a rewritten file does not flood the pool


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
        before = {line.strip() for line in old.splitlines()}
        for line in new.splitlines():
            stripped = line.strip()
            if len(stripped) > 3 and stripped not in before and any(c.isalnum() for c in stripped):
                item = clip(stripped, limit)
                if item not in out:
                    out.append(item)
                if len(out) >= MAX_LINES:
                    return out
    return out
