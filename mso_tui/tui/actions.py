"""The app-wide actions of MsoApp (a mixin, so app.py stays small) and the handoff worker."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual import work

from mso_tui.tui.messages import DataChanged, HandoffReady, HandoffStatus, SessionCompleted

if TYPE_CHECKING:
    from mso_tui.tui.screens.complete_session import Completion


class AppActions:
    """Actions bound in bindings.APP_ACTIONS; `self` is the MsoApp."""

    def action_projects(self: Any) -> None:
        """Back to the projects screen."""
        self.show_projects()

    def action_timeline(self: Any) -> None:
        """The current project's sessions."""
        if name := self.current_project():
            self._push_local("timeline", "TimelineScreen", name)

    def action_handoff(self: Any) -> None:
        """The handoff viewer of the current project (at the session in view, if any)."""
        if name := self.current_project():
            screen = self.context_screen()
            session = screen.context_session() if screen else None
            self._push_local("handoff", "HandoffScreen", name, session.number if session else None)

    def action_analytics(self: Any) -> None:
        """Charts for the current project, or across all from the projects screen."""
        from mso_tui.tui.screens.projects import ProjectsScreen

        screen = self.context_screen()
        project = None if isinstance(screen, ProjectsScreen) or screen is None else screen.context_project()
        self._push_local("analytics", "AnalyticsScreen", project)

    def action_knowledge(self: Any) -> None:
        """The knowledge base."""
        self._push_local("knowledge", "KnowledgeScreen")

    def action_accounts(self: Any) -> None:
        """Accounts and their credits."""
        self._push_local("accounts", "AccountsScreen")

    def action_budgets(self: Any) -> None:
        """USD budgets and their spend."""
        self._push_local("budgets", "BudgetsScreen")

    def action_search(self: Any) -> None:
        """Global search."""
        self._push_local("search", "SearchScreen")

    def action_import_transcripts(self: Any) -> None:
        """Import transcripts from a path or by discovery."""
        self._push_local("import_screen", "ImportScreen")

    def action_back(self: Any) -> None:
        """Leave the current screen (the screen may handle escape itself first)."""
        screen = self.context_screen()
        if screen is not None and screen is self.screen and screen.back():
            return
        if len(self.screen_stack) > 2:
            self.pop_screen()

    def action_help(self: Any) -> None:
        """Every key of the current screen."""
        from mso_tui.tui.screens.help import HelpScreen, binding_rows

        if type(self.screen).__name__ == "HelpScreen":
            return
        self.push_screen(HelpScreen(binding_rows(self.screen), self.screen.sub_title or "mso"))

    def action_new_project(self: Any) -> None:
        """Create a project, then show it in the projects list."""
        from mso_tui.tui.dialogs.forms import NewProjectForm

        def created(project: Any) -> None:
            if project is not None:
                self.notify(f"Created project {project.name}.")
                self.show_projects()

        self.push_screen(NewProjectForm(), created)

    def action_start_session(self: Any) -> None:
        """Start a session of the current project; then show the handoff it loaded."""
        from mso_tui.services.accounts import list_accounts
        from mso_tui.tui.screens.start_session import StartSessionForm

        if not (name := self.current_project()):
            return

        def started(result: Any) -> None:
            if result is not None:
                from mso_tui.tui.screens.loaded_handoff import LoadedHandoffScreen

                self.post_message(DataChanged())
                self.push_screen(LoadedHandoffScreen(result))

        self.push_screen(StartSessionForm(name, [a.name for a in list_accounts()]), started)

    def action_complete_session(self: Any) -> None:
        """Complete the session in view, or the project's session in progress."""
        from mso_tui.errors import MsoError
        from mso_tui.services.sessions import get_session
        from mso_tui.tui.screens.complete_session import CompleteSessionForm

        screen = self.context_screen()
        session = screen.context_session() if screen else None
        if session is None or session.status != "in_progress":
            if not (name := self.current_project()):
                return
            try:
                session = get_session(name)
            except MsoError as exc:
                self.notify(str(exc), severity="warning")
                return
        if session.status != "in_progress":
            self.notify(f"Session {session.number} of {session.project_name} is already {session.status}.",
                        severity="warning")
            return
        from mso_tui.services.sessions import carried_items

        self.push_screen(CompleteSessionForm(session, tuple(carried_items(session.id))),
                         lambda done: done is not None and self.complete_and_generate(done))

    @work(thread=True, exclusive=True, exit_on_error=False, group="handoff")
    def complete_and_generate(self: Any, done: Completion) -> None:
        """Store the outcome with its handoff, as one unit; the UI stays live, messages report progress."""
        from mso_tui.services import handoffs, sessions
        from mso_tui.services.session_view import in_worker

        s = done.session
        try:
            # completion and handoff are stored together: quitting while it is written leaves the session open
            record = in_worker(sessions.complete_session, s.project_name, s.number,
                               accomplishments=done.accomplishments, blockers=done.blockers, done=done.done,
                               credits=done.credits, status=done.status, generate=True,
                               use_llm=self.settings.llm.configured, settings=self.settings,
                               on_status=lambda text: self.post_message(HandoffStatus(s.id, text)),
                               resolved=[r for r in done.resolved if r not in s.resolved])
            self.post_message(SessionCompleted(record))
            handoff = in_worker(handoffs.get_handoff, s.project_name, s.number)
        except Exception as exc:  # one line for the user; the session stays open, nothing half-stored
            self.post_message(HandoffReady(s.id, None, f"{type(exc).__name__}: {exc}"))
            return
        self.post_message(HandoffReady(s.id, handoff))

    def on_session_completed(self: Any, message: SessionCompleted) -> None:
        """Say so and refresh what is on screen."""
        s = message.session
        self.notify(f"Session {s.number} of {s.project_name} completed with its handoff.")
        self.post_message(DataChanged())

    def on_handoff_status(self: Any, message: HandoffStatus) -> None:
        """Progress of the generator, briefly."""
        self.notify(f"Handoff: {message.text}", timeout=2)

    def on_handoff_ready(self: Any, message: HandoffReady) -> None:
        """Report the result and refresh."""
        if message.error:
            self.notify(f"Handoff generation failed: {message.error}", severity="error", timeout=10)
        elif message.handoff is not None:
            self.notify(f"Handoff ready ({message.handoff.kind}, {message.handoff.tokens_out} tokens): press h.")
        self.post_message(DataChanged())

    def on_data_changed(self: Any, message: DataChanged) -> None:
        """Reload every mso screen in the stack so nothing shows stale numbers."""
        from mso_tui.tui.screens.base import MsoScreen

        self.refresh_spend()
        for screen in self.screen_stack:
            if isinstance(screen, MsoScreen):
                screen.reload()
