"""Garbage-collector policy for a long-running full-screen app: no full collection in the middle of a keypress.

Measured on the big bench store: an automatic full (generation 2) collection scans every live object
(Textual keeps ~50,000 strips and caches) and stalled the event loop for 80-150 ms while a timeline or a
session opened. Start-up objects are frozen (never scanned again), automatic full collections are off,
and the app runs one itself after a quiet spell, when a pause cannot get in the way of a key.
"""
from __future__ import annotations

import gc
import time

QUIET_SECONDS = 10.0  # no key or click for this long: a full collection is unnoticeable
YOUNG, MIDDLE = 700, 10  # CPython's defaults for the young generations: cheap and frequent is fine


_saved: list[tuple[int, int, int]] = []


def after_start() -> None:
    """Freeze what start-up made (modules, classes, styles) and stop automatic full collections."""
    _saved.append(gc.get_threshold())
    gc.freeze()
    gc.set_threshold(YOUNG, MIDDLE, 1_000_000)  # the oldest generation is collected by collect_if_quiet


def restore() -> None:
    """Undo after_start when the app ends (tests and `mso serve` run many apps in one process)."""
    if _saved:
        gc.unfreeze()
        gc.set_threshold(*_saved.pop())


class QuietCollector:
    """Runs a full collection when the user has been idle for a while and garbage has built up."""

    def __init__(self) -> None:
        self.last_input = time.monotonic()

    def touched(self) -> None:
        """Note user input (a key or a click)."""
        self.last_input = time.monotonic()

    def collect_if_quiet(self) -> bool:
        """Collect everything if the user is idle and middle collections happened since; True if it ran."""
        pending = gc.get_count()[2]  # middle-generation collections since the last full one
        if time.monotonic() - self.last_input < QUIET_SECONDS or pending == 0:
            return False
        gc.collect()
        return True
