"""Patterns of the session inventory: identifiers, named things, error lines, decision sentences.

Written apart from the generator's extractors on purpose (no shared code): coverage is only worth
something if the yardstick does not choose what it measures the same way the generator does.
"""
from __future__ import annotations

import json
import re
from typing import Any, Iterator

_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]{2,}")
_DEFINED = re.compile(r"\b(?:def|class|function|fn|func|const|let|var|interface|struct|enum|type|trait|impl)\s+"
                      r"([A-Za-z_][A-Za-z0-9_]{2,})")
_CAMEL = re.compile(r"[a-z][A-Z]|[A-Z][a-z]+[A-Z]")
URL = re.compile(r"https?://[^\s)>\]\"'`,]+")
ENV = re.compile(r"\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b")
PORT = re.compile(r"(?:localhost|127\.0\.0\.1|0\.0\.0\.0|\bport)[:\s=]+(\d{2,5})\b", re.IGNORECASE)
VERSION = re.compile(r"\b[A-Za-z][\w.-]*(?:==|>=|~=|@|:|\s)v?\d+\.\d+(?:\.\d+)*\b|\bv?\d+\.\d+\.\d+\b")
INSTALL = re.compile(r"\b(?:pip3?|uv|npm|pnpm|yarn|cargo|gem|go|brew|apt-get|apt|poetry|bun)\s+(?:pip\s+)?"
                     r"(?:install|add|get)\s+([^;&|]+)")
ERROR_LINE = re.compile(r"\b\w*(?:Error|Exception)\b|\b(?:error|failed|failure|fatal|traceback|panic|cannot|denied|"
                        r"refused|not found|no such file)\b", re.IGNORECASE)
DECISION = re.compile(r"\b(?:decid\w*|chose|choose|chosen|instead of|rather than|because|so that|the reason|"
                      r"(?:we|i)(?:'ll| will) use|going with|went with|switch(?:ed)? to|prefer\w*|opted|"
                      r"trade-?off|must not|never)\b", re.IGNORECASE)
_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+")
COMMIT = re.compile(r"\[[\w./-]+ ([0-9a-f]{7,12})\]|\bcommit ([0-9a-f]{7,40})\b")
STRONG_ERROR = re.compile(r"\b\w+(?:Error|Exception)\b[:(]|\berror(?:\[\w+\])?:|\bFAILED\b|^Traceback|\bfatal:",
                          re.IGNORECASE | re.MULTILINE)
# an edit written into a message: aider's SEARCH/REPLACE block under the file's path
_BLOCK = re.compile(r"^([^\s`][^\n`]*\.[A-Za-z0-9]{1,8})\s*\n```[^\n]*\n"
                    r"<<<<<<< SEARCH\n(.*?)\n=======\n(.*?)\n>>>>>>> REPLACE",
                    re.MULTILINE | re.DOTALL)
_FENCE = re.compile(r"```[^\n]*\n(.*?)```", re.DOTALL)
PATCH_FILE = re.compile(r"^\*\*\* (?:Add|Update|Delete) File: (.+)$|^\*\*\* Move to: (.+)$", re.MULTILINE)


def parse_json(text: str) -> Any:
    """A tool call's JSON arguments, or None."""
    text = (text or "").strip()
    if not text.startswith(("{", "[")):
        return None
    try:
        return json.loads(text)
    except ValueError:
        return None


def code_like(word: str) -> bool:
    """Whether a word looks like a name in code (snake_case, camelCase, dotted) rather than prose."""
    return "_" in word.strip("_") or bool(_CAMEL.search(word))


def identifiers(text: str) -> set[str]:
    """Names a piece of code defines or uses that do not read as plain words."""
    found = {m.group(1) for m in _DEFINED.finditer(text)}
    found |= {w for w in _WORD.findall(text) if code_like(w)}
    return found


def introduced(old: str, new: str, limit: int = 40) -> list[str]:
    """Identifiers an edit added or changed: in the new text and not the old, or gone from the old (sorted)."""
    before, after = identifiers(old), identifiers(new)
    changed = sorted(after - before) + sorted(before - after)
    return changed[:limit]  # a vendored file must not swamp the class


def sentences(text: str) -> Iterator[str]:
    """The sentences (or lines) of a message, squeezed."""
    for part in _SENTENCE.split(text or ""):
        part = " ".join(part.split()).strip("-*#> ")
        if part:
            yield part


_KEY_OPENS = re.compile(r"^[\"']?\w+[\"']?\s*:\s*[\[{]\s*$")


def error_line(text: str) -> str:
    """The most telling error line of a tool's output: the last line that names an error, else the first line."""
    lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
    # a structured error body's opening key (`"error": {`) names an error and says none
    named = [line for line in lines if ERROR_LINE.search(line) and not _KEY_OPENS.match(line)]
    pick = named[-1] if named else (lines[0] if lines else "")
    return pick[:200]


