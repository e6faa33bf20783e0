"""`python -m mso_tui.tui.screenshots DIR`: an SVG of every screen and key modal, from the demo store."""
from __future__ import annotations

import asyncio
import sys
import tempfile
from pathlib import Path
from typing import Awaitable, Callable

from textual.pilot import Pilot

Step = Callable[[Pilot], Awaitable[None]]


async def _settle(pilot: Pilot) -> None:
    """Let workers finish and their messages land."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause(0.2)


def _push(module: str, name: str, *args: object) -> Step:
    """A step that opens a screen by module and class name, through the app."""
    async def step(pilot: Pilot) -> None:
        pilot.app._push_local(module, name, *args)  # type: ignore[attr-defined]
        await _settle(pilot)
    return step


def _keys(*keys: str) -> Step:
    """A step that presses keys and waits."""
    async def step(pilot: Pilot) -> None:
        await pilot.press(*keys)
        await _settle(pilot)
    return step


def scenes(project: str) -> dict[str, list[Step]]:
    """Screen name -> the steps from the projects screen that reach it."""
    timeline = [_keys("enter")]
    return {
        "projects": [], "timeline": timeline, "session": timeline + [_keys("enter")],
        # the next project has a session still open: its timeline shows the live state (running, waiting, idle)
        "timeline_live": [_keys("down", "enter")],
        "conversation": timeline + [_keys("enter", "2")], "turn": timeline + [_keys("enter", "2"), _keys("enter")],
        "help": [_keys("question_mark")],
        "palette": [_keys("ctrl+p")], "new_project": [_keys("n")], "start_session": [_keys("s")],
        "complete_session": [_keys("down", "x")], "handoff": [_push("handoff", "HandoffScreen", project, None)],
        "analytics": [_push("analytics", "AnalyticsScreen", project)],
        "knowledge": [_push("knowledge", "KnowledgeScreen")], "accounts": [_push("accounts", "AccountsScreen")],
        "search": [_push("search", "SearchScreen")], "import": [_push("import_screen", "ImportScreen")],
    }


async def shoot(out: Path, size: tuple[int, int] = (120, 40)) -> list[Path]:
    """Write one SVG per scene into out; each scene starts from a fresh app on the same demo store."""
    from mso_tui.services.projects import list_projects
    from mso_tui.tui.app import MsoApp

    project = list_projects()[0].name
    written = []
    for name, steps in scenes(project).items():
        app = MsoApp(demo=True)
        async with app.run_test(size=size) as pilot:
            await _settle(pilot)
            for step in steps:
                await step(pilot)
            path = out / f"{name}.svg"
            path.write_text(app.export_screenshot(title=f"mso · {name}"))
            written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    """Build a demo store in a temporary folder and write the screenshots."""
    args = sys.argv[1:] if argv is None else argv
    out = Path(args[0] if args else "screenshots")
    out.mkdir(parents=True, exist_ok=True)
    from mso_tui.demo.store import build_demo

    build_demo(Path(tempfile.mkdtemp(prefix="mso-shots-")) / "demo.sqlite3")
    for path in asyncio.run(shoot(out)):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
