#!/usr/bin/env python3
"""Benchmark `mso usage --claude-dir` against ccusage 17.2.1 and ccusage 20 on a generated Claude tree.

usage: python bench/bench_usage.py [--mb 200] [--runs 3] [--skip-import] [--baseline SRC]
Generates bench/out/claude<MB>/ with ../shared/tools/gen_claude_corpus.py (its true totals saved
beside it), installs both ccusage releases with npm into bench/out/node_modules when missing, then
times each tool in interleaved rounds (best of --runs; peak RSS from /usr/bin/time), checks totals,
compares all three on the shared corpus's real Claude files, and times a full `mso import` of the
same tree. --baseline SRC also times mso installed from another source tree (e.g. an older commit's
export) in the same rounds. Results: printed, and bench/out/results.json.

What the runs mean:
  cold   the tree was never scanned: the per-file sums, the tree summary and the saved outputs are
         removed before each run; the model rates looked up in genai-prices before are kept (they
         belong to the installed price database, not to the tree)
  first  a first run ever: the whole cache folder removed, so genai-prices is imported for the rates
  warm   nothing changed since the last run: the saved output is replayed
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"
ROOT = HERE.parent
GEN = Path(os.environ.get("MSO_GEN_CORPUS", ROOT.parent / "shared" / "tools" / "gen_claude_corpus.py"))
PY = sys.executable
TARGETS = {"cold_vs_17": 0.2, "cold_vs_20": 0.5, "warm_vs_20": 0.05, "memory_vs_20": 0.5}


def sh(cmd: list[str], **kw) -> subprocess.CompletedProcess:  # type: ignore[no-untyped-def]
    """Run a command, capturing text output."""
    return subprocess.run(cmd, capture_output=True, text=True, **kw)


def ensure_tree(mb: float) -> tuple[Path, dict]:
    """The generated tree and its ground truth (generated once)."""
    tree, truth_file = OUT / f"claude{mb:g}", OUT / f"claude{mb:g}.truth.json"
    if not truth_file.exists() or not (tree / "projects").is_dir():
        shutil.rmtree(tree, ignore_errors=True)
        print(f"generating a {mb:g} MB Claude Code tree ...", flush=True)
        result = sh([PY, str(GEN), str(tree), "--mb", str(mb)], check=True)
        truth_file.write_text(result.stdout)
    return tree, json.loads(truth_file.read_text())


def _native_platform() -> str:
    """The suffix of ccusage 20's native package for this machine."""
    arch = {"x86_64": "x64", "amd64": "x64", "aarch64": "arm64", "arm64": "arm64"}[os.uname().machine.lower()]
    return f"{sys.platform.replace('win32', 'win32')}-{arch}"


def ensure_ccusage() -> tuple[Path, Path, str]:
    """Entry scripts of ccusage 17.2.1 and of the newest 20.x that ships a binary for this platform."""
    c17, c20 = OUT / "node_modules/ccusage17/dist/index.js", OUT / "node_modules/ccusage20/src/cli.js"
    version_file = OUT / "ccusage20.version"
    if not (c17.exists() and c20.exists() and version_file.exists()):
        native = f"@ccusage/ccusage-{_native_platform()}"
        main = json.loads(sh(["npm", "view", "ccusage", "versions", "--json"], check=True).stdout)
        binaries = set(json.loads(sh(["npm", "view", native, "versions", "--json"], check=True).stdout))
        # the newest 20.x whose native binary exists for this platform (a release may lack one)
        v20 = max((v for v in main if v.startswith("20.") and v in binaries),
                  key=lambda v: tuple(int(x) for x in v.split(".")))
        (OUT / "package.json").write_text('{"name": "mso-bench", "private": true}\n')
        sh(["npm", "install", "--no-audit", "--no-fund", "ccusage17@npm:ccusage@17.2.1",
            f"ccusage20@npm:ccusage@{v20}"], cwd=OUT, check=True)
        version_file.write_text(v20)
    return c17, c20, version_file.read_text().strip()


