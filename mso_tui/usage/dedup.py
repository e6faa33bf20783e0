"""Which of several records of one Claude response counts: ccusage 20's rules, written for mso.

Claude Code writes a response once per content block, and while it streams the early copies carry
partial output counts; a subagent's responses also appear as `progress` records in the parent's
file and again in the subagent's own file. So for records of the same response:
- with a request id, (message id, request id) names the response, in any file or session;
- without one, the same message id in the same session does, when the id is Anthropic's
  ("msg_...") or the timestamps are equal;
- a sidechain copy of a message of the same session (a replay with a new request id) is the same
  response as the parent's record.
The survivor is the non-sidechain record if exactly one is, else the one with more tokens (the
final count), else the first seen. Records without a message id are always counted.
"""
from __future__ import annotations

# One record: (message id, request id, session, sidechain, timestamp text, token total, *payload).
# The payload is what the caller sums; this module never looks inside it. Records stay plain tuples
# (the scan's caches are marshal files, which hold no NamedTuple) and are read by unpacking.
Record = tuple  # tuple[str | None, str | None, str, bool, str, int, *payload]


class Dedup:
    """Feed records in reading order; `survivors` are the ones that count."""

    __slots__ = ("survivors", "_exact", "_loose", "_replay")

    def __init__(self) -> None:
        self.survivors: list[Record | None] = []
        self._exact: dict[tuple[str, str], int] = {}
        self._loose: dict[tuple[str, str], list[int]] = {}
        self._replay: dict[tuple[str, str], list[int]] = {}

    def add(self, record: Record) -> None:
        """Count a record, or let it replace (or lose to) an earlier record of the same response."""
        mid, rid, session, side, stamp = record[:5]
        if mid is None:
            self.survivors.append(record)
            return
        index = self._exact.get((mid, rid)) if rid is not None else self._find_loose(mid, session, stamp)
        if index is None:
            index = self._find_replay(mid, session, side)
            if index is not None and rid is not None:
                # later copies of this record name the same call even after the parent's record replaced it
                self._exact.setdefault((mid, rid), index)
        if index is not None:
            if _better(record, self.survivors[index]):  # type: ignore[arg-type]
                self.survivors[index] = record
            return
        index = len(self.survivors)
        self.survivors.append(record)
        if rid is not None:
            self._exact[(mid, rid)] = index
        else:
            self._loose.setdefault((mid, session), []).append(index)
        self._replay.setdefault((mid, session), []).append(index)

    def _find_loose(self, mid: str, session: str, stamp: str) -> int | None:
        """A requestless record of the same message in the same session."""
        for index in self._loose.get((mid, session), ()):
            _, _, _, _, kept_stamp, *_ = self.survivors[index]  # type: ignore[misc]
            if mid.startswith("msg_") or kept_stamp == stamp:
                return index
        return None

    def _find_replay(self, mid: str, session: str, side: bool) -> int | None:
        """The parent's record of a message a sidechain replays (or the replay, for the parent's)."""
        for index in self._replay.get((mid, session), ()):
            _, _, _, kept_side, *_ = self.survivors[index]  # type: ignore[misc]
            if side or kept_side:
                return index
        return None

    def counted(self) -> list[Record]:
        """The surviving records, in first-seen order."""
        return [r for r in self.survivors if r is not None]


def replaces(side: bool, total: int, old_side: bool, old_total: int) -> bool:
    """Whether a record of a call counts instead of the one kept: the parent's over a sidechain's, else the larger.

    The one rule for the scan (Dedup), the importer (ParsedUsage.better_than) and the store (ingest).
    """
    if side != old_side:
        return old_side
    return total > old_total


def _better(candidate: Record, existing: Record) -> bool:
    """Whether candidate replaces existing (see replaces)."""
    _, _, _, side, _, total, *_ = candidate
    _, _, _, old_side, _, old_total, *_ = existing
    return replaces(side, total, bool(old_side), old_total)
