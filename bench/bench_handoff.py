"""Time the extractive handoff on a ~5 MB Claude Code transcript (issue 13 target: under 1 s).

    python bench/bench_handoff.py [--mb 5]

The transcript is written by ../shared/tools/gen_claude_corpus.py when it is there, else synthesized here;
it is parsed with the Claude Code importer, then only generate() is timed (twice: same bytes expected).
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
GENERATOR = ROOT.parent / "shared" / "tools" / "gen_claude_corpus.py"


def synthesize(path: Path, mb: float) -> None:
    """A Claude Code JSON-lines file of about mb megabytes: requests, edits, commands, failures, fixes."""
    lines, size, n = [], 0, 0
    while size < mb * 1_000_000:
        n += 1
        cmd = f"pytest tests/test_mod{n % 40}.py"
        records = [
            {"type": "user", "uuid": f"u{n}", "sessionId": "bench", "timestamp": "2026-01-01T00:00:00.000Z",
             "message": {"role": "user", "content": f"Please fix module {n % 40}; keep the public API stable."}},
            {"type": "assistant", "uuid": f"a{n}", "sessionId": "bench", "timestamp": "2026-01-01T00:00:01.000Z",
             "message": {"id": f"m{n}", "role": "assistant", "model": "claude-sonnet-4-5", "content": [
                 {"type": "text", "text": f"I decided to refactor `mod{n % 40}.parse()` because it fails. " * 3},
                 {"type": "tool_use", "id": f"t{n}", "name": "Bash", "input": {"command": cmd}},
                 {"type": "tool_use", "id": f"e{n}", "name": "Edit", "input": {"file_path": f"src/mod{n % 40}.py"}}]}},
            {"type": "user", "uuid": f"r{n}", "sessionId": "bench", "timestamp": "2026-01-01T00:00:02.000Z",
             "message": {"role": "user", "content": [
                 {"type": "tool_result", "tool_use_id": f"t{n}", "is_error": n % 3 == 0,
                  "content": ("E   ValueError: bad input\n" * 40) + ("Exit code: 1" if n % 3 == 0 else "ok")},
                 {"type": "tool_result", "tool_use_id": f"e{n}", "content": "edited"}]}},
        ]
        for record in records:
            line = json.dumps(record)
            lines.append(line)
            size += len(line) + 1
    path.write_text("\n".join(lines) + "\n")


def transcript(tmp: Path, mb: float) -> Path:
    """The biggest session file the shared generator writes, or a synthesized one."""
    if GENERATOR.exists():
        subprocess.run([sys.executable, str(GENERATOR), str(tmp / "gen"), "--mb", str(mb)], check=True,
                       capture_output=True)
        files = sorted((tmp / "gen").rglob("*.jsonl"), key=lambda p: p.stat().st_size)
        if files and files[-1].stat().st_size > mb * 500_000:
            return files[-1]
    path = tmp / "bench.jsonl"
    synthesize(path, mb)
    return path


def main() -> int:
    """Parse, then time generate()."""
    from mso_tui.handoff.extractive import generate
    from mso_tui.services.evaluation import _import, transcript_input
    from mso_tui.store.db import init_db

    parser = argparse.ArgumentParser()
    parser.add_argument("--mb", type=float, default=5.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = transcript(Path(tmp), args.mb)
        size = path.stat().st_size
        init_db(path=Path(tmp) / "bench.sqlite3")
        t0 = time.perf_counter()
        _import(path, "bench")
        inp = transcript_input("bench")
        t1 = time.perf_counter()
        first = generate(inp)
        t2 = time.perf_counter()
        second = generate(inp)
        t3 = time.perf_counter()
    print(f"transcript {size / 1e6:.1f} MB, {len(inp.turns):,} turns (import + load {t1 - t0:.2f} s)")
    same = first.master_prompt == second.master_prompt
    print(f"generate: {t2 - t1:.2f} s, again {t3 - t2:.2f} s, same bytes: {same}")
    print(f"tokens in {first.tokens_in:,} / out {first.tokens_out:,}, ratio {first.compression_ratio}, "
          f"coverage {first.coverage}")
    return 0 if (t2 - t1) < 1.0 else 1


if __name__ == "__main__":
    sys.exit(main())
