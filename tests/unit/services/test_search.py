"""Global search finds knowledge, handoffs and turns, and its CLI twin prints them."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from mso_tui.cli import main
from mso_tui.services import knowledge, projects, sessions
from mso_tui.services.search import search_all
from mso_tui.store.models import Handoff, Turn


def test_all_three_kinds(store: Path) -> None:
    projects.add_project("p")
    s = sessions.start_session("p", ["x"]).session
    Turn.create(session=s.id, seq=1, role="user", text="the Flaky websocket test again")
    Handoff.create(project=s.project_id, session=s.id, master_prompt="## Blockers\n- flaky websocket reconnect")
    knowledge.add_entry("Websocket reconnects", "back off", category="solution")
    hits = search_all("websocket")
    assert sorted(h.kind for h in hits) == ["handoff", "knowledge", "turn"]
    turn = next(h for h in hits if h.kind == "turn")
    assert (turn.project, turn.session_number) == ("p", 1) and "websocket" in turn.snippet.lower()
    assert search_all("   ") == [] and search_all("nothing-like-this") == []


def test_cli(store: Path, capsys: pytest.CaptureFixture) -> None:
    knowledge.add_entry("Websocket reconnects", "back off")
    assert main(["search", "websocket", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)[0]["title"] == "Websocket reconnects"
