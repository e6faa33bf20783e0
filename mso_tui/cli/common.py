"""Helpers shared by the subcommands: errors, JSON output, opening the store, progress."""
from __future__ import annotations

import os
import sys
import time

from mso_tui.errors import MsoError

TYPE_CHECKING = False  # typing is imported for type checkers only: a warm `mso usage` start counts every ms
if TYPE_CHECKING:
    from pathlib import Path
    from typing import Any, Callable, TextIO


class UserError(MsoError):
    """Bad input from the user: printed as one line, exit status 2, nothing written."""


def print_json(value: Any, stream: TextIO | None = None) -> None:
    """Print records or plain data as indented JSON."""
    from mso_tui.records import to_jsonable
    from mso_tui.redaction.gate import dumps

    # through the output gate: secrets in any string masked, nothing a terminal acts on left raw
    (stream or sys.stdout).write(dumps(to_jsonable(value), indent=2) + "\n")


def open_store() -> None:
    """Open the configured store (creating and migrating it if needed)."""
    from mso_tui.store.db import init_db

    init_db()


# SQLite's INTEGER is 64-bit signed: a larger id or count cannot even be looked up
MAX_INT = 2**63 - 1
# credits and budgets: a trillion is far past any real budget, and keeps sums finite
MAX_AMOUNT = 1e12
# a search longer than this is a pasted file, not a query (and makes a pathological full-text query)
MAX_QUERY = 1000


def shown(text: str, width: int = 40) -> str:
    """A value as quoted in an error line: repr'd (no control characters) and cut to width."""
    quoted = repr(text)
    return quoted if len(quoted) <= width else quoted[:width - 1] + "…"


def bounded_int(low: int, high: int = MAX_INT, what: str = "a whole number") -> Callable[[str], int]:
    """An argparse type for an integer in [low, high]; anything else is one clear line."""
    import argparse

    def parse(text: str) -> int:
        stripped = text.strip()
        digits = stripped[1:] if stripped[:1] in ("+", "-") else stripped
        if not digits.isascii() or not digits.isdigit():
            raise argparse.ArgumentTypeError(f"not {what}: {shown(text)}")
        # int() of thousands of digits is refused by Python itself; past 30 digits the sign says which bound
        value = int(stripped) if len(digits) <= 30 else (low - 1 if stripped.startswith("-") else high + 1)
        if value < low:
            raise argparse.ArgumentTypeError(f"must be {low} or more: {shown(text)}")
        if value > high:
            raise argparse.ArgumentTypeError(f"must be at most {high}: {shown(text)}")
        return value

    return parse


positive_int = bounded_int(1)


def non_negative_float(text: str) -> float:
    """argparse type: a finite number from 0 to MAX_AMOUNT (inf, nan and 1e999 are refused)."""
    import argparse
    import math

    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {shown(text)}") from None
    if not math.isfinite(value):
        raise argparse.ArgumentTypeError(f"not a finite number: {shown(text)}")
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more: {shown(text)}")
    if value > MAX_AMOUNT:
        raise argparse.ArgumentTypeError(f"must be at most {MAX_AMOUNT:.0e}: {shown(text)}")
    return value


def nonempty(text: str) -> str:
    """argparse type: a name or path that is not empty (an empty path would silently mean '.')."""
    import argparse

    if not text.strip():
        raise argparse.ArgumentTypeError("must not be empty")
    return text


def user_path(text: str) -> Path:
    """A path given on the command line with ~ expanded; ~NAME of no such user is a UserError, not a crash."""
    from pathlib import Path

    try:
        return Path(text).expanduser()
    except RuntimeError:  # Path.expanduser: "Could not determine home directory."
        raise UserError(f"{text}: no home folder for {text.split('/')[0]!r}") from None


def nonempty_path(text: str) -> Path:
    """argparse type: a path that is not empty."""
    from pathlib import Path

    return Path(nonempty(text))


def query_text(words: list[str]) -> str:
    """The words of a search as one query, refused when it is too long to be a query."""
    text = " ".join(words)
    if len(text) > MAX_QUERY:
        raise UserError(f"search query too long: {len(text)} characters (at most {MAX_QUERY})")
    return text


def read_stdin() -> str:
    """Everything on stdin as text; bytes that are not UTF-8 (decoded to lone surrogates) are one clear line."""
    text = sys.stdin.read()
    bad = next((i for i, ch in enumerate(text) if "\ud800" <= ch <= "\udfff"), None)
    if bad is not None:
        raise UserError(f"stdin: not UTF-8 text (character {bad})")
    return text


def read_text_file(path: str) -> str:
    """A UTF-8 text file's contents; unreadable or not UTF-8 is one clear line."""
    try:
        with open(path, encoding="utf-8") as handle:
            return handle.read()
    except OSError as exc:
        raise UserError(f"{path}: {exc.strerror or exc}") from None
    except UnicodeDecodeError as exc:
        raise UserError(f"{path}: not UTF-8 text (byte {exc.start})") from None


class Progress:
    """A one-line progress bar on stderr, drawn only when stderr is a terminal."""

    def __init__(self, total: int, label: str = "", stream: TextIO | None = None) -> None:
        self.total = max(total, 1)
        self.label = label
        self.stream = stream or sys.stderr
        self.enabled = self.stream.isatty()
        self.done = 0
        self._last = 0.0

    def advance(self, step: int = 1, note: str = "") -> None:
        """Move forward and redraw at most ten times a second."""
        self.done += step
        now = time.monotonic()
        if self.enabled and (now - self._last > 0.1 or self.done >= self.total):
            self._last = now
            width = 30
            filled = int(width * min(self.done / self.total, 1.0))
            bar = "█" * filled + "░" * (width - filled)
            from mso_tui.redaction.gate import clean, raw_stream

            # the bar's own \r must reach the terminal, so it bypasses the gate; the note (a file name) does not
            raw = raw_stream(self.stream)
            raw.write(f"\r{self.label} {bar} {self.done}/{self.total} {clean(note)[:40]:<40}")
            raw.flush()

    def close(self) -> None:
        """End the bar's line."""
        if self.enabled:
            self.stream.write("\n")
            self.stream.flush()


class FileProgress:
    """A file loop's progress callback (done, total, done_bytes, total_bytes, path): its bar is made at the first
    file, when the total is known, and not at all when no file is read."""

    def __init__(self, label: str) -> None:
        """A callback whose bar will say label."""
        self.label = label
        self.bar: Progress | None = None

    def __call__(self, done: int, total: int, done_bytes: int, total_bytes: int, path: str) -> None:
        """One more file read."""
        if self.bar is None:
            self.bar = Progress(total, self.label)
        self.bar.advance(1, os.path.basename(path))

    def close(self) -> None:
        """End the bar's line, if a bar was drawn."""
        if self.bar is not None:
            self.bar.close()
