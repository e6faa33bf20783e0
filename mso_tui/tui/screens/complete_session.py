"""The complete-session form: tick objectives, accomplishments, blockers, credits, end status."""
from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Input, Label, Select, Static, TextArea

from mso_tui.records import Objective, SessionRecord
from mso_tui.tui.dialogs.forms import FormScreen
from mso_tui.tui.widgets.checklist import Checklist


@dataclass(frozen=True)
class Completion:
    """What the user entered; the app stores it and generates the handoff in a worker."""

    session: SessionRecord
    done: tuple[int, ...]  # 1-based, as complete_session takes them
    accomplishments: tuple[str, ...]
    blockers: tuple[str, ...]
    credits: float | None
    status: str
    resolved: tuple[str, ...] = ()  # carried blockers / next steps this session closed


def parse_credits(text: str) -> float | None:
    """Credits as a number of 0 or more (empty means none); ValueError with a user message otherwise."""
    text = text.strip()
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        raise ValueError(f"Credits must be a number (got {text!r}).") from None
    if value < 0 or value != value:
        raise ValueError("Credits must be 0 or more.")
    return value


class CompleteSessionForm(FormScreen[Completion | None]):
    """Record how a session ended; validation is inline and nothing is stored until it passes."""

    def __init__(self, session: SessionRecord, carried: tuple[str, ...] = ()) -> None:
        super().__init__()
        self.session = session
        self.carried = carried  # blockers and next steps carried in by the loaded handoff

    def compose(self) -> ComposeResult:
        """Checklist, two text areas, credits and status."""
        s = self.session
        with VerticalScroll(classes="dialog"):
            yield Static(f"[b]Complete {s.project_name} #{s.number}[/b] {s.title}", classes="title")
            yield Label("Objectives done (space ticks)", classes="field-label")
            if s.objectives:
                yield Checklist(s.objectives, id="objectives")
            else:
                yield Static("  (this session has no objectives)", classes="muted")
            if self.carried:
                yield Label("Carried blockers and steps resolved (space closes one)", classes="field-label")
                yield Checklist(tuple(Objective(t, t in s.resolved) for t in self.carried), id="carried")
            yield from self.field("Accomplishments, one per line", TextArea(id="accomplishments", compact=True),
                                  "accomplishments")
            yield from self.field("Blockers, one per line", TextArea(id="blockers", compact=True), "blockers")
            with Horizontal(classes="choices"):
                with Vertical():
                    yield Label("Credits used", classes="field-label")
                    yield Input(id="credits", placeholder="e.g. 12.5", compact=True)
                with Vertical():
                    yield Label("Status", classes="field-label")
                    yield Select([(v, v) for v in ("completed", "failed", "paused")], value="completed",
                                 allow_blank=False, id="status", compact=True)
            yield Static("", id="error-credits", classes="field-error")
            yield self.hint()

    def on_mount(self) -> None:
        """Start on the checklist (or the first text area when there are no objectives)."""
        first = self.query(Checklist)
        (first.first() if first else self.query_one("#accomplishments", TextArea)).focus()

    def action_save(self) -> None:
        """Validate, then hand the completion to the app (which stores it off the UI thread)."""
        self.clear_errors()
        try:
            credits = parse_credits(self.query_one("#credits", Input).value)
        except ValueError as exc:
            self.show_error("credits", str(exc))
            self.query_one("#credits", Input).focus()
            return
        def lines(wid: str) -> tuple[str, ...]:
            return tuple(line.strip() for line in self.query_one(wid, TextArea).text.splitlines() if line.strip())

        checklist = self.query("#objectives")
        done = tuple(i + 1 for i in checklist.first(Checklist).done) if checklist else ()
        carried = self.query("#carried")
        resolved = tuple(self.carried[i] for i in carried.first(Checklist).done) if carried else ()
        self.dismiss(Completion(self.session, done, lines("#accomplishments"), lines("#blockers"), credits,
                                str(self.query_one("#status", Select).value), resolved))
