"""Every transcript of the shared corpus imports through the service with no unhandled error."""
from __future__ import annotations

from pathlib import Path

import pytest

from mso_tui.services.imports import import_paths


def test_corpus_imports_every_format(store: Path, corpus_dir: Path, capsys: pytest.CaptureFixture) -> None:
    folders = [corpus_dir / name for name in ("claude_code", "codex", "gemini", "aider", "specstory", "cursor")]
    report = import_paths([f for f in folders if f.is_dir()])
    with capsys.disabled():
        print("\nformat        files  turns  usage  skipped  errors")
        for fmt, n in sorted(report.by_format.items()):
            print(f"{fmt:<12} {n['files']:>6} {n['turns']:>6} {n['usage_events']:>6} {n['skipped_lines']:>8} "
                  f"{n['errors']:>7}")
        print(f"unrecognised: {len(report.unrecognised)}; unpriced: {', '.join(report.unpriced_models)}")
    assert {"claude-code", "codex", "gemini", "aider", "specstory", "cursor"} <= set(report.by_format)
    assert all(n["turns"] > 0 for n in report.by_format.values())
    assert all(p.endswith(".meta.json") or "cursor" in p for p in report.unrecognised)
    again = import_paths([f for f in folders if f.is_dir()])
    assert again.turns == 0 and again.usage_events == 0  # idempotent
