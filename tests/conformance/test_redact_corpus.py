"""Every file of the shared real-transcript corpus goes through redact(): it completes and is idempotent."""
from __future__ import annotations

from pathlib import Path

from mso_tui.redaction import KINDS, has_secrets, redact


def test_corpus_redacts_idempotently(corpus_dir: Path) -> None:
    """No file breaks the engine; redacting twice equals redacting once; nothing flagged is left."""
    files = sorted(p for p in corpus_dir.rglob("*") if p.is_file())
    assert files, f"no files under {corpus_dir}"
    totals: dict[str, int] = {}
    for path in files:
        text = path.read_text("utf-8", errors="replace")
        once = redact(text)
        assert redact(once.text).text == once.text, path.name
        assert not has_secrets(once.text), path.name
        assert set(once.counts) <= set(KINDS)
        for kind, n in once.counts.items():
            totals[kind] = totals.get(kind, 0) + n
    print("redacted per kind:", dict(sorted(totals.items())))
