"""Every real aider, SpecStory and Cursor transcript of the shared corpus parses with sane counts."""
from __future__ import annotations

from pathlib import Path

import pytest

from mso_tui.importers import aider, cursor, specstory

MODULES = {"aider": aider, "specstory": specstory, "cursor": cursor}
SPEAKS = {"aider": "\n#### ", "specstory": "_**User", "cursor": "**User**"}


@pytest.mark.parametrize("folder", sorted(MODULES))
def test_corpus_folder_parses(corpus_dir: Path, folder: str) -> None:
    module = MODULES[folder]
    files = sorted((corpus_dir / folder).iterdir())
    assert files, f"no {folder} files in the corpus"
    for path in files:
        data = path.read_bytes()
        speaks = SPEAKS[folder] in data.decode("utf-8", "replace")
        assert module.sniff(path, data[:4096]) or not speaks, path.name
        result = module.parse(path)
        assert result.end_offset == len(data) and result.format == module.FORMAT
        assert not [e for e in result.errors if e.reason.startswith("binary")], path.name
        turns = [t for s in result.sessions for t in s.turns]
        if speaks:
            assert result.sessions and turns, f"{path.name}: content but no turns"
            assert any(t.role == "user" for t in turns), path.name
        for session in result.sessions:
            ids = [t.source_id for t in session.turns]
            assert all(ids) and len(ids) == len(set(ids)), path.name
            assert session.agent_session_id
        for session in result.sessions:
            for usage in session.usage:
                assert usage.input_tokens >= 0 and usage.output_tokens >= 0 and usage.model


def test_corpus_aider_usage_and_edits(corpus_dir: Path) -> None:
    sessions = [s for p in sorted((corpus_dir / "aider").iterdir()) for s in aider.parse(p).sessions]
    assert sum(len(s.usage) for s in sessions) > 10
    assert any(t.tool_name == "edit" for s in sessions for t in s.turns)
