"""MsoApp: screens, app-wide bindings (remappable by id), theme persistence; actions in actions.py."""
from __future__ import annotations

import importlib
from pathlib import Path

from textual import events
from textual.app import App

from mso_tui.tui.actions import AppActions
from mso_tui.tui.bindings import app_bindings
from mso_tui.tui.live import LiveWatching
from mso_tui.tui.palette import MsoCommands
from mso_tui.tui.quiet_gc import QuietCollector, after_start, restore
from mso_tui.tui.screens.base import MsoScreen
from mso_tui.tui.spend import SpendWatch
from mso_tui.tui.terminal_watch import has_terminal, should_watch

# app actions that act on the current project, and the screen each opens (where its key does nothing)
PROJECT_ACTIONS = {"timeline": "TimelineScreen", "handoff": "HandoffScreen", "start_session": "",
                   "complete_session": ""}


def _stylesheet() -> str:
    """app.tcss from the installed mso_tui.styles package, or from styles/ in a source checkout."""
    try:
        import mso_tui.styles as styles
    except ImportError:
        return str(Path(__file__).resolve().parent.parent.parent / "styles" / "app.tcss")
    return str(Path(styles.__file__).parent / "app.tcss")


class MsoApp(LiveWatching, SpendWatch, AppActions, App[None]):
    """The full-screen mso dashboard."""

    TITLE = "mso"
    CSS_PATH = _stylesheet()
    BINDINGS = app_bindings()
    COMMANDS = App.COMMANDS | {MsoCommands}
    _theme_loaded = False  # the theme watcher runs during App.__init__, before ours

    def __init__(self, demo: bool = False, watch_paths: list[Path] | None = None) -> None:
        super().__init__()
        from mso_tui.config import load_settings
        from mso_tui.services.live import live_settings

        self.demo = demo
        if demo:
            self.title = "mso DEMO"
        self.settings = load_settings()
        self.live_settings = live_settings()
        self._watch_paths = watch_paths  # None: the agents' own folders
        self._theme_loaded = False
        self._collector = QuietCollector()
        self._spend_read = False

    def on_mount(self) -> None:
        """Apply the saved theme and keymap, then open the first screen."""
        if self.settings.theme in self.available_themes:
            self.theme = self.settings.theme  # refused (and the default kept) if it cannot draw mso
        self._theme_loaded = True
        self._apply_keymap()
        from mso_tui.services.session_view import has_projects

        if has_projects():
            self.show_projects()  # the header's spend is read once its rows are in (on_projects_loaded)
        else:
            self._push_local("welcome", "WelcomeScreen")
            self._read_spend_once()
        after_start()  # everything imported and styled by now lives as long as the app
        self.set_interval(30, self._collector.collect_if_quiet)
        # headless runs (tests, scripts) follow only folders they name: a watcher never ends on its own
        if not self.demo and self.live_settings.watch and (self._watch_paths is not None or not self.is_headless):
            self.start_live(self._watch_paths)
        self.set_interval(60, self.refresh_spend)  # the header's spend against the budgets, and their alerts
        if should_watch(self.is_headless):
            self.set_interval(3, self._exit_without_terminal)

    def on_projects_loaded(self) -> None:
        """The first screen's rows are in (the message bubbles up from it): now read the header's spend."""
        self._read_spend_once()

    def on_load_failed(self) -> None:
        """The first screen's rows could not be read: the spend is read all the same."""
        self._read_spend_once()

    def _read_spend_once(self) -> None:
        """Read the spend the first time only; at start-up it ran beside the projects' read and slowed it."""
        if not self._spend_read:
            self._spend_read = True
            self.refresh_spend()

    def _apply_keymap(self) -> None:
        """Apply the config's key remaps; a bad entry is dropped and said, never applied half-way."""
        from mso_tui.tui.keymap_check import check_keymap

        checked = check_keymap(self.settings.keys)
        self.set_keymap(checked.keymap)
        if checked.problems:
            self.notify("\n".join(checked.problems), title="Key remaps ignored", severity="warning", timeout=15)

    def enter_demo(self) -> None:
        """Run on the demo store from now on: DEMO in the header and the footer, real work refused."""
        self.demo = True
        self.title = "mso DEMO"
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Offer only keys that do something here: project keys need a project, no key opens its own screen."""
        if action == "demo_note":
            return self.demo
        if action in PROJECT_ACTIONS:
            here = type(self.screen).__name__
            if PROJECT_ACTIONS[action] == here:
                return False
            screen = self.context_screen()
            if type(screen).__name__ in ("WelcomeScreen", "ProjectsScreen"):
                return screen is not None and screen.context_project() is not None
        return True

    def action_demo_note(self) -> None:
        """Say what the demo store is."""
        from mso_tui.tui.screens.base import DEMO_REFUSAL

        self.notify(DEMO_REFUSAL, title="DEMO", timeout=8)

    def _exit_without_terminal(self) -> None:
        """Leave when the terminal has gone away (see terminal_watch)."""
        if not has_terminal():
            self.exit(return_code=129)

    def on_unmount(self) -> None:
        """Stop following transcripts; hand the garbage collector back as it was."""
        self.stop_live()
        restore()

    async def on_event(self, event: events.Event) -> None:
        """Note user input, so garbage collection waits for a quiet moment."""
        if isinstance(event, (events.Key, events.MouseDown)):
            self._collector.touched()
        await super().on_event(event)

    def watch_theme(self, old: str, theme: str) -> None:
        """Refuse a theme that cannot draw mso; persist a chosen one (not the one applied at start)."""
        from mso_tui.tui.widgets.theme_colours import theme_problem

        if (problem := theme_problem(self)) is not None:
            self.notify(f"Theme {theme} cannot draw mso ({problem}); kept {old}.", severity="error")
            self.theme = old if old in self.available_themes and old != theme else "textual-dark"
            return
        if self._theme_loaded and not self.demo:
            from mso_tui.config import save_setting

            save_setting("theme", theme)

    # navigation ---------------------------------------------------------------------------------
    def show_projects(self) -> None:
        """Make the projects screen the only screen under any modal."""
        from mso_tui.tui.screens.projects import ProjectsScreen

        while len(self.screen_stack) > 1:
            self.pop_screen()
        self.push_screen(ProjectsScreen())

    def _push_local(self, module: str, name: str, *args: object) -> None:
        """Push one of this package's screens by module and class name."""
        self.push_screen(getattr(importlib.import_module(f"mso_tui.tui.screens.{module}"), name)(*args))

    def context_screen(self) -> MsoScreen | None:
        """The mso screen under any modals, which knows the current project and session."""
        for screen in reversed(self.screen_stack):
            if isinstance(screen, MsoScreen):
                return screen
        return None

    def current_project(self) -> str | None:
        """The project the user is looking at; a notification when there is none."""
        screen = self.context_screen()
        name = screen.context_project() if screen else None
        if name is None:
            self.notify("Pick a project first (p lists them).", severity="warning")
        return name
