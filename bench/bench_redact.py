"""Throughput of mso_tui.redaction: MB/s on generated prose and on the shared transcript corpus."""
from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from mso_tui.redaction import redact  # noqa: E402

WORDS = ("the session imported transcripts and wrote a handoff for the next agent while tests ran "
         "against the database module with migrations and a new importer for codex files that "
         "failed twice before the fix landed in the parser so we kept notes about tokens costs and "
         "the password reset flow which still needs a review of secrets handling").split()


def prose(mb: float, seed: int = 7) -> str:
    """About mb megabytes of plain English-like prose with punctuation and line breaks."""
    rng = random.Random(seed)
    lines, size = [], 0
    while size < mb * 1_000_000:
        line = " ".join(rng.choice(WORDS) for _ in range(rng.randint(6, 18))).capitalize() + "."
        lines.append(line)
        size += len(line) + 1
    return "\n".join(lines)


def measure(text: str, repeat: int = 3) -> tuple[float, int]:
    """Best MB/s over repeat runs (UTF-8 megabytes) and the number of secrets found."""
    size = len(text.encode("utf-8")) / 1_000_000
    best, count = float("inf"), 0
    for _ in range(repeat):
        began = time.perf_counter()
        count = redact(text).count
        best = min(best, time.perf_counter() - began)
    return size / best, count


def main() -> None:
    """Print throughput on generated prose and on every corpus file concatenated."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--corpus", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "corpus")
    parser.add_argument("--mb", type=float, default=10.0, help="size of the generated prose")
    args = parser.parse_args()
    rate, count = measure(prose(args.mb))
    print(f"generated prose  {args.mb:6.1f} MB  {rate:8.1f} MB/s  secrets={count}")
    if args.corpus.is_dir():
        files = sorted(p for p in args.corpus.rglob("*") if p.is_file())
        text = "\n".join(p.read_text("utf-8", errors="replace") for p in files)
        rate, count = measure(text)
        mb = len(text.encode("utf-8")) / 1_000_000
        print(f"corpus as one text  {mb:6.1f} MB  {rate:8.1f} MB/s  secrets={count}")
        # One call per file, as mso redacts a transcript or handoff at a time; files without wide
        # characters stay in Python's compact one-byte form, which `re` scans fastest.
        texts = [p.read_text("utf-8", errors="replace") for p in files]
        began = time.perf_counter()
        count = sum(redact(t).count for t in texts)
        rate = mb / (time.perf_counter() - began)
        print(f"corpus file by file {mb:6.1f} MB  {rate:8.1f} MB/s  secrets={count}")
    else:
        print(f"corpus not found at {args.corpus}")


if __name__ == "__main__":
    main()
