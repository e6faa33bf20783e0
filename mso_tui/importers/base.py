"""The normalized shapes every importer yields, and the contract an importer module follows.

An importer module (claude_code.py, codex.py, ...) defines:

    FORMAT: str                      # "claude-code", "codex", "aider", "gemini", "specstory", "cursor", "text"
    AGENT: str                       # the Session.agent value it implies
    def sniff(path: Path, head: bytes) -> bool        # does this file look like this format?
    def parse(path: Path, offset: int = 0, state: dict | None = None) -> FileParse
    def parse_headers(path, offset, state) -> FileParse   # optional: for a plan, each conversation's ids,
                                     # folder and time window exactly, and at least one of its turns and calls

parse() never raises on bad content: a malformed line, truncated file, unknown record type or binary
garbage is counted in skipped_lines and, when it is an error rather than a known-but-ignored record,
listed in errors with its 1-based line number. JSON-lines importers read from the byte offset and
stop after the last complete line (end_offset points just past it), so an appended file reads only
its new bytes; `state` carries whatever the importer needs between incremental reads (JSON-able).
Timestamps are naive UTC datetimes.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from mso_tui.usage.dedup import replaces

# No real call bills ten billion tokens of one kind; a bound this far below 2**63 also keeps every
# sum of such counts (a session's, a day's, the whole store's) inside 64 bits.
MAX_TOKENS = 10 ** 10


class BadRecord(ValueError):
    """A record that cannot be kept (a count out of range): its line is skipped with this reason."""


def reason_for(exc: Exception) -> str:
    """Why a record was skipped: a BadRecord's own words, else the kind of error."""
    return str(exc) if isinstance(exc, BadRecord) else f"unreadable record: {type(exc).__name__}"


def check_count(value: int) -> int:
    """value if it is a plausible token count, else BadRecord naming it."""
    if not 0 <= value <= MAX_TOKENS:
        raise BadRecord(f"token count out of range: {str(value)[:30]}")
    return value


@dataclass
class ParsedTurn:
    """One message, tool call or tool result of a conversation (not frozen: a frozen one costs twice to make)."""

    role: str  # user / assistant / tool / system
    text: str
    kind: str = "message"  # message / tool_call / tool_result / summary / thinking / meta / teammate
    tool_name: str | None = None
    tool_input: str | None = None  # a short summary: the command, the file path, the pattern
    is_error: bool = False
    exit_code: int | None = None
    is_sidechain: bool = False
    model: str | None = None
    timestamp: dt.datetime | None = None
    source_id: str | None = None  # stable per turn within the agent session, for de-duplication
    input_tokens: int = 0
    output_tokens: int = 0


@dataclass
class ParsedUsage:
    """One billed model call (not frozen: 100,000 of them cost a tenth of a second less to make)."""

    message_id: str
    request_id: str
    model: str
    input_tokens: int = 0  # not cached input
    output_tokens: int = 0  # reasoning included
    cache_creation_tokens: int = 0  # 5-minute and 1-hour writes together
    cache_read_tokens: int = 0
    cache_creation_1h_tokens: int = 0  # the 1-hour part of cache_creation_tokens, priced higher
    timestamp: dt.datetime | None = None
    cost_usd: float | None = None  # a cost the transcript itself states, if any
    is_sidechain: bool = False  # a subagent's record: the parent's record of the same call is preferred

    def __post_init__(self) -> None:
        """Refuse counts no call has (one past 64 bits once ended the whole import)."""
        for value in (self.input_tokens, self.output_tokens, self.cache_creation_tokens, self.cache_read_tokens,
                      self.cache_creation_1h_tokens):
            check_count(value)

    @property
    def total(self) -> int:
        """All tokens of the call: what decides which of two records of one call counts."""
        return self.input_tokens + self.output_tokens + self.cache_creation_tokens + self.cache_read_tokens

    def better_than(self, other: ParsedUsage) -> bool:
        """Whether this record of a call should count instead of `other` (ccusage 20's rule).

        The parent's record beats a sidechain's; else the larger count does, since a response
        streamed over several lines carries its final count on the last one.
        """
        return replaces(self.is_sidechain, self.total, other.is_sidechain, other.total)


@dataclass
class ParsedSession:
    """What one agent session contributed in the part of the file read."""

    agent_session_id: str | None
    agent: str
    cwd: str | None = None
    title: str = ""
    started_at: dt.datetime | None = None
    ended_at: dt.datetime | None = None
    turns: list[ParsedTurn] = field(default_factory=list)
    usage: list[ParsedUsage] = field(default_factory=list)
    git_branch: str | None = None
    id_from_file: bool = True  # False when the importer made the id up (a hash): it names no agent session


@dataclass(frozen=True)
class ParseError:
    """A line that could not be read, and why."""

    line: int
    reason: str


@dataclass
class FileFacts:
    """What reading a file (or the new part of it) found besides its conversations: what import records of it."""

    format: str
    errors: list[ParseError] = field(default_factory=list)
    skipped_lines: int = 0
    end_offset: int = 0
    state: dict[str, Any] = field(default_factory=dict)


@dataclass
class FileParse(FileFacts):
    """The result of reading one file (or the new part of it): its facts and its conversations."""

    sessions: list[ParsedSession] = field(default_factory=list)
    lines_read: int = 0
