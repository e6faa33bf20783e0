"""The handoff viewer's account of a version: the Left out panel, pins, and which version is delivered."""
from __future__ import annotations

from typing import Any

from textual import work
from textual.message import Message
from textual.widgets import ContentSwitcher, OptionList

from mso_tui.records import HandoffRecord, PinRecord
from mso_tui.tui.screens.helpers import error_text, in_db_thread
from mso_tui.tui.widgets.left_out import LeftOutList


class PinsLoaded(Message, namespace="handoff_screen"):
    """The project's open pins were read."""

    def __init__(self, pins: list[PinRecord]) -> None:
        super().__init__()
        self.pins = pins


class TurnRead(Message, namespace="handoff_screen"):
    """The turn a left-out item came from was read."""

    def __init__(self, turn: Any) -> None:
        super().__init__()
        self.turn = turn


class HandoffAccountMixin:
    """Left out (w), pin (p in the panel), use this version (u) for HandoffScreen."""

    def action_left_out(self) -> None:
        """Show or hide what the shown version left out."""
        switcher = self.query_one(ContentSwitcher)  # type: ignore[attr-defined]
        if self.generating:  # type: ignore[attr-defined]
            return
        if switcher.current == "handoff-leftout":
            self._show_current()  # type: ignore[attr-defined]
            return
        self.diff_mode = False  # type: ignore[attr-defined]
        switcher.current = "handoff-leftout"
        self.load_pins()
        self.query_one(LeftOutList).focus()  # type: ignore[attr-defined]

    @work(thread=True, exclusive=True, exit_on_error=False, group="handoff-pins")
    def load_pins(self) -> None:
        """Read the project's open pins."""
        from mso_tui.services import pins

        try:
            self.post_message(PinsLoaded(in_db_thread(pins.list_pins, self.project_name)))  # type: ignore
        except Exception as exc:
            self.post_message(self.Failed(error_text(exc)))  # type: ignore[attr-defined]

    def on_handoff_screen_pins_loaded(self, message: PinsLoaded) -> None:
        """Fill the panel for the shown version."""
        from mso_tui.handoff.coverage import group_left_out

        record: HandoffRecord | None = self.current  # type: ignore[attr-defined]
        self.query_one(LeftOutList).show(group_left_out(record.left_out) if record else {},  # type: ignore
                                         message.pins, measured=record is not None and record.measured)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Open the turn a left-out item came from (a mixin's handlers go by name: @on needs the screen class)."""
        if event.option_list.id != "handoff-leftout":
            return
        item = self.query_one(LeftOutList).entry(event.option.id)  # type: ignore[attr-defined]
        record = self.current  # type: ignore[attr-defined]
        if isinstance(item, dict) and record is not None and record.session_id:
            self.read_turn(record.session_id, int(item.get("seq") or 0))

    @work(thread=True, exit_on_error=False, group="handoff-turn")
    def read_turn(self, session_id: int, seq: int) -> None:
        """Read one turn for the turn viewer."""
        from mso_tui.services.pins import turn_at

        try:
            self.post_message(TurnRead(in_db_thread(turn_at, session_id, seq)))  # type: ignore[attr-defined]
        except Exception as exc:
            self.post_message(self.Failed(error_text(exc)))  # type: ignore[attr-defined]

    def on_handoff_screen_turn_read(self, message: TurnRead) -> None:
        """Show the turn (masked until the user reveals it)."""
        from mso_tui.tui.screens.turn import TurnScreen

        self.app.push_screen(TurnScreen(message.turn))  # type: ignore[attr-defined]

    def on_left_out_list_pin(self, message: LeftOutList.Pin) -> None:
        """Pin an item into this and every later handoff, or unpin a pin."""
        record = self.current  # type: ignore[attr-defined]
        self.change_pin(message.item, message.pin, record.id if record else None)

    @work(thread=True, exit_on_error=False, group="handoff-pin")
    def change_pin(self, item: dict[str, Any] | None, pin: PinRecord | None, handoff_id: int | None) -> None:
        """Store the pin change, then reload the versions (the shown one now carries, or drops, it)."""
        from mso_tui.services import pins

        try:
            if item is not None:
                in_db_thread(pins.pin, self.project_name, str(item["text"]), str(item.get("cls", "")),  # type: ignore
                             int(item.get("seq") or 0), handoff_id=handoff_id)
                note = "Pinned: this handoff and every later one carry it."
            else:
                assert pin is not None
                in_db_thread(pins.unpin, self.project_name, str(pin.id), handoff_id=handoff_id)  # type: ignore
                note = "Unpinned: later handoffs no longer carry it."
        except Exception as exc:
            self.post_message(self.Failed(error_text(exc)))  # type: ignore[attr-defined]
            return
        self.app.call_from_thread(self.notify, note, title="Handoff")  # type: ignore[attr-defined]
        self.keep_left_out = True  # type: ignore[attr-defined]
        self.load(handoff_id)  # type: ignore[attr-defined]

    def action_use_version(self) -> None:
        """Deliver the shown version to the next sessions, after a confirmation naming its session."""
        from mso_tui.tui.dialogs.dialog_form import ConfirmDialog

        record = self.current  # type: ignore[attr-defined]
        if record is None or self.generating:  # type: ignore[attr-defined]
            return
        if record.delivered:
            self.notify("This version is already the one delivered to the next session.")  # type: ignore
            return
        version = self.index + 1  # type: ignore[attr-defined]
        question = f"Deliver version {version} to every next session?"
        written = f"{record.created_at:%Y-%m-%d %H:%M}"
        detail = (f"It was written after session {record.session_number or '-'} on {written}.\n"
                  "Session start, the agent hook and exports will hand\nit over instead of the latest completed "
                  f"session's,\nuntil you choose another (mso handoff use {self.project_name}\nlatest).")  # type: ignore
        self.app.push_screen(ConfirmDialog(question, detail),  # type: ignore[attr-defined]
                             lambda yes: self.use_version(version, record.id) if yes else None)

    @work(thread=True, exit_on_error=False, group="handoff-use")
    def use_version(self, version: int, handoff_id: int) -> None:
        """Store the choice and show it."""
        from mso_tui.services import delivery

        try:
            in_db_thread(delivery.use_version, self.project_name, version)  # type: ignore[attr-defined]
        except Exception as exc:
            self.post_message(self.Failed(error_text(exc)))  # type: ignore[attr-defined]
            return
        self.load(handoff_id)  # type: ignore[attr-defined]
