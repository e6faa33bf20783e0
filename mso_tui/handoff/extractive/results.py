"""The one line that matters of a command's output: a count, a verdict, or the whole output when it is one line."""
from __future__ import annotations

import re

from mso_tui.handoff.extractive.text import BANNER, clip

# an output line that reports an outcome: counts of tests, exit codes, errors, "listening on"
RESULT = re.compile(r"\b\d+ (?:passed|failed|errors?|skipped|tests?|warnings?|succeeded|failures?|rows?|files? "
                    r"changed|insertions?|deletions?)\b|\bexit(?:ed)? (?:code|status)\b|\b\w*(?:Error|Exception)\b|"
                    r"\b(?:FAILED|PASSED|ERROR|OK)\b|\blistening on\b|\brunning on\b|\bcommand not found\b",
                    re.IGNORECASE)
# an output or code line that pins the environment: an env variable set, a package pinned to a version, a
# container's base image, a v-version, a local address with its port
ENVIRONMENT = re.compile(r"\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+=\S|\b[A-Za-z][\w.-]*@\^?\d+\.\d+(?:\.\d+)?\b|"
                         r"^FROM\s+\S+:\S+|(?<![\w.])v\d+\.\d+\.\d+\b|\b(?:localhost|127\.0\.0\.1|0\.0\.0\.0):\d{2,5}\b")
_LABELLED = re.compile(r"^(?:total|rows?|records?|items?|passed|failed|errors?|tests?|count)\b[\w ]{0,20}: *\d",
                       re.IGNORECASE)
PINS = 4  # lines of one output or code block that get an environment pin's prior
DUMP = 400  # characters: a longer output line is data, never the line that says how a command ended
SHORT = 100  # characters: an output this short is its own result ("Python 3.9.6", "v20.11.1")
SHORT_LINES = 3  # ...when it holds at most this many lines
FEW_LINES, FEW_CHARS = 6, 800  # an output this small is read whole by its first and last line...
FEW_CLIP = 70  # ...each cut to this many characters
FEW_MIN = 20  # characters: less is no reading ("a", "b", "c")
# a line that only labels what follows: a table's column header ("CONTAINER ID  IMAGE  STATUS": four capitalised
# words or more, or columns two spaces apart; "ALL TESTS PASSED" is an outcome), an echoed section
# mark ("=== branches ===", "---HEAD---")
_LABEL_ONLY = re.compile(r"^(?:[A-Z][A-Z0-9%_/-]*(?:\s+[A-Z][A-Z0-9%_/-]*){3,}"
                         r"|[A-Z][A-Z0-9%_/ -]*\s{2,}[A-Z][A-Z0-9%_/ -]*|[=#*~-]{2,}.*[=#*~-]{2,})$")


def said_lines(output: str, tail: int = 20000) -> list[str]:
    """The lines of an output's last `tail` characters that say something: stripped, blank and banner lines out."""
    return [line.strip() for line in output[-tail:].splitlines() if line.strip() and not BANNER.match(line.strip())]


def result_gist(output: str, limit: int = 160) -> str:
    """The output's last outcome line (counts, verdicts), or the output itself when it is a few short lines."""
    lines = said_lines(output)
    if not lines:
        return ""
    if len(lines) == 1 and len(lines[0]) <= SHORT:
        return lines[0]
    for line in reversed(lines[-60:]):
        # a line of thousands of characters is a record dumped whole (a JSON line in a diff), not an outcome
        if len(line) <= DUMP and RESULT.search(line) and re.search(r"\d", line):
            return clip(line, limit)
    if len(lines) <= SHORT_LINES and sum(len(line) for line in lines) <= SHORT and re.search(r"\d", lines[-1]):
        return " | ".join(" ".join(line.split()) for line in lines)  # "Saved: x.xlsx | Total rows: 0"
    for line in reversed(lines[-60:]):  # a longer output: its labelled count ("Total rows: 22" above the rows)
        if _LABELLED.match(line):
            return clip(line, limit)
    if len(lines) <= FEW_LINES and FEW_MIN <= sum(len(line) for line in lines) <= FEW_CHARS:
        # a few lines: how it started (a banner, "server running") and how it ended (the outcome)
        said = [line for line in lines if not _LABEL_ONLY.match(line)] or lines
        first, last = clip(said[0], FEW_CLIP), clip(said[-1], FEW_CLIP)
        return first if first[:20] == last[:20] else f"{first} … {last}"
    return ""


def line_priors(lines: list[str], base: float, result: float | None, pin: float) -> list[float]:
    """Each line's prior: a result line's (when result is given), an environment pin's for the first PINS pins (a
    lock file or a dependency tree pins everything and so nothing in particular), else base."""
    out = []
    pins = 0
    for line in lines:
        if result is not None and RESULT.search(line):
            out.append(result)
        elif pins < PINS and ENVIRONMENT.search(line):
            pins += 1
            out.append(pin)
        else:
            out.append(base)
    return out
