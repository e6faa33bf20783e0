"""Issue 16 item 11: a bad key remap (unknown id, not a key, a clash) is said at start-up and by doctor, and
ignored; the good ones still apply."""
from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets._footer import FooterKey

from mso_tui.tui.app import MsoApp
from tests.helpers.app_pilot import settle
from tests.helpers.cli_run import run
from tests.helpers.payments_data import build

CONFIG = ('[keys]\n"app.nothing" = "ctrl+o"\n"app.timeline" = "not a key!!"\n"app.search" = "h"\n'
          '"app.analytics" = "ctrl+y"\n')


async def test_bad_remaps_are_said_and_ignored(store: Path, tmp_path: Path) -> None:
    build(turns=3)
    (tmp_path / "config.toml").write_text(CONFIG)
    app = MsoApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        said = "\n".join(n.message for n in app._notifications)
        assert "'app.nothing'" in said and "not a key" in said and "'app.search'" in said and "app.handoff" in said
        assert "'app.analytics'" not in said
        assert all("!!" not in k.key_display for k in app.screen.query(FooterKey))
        await pilot.press("t")  # the bad remap was not applied: t is still the timeline
        await settle(pilot)
        assert type(app.screen).__name__ == "TimelineScreen"
        await pilot.press("ctrl+y")
        await settle(pilot)
        assert type(app.screen).__name__ == "AnalyticsScreen"


def test_doctor_names_the_bad_remaps(store: Path, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    (tmp_path / "config.toml").write_text(CONFIG)
    status, out, _ = run(["doctor"], capsys)
    assert status == 0
    warnings = [line for line in out.splitlines() if line.startswith("warning:") and "[keys]" in line]
    assert len(warnings) == 3, out
