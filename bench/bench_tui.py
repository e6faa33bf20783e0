"""TUI speed on a large store: launch to first frame (vs a bare Textual app) and event-loop lag.

Usage: python bench/bench_tui.py [DB]   (DB defaults to a fresh bench/make_big_db.py store in a temp dir)
Prints figures; it is a measurement, not a pass/fail test.
"""
from __future__ import annotations

import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUNS = 5

# Each child measures from just before its interpreter starts (passed in) to the first painted frame.
CHILD_BARE = """
import os, sys, time
from textual.app import App
from textual.widgets import DataTable, Footer, Header
class Bare(App):
    def compose(self):
        yield Header(); yield DataTable(); yield Footer()
    def on_mount(self):
        self.query_one(DataTable).add_columns("a", "b", "c")
        self.call_after_refresh(self.done)
    def done(self):
        print(time.time() - float(os.environ["T0"])); self.exit()
Bare().run(headless=True, size=(120, 40))
"""
CHILD_MSO = """
import os, sys, time
sys.path.insert(0, os.environ["ROOT"])
from pathlib import Path
from mso_tui.data.db import init_db
init_db(path=Path(os.environ["DB"]))
from mso_tui.app import MsoApp
from mso_tui.screens.projects import ProjectsScreen
mount = ProjectsScreen.on_mount
def on_mount(self):
    mount(self)
    self.call_after_refresh(done, self)
def done(screen):
    print(time.time() - float(os.environ["T0"])); screen.app.exit()
ProjectsScreen.on_mount = on_mount
MsoApp().run(headless=True, size=(120, 40))
"""


def first_frame(code: str, db: Path) -> float:
    """Median seconds from launch to first frame over RUNS fresh processes."""
    times = []
    for _ in range(RUNS):
        env = {**os.environ, "ROOT": str(ROOT), "DB": str(db), "T0": repr(time.time())}
        out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
        times.append(float(out.stdout.strip().splitlines()[-1]))
    return statistics.median(times)


class LagProbe:
    """Records how late a 5 ms asyncio sleep wakes up: the event loop's worst stall."""

    def __init__(self) -> None:
        self.worst = 0.0
        self._task: asyncio.Task | None = None

    async def _run(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            before = loop.time()
            await asyncio.sleep(0.005)
            self.worst = max(self.worst, loop.time() - before - 0.005)

    def start(self) -> None:
        self.worst = 0.0
        self._task = asyncio.get_running_loop().create_task(self._run())

    def stop(self) -> float:
        assert self._task is not None
        self._task.cancel()
        return self.worst


async def loop_lag(db: Path) -> dict[str, float]:
    """Worst loop stall while opening the biggest timeline and the 10,000-turn session, and scrolling it."""
    sys.path.insert(0, str(ROOT))
    from mso_tui.app import MsoApp
    from mso_tui.data.db import init_db
    from mso_tui.screens.session import SessionScreen
    from mso_tui.screens.timeline import TimelineScreen
    from mso_tui.widgets.conversation import ConversationView

    init_db(path=db)
    app, probe, result = MsoApp(), LagProbe(), {}
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause(0.5)
        probe.start()
        screen = TimelineScreen("project-01")
        app.push_screen(screen)
        while not screen.is_mounted or not screen.loaded:
            await asyncio.sleep(0.01)
        await pilot.pause(0.2)
        result[f"timeline ({len(screen.rows):,} sessions)"] = probe.stop()
        probe.start()
        app.push_screen(SessionScreen(screen.rows[0].id))  # session 1 holds the 10,000 turns
        while not isinstance(app.screen, SessionScreen) or app.screen.detail is None or not app.screen.query("#tabs"):
            await asyncio.sleep(0.01)
        await pilot.press("2")
        while not app.screen.query(ConversationView):  # the tab is built when first opened
            await asyncio.sleep(0.01)
        view = app.screen.query_one(ConversationView)
        for key in ["pagedown"] * 30 + ["end"] + ["pageup"] * 30 + ["home"]:
            await pilot.press(key)
        await app.workers.wait_for_complete()
        await pilot.pause(0.2)
        result[f"session ({view.total:,} turns, scrolled)"] = probe.stop()
    return result


def main() -> None:
    """Build or take a store, then print the two figures."""
    if len(sys.argv) > 1:
        db = Path(sys.argv[1])
    else:
        db = Path(tempfile.mkdtemp(prefix="mso-bench-")) / "big.sqlite3"
        subprocess.run([sys.executable, str(ROOT / "bench" / "make_big_db.py"), str(db)], check=True)
    os.environ.setdefault("MSO_DATA_DIR", str(db.parent))
    os.environ.setdefault("MSO_CONFIG", str(db.parent / "config.toml"))
    bare, mso = first_frame(CHILD_BARE, db), first_frame(CHILD_MSO, db)
    print(f"first frame: bare Textual {bare * 1000:.0f} ms, mso Projects {mso * 1000:.0f} ms, "
          f"ratio {mso / bare:.2f}x (target <= 1.5x)")
    for what, lag in asyncio.run(loop_lag(db)).items():
        print(f"max event-loop lag opening {what}: {lag * 1000:.0f} ms (target <= 100 ms)")


if __name__ == "__main__":
    main()
