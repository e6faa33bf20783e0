"""The independent inventory of a session: what happened in it, item by item, each with its turn.

A simple, generous extractor over the imported turns: every file edited or created (and the identifiers
each edit introduced or changed), every command with its last result, every error line and whether a
later run cleared it, every user request, every decision or reason sentence, every package, version,
port, env variable and URL named; and how the session ended (inventory_outcomes): what the assistant said
was done, the marks of each command's last run, the steps still planned. Every item then gets its key
words and its weight, the number of turns that mention it (inventory_salience). It shares no code with
the generator's selection (handoff/extract/), so a handoff's coverage of it can fall below 100 %.
"""
from __future__ import annotations

from typing import Any, Iterable, Sequence

from mso_tui.handoff import inventory_outcomes as oc
from mso_tui.handoff import inventory_text as tx
from mso_tui.handoff.inventory_salience import annotate
from mso_tui.handoff.inventory_tools import command_of, edit_parts, failed, family, results
from mso_tui.records import TurnRecord

CLASSES = ("files", "identifiers", "commands", "errors", "requests", "decisions", "names", "outcomes", "results",
           "plans")


class Inventory:
    """Items in first-seen order, at most one per class and key; later sightings update the detail."""

    def __init__(self) -> None:
        self.items: list[dict[str, Any]] = []
        self._index: dict[tuple[str, str], dict[str, Any]] = {}

    def add(self, cls: str, text: str, seq: int, probe: str | None = None, detail: str = "") -> dict[str, Any]:
        """Add an item (or return the one already there, with the newer detail)."""
        text = " ".join(str(text).split())[:300]
        key = (cls, tx.norm(probe or text))
        found = self._index.get(key)
        if found is not None:
            if detail:
                found["detail"] = detail
            return found
        item = {"cls": cls, "text": text, "probe": probe or text, "seq": seq, "detail": detail}
        self.items.append(item)
        self._index[key] = item
        return item


def build_inventory(turns: Sequence[TurnRecord], changed_paths: Iterable[str] = ()) -> list[dict[str, Any]]:
    """Every item of the session, each with the seq of the turn it came from."""
    inv = Inventory()
    paired = results(turns)
    last_run: dict[str, dict[str, Any]] = {}
    closing = {id(t) for t in oc.closing_messages(turns)}
    last_marks: dict[str, tuple[int, list[str]]] = {}  # command -> how its last run ended
    todos: tuple[int, list[str]] = (0, [])  # the last checklist's open items
    for i, turn in enumerate(turns):
        if turn.kind == "tool_call":
            _tool_items(inv, turn, paired.get(i), last_run)
            result = paired.get(i)
            if family(turn.tool_name or "") == "shell" and result is not None:
                last_marks[command_of(turn)] = (result.seq, oc.result_marks(result.text))
            if "todo" in (turn.tool_name or "").lower() or "plan" in (turn.tool_name or "").lower():
                todos = (turn.seq, oc.open_todos(turn))
        elif turn.role == "user" and turn.kind == "message":
            _user_items(inv, turn)
        elif turn.role == "assistant" and turn.kind == "message":
            _assistant_items(inv, turn, id(turn) in closing)
        elif turn.kind in ("meta", "summary") or turn.role == "system":
            _meta_items(inv, turn)
    for command, (seq, marks) in last_marks.items():
        for mark in marks:
            inv.add("results", mark, seq, detail=command[:120])
    for step in todos[1]:
        inv.add("plans", step, todos[0], detail="open in the checklist")
    for path in changed_paths:
        inv.add("files", path, 0, detail="changed (git)")
    return annotate(inv.items, (t.text or "" for t in turns))


