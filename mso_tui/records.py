"""Frozen dataclasses handed to the UI and the CLI; no Peewee row leaves the data layer."""
from __future__ import annotations

import datetime as dt
import math
from dataclasses import asdict, dataclass, field
from typing import Any


def to_jsonable(record: Any) -> Any:
    """A record (or list of them) as plain JSON-ready data; datetimes become ISO strings."""
    if isinstance(record, list | tuple):
        return [to_jsonable(r) for r in record]
    data = asdict(record) if hasattr(record, "__dataclass_fields__") else record
    if isinstance(data, dict):
        return {k: to_jsonable(v) for k, v in data.items()}
    if isinstance(data, dt.datetime | dt.date):
        return data.isoformat()
    if isinstance(data, float) and not math.isfinite(data):  # strict JSON has no Infinity: say it in words
        return "NaN" if data != data else ("Infinity" if data > 0 else "-Infinity")
    return data


@dataclass(frozen=True)
class Objective:
    """One checklist item of a session."""

    text: str
    done: bool = False


@dataclass(frozen=True)
class TokenCounts:
    """The four token kinds and their cost."""

    input_tokens: int = 0
    output_tokens: int = 0
    cache_creation_tokens: int = 0
    cache_read_tokens: int = 0
    cost_usd: float = 0.0  # the priced part only
    unpriced_tokens: int = 0  # tokens of models without a price: cost_usd leaves them out

    @property
    def total(self) -> int:
        """All tokens together."""
        return self.input_tokens + self.output_tokens + self.cache_creation_tokens + self.cache_read_tokens


@dataclass(frozen=True)
class ProjectRecord:
    """A project with its rolled-up statistics."""

    id: int
    name: str
    description: str
    status: str
    repo_path: str | None
    created_at: dt.datetime
    updated_at: dt.datetime
    session_count: int = 0
    last_session_at: dt.datetime | None = None
    open_blockers: int = 0
    tokens: TokenCounts = field(default_factory=TokenCounts)
    credits_used: float = 0.0
    inventory_kept: float | None = None  # mean weighted inventory coverage of its handoffs
    efficiency: tuple[float | None, ...] = ()  # per session number (the newest 400), None: no objectives


@dataclass(frozen=True)
class SessionRecord:
    """A session and its outcome."""

    id: int
    project_id: int
    project_name: str
    number: int
    type: str
    agent: str
    account: str | None
    title: str
    started_at: dt.datetime
    completed_at: dt.datetime | None
    duration_seconds: float | None
    status: str
    objectives: tuple[Objective, ...]
    accomplishments: tuple[str, ...]
    blockers: tuple[str, ...]
    notes: str
    credits_used: float
    credit_budget: float | None
    tokens: TokenCounts
    git_start: str | None
    git_end: str | None
    agent_session_id: str | None
    cwd: str | None
    previous_handoff_id: int | None
    generated_handoff_id: int | None
    turn_count: int = 0
    resolved: tuple[str, ...] = ()  # carried blockers / next steps closed by this session

    @property
    def efficiency(self) -> float | None:
        """Objectives done over planned; None when there were none."""
        if not self.objectives:
            return None
        return sum(o.done for o in self.objectives) / len(self.objectives)

    @property
    def credit_utilization(self) -> float | None:
        """Credits used over the session's budget; None without a budget."""
        return self.credits_used / self.credit_budget if self.credit_budget else None


@dataclass(frozen=True)
class HandoffRecord:
    """A stored handoff and its metrics."""

    id: int
    project_id: int
    session_id: int | None
    session_number: int | None
    kind: str
    master_prompt: str
    sections: dict[str, Any]
    key_items: tuple[dict[str, Any], ...]
    generator_model: str
    tokens_in: int
    tokens_out: int
    compression_ratio: float | None
    tokenizer: str
    coverage: float | None  # weighted share of the session inventory it names
    notes: str
    times_used: int
    created_at: dt.datetime
    coverage_by_class: dict[str, Any] = field(default_factory=dict)  # class -> [kept, total]
    left_out: tuple[dict[str, Any], ...] = ()  # inventory items it does not name, each with its turn (seq)
    delivered: bool = False  # the version session start, the hook and exports deliver
    measured: bool = False  # coverage was counted against the session inventory (older rows were not)


@dataclass(frozen=True)
class PinRecord:
    """An item pinned into every handoff of a project."""

    id: int
    project_id: int
    text: str
    cls: str
    seq: int
    created_at: dt.datetime


@dataclass(frozen=True)
class TurnRecord:
    """One stored message of a conversation."""

    id: int
    session_id: int
    seq: int
    role: str
    kind: str
    text: str
    tool_name: str | None
    tool_input: str | None
    is_error: bool
    exit_code: int | None
    is_sidechain: bool
    model: str | None
    timestamp: dt.datetime | None
    source_id: str | None


@dataclass(frozen=True)
class FileChangeRecord:
    """A file a session changed."""

    id: int
    session_id: int
    path: str
    old_path: str | None
    file_type: str
    change_type: str
    lines_added: int
    lines_removed: int


@dataclass(frozen=True)
class AccountRecord:
    """An account and today's credit use."""

    id: int
    name: str
    platform: str
    email: str
    daily_budget: float
    credits_today: float
    specialization: str
    status: str
    last_used: dt.datetime | None

    @property
    def remaining(self) -> float:
        """Credits left today (never negative)."""
        return max(self.daily_budget - self.credits_today, 0.0)


@dataclass(frozen=True)
class KnowledgeRecord:
    """A knowledge-base entry."""

    id: int
    category: str
    title: str
    description: str
    content: str
    tags: tuple[str, ...]
    usage_count: int
    success_rate: float | None
    created_at: dt.datetime
    updated_at: dt.datetime
    score: float | None = None  # search rank, lower is better (bm25)


@dataclass(frozen=True)
class UsageRow:
    """One group of usage (by session, day, week, month, block, model or project)."""

    key: str
    tokens: TokenCounts
    models: tuple[str, ...]
    unpriced: tuple[str, ...] = ()  # models in this row with tokens but no price: cost_usd leaves them out
    breakdown: tuple["UsageRow", ...] = ()  # per model, with --breakdown
    block: dict[str, Any] | None = None  # a billing block's start, end, activity, burn rate and projection
