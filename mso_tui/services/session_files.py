"""The Files tab: what git recorded plus what the transcript's Edit/Write calls touched, or why neither."""
from __future__ import annotations

import os

from mso_tui.handoff.extractive.tools import files_touched, pair_tools
from mso_tui.records import FileChangeRecord
from mso_tui.services import git_changes as gitinfo
from mso_tui.services.git_baseline import has_start_point, is_mso_output, session_changes
from mso_tui.services.turns import all_turns, session_files
from mso_tui.store.models import Project, Session

TRANSCRIPT = "edited"  # change_type of a file known from the transcript only; its line counts are unknown


def transcript_edits(session_id: int) -> list[str]:
    """Paths the session's successful Edit/Write (and patch) calls changed, in first-seen order."""
    turns = all_turns(session_id)
    texts = [t.text for t in turns if t.kind in ("message", "tool_result", "meta") and t.text]
    return files_touched(pair_tools(turns), texts)[0]


def _live_git(session: Session, repo: str | None) -> tuple[list[FileChangeRecord], str]:
    """A running session's changes as git sees them now, or why git shows none (the reason's words)."""
    if not repo:
        return [], "the project has no repository folder for git to compare"
    if not os.path.isdir(repo):
        return [], f"the repository folder {repo} is not there"
    if not gitinfo.is_repo(repo):
        return [], f"{repo} is not a git repository"
    if not has_start_point(session.git_start, session.git_baseline):
        return [], "no git start point was recorded when the session started (not a git repository then)"
    changes, older = session_changes(repo, session.git_start, session.git_baseline)
    rows = [FileChangeRecord(0, session.id, c.path, c.old_path, os.path.splitext(c.path)[1].lstrip(".").lower(),
                             c.change_type, c.lines_added, c.lines_removed) for c in changes]
    left_out = f" ({older} file(s) already changed before the start left out)" if older else ""
    return rows, ("" if rows else "git shows no change since the session started") + left_out


def files_view(session_id: int) -> tuple[list[FileChangeRecord], str]:
    """The files to list and a note on where they come from (or why there are none)."""
    session = Session.get_by_id(session_id)
    repo = Project.get_by_id(session.project_id).repo_path
    stored = [f for f in session_files(session_id) if not is_mso_output(f.path)]
    live_note = ""
    if session.status == "in_progress" and not stored:
        live, live_note = _live_git(session, repo)  # nothing recorded yet: what git shows now
        stored = live + stored
    known = {f.path for f in stored}
    edited = [p for p in transcript_edits(session_id) if p not in known and not is_mso_output(p)]
    rows = stored + [FileChangeRecord(0, session_id, p, None, os.path.splitext(p)[1].lstrip("."), TRANSCRIPT, -1, -1)
                     for p in edited]
    if rows:
        git = "git, since the session's start commit" if session.status == "in_progress" else "git"
        sources = ([git] if stored else []) + (["the transcript's Edit/Write calls"] if edited else [])
        note = f"From {' and '.join(sources)}" + (" (line counts unknown for those)" if edited else "")
        return rows, note + (live_note if stored else "")
    why = ["no Edit or Write calls in this session's transcript"]
    if session.status == "in_progress":
        why.append(live_note.strip())
    elif not repo:
        why.append("the project has no repository folder for git to compare")
    else:
        why.append("git recorded no change")
    return [], "No files: " + "; ".join(why) + "."
