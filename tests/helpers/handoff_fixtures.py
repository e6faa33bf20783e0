"""Builders of handoff inputs for the handoff tests (records only, no store)."""
from __future__ import annotations

import datetime as dt
import json
from typing import Any

from mso_tui.handoff.contract import HandoffInput
from mso_tui.records import (
    FileChangeRecord,
    HandoffRecord,
    Objective,
    ProjectRecord,
    SessionRecord,
    TokenCounts,
    TurnRecord,
)

T0 = dt.datetime(2026, 3, 1, 9, 0)


def project(**kw: Any) -> ProjectRecord:
    """A project record."""
    return ProjectRecord(**{"id": 1, "name": "shop", "description": "An online shop backend", "status": "active",
                            "repo_path": "/srv/shop", "created_at": T0, "updated_at": T0, **kw})


def session(number: int = 1, objectives: tuple = (), accomplishments: tuple = (), blockers: tuple = (),
            **kw: Any) -> SessionRecord:
    """A completed session record."""
    return SessionRecord(id=number, project_id=1, project_name="shop", number=number, type="development",
                         agent=kw.pop("agent", "claude-code"), account=None, title="", started_at=T0,
                         completed_at=T0 + dt.timedelta(hours=1), duration_seconds=3600.0, status="completed",
                         objectives=tuple(Objective(t, d) for t, d in objectives), accomplishments=accomplishments,
                         blockers=blockers, notes="", credits_used=0.0, credit_budget=None, tokens=TokenCounts(),
                         git_start=None, git_end=None, agent_session_id=None, cwd=None, previous_handoff_id=None,
                         generated_handoff_id=None, **kw)


class Turns:
    """Appends turns with increasing seq numbers."""

    def __init__(self) -> None:
        self.items: list[TurnRecord] = []

    def add(self, role: str, text: str, kind: str = "message", **kw: Any) -> "Turns":
        """One turn."""
        seq = len(self.items)
        self.items.append(TurnRecord(id=seq + 1, session_id=1, seq=seq, role=role, kind=kind, text=text,
                                     tool_name=kw.get("tool_name"), tool_input=kw.get("tool_input"),
                                     is_error=kw.get("is_error", False), exit_code=kw.get("exit_code"),
                                     is_sidechain=False, model=kw.get("model"), timestamp=None,
                                     source_id=kw.get("source_id")))
        return self

    def call(self, name: str, summary: str, args: dict | None = None, output: str | None = None,
             exit_code: int | None = None, is_error: bool = False) -> "Turns":
        """A tool call, and its paired result when output is given."""
        sid = f"call{len(self.items)}"
        self.add("assistant", json.dumps(args or {}), "tool_call", tool_name=name, tool_input=summary, source_id=sid)
        if output is not None:
            self.add("tool", output, "tool_result", tool_name=name, exit_code=exit_code, is_error=is_error,
                     source_id=sid + ":result")
        return self


def previous(next_steps: list[str], blockers: list[str] = (), number: int = 1) -> HandoffRecord:
    """A stored previous handoff with open items."""
    return HandoffRecord(id=9, project_id=1, session_id=number, session_number=number, kind="extractive",
                         master_prompt="", sections={"next_steps": list(next_steps), "blockers": list(blockers)},
                         key_items=(), generator_model="", tokens_in=0, tokens_out=0, compression_ratio=None,
                         tokenizer="", coverage=None, notes="", times_used=0, created_at=T0)


def make_input(turns: Turns | None = None, **kw: Any) -> HandoffInput:
    """A HandoffInput with defaults."""
    changes = kw.pop("file_changes", ())
    prev = kw.pop("previous", None)
    return HandoffInput(project=project(), session=session(**kw), turns=tuple(turns.items) if turns else (),
                        file_changes=tuple(FileChangeRecord(i, 1, p, None, "py", c, 3, 1)
                                           for i, (p, c) in enumerate(changes)), previous=prev)
