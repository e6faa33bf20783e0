"""Start-up cost of the key remaps: with no [keys] table, checking them imports no screen or widget module."""
from __future__ import annotations

import subprocess
import sys

from mso_tui.tui.keymap_check import check_keymap


def test_no_remaps_import_no_screens() -> None:
    # a fresh interpreter: this test process has imported every screen already
    code = ("import sys\nfrom mso_tui.tui.keymap_check import check_keymap\ncheck = check_keymap({})\n"
            "screens = sorted(m for m in sys.modules if m.startswith('mso_tui.tui.screens.'))\n"
            "print(check.keymap, check.problems, screens)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "{} [] []"


def test_remaps_are_still_checked() -> None:
    assert check_keymap({"app.nothing": "ctrl+o"}).problems