def timed(cmd: list[str], env: dict[str, str], before=None) -> tuple[float, int, str]:  # type: ignore[no-untyped-def]
    """(seconds, peak RSS in MB, stdout) of one run, measured by /usr/bin/time."""
    if before:
        before()
    stats = OUT / "time.txt"
    started = time.perf_counter()
    result = subprocess.run(["/usr/bin/time", "-f", "%e %M", "-o", str(stats), *cmd], env=env,
                            capture_output=True, text=True, cwd=ROOT)
    wall = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"failed: {' '.join(cmd)}\n{result.stderr[-2000:]}")
    peak_kb = int(stats.read_text().split()[-1])
    return wall, peak_kb // 1024, result.stdout


def best(runs: int, cmd: list[str], env: dict[str, str], before=None) -> tuple[float, int, str]:  # type: ignore[no-untyped-def]
    """Best time of several runs (the machine is shared) and the largest peak memory seen."""
    results = [timed(cmd, env, before) for _ in range(runs)]
    return min(r[0] for r in results), max(r[1] for r in results), results[-1][2]


def interleaved(runs: int, jobs: dict[str, tuple]) -> dict[str, tuple[float, int, str]]:
    """Each job (cmd, env, before) once per round, rounds repeated: the best time and largest peak of each.

    Interleaving spreads the shared machine's load over every tool alike."""
    seen: dict[str, list[tuple[float, int, str]]] = {name: [] for name in jobs}
    for _ in range(runs):
        for name, (cmd, env, before) in jobs.items():
            seen[name].append(timed(cmd, env, before))
    return {name: (min(r[0] for r in rs), max(r[1] for r in rs), rs[-1][2]) for name, rs in seen.items()}


TREE_CACHES = ("usage-files-", "usage-summary-", "usage-output-")  # what a cold run must not find


def clear_tree_caches(data: Path) -> None:
    """Remove what mso saved about scanned trees, keeping the price rates (see the module's docstring)."""
    for path in (data / "cache").glob("usage-*"):
        if path.name.startswith(TREE_CACHES):
            path.unlink()


def ccusage_totals(stdout: str) -> dict[str, float]:
    """Token totals and cost from `ccusage daily --json`."""
    t = json.loads(stdout)["totals"]
    return {"input": t["inputTokens"], "output": t["outputTokens"], "cache_create": t["cacheCreationTokens"],
            "cache_read": t["cacheReadTokens"], "cost": t["totalCost"]}


def mso_totals(stdout: str) -> dict[str, float]:
    """Token totals and cost from `mso usage --json`."""
    t = json.loads(stdout)["totals"]
    return {"input": t["input_tokens"], "output": t["output_tokens"], "cache_create": t["cache_creation_tokens"],
            "cache_read": t["cache_read_tokens"], "cost": t["cost_usd"]}


def run_import(tree: Path, env: dict[str, str]) -> dict:
    """A full `mso import` of the tree into a fresh store: time, peak memory, rows, database size."""
    data = OUT / "mso-import-data"
    shutil.rmtree(data, ignore_errors=True)
    env = {**env, "MSO_DATA_DIR": str(data)}
    seconds, peak, stdout = timed([PY, "-m", "mso_tui", "import", str(tree), "--json"], env)
    report = json.loads(stdout)
    db = data / "mso.sqlite3"
    with sqlite3.connect(db) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        rows = {t: conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
                for t in ("project", "session", "turn", "usage_event", "imported_file")}
    again, _, stdout2 = timed([PY, "-m", "mso_tui", "import", str(tree), "--json"], env)
    return {"seconds": round(seconds, 2), "peak_mb": peak, "rows": rows,
            "db_mb": round(sum(p.stat().st_size for p in data.glob("mso.sqlite3*")) / 1e6, 1),
            "errors": len(report["errors"]), "rerun_seconds": round(again, 2),
            "rerun_files": json.loads(stdout2)["files"]}


