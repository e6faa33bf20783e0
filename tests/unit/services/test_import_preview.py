"""Issue 16 item 3: the import plan makes the same decisions as the import, and writes nothing."""
from __future__ import annotations

from pathlib import Path

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
