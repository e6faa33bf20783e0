"""Issue 16 item 3: the import plan makes the same decisions as the import, and writes nothing."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from mso_tui.services.import_preview import preview_paths
from mso_tui.services.imports import import_paths
from mso_tui.store.models import ImportedFile, Project, Session
from tests.helpers.claude_lines import conversation, write


def test_the_plan_matches_what_the_import_then_does(store: Path, tmp_path: Path) -> None:
    write(tmp_path / "t" / "one.jsonl", conversation("s1", "/a/app", 2))
    write(tmp_path / "t" / "two.jsonl", conversation("s2", "/b/app", 2))  # same folder name, another place
    write(tmp_path / "t" / "again.jsonl", conversation("s1", "/a/app", 1, start=5))  # s1 goes on in a new file
    plan = preview_paths([tmp_path / "t"])
    assert Project.select().count() == 0 and Session.select().count() == 0 and ImportedFile.select().count() == 0
    planned = sorted((Path(p.file).name, p.project, p.project_new, p.state) for p in plan.placements)
    assert planned == [("again.jsonl", "app", True, "new"), ("one.jsonl", "app", True, "new"),
                       ("two.jsonl", "b-app", True, "new")]
    report = import_paths([tmp_path / "t"])
    assert sorted((Path(p["file"]).name, p["project"]) for p in report.placements) == [
        (name, project) for name, project, _, _ in planned]
    assert preview_paths([tmp_path / "t"]).placements == []  # nothing new since


def test_the_import_writes_the_plans_parses_and_reads_a_file_changed_since(
        store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The plan's parse of a file is what the import writes (the file is not read twice); a file that grew
    after the plan is read again, so nothing appended in between is recorded as imported unread."""
    from mso_tui.importers import claude_code
    from mso_tui.store.models import Turn

    write(tmp_path / "t" / "same.jsonl", conversation("s1", "/a/app", 2))
    grown = write(tmp_path / "t" / "grown.jsonl", conversation("s2", "/a/app", 2))
    plan = preview_paths([tmp_path / "t"])
    with grown.open("a") as fh:  # appended between the plan and the import
        fh.write("".join(json.dumps(r) + "\n" for r in conversation("s2", "/a/app", 1, start=10)))
    read: list[str] = []
    real = claude_code.parse

    def reading(path: Path, *args: object, **kwargs: object) -> object:
        read.append(Path(path).name)
        return real(path, *args, **kwargs)

    monkeypatch.setattr(claude_code, "parse", reading)
    import_paths([tmp_path / "t"], reuse=plan.parses)
    assert read == ["grown.jsonl"]
    texts = [t.text for t in Turn.select()]
    assert "please do step 10" in texts  # what was appended is stored
    assert import_paths([tmp_path / "t"]).unchanged == 2
