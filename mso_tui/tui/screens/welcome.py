"""First run: an empty store offers to create a project, import what discovery finds, or open the demo."""
from __future__ import annotations

from typing import Any

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Footer, Header, Static

from mso_tui.tui.screens.base import MsoScreen


def summarize(discovery: Any) -> list[str]:
    """One line per format: how many files and how much data discovery found, and where."""
    from mso_tui.tui.screens.import_screen import human_size

    roots: dict[str, list[str]] = {}
    for fmt, root in discovery.roots:
        roots.setdefault(fmt, []).append(str(root))
    lines = []
    for fmt, (files, size) in discovery.counts().items():
        where = roots.get(fmt) or sorted({str(f.path.parent) for f in discovery.found if f.format == fmt})
        more = f" and {len(where) - 1} more" if len(where) > 1 else ""
        lines.append(f"  {fmt:<12} {files:>5} file(s) {human_size(size):>9}  in {where[0]}{more}")
    return lines


class WelcomeScreen(MsoScreen):
    """Shown when the store has no project yet."""

    BINDINGS = [
        Binding("i", "import_found", "Import found", tooltip="Review and import what discovery found",
                id="welcome.import"),
        Binding("d", "demo", "Open demo", id="welcome.demo"),
        Binding("r", "rescan", "Rescan", show=False, tooltip="Look for transcripts again", id="welcome.rescan"),
    ]

    class Discovered(Message):
        """Discovery finished (discovery is None and text says why when it failed)."""

        def __init__(self, discovery: Any, text: str = "") -> None:
            super().__init__()
            self.discovery = discovery
            self.text = text

    class DemoReady(Message):
        """The demo store is open."""

    def __init__(self) -> None:
        super().__init__()
        self.discovery: Any = None

    def compose(self) -> ComposeResult:
        """The three ways to begin and what discovery found."""
        yield Header()
        with Vertical(classes="welcome"):
            # no claim of "no context lost": each handoff says what it kept and what it left out
            yield Static("[b]Welcome to mso[/b] — one project, many agent sessions, each handing off to the "
                         "next.", classes="title")
            yield Static("  [b]n[/b]  create a project\n"
                         "  [b]i[/b]  review and import the transcripts found on this machine (below)\n"
                         "  [b]d[/b]  open the demo (a generated store in a temporary folder)\n"
                         "  [b]?[/b]  every key · [b]ctrl+p[/b] command palette · [b]q[/b] quit", id="choices")
            yield Static("Looking for agent transcripts on this machine…", id="discovery")
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        """Run discovery in a worker; it reads folders and may take a moment."""
        self.sub_title = "Welcome"
        self.action_rescan()

    def on_screen_resume(self) -> None:
        """Back from an import or a new project: once the store has a project, show the projects."""
        from mso_tui.services.session_view import has_projects

        if self.app.screen is self and has_projects():  # not if an action already moved on
            self.app.show_projects()  # type: ignore[attr-defined]

    def action_rescan(self) -> None:
        """Look for transcripts again."""
        self.query_one("#discovery", Static).update("Looking for agent transcripts on this machine…")
        self._discover()

    @work(thread=True, exclusive=True, exit_on_error=False)
    def _discover(self) -> None:
        """Run discovery (it reads folders) and post what it found; nothing is imported here."""
        from mso_tui.services.session_view import in_worker

        try:
            from mso_tui.services.imports import discover_importable

            self.post_message(self.Discovered(in_worker(discover_importable)))
        except Exception as exc:  # a broken folder must not break the first run
            self.post_message(self.Discovered(None, f"Discovery failed: {type(exc).__name__}: {exc}"))

    def on_welcome_screen_discovered(self, message: Discovered) -> None:
        """Show what and how much was found, per format, before anything is imported."""
        from mso_tui.tui.screens.import_screen import human_size

        self.discovery = message.discovery
        found = message.discovery.found if message.discovery is not None else []
        if message.text:
            text = message.text
        elif not found:
            text = ("No agent transcripts found on this machine (Claude Code, Codex, Gemini CLI, aider and "
                    "SpecStory in known repos).\nPress i to import a file or folder by path.")
        else:
            text = (f"[b]Found {len(found):,} transcripts ({human_size(message.discovery.total_bytes)})[/b]:\n"
                    + "\n".join(summarize(message.discovery)) + "\nPress i to review them and import with progress.")
        self.query_one("#discovery", Static).update(text)

    def action_import_found(self) -> None:
        """Open the import screen with what discovery found (ctrl+r there imports it, with a progress bar)."""
        from mso_tui.tui.screens.import_screen import ImportScreen

        self.app.push_screen(ImportScreen(self.discovery if self.discovery and self.discovery.found else None))

    def action_demo(self) -> None:
        """Build and open the demo store (in a worker: it generates handoffs)."""
        self.query_one("#discovery", Static).update("Building the demo store…")
        self._build_demo()

    @work(thread=True, exclusive=True, exit_on_error=False, group="demo")
    def _build_demo(self) -> None:
        """Open a fresh demo store, then show the projects."""
        try:
            from mso_tui.demo.store import open_demo_store

            open_demo_store()
        except Exception as exc:
            self.post_message(self.Discovered(self.discovery, f"Could not build the demo: {type(exc).__name__}: {exc}"))
            return
        self.post_message(self.DemoReady())

    def on_welcome_screen_demo_ready(self) -> None:
        """Show the demo's projects."""
        self.app.enter_demo()  # type: ignore[attr-defined]
        self.app.show_projects()  # type: ignore[attr-defined]