def _tool_items(inv: Inventory, call: TurnRecord, result: TurnRecord | None,
                last_run: dict[str, dict[str, Any]]) -> None:
    """Files and identifiers of an edit; a command and its last result; the error a failed call left."""
    kind = family(call.tool_name or "")
    raw = call.text or ""
    if kind == "edit" or "*** Begin Patch" in raw:
        if failed(result):
            return
        for path, old, new in edit_parts(call):
            if path:
                inv.add("files", path, call.seq, detail="created" if new and not old else "edited")
            for name in tx.introduced(old, new):
                inv.add("identifiers", name, call.seq, detail=path)
        return
    if kind == "shell":
        command = command_of(call)
        if command:
            status = "no result" if result is None else "failed" if failed(result) else "ok"
            item = inv.add("commands", command[:200], call.seq, probe=command[:60], detail=status)
            item["result"] = tx.result_line(tx.tool_text(result.text)) if result is not None else ""
            item["seq"] = call.seq  # the last run is the one that counts
            for kind, name in tx.named_things(command):
                inv.add("names", name, call.seq, detail=kind)
            if status == "ok":
                for err in last_run.pop(command, {}).get("errors", []):
                    err["detail"] = f"cleared at turn {call.seq}"
    if result is not None:
        for sha in tx.commits(result.text):
            inv.add("names", sha, result.seq, detail="commit")
        for line in tx.strong_error_lines(tx.tool_text(result.text), limit=3):
            inv.add("errors", line, result.seq, probe=line[:60], detail="in output")
    if failed(result):
        assert result is not None
        line = tx.error_line(tx.tool_text(result.text))
        if line:
            err = inv.add("errors", line, result.seq, probe=line[:60], detail="open")
            err["detail"] = "open"
            key = command_of(call) if kind == "shell" else ""
            last_run.setdefault(key, {"errors": []})["errors"].append(err)


def _user_items(inv: Inventory, turn: TurnRecord) -> None:
    """The request a user message makes, error lines it pastes, things it names."""
    text = (turn.text or "").strip()
    if len(text) < 12 or text.startswith(("<", "Caveat:", "[Request interrupted")):
        return
    # a long message is a request plus context: its first few sentences that read as words
    asks = [s for s in tx.sentences(text) if len(s) >= 12 and tx.prose(s)][:3]
    for sentence in asks:
        inv.add("requests", sentence[:200], turn.seq)
    for line in tx.strong_error_lines(text):
        inv.add("errors", line, turn.seq, probe=line[:60], detail="reported")
    for kind, name in tx.named_things(text):
        inv.add("names", name, turn.seq, detail=kind)


def _assistant_items(inv: Inventory, turn: TurnRecord, closing: bool = False) -> None:
    """Edits written into the message, decision, outcome and plan sentences, errors quoted, things named."""
    for path, old, new in tx.message_edits(turn.text or ""):
        inv.add("files", path, turn.seq, detail="created" if not old.strip() else "edited")
        for name in tx.introduced(old, new):
            inv.add("identifiers", name, turn.seq, detail=path)
    for block in tx.code_blocks(turn.text or ""):
        for name in tx.introduced("", block):
            inv.add("identifiers", name, turn.seq, detail="code block")
    for line in tx.strong_error_lines(turn.text or "", limit=3):
        inv.add("errors", line, turn.seq, probe=line[:60], detail="quoted")
    for sha in tx.commits(turn.text or ""):
        inv.add("names", sha, turn.seq, detail="commit")
    for sentence in tx.sentences(turn.text or ""):
        if 25 <= len(sentence) <= 300 and tx.DECISION.search(sentence):
            inv.add("decisions", sentence, turn.seq)
    for line in oc.outcome_lines(turn.text or "", closing):
        inv.add("outcomes", line, turn.seq, detail="closing message" if closing else "stated")
    for line in oc.plan_lines(turn.text or ""):
        inv.add("plans", line, turn.seq)
    for kind, name in tx.named_things(turn.text or ""):
        inv.add("names", name, turn.seq, detail=kind)


def _meta_items(inv: Inventory, turn: TurnRecord) -> None:
    """What a session's set-up or a system note names (models, modes, commits, URLs)."""
    for sha in tx.commits(turn.text or ""):
        inv.add("names", sha, turn.seq, detail="commit")
    for kind, name in tx.named_things(turn.text or ""):
        if kind != "code":
            inv.add("names", name, turn.seq, detail=kind)
