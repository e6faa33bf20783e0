"""Notice when the terminal is gone (an SSH drop, a closed tmux pane) so the app exits instead of spinning.

Started through a parent such as `make run`, the app may never get SIGHUP when its terminal closes;
Textual's input thread then reads a dead terminal in a loop at full CPU. Opening /dev/tty fails once
the session has lost its controlling terminal, which is cheap to check every few seconds.
"""
from __future__ import annotations

import os
import sys


def has_terminal() -> bool:
    """True while this process still has a controlling terminal."""
    try:
        os.close(os.open("/dev/tty", os.O_RDONLY | os.O_NOCTTY))
    except OSError:
        return False
    return True


def should_watch(headless: bool) -> bool:
    """Watch only a real terminal session (never in tests, web serving or a pipe)."""
    return not headless and sys.platform != "win32" and sys.__stdin__ is not None and sys.__stdin__.isatty() \
        and has_terminal()
