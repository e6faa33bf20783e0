"""`mso handoff show|generate|export|troubleshoot` and `mso hook claude-code` from the command line."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from mso_tui.cli import main
from mso_tui.store import models as m

pytestmark = pytest.mark.usefixtures("backend")  # SQLite, and PostgreSQL when a test server is given


@pytest.fixture
def project(store: Path) -> m.Project:
    """A project with one completed session that left a failing command."""
    row = m.Project.create(name="shop", repo_path="/srv/shop")
    s = m.Session.create(project=row, number=1, status="completed",
                         objectives=[{"text": "Fix checkout", "done": False}])
    m.Turn.create(session=s, seq=0, role="user", text="Make checkout work again; keep the API stable.")
    m.Turn.create(session=s, seq=1, role="assistant", kind="tool_call", tool_name="Bash", tool_input="pytest -x",
                  text='{"command": "pytest -x"}', source_id="c1")
    m.Turn.create(session=s, seq=2, role="tool", kind="tool_result", tool_name="Bash", exit_code=1,
                  text="E KeyError: 'cart_id'\nFAILED tests/test_checkout.py::test_pay", source_id="c1:result")
    m.Turn.create(session=s, seq=3, role="assistant", kind="tool_call", tool_name="Edit", tool_input="shop/checkout.py",
                  text='{"file_path": "shop/checkout.py"}', source_id="c2")
    m.KnowledgeEntry.create(category="troubleshooting", title="KeyError on cart_id after migrations",
                            description="run the cart backfill", tags=["cart_id", "checkout"])
    return row


def test_generate_show_export(project: m.Project, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    assert main(["handoff", "generate", "shop"]) == 0
    out = capsys.readouterr().out
    assert "# Handoff: shop" in out and "Fix checkout" in out and "KeyError: 'cart_id'" in out
    assert main(["handoff", "show", "shop"]) == 0
    assert capsys.readouterr().out == out
    assert main(["handoff", "show", "shop", "--session", "1", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["kind"] == "extractive" and data["session_number"] == 1 and data["tokenizer"] == "mso-estimate-v1"
    assert main(["handoff", "export", "shop", str(tmp_path / "h.md")]) == 0
    assert (tmp_path / "h.md").read_text() == out


def test_errors_are_one_line(store: Path, capsys: pytest.CaptureFixture) -> None:
    assert main(["handoff", "show", "nope"]) == 2
    assert capsys.readouterr().err.strip() == "mso: error: no project named 'nope'"
    m.Project.create(name="empty")
    assert main(["handoff", "show", "empty"]) == 2
    assert "no handoff yet" in capsys.readouterr().err
    assert main(["handoff", "generate", "empty"]) == 2
    assert "has no sessions" in capsys.readouterr().err


def test_troubleshoot(project: m.Project, capsys: pytest.CaptureFixture) -> None:
    assert main(["handoff", "troubleshoot", "shop"]) == 0
    out = capsys.readouterr().out
    assert "pytest -x" in out and "KeyError: 'cart_id'" in out and "shop/checkout.py" in out
    assert "KeyError on cart_id after migrations" in out


def test_hook_claude_code(project: m.Project, capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch,
                          tmp_path: Path) -> None:
    main(["handoff", "generate", "shop"])
    capsys.readouterr()
    monkeypatch.chdir(tmp_path)
    assert main(["hook", "claude-code"]) == 0
    assert capsys.readouterr().out == ""  # no project here: nothing injected
    m.Project.update(repo_path=str(tmp_path)).where(m.Project.name == "shop").execute()
    (tmp_path / "sub").mkdir()
    monkeypatch.chdir(tmp_path / "sub")
    assert main(["hook", "claude-code"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["hookSpecificOutput"]["hookEventName"] == "SessionStart"
    assert "# Handoff: shop" in data["hookSpecificOutput"]["additionalContext"]
