"""The handoff viewer's Left out panel: inventory items the handoff does not carry, grouped by class, and pins."""
from __future__ import annotations

from typing import Any, Sequence

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from mso_tui.fmt import safe_line
from mso_tui.records import PinRecord


class LeftOutList(OptionList):
    """One option per left-out item (enter opens its turn, p pins it) and per pin (p unpins it)."""

    BINDINGS = [Binding("p", "pin", "Pin / unpin", id="leftout.pin")]

    class Pin(Message):
        """Pin (item) or unpin (pin) the highlighted entry."""

        def __init__(self, item: dict[str, Any] | None, pin: PinRecord | None) -> None:
            super().__init__()
            self.item, self.pin = item, pin

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.entries: dict[str, dict[str, Any] | PinRecord] = {}

    def show(self, groups: dict[str, list[dict[str, Any]]], pins: Sequence[PinRecord], measured: bool = True) -> None:
        """Replace the list: a heading per class, its items with their turn, then the open pins."""
        self.clear_options()
        self.entries = {}
        options: list[Option] = []
        if not measured:
            options.append(Option(Text("Not measured: this version was written before the session inventory; "
                                       "g makes a new version that is.", style="italic"), disabled=True))
        elif not groups:
            options.append(Option(Text("Nothing left out: the handoff names every inventory item.",
                                       style="italic"), disabled=True))
        for cls, items in groups.items():
            options.append(Option(Text(f"{cls} · {len(items)} left out", style="bold"), disabled=True))
            for n, item in enumerate(items):
                key = f"{cls}:{n}"
                self.entries[key] = item
                detail = f"  [{safe_line(str(item['detail']))}]" if item.get("detail") else ""
                label = f"  turn {item.get('seq', 0):>5}  {safe_line(str(item.get('text', '')))[:140]}{detail}"
                options.append(Option(Text(label), id=key))  # Text: transcript brackets are not markup
        if pins:
            options.append(Option(Text(f"pinned · {len(pins)} carried into every handoff", style="bold"),
                                  disabled=True))
            for p in pins:
                self.entries[f"pin:{p.id}"] = p
                options.append(Option(Text(f"  #{p.id}  {safe_line(p.text)[:140]}"), id=f"pin:{p.id}"))
        self.add_options(options)
        first = next((i for i, o in enumerate(options) if not o.disabled), None)
        self.highlighted = first

    def entry(self, option_id: str | None) -> dict[str, Any] | PinRecord | None:
        """The item or pin behind an option id."""
        return self.entries.get(option_id or "")

    def action_pin(self) -> None:
        """Ask the screen to pin the highlighted item (or unpin the highlighted pin)."""
        if self.highlighted is None:
            return
        found = self.entry(self.get_option_at_index(self.highlighted).id)
        if isinstance(found, PinRecord):
            self.post_message(self.Pin(None, found))
        elif found is not None:
            self.post_message(self.Pin(found, None))
