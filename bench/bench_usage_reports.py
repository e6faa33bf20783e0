#!/usr/bin/env python3
"""Compare `mso usage --by day|week|month|session|block --json` with ccusage 20's daily, weekly, monthly,
session and blocks JSON on one generated Claude tree: rows, token totals, cost, and each tool's time.

usage: python bench/bench_usage_reports.py [--mb 200] [--seed 1] [--record FIXTURE.json]
ccusage 20 comes from bench/out/node_modules (bench_usage.py installs it when missing). Both run in UTC.
--record writes ccusage's rows as the fixture tests/unit/usage/test_usage_reports_ccusage.py compares against.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from bench_usage import GEN, OUT, ensure_ccusage  # noqa: E402

KINDS = (("daily", "day"), ("weekly", "week"), ("monthly", "month"), ("session", "session"), ("blocks", "block"))
MSO = [sys.executable, "-m", "mso_tui"]


def ccusage_rows(c20: Path, kind: str, tree: Path) -> tuple[list[dict], float]:
    """ccusage 20's rows of one report kind (gap blocks left out) in the fixture's shape, and its time."""
    env = {**os.environ, "CLAUDE_CONFIG_DIR": str(tree), "TZ": "UTC"}
    started = time.perf_counter()
    done = subprocess.run(["node", str(c20), kind, "--json", "--offline", "--timezone", "UTC"], env=env,
                          capture_output=True, text=True, check=True)
    seconds = time.perf_counter() - started
    data = json.loads(done.stdout)
    rows = []
    for r in data["blocks" if kind == "blocks" else kind]:
        if kind == "blocks":
            if r.get("isGap"):
                continue
            t = r["tokenCounts"]
            rows.append({"key": r["startTime"], "input": t["inputTokens"], "output": t["outputTokens"],
                         "cache_create": t["cacheCreationInputTokens"], "cache_read": t["cacheReadInputTokens"],
                         "cost": r["costUSD"]})
        else:
            rows.append({"key": r["period"], "input": r["inputTokens"], "output": r["outputTokens"],
                         "cache_create": r["cacheCreationTokens"], "cache_read": r["cacheReadTokens"],
                         "cost": r["totalCost"]})
    return rows, seconds


def mso_rows(by: str, tree: Path, data_dir: Path) -> tuple[list[dict], float]:
    """mso's rows of one grouping in the same shape (block keys as ccusage's ISO start), and its time."""
    env = {**os.environ, "MSO_DATA_DIR": str(data_dir), "TZ": "UTC"}
    started = time.perf_counter()
    done = subprocess.run([*MSO, "usage", "--claude-dir", str(tree), "--by", by, "--timezone", "UTC", "--json"],
                          env=env, capture_output=True, text=True, check=True, cwd=HERE.parent)
    seconds = time.perf_counter() - started
    rows = []
    for r in json.loads(done.stdout)["rows"]:
        key = r["block"]["start"].replace("+00:00", ".000Z") if by == "block" else r["key"]
        rows.append({"key": key, "input": r["input_tokens"], "output": r["output_tokens"],
                     "cache_create": r["cache_creation_tokens"], "cache_read": r["cache_read_tokens"],
                     "cost": r["cost_usd"]})
    return rows, seconds


def same_rows(theirs: list[dict], ours: list[dict]) -> bool:
    """The same keys with the same four token counts (order aside: ccusage sorts sessions by activity)."""
    def counts(rows: list[dict]) -> dict:
        return {r["key"]: tuple(r[k] for k in ("input", "output", "cache_create", "cache_read")) for r in rows}
    return counts(theirs) == counts(ours)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=200)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--record", metavar="FIXTURE")
    args = parser.parse_args()
    tree = OUT / f"reports{args.mb:g}-{args.seed}"
    if not (tree / "projects").is_dir():
        subprocess.run([sys.executable, str(GEN), str(tree), "--mb", str(args.mb), "--seed", str(args.seed)],
                       check=True, capture_output=True)
    _, c20, version = ensure_ccusage()
    data_dir = OUT / "reports-data"
    recorded: dict = {"ccusage": version, "tree": f"--mb {args.mb:g} --seed {args.seed}", "reports": {}}
    worst = 0
    print(f"tree {tree.name}; mso's first report is a first-ever run (no caches), the next reuse its per-file sums")
    print(f"{'report':<8} {'rows c/m':>9} {'tokens (ccusage = mso)':>24} {'cost ccusage':>13} {'cost mso':>12} "
          f"{'diff':>7} {'ccusage s':>10} {'mso s':>6}")
    for kind, by in KINDS:
        theirs, t_c = ccusage_rows(c20, kind, tree)
        ours, t_m = mso_rows(by, tree, data_dir)
        recorded["reports"][kind] = theirs
        tokens = same_rows(theirs, ours)
        cost_c, cost_m = sum(r["cost"] for r in theirs), sum(r["cost"] for r in ours)
        diff = abs(cost_m - cost_c) / cost_c if cost_c else 0.0
        worst = max(worst, 0 if tokens and diff <= 0.005 else 1)
        total_c = sum(r[k] for r in theirs for k in ("input", "output", "cache_create", "cache_read"))
        total_m = sum(r[k] for r in ours for k in ("input", "output", "cache_create", "cache_read"))
        same = "=" if tokens and total_c == total_m else "DIFFERENT"
        print(f"{kind:<8} {len(theirs):>4}/{len(ours):<4} {total_c:>14,} {same:>9} {cost_c:>13.4f} {cost_m:>12.4f} "
              f"{diff:>7.3%} {t_c:>10.2f} {t_m:>6.2f}")
    if args.record:
        Path(args.record).write_text(json.dumps(recorded, indent=1) + "\n")
    return worst


if __name__ == "__main__":
    sys.exit(main())
