"""First run: an empty store offers to create a project, import what discovery finds, or open the demo."""
from __future__ import annotations

from collections import defaultdict
from typing import Any

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Footer, Header, Static

from mso_tui.screens.base import MsoScreen


def _get(item: Any, *names: str) -> Any:
    """The first attribute or key of item among names (discovery results may be objects or dicts)."""
    for name in names:
        value = item.get(name) if isinstance(item, dict) else getattr(item, name, None)
        if value is not None:
            return value
    return None


def summarize(found: Any) -> list[str]:
    """One line per format: how many files and how much data discovery found, and where."""
    groups: dict[str, list[Any]] = defaultdict(list)
    for item in list(found or []):
        groups[str(_get(item, "format", "kind", "agent") or "transcript")].append(item)
    lines = []
    for fmt, items in sorted(groups.items()):
        size = sum(int(_get(i, "size", "bytes", "size_bytes") or 0) for i in items)
        roots = sorted({str(_get(i, "root", "folder") or _get(i, "path") or "") for i in items})
        where = f" in {roots[0]}" + (f" and {len(roots) - 1} more" if len(roots) > 1 else "") if roots else ""
        lines.append(f"  {fmt}: {len(items)} file(s), {size / 1_048_576:.1f} MB{where}")
    return lines


class WelcomeScreen(MsoScreen):
    """Shown when the store has no project yet."""

    BINDINGS = [
        Binding("d", "demo", "Open demo", id="welcome.demo"),
        Binding("r", "rescan", "Rescan", show=False, id="welcome.rescan"),
    ]

    def compose(self) -> ComposeResult:
        """The three ways to begin and what discovery found."""
        yield Header()
        with Vertical(classes="welcome"):
            yield Static("[b]Welcome to mso[/b] — one project, many agent sessions, no context lost between "
                         "them.", classes="title")
            yield Static("  [b]n[/b]  create a project\n"
                         "  [b]i[/b]  import the transcripts found on this machine (listed below)\n"
                         "  [b]d[/b]  open the demo (a generated store in a temporary folder)\n"
                         "  [b]?[/b]  every key · [b]ctrl+p[/b] command palette · [b]q[/b] quit", id="choices")
            yield Static("Looking for agent transcripts on this machine…", id="discovery")
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        """Run discovery in a worker; it reads folders and may take a moment."""
        self.sub_title = "Welcome"
        self.action_rescan()

    def action_rescan(self) -> None:
        """Look for transcripts again."""
        self._discover()

    @work(thread=True, exclusive=True, exit_on_error=False)
    def _discover(self) -> None:
        """Call discovery if this build has it; report what and how much, never import here."""
        try:
            from mso_tui.importers.discovery import discover
        except ImportError:
            text = "Transcript discovery is not available in this build; import a path with i."
        else:
            try:
                lines = summarize(discover())
                text = ("Found:\n" + "\n".join(lines) + "\nPress i to review and import.") if lines else \
                    "No agent transcripts found on this machine (Claude Code, Codex, Aider, Gemini…)."
            except Exception as exc:  # a broken folder must not break the first run
                text = f"Discovery failed: {type(exc).__name__}: {exc}"
        self.app.call_from_thread(self._show, text)

    def _show(self, text: str) -> None:
        """Put the discovery summary on screen (runs on the UI thread)."""
        self.query_one("#discovery", Static).update(text)

    def action_demo(self) -> None:
        """Build and open the demo store (in a worker: it generates handoffs)."""
        self.query_one("#discovery", Static).update("Building the demo store…")
        self._build_demo()

    @work(thread=True, exclusive=True, exit_on_error=False, group="demo")
    def _build_demo(self) -> None:
        """Open a fresh demo store, then show the projects."""
        try:
            from mso_tui.demo import open_demo_store

            open_demo_store()
        except Exception as exc:
            self.app.call_from_thread(self._show, f"Could not build the demo: {type(exc).__name__}: {exc}")
            return
        self.app.call_from_thread(self.app.show_projects)  # type: ignore[attr-defined]
