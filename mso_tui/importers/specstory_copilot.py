"""SpecStory exports of VS Code Copilot chats: a tool block's labelled JSON (Parameters, Result) as input and result."""
from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass

from mso_tui.importers.jsonl import dumps

# a label line ("Parameters:", "Additional data:", "Result:") and the ```json fence under it
_LABEL = re.compile(r"^(Parameters|Additional data|Result):\s*$")
_MESSAGES = ("pastTenseMessage", "invocationMessage")  # what the tool says it did, done first


@dataclass
class CopilotCall:
    """What a Copilot tool block holds: its input (the Parameters JSON, else what it said) and its result."""

    input: str
    result: str | None


def _labelled(lines: list[str]) -> dict[str, object]:
    """{label: parsed JSON} for each label line followed by a ```json fence."""
    found: dict[str, object] = {}
    index = 0
    while index < len(lines):
        label = _LABEL.match(lines[index].strip())
        start = next((i for i in range(index + 1, min(index + 3, len(lines))) if lines[i].strip() == "```json"), None)
        if not label or start is None:
            index += 1
            continue
        end = next((i for i in range(start + 1, len(lines)) if lines[i].strip() == "```"), len(lines))
        try:
            found[label.group(1)] = json.loads("\n".join(lines[start + 1:end]))
        except ValueError:
            pass
        index = end + 1
    return found


def copilot_call(lines: list[str]) -> CopilotCall | None:
    """The input and result of a Copilot tool block, or None when the block is not in that shape."""
    if not any(line.startswith(("Parameters:", "Result:")) for line in lines):
        return None
    parts = _labelled(lines)
    params, result = parts.get("Parameters"), parts.get("Result")
    if not isinstance(params, dict) and not isinstance(result, dict):
        return None
    said = ""
    if isinstance(result, dict):  # the export escapes HTML in these strings ("=&gt;")
        said = next((html.unescape(result[k]) for k in _MESSAGES if isinstance(result.get(k), str) and result[k]), "")
    return CopilotCall(input=dumps(params) if isinstance(params, dict) else said, result=said.strip() or None)
