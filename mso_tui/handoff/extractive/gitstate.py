"""The repository as the session's last `git status` left it, in a few words: the branch, how it stands to its
upstream, how many paths are uncommitted. Inspection commands are not listed among the commands, but this
answer is the state the next session starts from (a push that never happened, work never committed)."""
from __future__ import annotations

import re
from typing import Sequence

from mso_tui.handoff.extractive.text import unwrapped
from mso_tui.handoff.extractive.tools import ToolEvent, inner_command, steps

_BRANCH = re.compile(r"^On branch (\S+)|^HEAD detached at (\S+)|^## ([^\s.]+)", re.MULTILINE)
_UPSTREAM = re.compile(r"^Your branch (is up to date with '[^']+'|is (?:ahead of|behind) '[^']+' by \d+ commits?|"
                       r"and '[^']+' have diverged)", re.MULTILINE)
_GROUPS = (("Changes to be committed:", "staged"), ("Changes not staged for commit:", "not staged"),
           ("Untracked files:", "untracked"), ("Unmerged paths:", "unmerged"))
ORDER = tuple(name for _, name in _GROUPS)
_SHORT = re.compile(r"^([ MADRCU?!]{2}) \S")  # git status --short / --porcelain


def _is_status(event: ToolEvent) -> bool:
    """Whether a shell call ran `git status` (alone or as the last step of a chain)."""
    if event.family != "shell" or "git" not in event.command or "status" not in event.command:
        return False
    words = (steps(inner_command(event.command)) or [[]])[-1]
    return words[:2] == ["git", "status"]


def _long_counts(text: str) -> dict[str, int]:
    """How many paths each section of git status's long format lists (hint lines in parentheses skipped)."""
    counts: dict[str, int] = {}
    current = None
    for line in text.splitlines():
        header = next((name for head, name in _GROUPS if line.startswith(head)), None)
        if header:
            current = header
            counts.setdefault(current, 0)
        elif current is not None and line.startswith(("\t", "  ")) and line.strip() and \
                not line.strip().startswith("("):
            counts[current] += 1
        elif current is not None and line.strip() and not line.startswith((" ", "\t")):
            current = None  # the next paragraph ("no changes added to commit ...")
    return counts


def _short_counts(text: str) -> dict[str, int]:
    """How many paths git status --short lists as staged, not staged and untracked."""
    counts: dict[str, int] = {}
    for line in text.splitlines():
        match = _SHORT.match(line)
        if not match:
            continue
        code = match.group(1)
        if code == "??":
            counts["untracked"] = counts.get("untracked", 0) + 1
            continue
        for side, name in ((code[0], "staged"), (code[1], "not staged")):
            if side not in " ?!":
                counts[name] = counts.get(name, 0) + 1
    return counts


def status_summary(output: str) -> str:
    """What a git status output says in a few words ("" when it is not one)."""
    text = unwrapped(output)
    branch = _BRANCH.search(text)
    counts = _long_counts(text) if "Changes " in text or "Untracked files:" in text else _short_counts(text)
    if not branch and not counts:
        return ""
    parts = [f"on branch {next(g for g in branch.groups() if g)}"] if branch else []
    upstream = _UPSTREAM.search(text)
    if upstream:
        said = upstream.group(1)
        parts.append(said[3:] if said.startswith("is ") else said)  # "up to date with ...", "ahead of ... by 2"
    if "nothing to commit" in text:
        parts.append("nothing to commit")
    parts += [f"{counts[name]} {name}" for name in ORDER if counts.get(name)]
    return "; ".join(parts)


def last_git_status(events: Sequence[ToolEvent]) -> str:
    """The session's last `git status` answer as a line of the current state, or ""."""
    for event in reversed(events):
        if _is_status(event) and event.has_result and not event.failed:
            said = status_summary(event.output)
            if said:
                return f"Last `git status`: {said}"
    return ""
