"""Which Codex token_count events are calls and what each counts: one rule for the usage scan and the importer.

Fed only session_meta, turn_context and token_count lines (the scan decodes no others), in file order:
- a forked or spawned rollout opens with its parent's history copied in, every copied line
  re-stamped at the fork instant in one burst; events of that burst are the parent's, not ours.
  The burst ends at the first line stamped more than REPLAY_GAP after the one before, for good;
- an event with per-call figures (last_token_usage) counts those; one with only the cumulative
  total counts the rise since the previous total (ccusage's rule), each figure at least 0;
- an event repeating the previous cumulative total is a repeat, not a call;
- the model named on the event wins over the turn's, and becomes the current one.
A call's key is the rollout's own id and its cumulative total (or line), stable across re-reads
and the same in an archived copy of the rollout.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from mso_tui.timestamps import parse_ts

REPLAY_GAP = dt.timedelta(seconds=1)
_FIELDS = ("input_tokens", "cached_input_tokens", "output_tokens")
# One call: (key, model, input not cached, cached input, output)
Call = tuple[str, str, int, int, int]
MAX_COUNT = 10 ** 10  # as the importers' bound: no call has more, and sums stay inside 64 bits


class CountOutOfRange(ValueError):
    """A token figure no real event has: the line is reported and not counted, never summed past 64 bits."""


def _count(value: Any) -> int:
    """A counter as a whole number >= 0 (anything else counts 0); an impossible one raises CountOutOfRange."""
    if type(value) is int or (type(value) is float and value == value):
        if value > MAX_COUNT:
            raise CountOutOfRange(f"token count out of range: {str(value)[:30]}")
        return max(int(value), 0)
    return 0


def _figures(usage: Any) -> list[int] | None:
    """[input, cached, output] of a usage object, or None when it is not one."""
    if type(usage) is not dict:
        return None
    cached = usage.get("cached_input_tokens", usage.get("cache_read_input_tokens"))
    return [_count(usage.get("input_tokens")), _count(cached), _count(usage.get("output_tokens"))]


def _named(obj: Any, *names: str) -> str:
    """The first non-empty string among obj's fields (and its metadata's model)."""
    if type(obj) is not dict:
        return ""
    for name in names:
        value = obj.get(name)
        if type(value) is str and value.strip():
            return value.strip()
    meta = obj.get("metadata")
    value = meta.get("model") if type(meta) is dict else None
    return value.strip() if type(value) is str else ""


def is_spawned(payload: dict[str, Any]) -> str:
    """The parent thread id of a spawned subagent's session_meta, else ""."""
    source = payload.get("source")
    sub = source.get("subagent") if type(source) is dict else None
    spawn = sub.get("thread_spawn") if type(sub) is dict else None
    parent = spawn.get("parent_thread_id") if type(spawn) is dict else payload.get("parent_thread_id")
    if type(parent) is str and parent:
        return parent
    return "?" if type(sub) is dict else ""


class CodexCalls:
    """The fold over one rollout; `state()` and a new instance from it resume an incremental read."""

    __slots__ = ("own", "parent", "model", "previous", "replay", "last")

    def __init__(self, state: dict[str, Any] | None = None) -> None:
        state = state or {}
        self.own: str = state.get("own", "")
        self.parent: str = state.get("parent", "")
        self.model: str = state.get("model", "")
        self.previous: list[int] | None = state.get("previous")
        self.replay: bool = bool(state.get("replay"))
        self.last: str | None = state.get("last")

    def state(self) -> dict[str, Any]:
        """What the next incremental read needs (JSON-able)."""
        return {"own": self.own, "parent": self.parent, "model": self.model, "previous": self.previous,
                "replay": self.replay, "last": self.last}

    @property
    def session(self) -> str:
        """The session the calls belong to: a spawned subagent's parent, else the rollout's own id."""
        return self.parent if self.parent and self.parent != "?" else self.own

    def meta(self, payload: dict[str, Any], ts: Any) -> None:
        """A session_meta line: the first names the rollout and says whether it opens with a copied burst."""
        if self.own:
            self._replayed(ts)  # a copied ancestor's meta: part of the burst
            return
        sid = payload.get("id") or payload.get("session_id")
        self.own = sid if type(sid) is str else ""
        self.parent = is_spawned(payload)
        if payload.get("forked_from_id") or self.parent:
            self.replay, self.last = True, ts if type(ts) is str else None

    def context(self, payload: dict[str, Any], ts: Any) -> None:
        """A turn_context line: the model of the turns that follow."""
        self._replayed(ts)
        self.model = _named(payload, "model") or self.model

    def tokens(self, payload: dict[str, Any], ts: Any, line_no: int) -> Call | None:
        """A token_count event's call, or None (copied, a repeat, nothing billed)."""
        copied = self._replayed(ts)
        info = payload.get("info")
        if type(info) is not dict:
            return None
        total = _figures(info.get("total_token_usage"))
        previous = self.previous
        if total is not None:
            if total == previous:
                return None  # Codex repeats the last count when nothing new was billed
            self.previous = total
        model = _named(info, "model", "model_name") or _named(payload, "model")
        if model:
            self.model = model
        if copied:
            return None
        last = _figures(info.get("last_token_usage"))
        if last is None:
            if total is None:
                return None
            last = [max(t - p, 0) for t, p in zip(total, previous or (0, 0, 0))]
        inp, cached, out = last
        if not (inp or cached or out):
            return None
        cached = min(cached, inp)
        key = f"codex:{self.own}:{sum(total)}" if total is not None else f"codex:{self.own}:L{line_no}"
        return key, self.model, inp - cached, cached, out

    def _replayed(self, ts: Any) -> bool:
        """Whether a line still belongs to the copied burst at the start of a fork."""
        if not self.replay:
            return False
        now, before = parse_ts(ts), parse_ts(self.last)
        if now is not None and before is not None and now - before > REPLAY_GAP:
            self.replay = False
            return False
        if now is not None:
            self.last = ts
        return True
