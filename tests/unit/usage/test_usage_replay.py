"""A warm `mso usage --claude-dir` replays saved output, and only while nothing it depends on changed."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers.claude_lines import conversation, write

PROBE = ("import sys\nfrom mso_tui.cli import main\nstatus = main(sys.argv[1:])\n"
         "sys.stderr.write('MODULES ' + ' '.join(m for m in ('argparse', 'msgspec', 'peewee') if m in sys.modules))\n"
         "sys.exit(status)\n")


def mso(args: list[str], cwd: Path | None = None) -> tuple[str, str]:
    """Run mso in a fresh interpreter (start-up imports are what is tested); stdout and stderr."""
    root = Path(__file__).resolve().parents[3]
    env = {**os.environ, "PYTHONPATH": str(root)}
    done = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True, cwd=cwd or root,
                          env=env, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout, done.stderr


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """A Claude folder with one session."""
    home = tmp_path / "claude"
    write(home / "projects" / "-w-app" / "s1.jsonl", conversation("s1", "/w/app", 3))
    return home


def test_warm_run_replays_without_argparse_or_decoder(tree: Path) -> None:
    args = ["usage", "--claude-dir", str(tree), "--by", "day"]
    first, err1 = mso(args)
    assert "1 read" in err1 and "argparse" in err1.split("MODULES")[1]
    second, err2 = mso(args)
    assert second == first and "0 read" in err2
    assert err2.split("MODULES")[1].strip() == ""  # neither argparse, nor msgspec, nor peewee
    # --no-cache always does the full run
    _, err3 = mso([*args, "--no-cache"])
    assert "argparse" in err3.split("MODULES")[1]


def test_appended_file_and_new_prices_are_seen(tree: Path, tmp_path: Path) -> None:
    args = ["usage", "--claude-dir", str(tree), "--by", "day", "--json"]
    before = json.loads(mso(args)[0])
    write(tree / "projects" / "-w-app" / "s1.jsonl", conversation("s1", "/w/app", 5))
    grown = json.loads(mso(args)[0])
    assert grown["totals"]["input_tokens"] > before["totals"]["input_tokens"]
    Path(os.environ["MSO_CONFIG"]).write_text(
        '[prices."claude-sonnet-4-5-20250929"]\ninput = 1000.0\noutput = 0.0\ncache_read = 0.0\n'
        "cache_write_5m = 0.0\n")
    repriced = json.loads(mso(args)[0])
    assert repriced["totals"]["input_tokens"] == grown["totals"]["input_tokens"]
    assert repriced["totals"]["cost_usd"] == pytest.approx(grown["totals"]["input_tokens"] * 1000.0 / 1e6)


def test_relative_folder_is_resolved_per_working_folder(tmp_path: Path) -> None:
    for name, n in (("a", 1), ("b", 4)):
        write(tmp_path / name / "claude" / "projects" / "p" / "s.jsonl", conversation("s", "/w", n))
    args = ["usage", "--claude-dir", "claude", "--json"]
    a = json.loads(mso(args, cwd=tmp_path / "a")[0])
    b = json.loads(mso(args, cwd=tmp_path / "b")[0])
    assert b["totals"]["input_tokens"] == 4 * a["totals"]["input_tokens"]
    assert json.loads(mso(args, cwd=tmp_path / "a")[0]) == a


def test_days_follow_the_time_zone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    late = conversation("s", "/w", 1)
    for record in late:
        record["timestamp"] = "2026-09-01T23:30:00.000Z"
    write(tmp_path / "claude" / "projects" / "p" / "s.jsonl", late)
    args = ["usage", "--claude-dir", str(tmp_path / "claude"), "--by", "day", "--json"]
    monkeypatch.setenv("TZ", "UTC0")
    utc = json.loads(mso(args)[0])
    monkeypatch.setenv("TZ", "JST-9")  # POSIX form: no zone database needed
    tokyo = json.loads(mso(args)[0])
    assert [r["key"] for r in utc["rows"]] == ["2026-09-01"]
    assert [r["key"] for r in tokyo["rows"]] == ["2026-09-02"]
