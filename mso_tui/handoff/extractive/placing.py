"""Chosen candidates into the handoff's sections: grouped by file and command, in session order."""
from __future__ import annotations

import re

from mso_tui.handoff.extractive.select import Candidate, Opening
from mso_tui.handoff.extractive.tools import quoted_command
from mso_tui.handoff.extractive.vocabulary import LABEL, named_line
from mso_tui.handoff.metrics import estimate_tokens

JOIN = " | "
# markdown emphasis and pictographs: each costs tokens and carries nothing for the next session
_DECOR = re.compile(r"\*\*|[\u2600-\u27bf\ufe0f\u200d\U0001f000-\U0001faff]")


def lean(text: str) -> str:
    """text without bold markers and emoji, spaces squeezed."""
    if "**" not in text and text.isascii():
        return text
    return " ".join(_DECOR.sub("", text).split())


def relative(text: str, root: str) -> str:
    """text with the session's root folder left out of the absolute paths under it (the root is said once)."""
    root = root.rstrip("/\\")
    if len(root) < 2 or root not in text:
        return text
    return text.replace("file://" + root + "/", "").replace(root + "/", "").replace(root + "\\", "")


# an absolute path, bare or as a file:// URI (editor exports link the files they read that way)
_ABSOLUTE = re.compile(r"(?:(?<=file://)|(?<![\w.~/-]))/(?:Users|home|workspaces?|srv|opt|mnt|var/www)/[^\s`'\"()<>|,;]+")


# the folders a project's own tree starts with, under its root
SOURCE_TREES = frozenset({"src", "lib", "app", "apps", "packages", "pkg", "cmd", "internal", "source", "sources",
                          "test", "tests", "spec", "include", "frontend", "backend", "server", "client", "web"})


def infer_root(texts: list[str], share: float = 0.8) -> str:
    """The folder most absolute paths of the material sit under (a project root on the machine the session
    ran on), when the session did not say its working directory; "" when no folder holds share of them."""
    folders: list[list[str]] = []
    for text in texts:
        if "/" in text:
            folders += [m.group(0).split("/")[1:-1] for m in _ABSOLUTE.finditer(text)]
    if len(folders) < 3:
        return ""
    counts: dict[tuple[str, ...], int] = {}
    for parts in folders:
        for depth in range(3, len(parts) + 1):
            key = tuple(parts[:depth])
            counts[key] = counts.get(key, 0) + 1
    best = [k for k, n in counts.items() if n >= share * len(folders)]
    if not best:
        return ""
    longest: tuple[str, ...] = max(best, key=len)
    # paths that all sit inside the project's source tree (src/services/...) still read from the project's
    # folder: the root stops above the tree's first folder, past the first three (a home's ~/src holds projects)
    cut = next((n for n, part in enumerate(longest) if n >= 3 and part in SOURCE_TREES), len(longest))
    return "/" + "/".join(longest[:cut])


def command_head(command: str, root: str = "") -> str:
    """A command as the handoff heads it: cut to 220 characters as run, then its paths made relative."""
    return relative(quoted_command(command), root)


def opener(listed: set[str], root: str = "") -> Opening:
    """The header cost of a chosen candidate as place() renders it (listed: the command heads the core has)."""

    def opening(c: Candidate) -> tuple[str | None, int]:
        """(the group key whose header c opens, or None when c pays its own prefix; the header's tokens)."""
        key = f"{c.section}\x00{c.group}"
        if c.section == "goal":
            return None, estimate_tokens("User asked: ")
        if c.section == "files":
            return key, estimate_tokens(f"`{c.group}` now has: ")
        if c.section == "commands":
            head = command_head(c.group, root)
            if c.role == "status" or head in listed:
                return key, estimate_tokens(" → ")
            return key, estimate_tokens(head + " → ")
        if c.section == "code":
            return key, estimate_tokens("Code shown (" + c.group.split(" (", 1)[-1])
        if c.section == "outputs":
            return key, estimate_tokens(f"From {c.group}: ")
        if c.section == "names":
            return key, estimate_tokens(LABEL)
        return None, 0
    return opening


def _grouped(chosen: list[Candidate]) -> list[tuple[str, list[Candidate]]]:
    """Candidates by group, groups in the order of their first candidate."""
    groups: dict[str, list[Candidate]] = {}
    for c in sorted(chosen, key=lambda c: c.seq):
        groups.setdefault(c.group, []).append(c)
    return list(groups.items())


def place(sections: dict[str, list[str]], chosen: list[Candidate], root: str = "") -> dict[str, list[str]]:
    """sections with the chosen candidates added where they belong."""
    out = {k: list(v) for k, v in sections.items()}
    by_section: dict[str, list[Candidate]] = {}
    for c in chosen:
        by_section.setdefault(c.section, []).append(c)
    ordered = sorted(by_section.get("goal", []), key=lambda c: c.seq)
    out["goal"] += [f"User asked: {c.text}" for c in ordered]
    out["decisions"] += [c.text for c in sorted(by_section.get("decisions", []), key=lambda c: c.seq)]
    for path, items in _grouped(by_section.get("files", [])):
        out["files"].append(f"`{path}` now has: " + JOIN.join(c.text for c in items))
    for command, items in _grouped(by_section.get("commands", [])):
        head = command_head(command, root)
        lines = " → " + JOIN.join(c.text for c in items if c.role != "status")
        at = next((n for n, item in enumerate(out["commands"]) if item.startswith(head + " — last:")), None)
        if at is not None:  # the core lists the command: its chosen output lines follow it
            out["commands"][at] += lines if lines != " → " else ""
            continue
        status = next((c.text for c in items if c.role == "status"), head)
        out["commands"].append(status + (lines if lines != " → " else ""))
    for source, items in _grouped(by_section.get("code", [])):
        info = source.split(" (", 1)[1].rstrip(")") if " (" in source else ""
        out["decisions"].append(f"Code shown{f' ({info})' if info else ''}: " + JOIN.join(c.text for c in items))
    out["decisions"] += named_line(by_section.get("names", []))
    for source, items in _grouped(by_section.get("outputs", [])):
        out["decisions"].append(f"From {source}: " + JOIN.join(c.text for c in items))
    return out
