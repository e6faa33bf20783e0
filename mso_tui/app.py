"""MsoApp: screens, app-wide bindings (remappable by id), theme persistence; actions in app_actions."""
from __future__ import annotations

import importlib
from pathlib import Path

from textual import events
from textual.app import App

from mso_tui.app_actions import AppActions
from mso_tui.app_spend import SpendWatch
from mso_tui.bindings import app_bindings
from mso_tui.commands_palette import MsoCommands
from mso_tui.gc_policy import QuietCollector, after_start, restore
from mso_tui.screens.base import MsoScreen
from mso_tui.terminal_watch import has_terminal, should_watch


def _stylesheet() -> str:
    """app.tcss from the installed mso_tui.styles package, or from styles/ in a source checkout."""
    try:
        import mso_tui.styles as styles
    except ImportError:
        return str(Path(__file__).resolve().parent.parent / "styles" / "app.tcss")
    return str(Path(styles.__file__).parent / "app.tcss")


class MsoApp(SpendWatch, AppActions, App[None]):
    """The full-screen mso dashboard."""

    TITLE = "mso"
    CSS_PATH = _stylesheet()
    BINDINGS = app_bindings()
    COMMANDS = App.COMMANDS | {MsoCommands}
    _theme_loaded = False  # the theme watcher runs during App.__init__, before ours

    def __init__(self, demo: bool = False) -> None:
        super().__init__()
        from mso_tui.config import load_settings

        self.demo = demo
        self.settings = load_settings()
        self._theme_loaded = False
        self._collector = QuietCollector()

    def on_mount(self) -> None:
        """Apply the saved theme and keymap, then open the first screen."""
        if self.settings.theme in self.available_themes:
            self.theme = self.settings.theme
        self._theme_loaded = True
        self.set_keymap(self.settings.keys)
        from mso_tui.data.services.ui_queries import has_projects

        self.show_projects() if has_projects() else self._push_local("welcome", "WelcomeScreen")
        after_start()  # everything imported and styled by now lives as long as the app
        self.set_interval(30, self._collector.collect_if_quiet)
        self.refresh_spend()  # the header's spend against the budgets, and their alerts
        self.set_interval(60, self.refresh_spend)
        if should_watch(self.is_headless):
            self.set_interval(3, self._exit_without_terminal)

    def _exit_without_terminal(self) -> None:
        """Leave when the terminal has gone away (see terminal_watch)."""
        if not has_terminal():
            self.exit(return_code=129)

    def on_unmount(self) -> None:
        """Hand the garbage collector back as it was."""
        restore()

    async def on_event(self, event: events.Event) -> None:
        """Note user input, so garbage collection waits for a quiet moment."""
        if isinstance(event, (events.Key, events.MouseDown)):
            self._collector.touched()
        await super().on_event(event)

    def watch_theme(self, theme: str) -> None:
        """Persist the chosen theme (not the one applied from the config at start)."""
        if self._theme_loaded and not self.demo:
            from mso_tui.config import save_setting

            save_setting("theme", theme)

    # navigation ---------------------------------------------------------------------------------
    def show_projects(self) -> None:
        """Make the projects screen the only screen under any modal."""
        from mso_tui.screens.projects import ProjectsScreen

        while len(self.screen_stack) > 1:
            self.pop_screen()
        self.push_screen(ProjectsScreen())

    def _push_local(self, module: str, name: str, *args: object) -> None:
        """Push one of this package's screens by module and class name."""
        self.push_screen(getattr(importlib.import_module(f"mso_tui.screens.{module}"), name)(*args))

    def open_screen(self, module: str, name: str, *args: object) -> None:
        """Push a screen that may not exist in this build; say so instead of crashing."""
        try:
            screen_class = getattr(importlib.import_module(f"mso_tui.screens.{module}"), name)
        except (ImportError, AttributeError) as exc:
            self.notify(f"{name} is not available in this build ({type(exc).__name__}).", severity="warning")
            return
        self.push_screen(screen_class(*args))

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
