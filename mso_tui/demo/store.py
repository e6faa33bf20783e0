"""A realistic, deterministic demo store: projects, sessions, turns, usage, handoffs, knowledge, accounts."""
from __future__ import annotations

import datetime as dt
import os
import random
import tempfile
from pathlib import Path

from mso_tui.demo.script import ACCOUNTS, KNOWLEDGE, PROJECTS, SessionPlan
from mso_tui.store.models import (
    Account,
    Budget,
    FileChange,
    KnowledgeEntry,
    Project,
    Session,
    Turn,
    UsageEvent,
    database,
)

BASE = dt.datetime(2026, 10, 5, 9, 0)  # fixed, so screenshots and snapshots never move
PRICES = {"claude-sonnet-4-5": (3.0, 15.0, 3.75, 0.30), "gpt-5": (1.25, 10.0, 1.25, 0.125),
          "gpt-4o": (2.5, 10.0, 2.5, 1.25), "gemini-2.5-pro": (1.25, 10.0, 1.25, 0.31)}


def _cost(model: str, i: int, o: int, cw: int, cr: int) -> float:
    """Cost of one call at the demo's fixed prices (USD per million tokens)."""
    pi, po, pw, pr = PRICES[model]
    return (i * pi + o * po + cw * pw + cr * pr) / 1_000_000


def _turns(plan: SessionPlan, session_id: int, start: dt.datetime, model: str, rnd: random.Random) -> list[dict]:
    """The conversation rows of one planned session."""
    rows: list[dict] = []
    at = start

    def add(role: str, text: str, kind: str = "message", **extra: object) -> None:
        nonlocal at
        at += dt.timedelta(seconds=rnd.randint(20, 240))
        rows.append(dict(session=session_id, seq=len(rows) + 1, role=role, kind=kind, text=text,
                         timestamp=at, source_id=f"demo-{session_id}-{len(rows) + 1}",
                         model=model if role == "assistant" else None, **extra))

    for request in plan.requests:
        add("user", request)
        add("assistant", f"I'll look at this. {plan.narrative}")
        for path in plan.edits:
            add("assistant", f"Editing {path}", "tool_call", tool_name="Edit", tool_input=path)
            add("tool", f"The file {path} has been updated.", "tool_result")
        for command, output, code in plan.commands:
            add("assistant", f"Running `{command}`", "tool_call", tool_name="Bash", tool_input=command)
            add("tool", output, "tool_result", is_error=code != 0, exit_code=code)
    for decision in plan.decisions:
        add("assistant", decision)
    return rows


def _usage(session_id: int, start: dt.datetime, model: str, calls: int, rnd: random.Random) -> list[dict]:
    """Billed calls of one session."""
    rows = []
    for n in range(calls):
        i, o = rnd.randint(200, 3000), rnd.randint(300, 4000)
        cw, cr = rnd.randint(0, 20000), rnd.randint(5000, 120000)
        rows.append(dict(session=session_id, message_id=f"demo-msg-{session_id}-{n}", request_id=f"demo-req-{n}",
                         model=model, input_tokens=i, output_tokens=o, cache_creation_tokens=cw,
                         cache_read_tokens=cr, cost_usd=_cost(model, i, o, cw, cr),
                         timestamp=start + dt.timedelta(minutes=3 * n)))
    return rows


def _fill() -> None:
    """Write every demo row (call inside a transaction on an empty store)."""
    rnd = random.Random(7)
    accounts = {a["name"]: Account.create(credits_date=BASE.date(), last_used=BASE, **a) for a in ACCOUNTS}
    Budget.create(scope="overall", target="", period="month", limit_usd=500.0, created_at=BASE)  # shows the budgets
    for entry in KNOWLEDGE:
        from mso_tui.services.knowledge import add_entry

        add_entry(**entry)
    for p_index, project in enumerate(PROJECTS):
        proj = Project.create(name=project.name, description=project.description, status=project.status,
                              created_at=BASE, updated_at=BASE)
        for number, plan in enumerate(project.sessions, start=1):
            start = BASE + dt.timedelta(days=number * 2 + p_index, hours=p_index * 3)
            last = number == len(project.sessions) and project.status == "active"
            minutes = rnd.randint(35, 190)
            session = Session.create(
                project=proj, number=number, type=plan.type, agent=project.agent, title=plan.title,
                account=accounts.get(project.account), started_at=start,
                completed_at=None if last else start + dt.timedelta(minutes=minutes),
                duration_seconds=None if last else minutes * 60.0,
                status="in_progress" if last else plan.status,
                objectives=[{"text": t, "done": d} for t, d in plan.objectives],
                accomplishments=list(plan.accomplishments), blockers=list(plan.blockers),
                credits_used=plan.credits, credit_budget=plan.budget, cwd=f"/home/dev/{project.name}",
            )
            Turn.insert_many(_turns(plan, session.id, start, project.model, rnd)).execute()
            if project.model != "web":
                UsageEvent.insert_many(_usage(session.id, start, project.model, rnd.randint(6, 18), rnd)).execute()
            for path in plan.edits:
                FileChange.create(project=proj, session=session, path=path,
                                  file_type=os.path.splitext(path)[1].lstrip("."),
                                  change_type="created" if "new" in path or "test" in path else "modified",
                                  lines_added=rnd.randint(3, 180), lines_removed=rnd.randint(0, 60))


def _handoffs() -> None:
    """Generate each completed session's handoff with the real generator, oldest first."""
    from mso_tui.services.handoffs import generate_for_session
    from mso_tui.store.models import Handoff, HandoffPin

    first = Project.select().order_by(Project.id).first()
    if first is not None:  # one pinned note, so the demo shows a pin carried from handoff to handoff
        HandoffPin.create(project=first.id,
                          text="Stripe webhooks must stay idempotent: keep the event id check in app/webhooks.py",
                          kind="decisions", seq=0, created_at=Project.get_by_id(first.id).created_at)
    for project in Project.select():
        previous = None
        for session in Session.select().where(Session.project == project.id).order_by(Session.number):
            if previous is not None:  # the session loaded the handoff written before it
                Session.update(previous_handoff=previous.id).where(Session.id == session.id).execute()
                Handoff.update(times_used=Handoff.times_used + 1).where(Handoff.id == previous.id).execute()
            if session.status == "in_progress":
                continue
            record = generate_for_session(session.id)
            # stamp it when its session ended, so the demo looks the same on every run
            Handoff.update(created_at=session.completed_at).where(Handoff.id == record.id).execute()
            previous = record


def build_demo(path: Path) -> Path:
    """Write a fresh demo store at path (replacing one that is there) and leave it open."""
    from mso_tui.store.db import close_db, init_db

    close_db()
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    init_db(path=path)
    from mso_tui.services.rollups import recompute_session_usage

    with database.atomic():
        _fill()
        for session in Session.select(Session.id):
            recompute_session_usage(session.id)
    _handoffs()
    KnowledgeEntry.update(usage_count=KnowledgeEntry.id * 3 % 11).execute()
    return path


def open_demo_store() -> Path:
    """Build the demo in a temporary folder (never touching the user's store) and open it."""
    folder = Path(tempfile.mkdtemp(prefix="mso-demo-"))
    return build_demo(folder / "demo.sqlite3")
