"""A token count past 64 bits (or counts whose sum is) is one skipped record, never the end of an import."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.helpers.claude_lines import conversation, write
from tests.helpers.cli_run import run

FIXTURES = Path(__file__).parent.parent.parent / "fixtures"
HUGE = 2 ** 63


def _claude(path: Path, sid: str, **counts: int) -> Path:
    records = conversation(sid, "/w/app", 2)
    records[1]["message"]["usage"].update(counts)
    records[2]["message"]["usage"].update(counts)  # the second copy of the same response
    return write(path, records)


def _replace_in_line(src: Path, dst: Path, line_no: int, old: str, new: str) -> Path:
    lines = src.read_text(encoding="utf-8").splitlines(keepends=True)
    assert old in lines[line_no - 1]
    lines[line_no - 1] = lines[line_no - 1].replace(old, new, 1)
    dst.parent.mkdir(parents=True, exist_ok=True)
    dst.write_text("".join(lines), encoding="utf-8")
    return dst


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """One bad file of each importer, a file whose counts sum past 64 bits, and a good file after them."""
    root = tmp_path / "tree"
    _claude(root / "a-huge.jsonl", "s1", input_tokens=HUGE)
    _claude(root / "b-sum.jsonl", "s2", input_tokens=2 ** 62, output_tokens=2 ** 62, cache_read_input_tokens=2 ** 62)
    _replace_in_line(FIXTURES / "codex" / "rollout-2026-09-02T10-00-00-c-1.jsonl",
                     root / "codex" / "rollout-2026-09-02T10-00-00-c-1.jsonl", 14,
                     '"last_token_usage":{"input_tokens":1000', f'"last_token_usage":{{"input_tokens":{HUGE * 4}')
    _replace_in_line(FIXTURES / "gemini" / "session-2026-09-03T10-00-g1abcdef.jsonl",
                     root / "gemini" / "session-2026-09-03T10-00-g1abcdef.jsonl", 6, '"output":100', f'"output":{HUGE}')
    aider = FIXTURES / "aider" / ".aider.chat.history.md"
    _replace_in_line(aider, root / "aider" / ".aider.chat.history.md", 28, "5,244 sent", "99999999999999999999999 sent")
    _claude(root / "z-good.jsonl", "s3")
    return root


def test_out_of_range_counts_are_per_record_errors(tree: Path, capsys: pytest.CaptureFixture) -> None:
    status, out, err = run(["import", str(tree), "--json"], capsys)
    assert status == 0, err
    report = json.loads(out)
    assert report["files"] == 6  # every file imported, the good one after the bad ones too
    reasons = {(Path(e["file"]).name, e["line"]): e["reason"] for e in report["errors"]}
    assert ("a-huge.jsonl", 2) in reasons and ("a-huge.jsonl", 3) in reasons
    assert "out of range" in reasons[("a-huge.jsonl", 2)]
    assert ("b-sum.jsonl", 2) in reasons
    assert ("rollout-2026-09-02T10-00-00-c-1.jsonl", 14) in reasons
    assert ("session-2026-09-03T10-00-g1abcdef.jsonl", 6) in reasons
    assert any(name == ".aider.chat.history.md" for name, _ in reasons)
    # the rest of each bad file is still there: s1 and s2 keep their other response
    status, out, _ = run(["usage", "--json", "--by", "session"], capsys)
    assert status == 0
    totals = json.loads(out)["totals"]
    assert totals["input_tokens"] < 10 ** 9
    # a re-run goes past the same files without stopping
    status, out, err = run(["import", str(tree), "--json"], capsys)
    assert status == 0, err and json.loads(out)["unchanged"] == 6


def test_usage_scan_skips_out_of_range_counts(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    home = tmp_path / "claude"
    _claude(home / "projects" / "-w-app" / "a.jsonl", "s1", input_tokens=HUGE)
    _claude(home / "projects" / "-w-app" / "b.jsonl", "s2", input_tokens=2 ** 62, output_tokens=2 ** 62,
            cache_read_input_tokens=2 ** 62)
    _claude(home / "projects" / "-w-app" / "c.jsonl", "s3")
    status, out, err = run(["usage", "--claude-dir", str(home), "--json"], capsys)
    assert status == 0, err
    totals = json.loads(out)["totals"]
    # each file's good response counts (10 input each); the out-of-range ones do not
    assert totals["input_tokens"] == 40 and totals["output_tokens"] == 80
    assert "a.jsonl:2" in err and "out of range" in err


def test_a_huge_count_never_reaches_the_store(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    """The store refuses nothing it was given: the importer already dropped the record."""
    src = _claude(tmp_path / "one" / "a.jsonl", "s1", input_tokens=HUGE, output_tokens=HUGE)
    status, out, err = run(["import", str(src.parent), "--json"], capsys)
    assert status == 0, err
    assert json.loads(out)["usage_events"] == 1
    shutil.rmtree(src.parent)