_SPAN = re.compile(r"`([^`\n]{3,80})`")
_MODEL = re.compile(r"\b(?:gpt|claude|gemini|o[134]|deepseek|llama|qwen|mistral|codex|sonnet|opus|haiku)"
                    r"[\w.:/-]*\d[\w.:/-]*", re.IGNORECASE)
PATH_NAMED = re.compile(r"(?<![\w/.-])(?:[\w.-]+/)+[\w.-]+\.[A-Za-z0-9]{1,8}\b|\b[\w-]+\.(?:py|ts|tsx|js|jsx|rs|go|"
                        r"java|kt|cs|rb|php|c|h|cpp|swift|md|json|ya?ml|toml|sh|sql|html|css)\b")


def named_things(text: str) -> Iterator[tuple[str, str]]:
    """(kind, name) for every URL, env variable, port, version, package, model, path and `code span` in text."""
    for span in _SPAN.findall(text):
        yield "code", span.strip()
    for path in PATH_NAMED.findall(text):
        yield "path", path
    for model in _MODEL.findall(text):
        yield "model", model.rstrip(".:")
    for url in URL.findall(text):
        yield "url", url.rstrip(".:;")
    for env in ENV.findall(text):
        if len(env) >= 5:
            yield "env", env
    for port in PORT.findall(text):
        yield "port", port
    for version in VERSION.findall(text):
        yield "version", " ".join(version.split())
    for match in INSTALL.finditer(text):
        for word in match.group(1).split():
            if not word.startswith("-") and len(word) > 1:
                yield "package", word.strip("'\"")


def norm(text: str) -> str:
    """Lower case, whitespace squeezed: how items are compared with a handoff's text."""
    return " ".join(str(text).lower().split())


def content_words(text: str) -> list[str]:
    """Distinct words of four letters or more, in order (the words a paraphrase would keep)."""
    seen: list[str] = []
    for word in re.findall(r"[a-z0-9_]{4,}", text.lower()):
        if word not in seen:
            seen.append(word)
    return seen


def message_edits(text: str) -> Iterator[tuple[str, str, str]]:
    """(path, old, new) of every SEARCH/REPLACE block a message carries."""
    for match in _BLOCK.finditer(text or ""):
        yield match.group(1).strip(), match.group(2), match.group(3)


def commits(text: str) -> Iterator[str]:
    """Commit hashes a tool's output or a message reports (`[main 1a2b3c4]`, `commit 1a2b3c4`)."""
    for match in COMMIT.finditer(text or ""):
        value = match.group(1) or match.group(2)
        if any(c.isdigit() for c in value) and any(c.isalpha() for c in value):
            yield value[:12]


def strong_error_lines(text: str, limit: int = 5) -> list[str]:
    """Lines that plainly report an error (`XError:`, `error:`, `FAILED`, `Traceback`), first ones first."""
    found = []
    for line in (text or "").splitlines():
        line = line.strip()
        if 15 < len(line) and STRONG_ERROR.search(line) and line not in found:
            found.append(line[:200])
            if len(found) >= limit:
                break
    return found


def code_blocks(text: str) -> Iterator[str]:
    """The fenced code blocks of a message (a chat agent's edits when it has no edit tool)."""
    for match in _FENCE.finditer(text or ""):
        if "<<<<<<< SEARCH" not in match.group(1):
            yield match.group(1)


_WRAPPER = re.compile(r"^(?:Exit code:|Wall time:|Process exited|Chunk ID:|Output:|Original token count:|"
                      r"\[?\d+(?:\.\d+)?s\]?$|Add(?:ed)? .*(?:tokens|lines) of (?:command )?output)")
# a shell tool's own fields around the output (Gemini: Command/Directory/Error: (none)/Exit Code/Signal/PGID)
_FIELD = re.compile(r"^(?:Command|Directory|Background PIDs|Process Group PGID|Signal|Exit Code): |"
                    r"^[\w ]{1,30}: \(none\)$")


def tool_text(text: str) -> str:
    """A tool result's text without the fields its tool wraps around the output ("Output: x" read as x)."""
    if "(none)" not in (text or "") and "Exit Code:" not in (text or ""):
        return text or ""
    lines = [line for line in text.splitlines() if not _FIELD.match(line.strip())]
    return "\n".join(line.strip()[8:] if line.strip().startswith("Output: ") else line for line in lines)


def result_line(text: str) -> str:
    """The line that says how a command ended: its error line if it names one, else its last line of output."""
    lines = [line.strip() for line in (text or "").splitlines()
             if line.strip() and not _WRAPPER.match(line.strip())]
    named = [line for line in lines if ERROR_LINE.search(line)]
    return (named[-1] if named else lines[-1] if lines else "")[:120]


def prose(sentence: str) -> bool:
    """Whether a line reads as words (a request), not a tree drawing, a heading of symbols or a path list."""
    words = [w for w in sentence.split() if any(c.isalpha() for c in w)]
    letters = sum(c.isalpha() for c in sentence)
    return len(words) >= 3 and letters >= 0.5 * len(sentence)
