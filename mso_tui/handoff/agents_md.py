"""The marked block mso keeps in a repo's AGENTS.md (how Codex CLI takes context); the rest is never touched."""
from __future__ import annotations

import os
from pathlib import Path

BEGIN = "<!-- mso:handoff begin (written by mso; edits inside this block are replaced) -->"
END = "<!-- mso:handoff end -->"


def _span(text: str) -> tuple[int, int] | None:
    """Start and end offsets of the block (end past its closing marker and newline), if present."""
    start = text.find(BEGIN)
    if start < 0:
        return None
    end = text.find(END, start)
    if end < 0:
        return None
    end += len(END)
    if text.startswith("\n", end):
        end += 1
    return start, end


def with_block(text: str, content: str) -> str:
    """text with the mso block holding content (replaced in place, or appended after the rest)."""
    block = f"{BEGIN}\n{content.rstrip()}\n{END}\n"
    span = _span(text)
    if span is not None:
        return text[:span[0]] + block + text[span[1]:]
    if not text:
        return block
    separator = "" if text.endswith("\n\n") else ("\n" if text.endswith("\n") else "\n\n")
    return text + separator + block


def without_block(text: str) -> str:
    """text with the mso block (and the blank line put before it) removed."""
    span = _span(text)
    if span is None:
        return text
    head, tail = text[:span[0]], text[span[1]:]
    if not tail and head.endswith("\n\n"):
        head = head[:-1]
    return head + tail


def block_content(text: str) -> str | None:
    """What the block holds, or None without a block."""
    span = _span(text)
    if span is None:
        return None
    inner = text[span[0] + len(BEGIN):span[1]].rstrip("\n")
    return inner[:-len(END)].strip("\n")


def write_block(repo: str, content: str) -> Path:
    """Put content into repo/AGENTS.md's mso block (the file is created when missing) and return its path."""
    path = Path(repo) / "AGENTS.md"
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    new = with_block(old, content)
    if new != old:
        tmp = path.with_name(f".AGENTS.md.mso-{os.getpid()}")
        tmp.write_text(new, encoding="utf-8")
        os.replace(tmp, path)  # an agent reading AGENTS.md never sees half a file
    return path