def corpus_check(c17: Path, c20: Path, mso: Path, env: dict[str, str]) -> dict | None:
    """Token totals of ccusage 17, ccusage 20 and mso on the shared corpus's real Claude files.

    Real transcripts stream a response over several lines with growing counts (the generated tree
    repeats one count), which is where the two ccusage releases differ; mso follows ccusage 20.
    """
    source = ROOT.parent / "shared" / "corpus" / "claude_code"
    if not source.is_dir():
        return None
    tree = OUT / "corpus-claude"
    shutil.rmtree(tree, ignore_errors=True)
    for path in source.glob("*.jsonl"):
        # the corpus flattens each file's path into its name (owner__repo__.claude__projects__<slug>__<file>):
        # put it back where Claude Code keeps it, so a subagent's file sits in its session's subagents/ folder
        _, _, rest = path.name.partition(".claude__projects__")
        target = tree / "projects" / Path(*(rest or f"corpus__{path.name}").split("__"))
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(path, target)
    node_env = {**env, "CLAUDE_CONFIG_DIR": str(tree)}
    out = {}
    # ccusage 20's daily and session reports count real transcripts by different rules (a subagent's
    # response: the parent's progress copy in daily, the larger copy in session), so both are printed
    for name, script, report in (("ccusage17", c17, "daily"), ("ccusage20", c20, "daily"),
                                 ("ccusage20 session", c20, "session")):
        out[name] = ccusage_totals(sh(["node", str(script), report, "--json", "--offline"], env=node_env,
                                      check=True).stdout)
    data = OUT / "mso-corpus-data"
    shutil.rmtree(data, ignore_errors=True)
    out["mso"] = mso_totals(sh([str(mso), "usage", "--claude-dir", str(tree), "--json"],
                               env={**env, "MSO_DATA_DIR": str(data)}, check=True).stdout)
    return out


def ensure_release(source: Path = ROOT, name: str = "release-venv") -> Path:
    """A venv with mso installed as a user gets it (a regular, not an editable, install), rebuilt each run."""
    venv = OUT / name
    python = venv / "bin" / "python"
    if not python.exists():
        sh([sys.executable, "-m", "venv", str(venv)], check=True)
    # the development venv's editable install adds an import hook to every start (~25 ms)
    done = sh([str(python), "-m", "pip", "install", "-q", "--upgrade", "--force-reinstall", "--no-deps", str(source)])
    if done.returncode == 0:
        done = sh([str(python), "-m", "pip", "install", "-q", str(source)])
    if done.returncode != 0:
        raise SystemExit(f"installing mso into {venv} failed:\n{done.stderr[-2000:]}")
    return python


