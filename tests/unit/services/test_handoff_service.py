"""The handoff service: input from the store, generation at completion, lookups, export."""
from __future__ import annotations

from pathlib import Path

import pytest

from mso_tui.errors import NotFound
from mso_tui.services import handoffs
from mso_tui.store import models as m


def _session(project: m.Project, number: int, **fields) -> m.Session:
    """A completed session row."""
    return m.Session.create(project=project, number=number, status="completed", **fields)


def test_manual_session_gets_an_honest_handoff(store: Path) -> None:
    project = m.Project.create(name="alpha", description="A billing service", repo_path="/tmp/alpha")
    s1 = _session(project, 1, objectives=[{"text": "Add invoice export", "done": True},
                                          {"text": "Write the CSV parser tests", "done": False}],
                  accomplishments=["Invoice export endpoint added"], blockers=["Staging DB is read-only"])
    m.FileChange.create(project=project, session=s1, path="billing/export.py", change_type="created", lines_added=40)
    record = handoffs.generate_for_session(s1.id)
    text = record.master_prompt
    for needle in ("Invoice export endpoint added", "Write the CSV parser tests", "Staging DB is read-only",
                   "billing/export.py", "A billing service"):
        assert needle in text
    assert "Continue development" not in text and "TBD" not in text
    assert m.Session.get_by_id(s1.id).generated_handoff_id == record.id
    assert record.kind == "extractive" and record.tokenizer == "mso-estimate-v1"
    assert record.coverage == 1.0

    # session 2 closes the blocker and nothing else: the undone objective and nothing closed stays open
    s2 = _session(project, 2, accomplishments=["Staging DB is read-only: fixed by granting write access"])
    second = handoffs.generate_for_session(s2.id)
    assert "Write the CSV parser tests" in "\n".join(second.sections["next_steps"])
    assert not any("read-only" in b for b in second.sections["blockers"])
    assert any("read-only" in a for a in second.sections["accomplished"])
    assert handoffs.latest_handoff("alpha").id == second.id
    assert handoffs.get_handoff("alpha", 1).id == record.id
    assert [h.id for h in handoffs.list_handoffs("alpha")] == [record.id, second.id]


def test_lookups_fail_clearly(store: Path, tmp_path: Path) -> None:
    with pytest.raises(NotFound, match="no project named 'nope'"):
        handoffs.latest_handoff("nope")
    m.Project.create(name="empty")
    assert handoffs.latest_handoff("empty") is None
    with pytest.raises(NotFound, match="no handoff yet"):
        handoffs.get_handoff("empty")
    with pytest.raises(NotFound, match="no session 3"):
        handoffs.get_handoff("empty", 3)


def test_export_and_knowledge(store: Path, tmp_path: Path) -> None:
    project = m.Project.create(name="beta")
    m.KnowledgeEntry.create(category="troubleshooting", title="Fixing alembic heads", description="merge heads",
                            tags=["alembic"])
    m.KnowledgeEntry.create(category="pattern", title="Unrelated", tags=["kubernetes"])
    s1 = _session(project, 1, blockers=["alembic upgrade fails with multiple heads"])
    handoffs.generate_for_session(s1.id)
    inp = handoffs.build_input(s1.id)
    assert [k.title for k in inp.knowledge] == ["Fixing alembic heads"]
    out = handoffs.export_handoff("beta", tmp_path / "out" / "handoff.md")
    assert "Fixing alembic heads" in out.read_text()
