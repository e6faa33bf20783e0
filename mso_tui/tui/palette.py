"""Command palette provider: every app action, every action of the current screen, every project."""
from __future__ import annotations

import asyncio
from functools import partial
from typing import Any, Callable

from textual.command import DiscoveryHit, Hit, Hits, Provider

from mso_tui.tui.bindings import APP_ACTIONS

Command = tuple[str, str, Callable[[], Any]]


class MsoCommands(Provider):
    """Offers what the keys do (app-wide and on this screen) and opening any project by name."""

    async def startup(self) -> None:
        """Read project names off the event loop (a query, so in a thread)."""
        from mso_tui.services.session_view import in_worker, project_names

        try:
            self._projects = await asyncio.to_thread(in_worker, project_names)
        except Exception:  # the palette still offers actions when the store cannot be read
            self._projects = []

    def _commands(self) -> list[Command]:
        """(title, help, callback) of every command on offer now."""
        app = self.app
        commands: list[Command] = []
        seen: set[str] = set()
        for action in APP_ACTIONS:
            if action.action == "command_palette":
                continue
            seen.add(action.action)
            commands.append((action.help, f"{self._key_of(action.id)} · {action.id}",
                             partial(app.run_action, action.action)))
        for active in self.screen.active_bindings.values():
            binding, node = active.binding, active.node
            if binding.action in seen or node is app or not active.enabled:
                continue
            seen.add(binding.action)
            title = binding.tooltip or binding.description or binding.action
            commands.append((title, f"{app.get_key_display(binding)} · {binding.id or ''}",
                             partial(app.run_action, binding.action, node)))
        for name in getattr(self, "_projects", []):
            commands.append((f"Open project {name}", "Timeline of the project",
                             partial(self._open_project, name)))
        return commands

    def _key_of(self, binding_id: str) -> str:
        """The key an app binding has now (after the user's keymap)."""
        for bindings in self.app._bindings.key_to_bindings.values():
            for binding in bindings:
                if binding.id == binding_id:
                    return self.app.get_key_display(binding)
        return ""

    def _open_project(self, name: str) -> None:
        """Show a project's timeline."""
        self.app._push_local("timeline", "TimelineScreen", name)  # type: ignore[attr-defined]

    async def discover(self) -> Hits:
        """Everything, before the user types."""
        for title, help_text, callback in self._commands():
            yield DiscoveryHit(title, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        """Fuzzy matches of the query against command titles."""
        matcher = self.matcher(query)
        for title, help_text, callback in self._commands():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), callback, help=help_text)
