"""What an import would do, file by file, before anything is written: which project, which session, new or not.

The same decisions as services/attach.py, read-only: a conversation continues the session an earlier
import put its agent session into, joins a running session it falls in (only one that names its agent
session), or becomes a new session. Nothing is stored; the files are parsed from where the last import
stopped, as the import itself will.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, Iterable

from mso_tui.importers.base import ParsedSession
from mso_tui.services.attach import Attacher, linked_session, project_name_for
from mso_tui.services.import_plan import plan_file, stored_files, unchanged_format
from mso_tui.services.imports import ProgressFn, collect, file_size
from mso_tui.services.parse_pool import Job, parse_ahead, prepare_job, worker_count
from mso_tui.store.models import Project, Session

NEW, CONTINUES, JOINS = "new", "continues", "joins"


@dataclass(frozen=True)
class Placement:
    """Where one conversation of a file would go."""

    file: str
    project: str
    project_new: bool  # the import would create the project
    session: int | None  # the existing session's number; None for a new session
    state: str  # new / continues (the same conversation, already in that session) / joins (another one's session)

    def to_json(self) -> dict[str, Any]:
        """Plain data for --json."""
        return {"file": self.file, "project": self.project, "project_new": self.project_new,
                "session": self.session, "state": self.state}


@dataclass
class ImportPreview:
    """The plan of an import, and what it would leave alone."""

    placements: list[Placement] = field(default_factory=list)
    unchanged: int = 0
    unrecognised: list[str] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)
    errors: list[dict[str, Any]] = field(default_factory=list)

    @property
    def joins(self) -> list[Placement]:
        """The conversations that would go into an existing session that does not hold them yet."""
        return [p for p in self.placements if p.state == JOINS]

    def joined_sessions(self) -> list[str]:
        """'project #N' of every session a conversation would join, sorted."""
        return sorted({f"{p.project} #{p.session}" for p in self.joins})

    def to_json(self) -> dict[str, Any]:
        """Plain data for --json."""
        return {"placements": [p.to_json() for p in self.placements], "joins": len(self.joins),
                "unchanged": self.unchanged, "unrecognised": self.unrecognised, "unreadable": self.unreadable,
                "errors": self.errors}


class _Planner:
    """Attacher's decisions without writing: remembers what this run would create."""

    def __init__(self, project_name: str | None) -> None:
        self.project_name = project_name.strip() if project_name else None
        self.by_cwd: dict[str, tuple[int | None, str]] = {}
        self.new_names: set[str] = set()
        self.agents: dict[str, tuple[str, bool, int | None, str]] = {}  # agent id -> what its first file got

    def project(self, parsed: ParsedSession, fmt: str) -> tuple[int | None, str]:
        """(id, name) of the project the conversation goes to; id None: one the import would create."""
        cwd = (parsed.cwd or "").strip()
        if self.project_name or not cwd:
            name = self.project_name or f"imported-{fmt}"
            row = Project.get_or_none(Project.name == name)
            return (row.id if row else None), name
        if cwd not in self.by_cwd:
            from mso_tui.services.projects import find_project_for_path

            found = find_project_for_path(cwd)
            if found is not None:
                self.by_cwd[cwd] = found.id, found.name
            else:
                name, existing = project_name_for(cwd, self.new_names)
                self.new_names.add(name)
                self.by_cwd[cwd] = existing, name
        return self.by_cwd[cwd]

    def place(self, parsed: ParsedSession, fmt: str, label: str) -> Placement:
        """Where the conversation would go."""
        agent_id = parsed.agent_session_id
        linked = linked_session(agent_id) if agent_id else None
        if linked is not None:
            row = Session.get_by_id(linked)
            return Placement(label, row.project.name, False, row.number, CONTINUES)
        if agent_id and agent_id in self.agents:  # an earlier file of this run carries the same conversation
            name, new_project, number, state = self.agents[agent_id]
            return Placement(label, name, new_project, number, state)
        project_id, name = self.project(parsed, fmt)
        running = None
        if project_id is not None and agent_id and parsed.id_from_file:
            running = Attacher.covering_in_progress(project_id, parsed)
        place = Placement(label, name, project_id is None, running.number if running else None,
                          JOINS if running else NEW)
        if agent_id:
            self.agents[agent_id] = (name, place.project_new, place.session, place.state)
        return place


def preview_paths(paths: Iterable[Path | str], project: str | None = None, format: str | None = None,
                  progress: ProgressFn | None = None) -> ImportPreview:
    """Where every new conversation under the paths would go; nothing is written.

    progress(files_done, files_total, bytes_done, bytes_total, path) after each file read (the changed ones).
    """
    preview = ImportPreview()
    known = stored_files()
    files = collect([Path(p).expanduser() for p in paths], format, preview.unreadable, known)
    jobs: list[Job] = []
    for path, module in files:
        if module is None:
            preview.unrecognised.append(str(path))
        elif unchanged_format(path, known) == module.FORMAT:
            preview.unchanged += 1
        else:
            try:
                plan = plan_file(path, module)
            except OSError as exc:
                preview.errors.append({"file": str(path), "line": 0, "reason": f"cannot read: {exc.strerror or exc}"})
                continue
            if plan is None:
                preview.unchanged += 1
            else:
                jobs.append((path, module.__name__, plan.offset, plan.state))
    sizes = [file_size(job[0]) for job in jobs]
    workers = worker_count(sum(sizes), len(jobs), writes=False)
    planner = _Planner(project)
    task = partial(prepare_job, as_text=False, headers_only=True)  # a header per conversation crosses, no rows
    parses = parse_ahead(jobs, workers, task) if workers else (task(job) for job in jobs)
    done_bytes = 0
    for index, (job, size, parsed) in enumerate(zip(jobs, sizes, parses), 1):
        done_bytes += size
        if progress is not None:
            progress(index, len(jobs), done_bytes, sum(sizes), str(job[0]))
        if isinstance(parsed, OSError):
            preview.errors.append({"file": str(job[0]), "line": 0, "reason": f"cannot read: {parsed.strerror}"})
            continue
        for rows in parsed.sessions:  # only conversations with turns or usage: the import skips the others
            preview.placements.append(planner.place(rows.header, parsed.format, str(job[0])))
    return preview
