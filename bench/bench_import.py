"""Import speed: `mso import` of a transcript tree against the orjson parse floor of the same tree, in one run.

Usage: python bench/bench_import.py TREE [--runs N] [--profile]
TREE is e.g. a tree written by a Claude Code corpus generator (projects/<slug>/<uuid>.jsonl).
Each round (interleaved, so the machine's noise hits both alike) measures, in fresh processes:
the parse floor (every line parsed with orjson in one process), a first import into an empty store
(wall time and peak memory), and a second import of the same unchanged tree. Prints medians and ratios.
With --profile, one more import runs under cProfile and the top functions by cumulative time are printed.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CHILD_FLOOR = """
import os, sys, time, orjson
t0 = time.perf_counter(); n = 0
for root, _, files in os.walk(sys.argv[1]):
    for name in files:
        with open(os.path.join(root, name), "rb") as fh:
            for line in fh:
                if line.strip():
                    try:
                        orjson.loads(line); n += 1
                    except orjson.JSONDecodeError:
                        pass
print(time.perf_counter() - t0)
"""

CHILD_IMPORT = """
import os, resource, sys, time
sys.path.insert(0, os.environ["ROOT"])
t0 = time.perf_counter()
from mso_tui.store.db import close_db, init_db
from mso_tui.services.imports import import_paths
init_db()
report = import_paths([sys.argv[1]])
close_db()
took = time.perf_counter() - t0
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(took, peak, report.files, report.turns, report.unchanged)
"""

CHILD_PROFILE = """
import cProfile, os, pstats, sys
sys.path.insert(0, os.environ["ROOT"])
from mso_tui.store.db import close_db, init_db
from mso_tui.services.imports import import_paths
init_db()
prof = cProfile.Profile()
prof.enable(); import_paths([sys.argv[1]]); prof.disable()
close_db()
stats = pstats.Stats(prof); stats.sort_stats("tottime").print_stats(25)
"""


def _run(code: str, tree: Path, data_dir: Path, root: Path = ROOT) -> list[str]:
    """Run one child with its own data dir; its last stdout line split."""
    env = {**os.environ, "ROOT": str(root), "MSO_DATA_DIR": str(data_dir), "MSO_CONFIG": str(data_dir / "c.toml")}
    env.pop("MSO_DATABASE_URL", None)
    out = subprocess.run([sys.executable, "-c", code, str(tree)], env=env, capture_output=True, text=True,
                         check=True)
    return out.stdout.strip().splitlines()[-1].split()


def main() -> None:
    """Interleave the rounds, then print the medians and ratios."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("tree", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--compare", type=Path, help="another checkout whose first import runs in each round too")
    args = parser.parse_args()
    floors, firsts, seconds, peaks, others = [], [], [], [], []
    counts = ""
    for _ in range(args.runs):
        floors.append(float(_run(CHILD_FLOOR, args.tree, Path(tempfile.mkdtemp()))[0]))
        data = Path(tempfile.mkdtemp(prefix="mso-bench-import-"))
        took, peak, files, turns, _ = _run(CHILD_IMPORT, args.tree, data)
        firsts.append(float(took))
        peaks.append(float(peak))
        counts = f"{files} files, {turns} turns"
        took, _, _, _, unchanged = _run(CHILD_IMPORT, args.tree, data)
        seconds.append(float(took))
        if args.compare:
            others.append(float(_run(CHILD_IMPORT, args.tree, Path(tempfile.mkdtemp()), args.compare)[0]))
    floor, first, second = (statistics.median(v) for v in (floors, firsts, seconds))
    size = sum(p.stat().st_size for p in args.tree.rglob("*") if p.is_file()) / 2**20
    print(json.dumps({"tree_mb": round(size, 1), "what": counts, "runs": args.runs,
                      "parse_floor_s": round(floor, 3), "import_s": round(first, 3),
                      "import_over_floor": round(first / floor, 2), "reimport_s": round(second, 3),
                      "reimport_over_import": round(second / first, 3), "peak_mb": round(max(peaks), 1)}))
    print(f"import {first:.2f} s = {first / floor:.1f}x the parse floor ({floor:.2f} s; target <= 6x); "
          f"re-import {second:.2f} s = {second / first:.3f}x (target <= 0.1x); peak {max(peaks):.0f} MB "
          f"(target <= 150 MB)")
    if others:
        other = statistics.median(others)
        print(f"the other checkout's import: {other:.2f} s = {other / floor:.1f}x the parse floor; "
              f"this one takes {first / other:.2f}x its time")
    if args.profile:
        env = {**os.environ, "ROOT": str(ROOT)}
        data = Path(tempfile.mkdtemp(prefix="mso-bench-profile-"))
        env.update(MSO_DATA_DIR=str(data), MSO_CONFIG=str(data / "c.toml"))
        subprocess.run([sys.executable, "-c", CHILD_PROFILE, str(args.tree)], env=env, check=True)


if __name__ == "__main__":
    main()
