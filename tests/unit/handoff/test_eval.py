"""`mso eval handoffs` on the shared corpus meets the issue's targets; the store in use is left alone."""
from __future__ import annotations

import json
import statistics
from pathlib import Path

import pytest

from mso_tui.cli import main


def test_eval_targets_on_the_corpus(corpus_dir: Path, store: Path, capsys: pytest.CaptureFixture) -> None:
    """Both facts files together (30 transcripts): issue 13's targets (recall 0.85, worst file 0.6, every category
    0.7, median 10x), and floors just under what the generator reaches today (0.851 overall, worst file 0.625,
    categories as listed), so a change that loses ground fails here."""
    from mso_tui.store import models as m

    m.Project.create(name="mine")
    assert main(["eval", "handoffs", "--corpus", str(corpus_dir), "--facts", str(corpus_dir / "facts.json"),
                 "--facts", str(corpus_dir / "facts-dev.json"), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    overall, files = result["overall"], result["files"]
    assert set(overall) >= {"recall", "facts", "kept", "median_ratio", "by_category", "by_format"}
    assert set(files[0]) >= {"file", "recall", "facts", "kept", "tokens_in", "tokens_out", "ratio", "missed"}
    assert overall["facts"] == 276 and len(files) == 30
    assert statistics.median(f["ratio"] for f in files) >= 10
    assert overall["median_ratio"] >= 10
    assert overall["recall"] >= 0.85, files
    assert all(f["recall"] >= 0.6 for f in files), files
    floors = {"command": 0.95, "decision": 0.80, "done": 0.78, "env": 0.80, "error": 0.78, "file": 0.93,
              "goal": 0.99, "next": 0.95, "open": 0.92}
    reached = {k: c["recall"] for k, c in overall["by_category"].items()}
    assert set(reached) == set(floors) and all(reached[k] >= floors[k] for k in floors), reached
    old = [f for f in files if f["file"] in {e["file"] for e in json.loads((corpus_dir / "facts.json").read_text())}]
    assert sum(f["kept"] for f in old) / sum(f["facts"] for f in old) >= 0.91
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


def test_eval_several_facts_files_by_category_format_and_explain(tmp_path: Path, store: Path,
                                                                 capsys: pytest.CaptureFixture) -> None:
    transcript = tmp_path / "chat.md"
    transcript.write_text("# Fix login\n_Exported on 1/2/2026 at 10:00:00 GMT from Cursor (1.2.3)_\n\n---\n\n"
                          "**User**\n\nThe login page throws TypeError in auth.js.\n\n---\n\n**Cursor**\n\n"
                          "Fixed `parseToken()` in `src/auth.js`; the cluster runs helmfile.\n\n---\n")
    one, two = tmp_path / "one.json", tmp_path / "two.json"
    one.write_text(json.dumps([{"kind": "cursor", "file": "chat.md", "facts": [
        {"id": "a", "category": "goal", "fact": "login TypeError", "keywords": ["TypeError", "auth.js"]}]}]))
    two.write_text(json.dumps([{"kind": "cursor", "file": "chat.md", "facts": [
        {"id": "b", "category": "env", "fact": "absent", "keywords": ["kubernetes"]},
        {"id": "c", "category": "env", "fact": "absent too", "keywords": ["zzhelmfilezz"]}]}]))
    assert main(["eval", "handoffs", "--corpus", str(tmp_path), "--facts", str(one), "--facts", str(two),
                 "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    overall = result["overall"]
    assert (overall["facts"], overall["kept"]) == (3, 1)
    assert overall["by_category"] == {"env": {"facts": 2, "kept": 0, "recall": 0.0},
                                      "goal": {"facts": 1, "kept": 1, "recall": 1.0}}
    assert overall["by_format"] == {"cursor": {"facts": 3, "kept": 1, "recall": 0.3333}}
    assert main(["eval", "handoffs", "--corpus", str(tmp_path), "--facts", str(one), "--facts", str(two),
                 "--explain"]) == 0
    out = capsys.readouterr().out
    assert "b [env]: absent 'kubernetes', not in the imported turns" in out
    assert "by category: env 0.00 (0/2), goal 1.00 (1/1)" in out


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


def test_inventory_coverage_ranks_handoffs_like_recall(corpus_dir: Path, store: Path,
                                                       capsys: pytest.CaptureFixture) -> None:
    # one run over both facts files, as `mso eval handoffs` reports it (issue 14.4: Spearman >= 0.5)
    assert main(["eval", "handoffs", "--corpus", str(corpus_dir), "--facts", str(corpus_dir / "facts.json"),
                 "--facts", str(corpus_dir / "facts-dev.json"), "--json"]) == 0
    overall = json.loads(capsys.readouterr().out)["overall"]
    rho = overall["spearman"]
    assert overall["spearman_files"] == 30
    assert rho is not None and rho >= 0.5, rho
