"""Run the mso command in-process from a test."""
from __future__ import annotations

import pytest

from mso_tui.cli import main
from mso_tui.store.db import close_db


def run(args: list[str], capsys: pytest.CaptureFixture) -> tuple[int, str, str]:
    """Run mso in-process; return status, stdout and stderr."""
    close_db()
    status = main(args)
    out, err = capsys.readouterr()
    return status, out, err
