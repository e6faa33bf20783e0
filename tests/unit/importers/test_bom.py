"""A UTF-8 byte order mark at the start of a transcript changes nothing: every importer and the usage scan skip it."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from mso_tui.importers import registry
from tests.helpers.claude_lines import conversation, write
from tests.helpers.cli_run import run

FIXTURES = Path(__file__).parent.parent.parent / "fixtures"
BOM = b"\xef\xbb\xbf"
SAMPLES = [
    "claude_code/s-1.jsonl",
    "codex/rollout-2026-09-02T10-00-00-c-1.jsonl",
    "gemini/session-2026-09-03T10-00-g1abcdef.jsonl",
    "gemini/session-2026-09-01T09-00-old12345.json",
    "gemini/logs.json",
    "aider/.aider.chat.history.md",
    "specstory/2026-02-09_22-30-00Z-fix-the-failing.md",
    "cursor/cursor_fix_the_rent_message.md",
    "text/human_claude.txt",
]


def _summary(path: Path) -> tuple:
    module = registry.detect_format(path)
    assert module is not None, f"{path.name} is no longer recognised"
    parsed = module.parse(path)
    return (module.FORMAT, [(s.agent_session_id, [t.text for t in s.turns], [u.total for u in s.usage])
                            for s in parsed.sessions], len(parsed.errors))


@pytest.mark.parametrize("name", SAMPLES)
def test_a_leading_bom_changes_no_parse(name: str, tmp_path: Path) -> None:
    src = FIXTURES / name
    plain = tmp_path / "plain" / src.name
    marked = tmp_path / "bom" / src.name
    for target, prefix in ((plain, b""), (marked, BOM)):
        target.parent.mkdir(parents=True)
        target.write_bytes(prefix + src.read_bytes())
    expected = _summary(plain)
    assert expected[1] and any(turns for _, turns, _ in expected[1])
    got = _summary(marked)
    assert got[0] == expected[0]
    # the marker never becomes part of a text (ids from text hashes then differ too)
    assert [(turns, usage) for _, turns, usage in got[1]] == [(turns, usage) for _, turns, usage in expected[1]]
    assert got == expected


def test_a_pasted_conversation_after_a_bom() -> None:
    from mso_tui.importers import text

    pasted = (FIXTURES / "text" / "human_claude.txt").read_text(encoding="utf-8")
    plain, marked = text.parse_text(pasted), text.parse_text("\ufeff" + pasted)
    assert [t.text for t in marked.sessions[0].turns] == [t.text for t in plain.sessions[0].turns]
    assert text.detect("\ufeff" + pasted) == text.detect(pasted)


def test_usage_scan_counts_the_first_line_after_a_bom(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    home = tmp_path / "claude"
    path = write(home / "projects" / "-w-app" / "a.jsonl", [r for r in conversation("s1", "/w/app", 1)
                                                             if r["type"] == "assistant"][:1])
    path.write_bytes(BOM + path.read_bytes())
    status, out, err = run(["usage", "--claude-dir", str(home), "--json"], capsys)
    assert status == 0, err
    assert json.loads(out)["totals"]["input_tokens"] == 10


def test_usage_scan_reads_a_codex_rollout_after_a_bom(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    home = tmp_path / "codex" / "sessions"
    home.mkdir(parents=True)
    src = FIXTURES / "codex" / "rollout-2026-09-02T10-00-00-c-1.jsonl"
    (home / src.name).write_bytes(src.read_bytes())
    status, out, _ = run(["usage", "--codex-dir", str(home), "--json", "--no-cache"], capsys)
    plain = json.loads(out)["totals"]
    (home / src.name).write_bytes(BOM + src.read_bytes())
    status, out, err = run(["usage", "--codex-dir", str(home), "--json", "--no-cache"], capsys)
    assert status == 0, err
    assert json.loads(out)["totals"] == plain and plain["input_tokens"] > 0
