"""`mso eval handoffs` on the shared corpus meets the issue's targets; the store in use is left alone."""
from __future__ import annotations

import json
import statistics
from pathlib import Path

import pytest

from mso_tui.cli import main


def test_eval_targets_on_the_corpus(corpus_dir: Path, store: Path, capsys: pytest.CaptureFixture) -> None:
    from mso_tui.data import models as m

    m.Project.create(name="mine")
    assert main(["eval", "handoffs", "--corpus", str(corpus_dir), "--facts", str(corpus_dir / "facts.json"),
                 "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    overall, files = result["overall"], result["files"]
    assert set(overall) >= {"recall", "facts", "kept", "median_ratio"}
    assert set(files[0]) >= {"file", "recall", "facts", "kept", "tokens_in", "tokens_out", "ratio", "missed"}
    assert overall["recall"] >= 0.85, files
    assert all(f["recall"] >= 0.6 for f in files), files
    assert statistics.median(f["ratio"] for f in files) >= 5
    assert overall["median_ratio"] >= 5
    # the throw-away store was used: the real one still has only its own project
    assert [p.name for p in m.Project.select()] == ["mine"]


def test_eval_on_a_small_facts_file(tmp_path: Path, store: Path, capsys: pytest.CaptureFixture) -> None:
    transcript = tmp_path / "chat.md"
    transcript.write_text("# Fix login\n_Exported on 1/2/2026 at 10:00:00 GMT from Cursor (1.2.3)_\n\n---\n\n"
                          "**User**\n\nThe login page throws TypeError in auth.js; we must keep session cookies.\n\n"
                          "---\n\n**Cursor**\n\nThe root cause is `parseToken()` in `src/auth.js` returning undefined."
                          " I decided to guard it instead of rewriting the parser.\n\n---\n")
    facts = tmp_path / "facts.json"
    facts.write_text(json.dumps([{"kind": "cursor", "file": "chat.md", "facts": [
        {"id": "a", "category": "goal", "fact": "login TypeError", "keywords": ["TypeError", "auth.js"]},
        {"id": "b", "category": "decision", "fact": "guard", "keywords": ["parseToken"]},
        {"id": "c", "category": "env", "fact": "absent", "keywords": ["kubernetes"]}]}]))
    assert main(["eval", "handoffs", "--corpus", str(tmp_path), "--facts", str(facts)]) == 0
    out = capsys.readouterr().out
    assert "chat.md" in out and "missed: c" in out and "overall recall 0.667 (2/3 facts)" in out


def test_eval_bad_facts_file(tmp_path: Path, store: Path, capsys: pytest.CaptureFixture) -> None:
    bad = tmp_path / "facts.json"
    bad.write_text("{not json")
    assert main(["eval", "handoffs", "--corpus", str(tmp_path), "--facts", str(bad)]) == 2
    assert "not valid JSON" in capsys.readouterr().err


def _chat(tmp_path: Path, name: str, user: str, answer: str) -> None:
    (tmp_path / name).write_text("# Chat\n_Exported on 1/2/2026 at 10:00:00 GMT from Cursor (1.2.3)_\n\n---\n\n"
                                 f"**User**\n\n{user}\n\n---\n\n**Cursor**\n\n{answer}\n\n---\n")


def test_eval_json_has_per_file_inventory_coverage_and_spearman(tmp_path: Path, store: Path,
                                                                capsys: pytest.CaptureFixture) -> None:
    _chat(tmp_path, "a.md", "Fix the TypeError in auth.js please.", "I decided to guard `parseToken()` because it "
          "returns undefined. Set AUTH_SECRET_NAME and call https://auth.example.test/v1 on port 8443.")
    _chat(tmp_path, "b.md", "Add a cache to the tile server.", "We'll use Redis 7.2.4 rather than memcached.")
    _chat(tmp_path, "c.md", "Rename the config loader.", "Renamed `load_config` to `read_settings` in cfg.py.")
    facts = tmp_path / "facts.json"
    facts.write_text(json.dumps([
        {"kind": "cursor", "file": "a.md", "facts": [{"id": "a", "keywords": ["parseToken"]},
                                                       {"id": "b", "keywords": ["kubernetes"]}]},
        {"kind": "cursor", "file": "b.md", "facts": [{"id": "a", "keywords": ["Redis"]}]},
        {"kind": "cursor", "file": "c.md", "facts": [{"id": "a", "keywords": ["nowhere"]}]}]))
    assert main(["eval", "handoffs", "--corpus", str(tmp_path), "--facts", str(facts), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    for row in result["files"]:
        assert 0 <= row["coverage"] <= 1 and row["coverage_by_class"]
        assert all(0 <= kept <= total for kept, total in row["coverage_by_class"].values())
    overall = result["overall"]
    assert "spearman" in overall and overall["spearman_files"] == 3
    assert overall["spearman"] is None or -1 <= overall["spearman"] <= 1
    assert main(["eval", "handoffs", "--corpus", str(tmp_path), "--facts", str(facts)]) == 0
    assert "Spearman rank correlation with recall" in capsys.readouterr().out


@pytest.mark.xfail(strict=True, reason="issue 14 target not met: Spearman 0.30 on facts + facts-dev (30 files)")
def test_inventory_coverage_ranks_handoffs_like_recall(corpus_dir: Path, store: Path,
                                                       capsys: pytest.CaptureFixture) -> None:
    from mso_tui.handoff.rank import spearman

    rows = []
    for name in ("facts.json", "facts-dev.json"):
        assert main(["eval", "handoffs", "--corpus", str(corpus_dir), "--facts", str(corpus_dir / name),
                     "--json"]) == 0
        rows += json.loads(capsys.readouterr().out)["files"]
    rho = spearman([r["coverage"] for r in rows], [r["recall"] for r in rows])
    assert rho is not None and rho >= 0.5, rho
