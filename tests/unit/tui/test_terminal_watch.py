"""The app leaves when its terminal is gone, and never watches in tests or pipes."""
from __future__ import annotations

import os
import subprocess
import sys

from mso_tui.tui import terminal_watch


def test_no_watch_when_headless_or_piped() -> None:
    assert terminal_watch.should_watch(headless=True) is False


def test_a_process_without_a_controlling_terminal_has_none() -> None:
    # a new session has no controlling terminal: exactly what a closed pane or SSH drop leaves behind
    code = "from mso_tui.tui.terminal_watch import has_terminal; print(has_terminal())"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, start_new_session=True,
                          stdin=subprocess.DEVNULL, env={**os.environ})
    assert done.stdout.strip() == "False"
