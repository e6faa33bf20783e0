"""The app-wide actions: one table drives the key bindings, the help screen and the command palette."""
from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding


@dataclass(frozen=True)
class AppAction:
    """An app-level action with its default key, stable binding id and descriptions."""

    id: str
    key: str
    action: str
    description: str  # short, for the footer
    help: str  # one line, for the palette and the help screen
    show: bool = True


APP_ACTIONS: tuple[AppAction, ...] = (
    AppAction("app.projects", "p", "projects", "Projects", "Show every project", False),
    AppAction("app.timeline", "t", "timeline", "Timeline", "The sessions of the current project"),
    AppAction("app.handoff", "h", "handoff", "Handoff", "Open the handoff viewer of the current project"),
    AppAction("app.analytics", "a", "analytics", "Analytics", "Charts of efficiency, tokens, cost and time", False),
    AppAction("app.knowledge", "k", "knowledge", "Knowledge", "Search and edit the knowledge base", False),
    AppAction("app.accounts", "c", "accounts", "Accounts", "Credits used today against budget", False),
    AppAction("app.budgets", "b", "budgets", "Budgets", "USD budgets per day, week, month or block, and their spend",
              False),
    AppAction("app.search", "slash", "search", "Search", "Search turns, handoffs and knowledge", False),
    AppAction("app.import", "i", "import_transcripts", "Import", "Import transcripts (a path or discovery)",
              False),
    AppAction("app.new_project", "n", "new_project", "New", "Create a new project"),
    AppAction("app.start_session", "s", "start_session", "Start", "Start a session of the current project"),
    AppAction("app.complete_session", "x", "complete_session", "Complete",
              "Complete the session in progress and generate its handoff"),
    AppAction("app.help", "question_mark", "help", "Keys", "Every key of this screen"),
    AppAction("app.demo", "f2", "demo_note", "DEMO store", "What the demo store is (shown only in the demo)"),
    AppAction("app.palette", "ctrl+p", "command_palette", "Palette", "Open the command palette", False),
    AppAction("app.back", "escape", "back", "Back", "Go back to the previous screen", False),
    AppAction("app.quit", "q", "quit", "Quit", "Quit mso", False),
)


def app_bindings() -> list[Binding]:
    """Textual bindings for APP_ACTIONS; ids let users remap them in the config file.

    The help key comes first: the footer shows app keys after the screen's own and cuts what does
    not fit, and on a narrow terminal the key that lists every other one must not be the one cut.
    """
    ordered = sorted(APP_ACTIONS, key=lambda a: (a.id != "app.help", a.id != "app.demo"))
    # new project after the project keys: those are what a screen with a project in view is for
    ordered.sort(key=lambda a: a.id == "app.new_project")
    return [Binding(a.key, a.action, a.description, show=a.show, id=a.id, tooltip=a.help) for a in ordered]
