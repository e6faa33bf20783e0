"""The store's figures for `mso statusline`, written to its cache: today's spend, the day budget, the active
block, project names by folder and whether a Claude Code session loaded a handoff."""
from __future__ import annotations

import os
import time

from mso_tui.store import models as m


def handoff_loaded(agent_session_id: str) -> bool | None:
    """Whether the mso session holding this agent session loaded a handoff (None: not imported yet)."""
    if not agent_session_id:
        return None
    row = (m.Session.select(m.Session.previous_handoff).where(m.Session.agent_session_id == agent_session_id)
           .order_by(m.Session.id.desc()).first())
    if row is None:
        link = m.AgentLink.get_or_none(m.AgentLink.agent_session_id == agent_session_id)
        row = m.Session.get_or_none(m.Session.id == link.session_id) if link is not None else None
    return None if row is None else row.previous_handoff_id is not None


def project_folders() -> dict[str, str]:
    """Folder -> project name, from the projects' repository paths and their sessions' working folders."""
    out = {cwd: name for cwd, name in m.Session.select(m.Session.cwd, m.Project.name).join(m.Project)
           .where(m.Session.cwd.is_null(False)).distinct().tuples() if cwd}
    out.update({p: name for p, name in m.Project.select(m.Project.repo_path, m.Project.name).tuples() if p})
    return out


def write_spend(session_id: str = "") -> dict:
    """Compute the figures and save them for the statusline (what was known of other sessions is kept)."""
    from mso_tui.services.budgets import spend_summary
    from mso_tui.store.db import init_db
    from mso_tui.usage.statusline_cache import load as _load
    from mso_tui.usage.statusline_cache import save

    lock = os.path.join(os.path.dirname(_cache_file_path()), "statusline-refresh.lock")
    try:
        init_db()
        summary = spend_summary()
        day = next((s.budget.limit_usd for s in summary.budgets
                    if s.budget.scope == "overall" and s.budget.period == "day"), None)
        now = time.time()
        old = _load("spend")
        handoffs = dict(old.get("handoffs") or {})
        if session_id:
            handoffs[session_id] = handoff_loaded(session_id)
        value: dict = {"written": now, "today_usd": summary.today_usd, "today_unpriced": summary.today_unpriced,
                       "day_limit": day, "projects": project_folders(),
                       "handoffs": dict(list(handoffs.items())[-64:])}
        if summary.block_minutes_left is not None:
            value["block_end"] = now + summary.block_minutes_left * 60
            value["block_last"] = now
        save("spend", value)
        return value
    finally:
        try:
            os.unlink(lock)
        except OSError:
            pass


def _cache_file_path() -> str:
    """Where the statusline's spend cache lives."""
    from mso_tui.usage.statusline_cache import cache_file

    return cache_file("spend")


__all__ = ["write_spend", "handoff_loaded", "project_folders"]
