"""Count what mso_tui.redaction flags in the shared corpus, per kind, with samples to review by eye."""
from __future__ import annotations

import argparse
import sys
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from mso_tui.redaction import KINDS, find_secrets, redact  # noqa: E402


def context(text: str, start: int, end: int, width: int = 40, reveal: bool = False) -> str:
    """The flagged span in brackets with some text either side, on one line (the span masked unless reveal)."""
    span = text[start:end]
    shown = span if reveal else f"{span[:3]}…{len(span)} chars"
    snippet = f"{text[max(0, start - width):start]}⟦{shown}⟧{text[end:end + width]}"
    return snippet.replace("\n", "⏎")


def main() -> None:
    """Print totals per kind, files per kind, and up to --samples flagged snippets per kind."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("corpus", type=Path, nargs="?",
                        default=Path(__file__).resolve().parents[2] / "shared" / "corpus")
    parser.add_argument("--samples", type=int, default=5, help="snippets shown per kind (0: none)")
    parser.add_argument("--reveal", action="store_true", help="print flagged values whole (to review false positives)")
    args = parser.parse_args()
    totals: Counter[str] = Counter()
    files: dict[str, set[str]] = defaultdict(set)
    samples: dict[str, list[str]] = defaultdict(list)
    paths = sorted(p for p in args.corpus.rglob("*") if p.is_file())
    for path in paths:
        text = path.read_text("utf-8", errors="replace")
        result = redact(text)
        totals.update(result.counts)
        for secret in find_secrets(text):
            files[secret.kind].add(path.name)
            if len(samples[secret.kind]) < args.samples:
                around = context(text, secret.start, secret.end, reveal=args.reveal)
                samples[secret.kind].append(f"{path.name[:50]}: {around}")
    print(f"{len(paths)} files, {sum(totals.values())} secrets redacted")
    for kind in KINDS:
        print(f"  {kind:14} {totals[kind]:5}  in {len(files[kind])} files")
    for kind in KINDS:
        for line in samples[kind]:
            print(f"[{kind}] {line}")


if __name__ == "__main__":
    main()
