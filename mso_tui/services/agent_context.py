"""Delivering a handoff to an agent's context: the text it gets, and Codex's AGENTS.md block."""
from __future__ import annotations

from pathlib import Path

from mso_tui.records import HandoffRecord, SessionRecord
from mso_tui.store.models import Session

# how a user reopens an agent's own session, when the agent has such a command
RESUME = {"claude-code": "claude --resume {id}", "codex": "codex resume {id}", "gemini": "gemini --resume {id}"}


def previous_session_line(handoff: HandoffRecord | None) -> str:
    """One line naming the session the handoff came from: its number, its agent and the agent's session id."""
    if handoff is None or handoff.session_id is None:
        return ""
    row = Session.get_or_none(Session.id == handoff.session_id)
    if row is None:
        return ""
    line = f"The previous session ({row.number}) ran in {row.agent}"
    if row.agent_session_id:
        line += f", agent session id {row.agent_session_id}"
        command = RESUME.get(row.agent)
        if command:
            line += f" (reopen it with `{command.format(id=row.agent_session_id)}`)"
    return line + "."


def context_text(session: SessionRecord, handoff: HandoffRecord | None) -> str:
    """What the agent is given at start: who it is in the project, where the handoff came from, the handoff."""
    head = f"mso: this is session {session.number} of project {session.project_name}."
    if handoff is None:
        return f"{head} It is the project's first session: there is no previous handoff yet."
    lines = [f"{head} Continue from the handoff of the previous session below.", previous_session_line(handoff)]
    return "\n".join(line for line in lines if line) + "\n\n" + handoff.master_prompt


def delivered_for_project(project_id: int) -> HandoffRecord | None:
    """The handoff the project delivers (services/delivery.py says which version counts), as a record."""
    from mso_tui.services.delivery import delivered_row
    from mso_tui.store.to_records import handoff_record

    row = delivered_row(project_id)
    return handoff_record(row) if row is not None else None


def deliver(session: SessionRecord, handoff: HandoffRecord | None, agent: str, repo: str | None) -> str:
    """The context text; for Codex it is also written into the repo's AGENTS.md block (the rest kept)."""
    text = context_text(session, handoff)
    if agent == "codex" and repo:
        from mso_tui.handoff.agents_md import write_block

        write_block(repo, text)
    return text


def deliver_to_agent(session: SessionRecord, handoff: HandoffRecord | None) -> str | None:
    """After `session start --agent A`: put the context where that agent reads it; say where (None: stdout only)."""
    from mso_tui.store.models import Project

    repo = Project.get_by_id(session.project_id).repo_path
    if session.agent != "codex" or not repo:
        return None
    deliver(session, handoff, "codex", repo)
    return str(Path(repo) / "AGENTS.md")


def refresh_agents_md(project_id: int, repo: str | None) -> bool:
    """After a new handoff: update the AGENTS.md block where one is kept already (True when it was)."""
    import os

    from mso_tui.handoff.agents_md import block_content, write_block

    if not repo:
        return False
    path = os.path.join(repo, "AGENTS.md")
    try:
        with open(path, encoding="utf-8") as handle:
            if block_content(handle.read()) is None:
                return False
    except OSError:
        return False
    handoff = delivered_for_project(project_id)
    if handoff is None or handoff.session_id is None:
        return False
    from mso_tui.store.to_records import session_record

    done = session_record(Session.get_by_id(handoff.session_id))
    text = (f"mso: the handoff of session {done.number} of project {done.project_name}, for the next session. "
            f"{previous_session_line(handoff)}\n\n{handoff.master_prompt}")
    write_block(repo, text)
    return True
