"""The CLI's project and session tables and details never show $0.00 / 0.00 for tokens that have no price."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from mso_tui.store.models import Project, Session, UsageEvent
from tests.helpers.cli_run import run

BASE = dt.datetime(2026, 9, 1, 10, 0)


def _data() -> None:
    """gem: all unpriced; mix: $0.25 priced plus unpriced tokens; paid: $1.50, all priced."""
    for name, priced, unpriced in (("gem", 0.0, True), ("mix", 0.25, True), ("paid", 1.5, False)):
        project = Project.create(name=name, created_at=BASE, updated_at=BASE)
        s = Session.create(project=project, number=1, agent="gemini", type="development", status="completed",
                           started_at=BASE, duration_seconds=60.0, objectives=[],
                           input_tokens=2_000_000 if name == "mix" else 1_000_000,
                           cost_usd=priced)
        if unpriced:
            UsageEvent.create(session=s, message_id=f"{name}-u", model="gemini-9-pro", input_tokens=1_000_000,
                              cost_usd=None, timestamp=BASE)
        if priced or not unpriced:
            UsageEvent.create(session=s, message_id=f"{name}-p", model="claude-sonnet-4-5",
                              input_tokens=1_000_000, cost_usd=priced, timestamp=BASE)


def _line(out: str, name: str) -> str:
    """The table line starting with name."""
    return next(line for line in out.splitlines() if line.split() and line.split()[0] == name)


def test_project_list_and_show(store: Path, capsys: pytest.CaptureFixture) -> None:
    _data()
    status, out, _ = run(["project", "list"], capsys)
    assert status == 0
    assert "unpriced" in _line(out, "gem") and "0.00" not in _line(out, "gem")
    assert "0.25+unpriced" in _line(out, "mix")
    assert "1.50" in _line(out, "paid") and "unpriced" not in _line(out, "paid")
    _, out, _ = run(["project", "show", "gem"], capsys)
    assert "cost: unpriced" in out and "0.00" not in out
    _, out, _ = run(["project", "show", "mix"], capsys)
    assert "cost: $0.25+unpriced" in out


def test_session_list_show_and_json(store: Path, capsys: pytest.CaptureFixture) -> None:
    _data()
    _, out, _ = run(["session", "list", "gem"], capsys)
    row = out.splitlines()[1]
    assert "unpriced" in row and "0.00" not in row
    _, out, _ = run(["session", "list", "mix"], capsys)
    assert "0.25+unpriced" in out.splitlines()[1]
    _, out, _ = run(["session", "list", "paid"], capsys)
    assert "1.50" in out.splitlines()[1] and "unpriced" not in out
    _, out, _ = run(["session", "show", "gem", "--session", "1"], capsys)
    assert "cost unpriced" in out and "$0.00" not in out
    _, out, _ = run(["session", "list", "gem", "--json"], capsys)
    assert json.loads(out)[0]["tokens"]["unpriced_tokens"] == 1_000_000