def main() -> int:
    """Generate, install, time, compare, print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=200)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--skip-import", action="store_true")
    parser.add_argument("--baseline", metavar="SRC", type=Path, help="also time mso installed from this source tree")
    args = parser.parse_args()
    OUT.mkdir(exist_ok=True)
    tree, truth = ensure_tree(args.mb)
    c17, c20, v20 = ensure_ccusage()
    base = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}  # as installed: .pyc used
    node_env = {**base, "CLAUDE_CONFIG_DIR": str(tree)}
    release = ensure_release()
    installs = {"mso": release}
    if args.baseline:
        installs["baseline"] = ensure_release(args.baseline.resolve(), "baseline-venv")

    def mso_jobs(name: str, python: Path) -> dict[str, tuple]:
        data = OUT / f"{name}-usage-data"
        env = {**base, "MSO_DATA_DIR": str(data)}
        cmd = [str(python.parent / "mso"), "usage", "--claude-dir", str(tree), "--by", "day", "--json"]
        return {f"{name}_first": (cmd, env, lambda: shutil.rmtree(data / "cache", ignore_errors=True)),
                f"{name}_cold": (cmd, env, lambda: clear_tree_caches(data)),
                f"{name}_warm": (cmd, env, None)}  # after the cold run: its output is saved

    print(f"tree: {tree} ({truth['bytes'] / 1e6:.0f} MB, {truth['sessions']} files); ccusage 20 = {v20}", flush=True)
    print("cold: tree caches removed, price rates kept; first: whole cache removed; warm: output replayed; "
          f"interleaved rounds, best of {args.runs}", flush=True)
    jobs: dict[str, tuple] = {"ccusage20": (["node", str(c20), "daily", "--json", "--offline"], node_env, None)}
    for name, python in installs.items():
        jobs.update(mso_jobs(name, python))
    got = interleaved(args.runs, jobs)
    r17 = best(max(1, args.runs - 1), ["node", str(c17), "daily", "--json", "--offline"], node_env)
    r20, cold, warm = got["ccusage20"], got["mso_cold"], got["mso_warm"]
    t17, t20, tc, tw = ccusage_totals(r17[2]), ccusage_totals(r20[2]), mso_totals(cold[2]), mso_totals(warm[2])
    keys = ("input", "output", "cache_create", "cache_read")
    checks = {
        "tokens_equal_ccusage17": all(tc[k] == t17[k] for k in keys),
        "tokens_equal_ccusage20": all(tc[k] == t20[k] for k in keys),
        "tokens_equal_ground_truth": all(tc[k] == truth[k] for k in keys),
        "warm_equals_cold": tc == tw,
        "first_equals_cold": mso_totals(got["mso_first"][2]) == tc,
        "cost_within_0.5pct_of_ccusage20": abs(tc["cost"] - t20["cost"]) <= 0.005 * t20["cost"],
        "cost_within_0.5pct_of_ccusage17": abs(tc["cost"] - t17["cost"]) <= 0.005 * t17["cost"],
    }
    ratios = {"cold_vs_17": cold[0] / r17[0], "cold_vs_20": cold[0] / r20[0], "warm_vs_20": warm[0] / r20[0],
              "memory_vs_20": cold[1] / r20[1]}
    seconds = {"ccusage17": r17[0], **{name: r[0] for name, r in got.items()}}
    peaks = {"ccusage17": r17[1], **{name: r[1] for name, r in got.items()}}
    results = {
        "tree_mb": round(truth["bytes"] / 1e6, 1), "files": truth["sessions"], "ccusage20_version": v20,
        "seconds": seconds, "peak_mb": peaks,
        "ratios": {k: round(v, 3) for k, v in ratios.items()},
        "vs_ccusage20": {name: round(t / r20[0], 3) for name, t in seconds.items() if name != "ccusage20"},
        "targets_met": {k: ratios[k] <= TARGETS[k] for k in TARGETS},
        "checks": checks, "totals": {"mso": tc, "ccusage17": t17, "ccusage20": t20},
    }
    for name, value in seconds.items():
        vs = f"{value / r20[0]:6.3f}x ccusage 20" if name != "ccusage20" else ""
        print(f"{name:<15} {value:8.2f} s  {peaks[name]:6d} MB peak  {vs}")
    for key, value in ratios.items():
        print(f"{key:<13} {value:6.3f}  (target <= {TARGETS[key]})  {'ok' if value <= TARGETS[key] else 'MISSED'}")
    for key, ok in checks.items():
        print(f"{key:<34} {'ok' if ok else 'FAILED'}")
    mso_env = {**base, "MSO_DATA_DIR": str(OUT / "mso-usage-data")}
    corpus = corpus_check(c17, c20, release.parent / "mso", base)
    if corpus is not None:
        results["corpus"] = corpus
        print("shared corpus, Claude files (input / output / cache write / cache read / cost):")
        for name, t in corpus.items():
            print(f"  {name:<18} {t['input']} / {t['output']} / {t['cache_create']} / {t['cache_read']} / "
                  f"{t['cost']:.6f}")
        for name in ("ccusage20", "ccusage20 session"):
            same = [k for k in ("input", "output", "cache_create", "cache_read") if corpus["mso"][k] == corpus[name][k]]
            print(f"  mso tokens equal {name}: {', '.join(same) or 'none'}")
    if not args.skip_import:
        print("full mso import ...", flush=True)
        results["import"] = run_import(tree, mso_env)
        print(json.dumps(results["import"]))
    (OUT / "results.json").write_text(json.dumps(results, indent=2))
    return 0 if all(checks.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
