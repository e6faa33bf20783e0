"""Issue 5 on the real corpus: handoffs carry no secret, and redaction costs no key fact."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

import mso_tui.handoff.redaction as handoff_redaction
from mso_tui.redaction import find_secrets
from mso_tui.services.evaluation import evaluate
from mso_tui.services.handoffs import generate_for_session
from mso_tui.services.imports import import_paths
from mso_tui.store.models import Handoff, Session

TRANSCRIPTS = ("claude_code", "codex", "gemini", "aider", "cursor", "specstory")


def test_no_handoff_from_the_corpus_holds_a_secret(corpus_dir: Path, store: Path) -> None:
    paths = [p for d in TRANSCRIPTS for p in sorted((corpus_dir / d).iterdir()) if not p.name.endswith(".meta.json")]
    import_paths(paths)
    for session in Session.select():
        generate_for_session(session.id)
    handoffs = list(Handoff.select())
    assert len(handoffs) == Session.select().count() > 20
    leaks = {h.id: find_secrets(h.master_prompt) for h in handoffs}
    assert {k: v for k, v in leaks.items() if v} == {}
    assert sum("[redacted:" in h.master_prompt for h in handoffs) >= 1  # the corpus does carry secrets


def test_redaction_costs_no_key_fact(corpus_dir: Path, store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    facts = corpus_dir / "facts.json"
    with_redaction = evaluate(corpus_dir, facts)["overall"]
    monkeypatch.setattr(handoff_redaction, "ENABLED", False)
    without = evaluate(corpus_dir, facts)["overall"]
    assert with_redaction["kept"] == without["kept"], json.dumps([with_redaction, without])
