"""TUI speed on a large store: launch to the first frame showing a row (vs a bare Textual app), and loop lag.

Usage: python bench/bench_tui.py [DB] [--import-tree TREE] [--no-scroll]
DB defaults to a fresh bench/make_big_db.py store in a temp dir; with --import-tree, the worst loop stall
while the import screen imports TREE in the background is measured too.
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
        table = self.query_one(DataTable)
        table.add_columns("a", "b", "c")
        table.add_row("1", "2", "3")  # the figure is the first frame with a row, as for mso
        self.call_after_refresh(self.done)
    def done(self):
        print(time.time() - float(os.environ["T0"])); self.exit()
Bare().run(headless=True, size=(120, 40))
"""
# The first frame with a project row; then, in the same app, the timeline of project-01 to its first row.
CHILD_MSO = """
import os, sys, time
sys.path.insert(0, os.environ["ROOT"])
from pathlib import Path
from mso_tui.store.db import init_db
init_db(path=Path(os.environ["DB"]))
from mso_tui.services.session_view import prefetch_projects
prefetch_projects()  # as cli.run_tui launches the app
from mso_tui.tui.app import MsoApp
from mso_tui.tui.screens.projects import ProjectsScreen
from mso_tui.tui.screens.timeline import TimelineScreen
filled, page = ProjectsScreen._fill, TimelineScreen.on_timeline_page
opened = []
def fill(self, *args):  # both ways the rows arrive: prefetched at mount, or loaded by the worker
    filled(self, *args)
    if self.query_one("DataTable").row_count and not opened:
        opened.append(None)
        self.call_after_refresh(projects_done, self)
def projects_done(screen):
    print("projects", time.time() - float(os.environ["T0"]))
    opened[0] = time.perf_counter()
    screen.app.push_screen(TimelineScreen("project-01"))
def on_timeline_page(self, message):
    page(self, message)
    if message.first and self.rows:
        self.call_after_refresh(timeline_done, self)
def timeline_done(screen):
    print("timeline", time.perf_counter() - opened[0], len(screen.rows)); screen.app.exit()
ProjectsScreen._fill = fill
TimelineScreen.on_timeline_page = on_timeline_page
MsoApp().run(headless=True, size=(120, 40))
"""


def _child(code: str, db: Path) -> list[str]:
    """One fresh process's output lines (it measures from just before its interpreter started).

    Bytecode is cached as on a user's machine: with PYTHONDONTWRITEBYTECODE set (some shells and CI set it)
    every start would compile mso's modules again, which a user's second launch never does."""
    env = {**os.environ, "ROOT": str(ROOT), "DB": str(db), "T0": repr(time.time())}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    return out.stdout.strip().splitlines()


def first_rows(db: Path) -> dict[str, float]:
    """Medians over RUNS rounds, bare and mso interleaved: bare first row, projects first row, timeline first row."""
    bare, projects, timeline = [], [], []
    _child(CHILD_BARE, db), _child(CHILD_MSO, db)  # a first launch writes the bytecode caches: not counted
    for _ in range(RUNS):
        bare.append(float(_child(CHILD_BARE, db)[-1]))
        lines = dict(line.split(" ", 1) for line in _child(CHILD_MSO, db))
        projects.append(float(lines["projects"]))
        timeline.append(float(lines["timeline"].split()[0]))
    return {"bare": statistics.median(bare), "projects": statistics.median(projects),
            "timeline": statistics.median(timeline)}


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
    from mso_tui.store.db import init_db
    from mso_tui.tui.app import MsoApp
    from mso_tui.tui.screens.session import SessionScreen
    from mso_tui.tui.screens.timeline import TimelineScreen
    from mso_tui.tui.widgets.conversation import ConversationView

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


# The app on a fresh store, its import screen importing TREE in the background; the loop's worst stall.
CHILD_IMPORT_LAG = """
import asyncio, os, sys, time
sys.path.insert(0, os.environ["ROOT"])
sys.path.insert(0, os.path.join(os.environ["ROOT"], "bench"))
from pathlib import Path
from bench_tui import LagProbe
from mso_tui.store.db import init_db
init_db()
from mso_tui.tui.app import MsoApp
from mso_tui.tui.screens.import_screen import ImportScreen
async def main():
    app, probe = MsoApp(), LagProbe()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause(0.3)
        screen = ImportScreen()
        app.push_screen(screen)
        await pilot.pause(0.2)
        probe.start()
        started = time.perf_counter()
        screen.start([Path(os.environ["TREE"])])  # the plan first (nothing written), then enter imports it
        await pilot.pause(0.05)
        while screen.busy:
            await asyncio.sleep(0.01)
        if screen.planned is None:
            sys.exit("no plan was made: " + str(screen.query_one("#import-status").render()))
        planned = time.perf_counter()
        screen.action_confirm_import()
        await pilot.pause(0.05)
        while screen.busy:
            await asyncio.sleep(0.01)
        took = time.perf_counter() - started
        print(probe.stop(), planned - started, took)
asyncio.run(main())
"""


def import_lag(tree: Path) -> tuple[float, float, float]:
    """Worst event-loop stall (s) while the import screen plans and imports the tree; the plan's and the whole time."""
    data = Path(tempfile.mkdtemp(prefix="mso-bench-lag-"))
    env = {**os.environ, "ROOT": str(ROOT), "TREE": str(tree), "MSO_DATA_DIR": str(data),
           "MSO_CONFIG": str(data / "config.toml")}
    env.pop("MSO_DATABASE_URL", None)
    out = subprocess.run([sys.executable, "-c", CHILD_IMPORT_LAG], env=env, capture_output=True, text=True,
                         check=True)
    worst, planned, took = out.stdout.strip().splitlines()[-1].split()
    return float(worst), float(planned), float(took)


def main() -> None:
    """Build or take a store, then print the two figures."""
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    tree = sys.argv[sys.argv.index("--import-tree") + 1] if "--import-tree" in sys.argv else None
    if tree:
        args.remove(tree)
    if args:
        db = Path(args[0])
    else:
        db = Path(tempfile.mkdtemp(prefix="mso-bench-")) / "big.sqlite3"
        subprocess.run([sys.executable, str(ROOT / "bench" / "make_big_db.py"), str(db)], check=True)
    os.environ.setdefault("MSO_DATA_DIR", str(db.parent))
    os.environ.setdefault("MSO_CONFIG", str(db.parent / "config.toml"))
    got = first_rows(db)
    bare, mso = got["bare"], got["projects"]
    print(f"first frame with a row: bare Textual {bare * 1000:.0f} ms, mso Projects {mso * 1000:.0f} ms, "
          f"ratio {mso / bare:.2f}x (target <= 1.5x); timeline of project-01 opened to its first row in "
          f"{got['timeline'] * 1000:.0f} ms (target <= 300 ms)")
    if tree:
        worst, planned, took = import_lag(Path(tree))
        print(f"max event-loop lag while the import screen plans and imports {tree} (plan {planned:.1f} s, "
              f"plan and import {took:.1f} s): {worst * 1000:.0f} ms (target <= 50 ms)")
    if "--no-scroll" not in sys.argv:
        for what, lag in asyncio.run(loop_lag(db)).items():
            print(f"max event-loop lag opening {what}: {lag * 1000:.0f} ms (target <= 100 ms)")


if __name__ == "__main__":
    main()
