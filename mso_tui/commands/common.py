"""Helpers shared by the subcommands: errors, JSON output, opening the store, progress."""
from __future__ import annotations

import sys
import time

TYPE_CHECKING = False  # typing is imported for type checkers only: a warm `mso usage` start counts every ms
if TYPE_CHECKING:
    from typing import Any, TextIO

from mso_tui.errors import MsoError


class UserError(MsoError):
    """Bad input from the user: printed as one line, exit status 2, nothing written."""


def print_json(value: Any, stream: TextIO | None = None) -> None:
    """Print records or plain data as indented JSON."""
    from mso_tui.data.records import to_jsonable
    from mso_tui.output_gate import dumps

    # through the output gate: secrets in any string masked, nothing a terminal acts on left raw
    (stream or sys.stdout).write(dumps(to_jsonable(value), indent=2) + "\n")


def open_store() -> None:
    """Open the configured store (creating and migrating it if needed)."""
    from mso_tui.data.db import init_db

    init_db()


def positive_int(text: str) -> int:
    """argparse type: an integer >= 1."""
    try:
        value = int(text)
    except ValueError:
        raise UserError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise UserError(f"must be 1 or more: {text}")
    return value


def non_negative_float(text: str) -> float:
    """argparse type: a number >= 0."""
    try:
        value = float(text)
    except ValueError:
        raise UserError(f"not a number: {text!r}") from None
    if value < 0 or value != value:
        raise UserError(f"must be 0 or more: {text}")
    return value


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
            from mso_tui.output_gate import clean, raw_stream

            # the bar's own \r must reach the terminal, so it bypasses the gate; the note (a file name) does not
            raw = raw_stream(self.stream)
            raw.write(f"\r{self.label} {bar} {self.done}/{self.total} {clean(note)[:40]:<40}")
            raw.flush()

    def close(self) -> None:
        """End the bar's line."""
        if self.enabled:
            self.stream.write("\n")
            self.stream.flush()
