"""The Files tab: what git recorded plus what the transcript's Edit/Write calls touched, or why neither."""
from __future__ import annotations

import fnmatch
import os

from mso_tui.handoff.extractive.tools import files_touched, pair_tools
from mso_tui.records import FileChangeRecord
from mso_tui.services.turns import all_turns, session_files
from mso_tui.store.models import Project, Session

TRANSCRIPT = "edited"  # change_type of a file known from the transcript only; its line counts are unknown
# files mso itself writes into a repo: exported handoffs are not the session's work
_OWN_FILES = ("HANDOFF.md", "*-handoff-*.md")


def is_mso_output(path: str) -> bool:
    """True for a file mso writes (an exported handoff)."""
    name = os.path.basename(path)
    return any(fnmatch.fnmatch(name, pattern) for pattern in _OWN_FILES)


def transcript_edits(session_id: int) -> list[str]:
    """Paths the session's successful Edit/Write (and patch) calls changed, in first-seen order."""
    turns = all_turns(session_id)
    texts = [t.text for t in turns if t.kind in ("message", "tool_result", "meta") and t.text]
    return files_touched(pair_tools(turns), texts)[0]


def files_view(session_id: int) -> tuple[list[FileChangeRecord], str]:
    """The files to list and a note on where they come from (or why there are none)."""
    stored = [f for f in session_files(session_id) if not is_mso_output(f.path)]
    known = {f.path for f in stored}
    edited = [p for p in transcript_edits(session_id) if p not in known and not is_mso_output(p)]
    rows = stored + [FileChangeRecord(0, session_id, p, None, os.path.splitext(p)[1].lstrip("."), TRANSCRIPT, -1, -1)
                     for p in edited]
    if rows:
        sources = (["git"] if stored else []) + (["the transcript's Edit/Write calls"] if edited else [])
        return rows, f"From {' and '.join(sources)}" + (" (line counts unknown for those)" if edited else "")
    session = Session.get_by_id(session_id)
    repo = Project.get_by_id(session.project_id).repo_path
    why = ["no Edit or Write calls in this session's transcript"]
    if not repo:
        why.append("the project has no repository folder for git to compare")
    elif session.status == "in_progress":
        why.append("git changes are recorded when the session is completed (x)")
    else:
        why.append("git recorded no change")
    return [], "No files: " + "; ".join(why) + "."
