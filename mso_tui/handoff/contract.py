"""What a handoff generator takes and what it returns."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Sequence

from mso_tui.records import (
    FileChangeRecord,
    HandoffRecord,
    KnowledgeRecord,
    ProjectRecord,
    SessionRecord,
    TurnRecord,
)

# Section keys in the order docs/architecture.md gives them.
SECTION_ORDER = (
    "goal", "accomplished", "current_state", "blockers", "next_steps",
    "decisions", "files", "commands", "knowledge",
)


@dataclass(frozen=True)
class HandoffInput:
    """Everything a generator may read about the session that ended."""

    project: ProjectRecord
    session: SessionRecord
    turns: Sequence[TurnRecord] = ()
    file_changes: Sequence[FileChangeRecord] = ()
    previous: HandoffRecord | None = None
    knowledge: Sequence[KnowledgeRecord] = ()
    usage_by_model: dict[str, int] = field(default_factory=dict)  # model -> total tokens
    pinned: tuple[str, ...] = ()  # items the user pinned: carried into every handoff until unpinned


@dataclass(frozen=True)
class GeneratedHandoff:
    """A handoff ready to be stored."""

    kind: str  # extractive / llm / hybrid / manual
    master_prompt: str
    sections: dict[str, Any]
    key_items: list[dict[str, Any]]  # [{"kind", "text", "kept": bool}]
    generator_model: str
    tokens_in: int
    tokens_out: int
    compression_ratio: float | None
    tokenizer: str
    coverage: float | None  # the inventory's weighted share (handoff/coverage.py), once accounted
    notes: str = ""
    coverage_by_class: dict[str, list[int]] = field(default_factory=dict)  # class -> [kept, total]
    left_out: list[dict[str, Any]] = field(default_factory=list)  # inventory items the handoff does not name
