"""Snapshots of the core screens and modals at 80x24 and 120x40, on fixed data (no clock-dependent text)."""
from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import DataTable

from mso_tui.tui.app import MsoApp
from tests.helpers.app_pilot import highlight, settle
from tests.helpers.payments_data import build

SIZES = [(80, 24), (120, 40)]


async def _home(pilot) -> None:
    await settle(pilot)


async def _timeline(pilot) -> None:
    await settle(pilot)
    await highlight(pilot, pilot.app.screen.query_one(DataTable), "payments-api")
    await pilot.press("enter")
    await settle(pilot)


async def _session_s4(pilot) -> None:
    await _timeline(pilot)
    await pilot.press("enter")
    await settle(pilot)


async def _conversation(pilot) -> None:
    await _timeline(pilot)
    await pilot.press("home", "enter")
    await settle(pilot)
    await pilot.press("2")
    await settle(pilot)


async def _new_project_error(pilot) -> None:
    await settle(pilot)
    await pilot.press("n", "ctrl+s")


async def _start(pilot) -> None:
    await settle(pilot)
    await highlight(pilot, pilot.app.screen.query_one(DataTable), "mobile-app")
    await pilot.press("s", "O", "f", "f")


async def _loaded(pilot) -> None:
    await _start(pilot)
    await pilot.press("ctrl+s")
    await settle(pilot)


async def _complete_error(pilot) -> None:
    await settle(pilot)
    await highlight(pilot, pilot.app.screen.query_one(DataTable), "payments-api")
    await pilot.press("x", "space")
    pilot.app.screen.query_one("#credits").value = "lots"
    await pilot.press("ctrl+s")  # refused inline: nothing is stored, no handoff is generated


async def _help(pilot) -> None:
    await settle(pilot)
    await pilot.press("question_mark")


SCENES = {"projects": _home, "timeline": _timeline, "session_overview": _session_s4,
          "session_conversation": _conversation, "new_project_error": _new_project_error,
          "start_session": _start, "loaded_handoff": _loaded, "complete_session_error": _complete_error,
          "help": _help}


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("scene", list(SCENES))
def test_core_screen(scene: str, size: tuple[int, int], store: Path, snap_compare) -> None:
    build(turns=40)
    assert snap_compare(MsoApp(), terminal_size=size, run_before=SCENES[scene])


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_welcome(size: tuple[int, int], store: Path, snap_compare, monkeypatch) -> None:
    from mso_tui.importers import discovery as disc

    home = Path("/home/dev")
    found = [disc.FoundFile("claude-code", home / f".claude/projects/-home-dev-api/{i}.jsonl", 2_500_000)
             for i in range(3)] + [disc.FoundFile("codex", home / ".codex/sessions/2026/03/02/rollout.jsonl", 800_000)]
    fake = disc.Discovery(found, [("claude-code", home / ".claude/projects"), ("codex", home / ".codex/sessions")])
    monkeypatch.setattr(disc, "discover", lambda *a, **k: fake)
    assert snap_compare(MsoApp(), terminal_size=size, run_before=_home)


@pytest.mark.parametrize("theme", ["ansi-dark", "textual-light"])
@pytest.mark.parametrize("scene", ["projects", "session_overview"])
def test_core_screen_in_theme(scene: str, theme: str, store: Path, tmp_path: Path, snap_compare) -> None:
    """An ansi and a light theme draw the projects (sparkline colours) and a session screen (issue 16)."""
    build(turns=40)
    (tmp_path / "config.toml").write_text(f'theme = "{theme}"\n')
    assert snap_compare(MsoApp(), terminal_size=(80, 24), run_before=SCENES[scene])
