"""Every report kind against ccusage 20's JSON recorded on a small generated tree (bench_usage_reports.py
--mb 4 --seed 3 --record): the same rows with the same token counts, cost within 0.5 %."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers.cli_run import run

GEN = Path(__file__).resolve().parents[4] / "shared" / "tools" / "gen_claude_corpus.py"
FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "ccusage20_reports.json"
KINDS = {"daily": "day", "weekly": "week", "monthly": "month", "session": "session", "blocks": "block"}
COUNTS = ("input", "output", "cache_create", "cache_read")


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The generated tree the fixture was recorded on."""
    if not GEN.exists():
        pytest.skip("the shared corpus generator is not beside the repository")
    out = tmp_path_factory.mktemp("reports") / "claude"
    subprocess.run([sys.executable, str(GEN), str(out), "--mb", "4", "--seed", "3"], check=True, capture_output=True)
    return out


@pytest.mark.parametrize("kind", list(KINDS))
def test_report_equals_ccusage(tree: Path, kind: str, capsys: pytest.CaptureFixture) -> None:
    recorded = json.loads(FIXTURE.read_text())["reports"][kind]
    status, out, _ = run(["usage", "--claude-dir", str(tree), "--by", KINDS[kind], "--timezone", "UTC", "--json"],
                         capsys)
    assert status == 0
    ours = {}
    for r in json.loads(out)["rows"]:
        key = r["block"]["start"].replace("+00:00", ".000Z") if kind == "blocks" else r["key"]
        ours[key] = (r["input_tokens"], r["output_tokens"], r["cache_creation_tokens"], r["cache_read_tokens"],
                     r["cost_usd"])
    theirs = {r["key"]: (*(r[k] for k in COUNTS), r["cost"]) for r in recorded}
    assert {k: v[:4] for k, v in ours.items()} == {k: v[:4] for k, v in theirs.items()}
    for key, row in theirs.items():
        assert ours[key][4] == pytest.approx(row[4], rel=0.005), key
