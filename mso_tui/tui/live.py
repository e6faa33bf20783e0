"""The app follows the agents' transcript folders while it runs (a worker thread; it only posts messages)."""
from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from textual import work

from mso_tui.tui.messages import LiveImported, LiveStates


class LiveWatching:
    """Mixed into MsoApp: start/stop the watcher, tell the user when a session starts waiting."""

    _live_stop: threading.Event | None = None
    _hook_log_size = 0
    _hook_lines_shown: set[str] = set()  # replaced per app in start_live

    def start_live(self: Any, roots: list[Path] | None = None) -> bool:
        """Follow roots (default: the agents' folders that exist); False when there is nothing to follow."""
        from mso_tui.services.watch import default_roots

        roots = [r for r in (roots if roots is not None else default_roots()) if r.exists()]
        if not roots or self._live_stop is not None:
            return False
        self._live_stop = threading.Event()
        self._live_worker(roots, self._live_stop)
        self._hook_log_size = self._log_size()
        self._hook_lines_shown = set()
        self.set_interval(2, self._show_hook_log)
        return True

    @staticmethod
    def _log_size() -> int:
        """The hook log's size now (0 when there is none)."""
        import os

        from mso_tui.locations import data_path
        from mso_tui.services.live import LOG_NAME

        try:
            return os.path.getsize(os.path.join(data_path(), LOG_NAME))
        except OSError:
            return 0

    def _show_hook_log(self: Any) -> None:
        """What agents' hooks did since the last look, as notifications (a stat every 2 s; read only on growth)."""
        size = self._log_size()
        if size == self._hook_log_size:
            return
        from mso_tui.services.live import recent_log

        self._hook_log_size = size
        for line in recent_log(3):
            if line not in self._hook_lines_shown:
                self._hook_lines_shown.add(line)
                self.notify(line.split(" ", 1)[-1], title="Agent hook",
                            severity="error" if " error: " in f" {line}" else "information")

    def stop_live(self: Any) -> None:
        """Stop the watcher (it ends within one tick)."""
        if self._live_stop is not None:
            self._live_stop.set()
            self._live_stop = None

    @work(thread=True, exclusive=True, exit_on_error=False, group="live")
    def _live_worker(self: Any, roots: list[Path], stop: threading.Event) -> None:
        """Import what is appended and report state changes, until stopped."""
        from mso_tui.services.session_view import in_worker
        from mso_tui.services.watch import StateTracker, follow

        def imported(report: Any) -> None:
            if report.turns or report.usage_events:
                self.post_message(LiveImported(report.turns, report.usage_events, set(report.session_ids)))

        def changed(changes: list[Any]) -> None:
            if changes:
                self.post_message(LiveStates({c.session_id: c.state for c in changes}, changes))

        try:
            in_worker(follow, roots, stop, imported, changed, None, StateTracker(self.live_settings))
        except Exception as exc:  # the app goes on without live updates, and says so
            self.call_from_thread(self.notify, f"Live updates stopped: {type(exc).__name__}: {exc}",
                                  severity="warning")

    def on_live_imported(self: Any, message: LiveImported) -> None:
        """New turns: every screen reloads its numbers."""
        from mso_tui.tui.messages import DataChanged

        self.post_message(DataChanged())

    def on_live_states(self: Any, message: LiveStates) -> None:
        """Pass the states to the screens; notify (and ring or send OSC 9 if asked) when a session waits."""
        for screen in self.screen_stack:
            handler = getattr(screen, "show_live_states", None)
            if handler is not None:
                handler(message.states)
        for change in message.changes:
            if change.state == "waiting" and change.previous not in (None, "waiting"):
                text = f"Session {change.number} of {change.project} is waiting for input"
                self.notify(text, title="Waiting")
                if self.live_settings.bell:
                    self.bell()
                if self.live_settings.osc9:
                    self._osc9(text)

    def _osc9(self: Any, text: str) -> None:
        """A desktop notification through the terminal (OSC 9; iTerm2, WezTerm, kitty and others show it)."""
        driver = getattr(self, "_driver", None)
        if driver is not None:
            safe = "".join(ch for ch in text if ch.isprintable())
            driver.write(f"\x1b]9;{safe}\x07")
