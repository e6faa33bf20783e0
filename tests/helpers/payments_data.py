"""Fixed data for the core TUI tests and snapshots: fixed timestamps, so pictures never move."""
from __future__ import annotations

import datetime as dt

from mso_tui.store.models import Account, FileChange, Handoff, Project, Session, Turn, UsageEvent, database

BASE = dt.datetime(2026, 3, 2, 9, 30)
PROMPT = "# Handoff: payments-api\n\n## Next steps\n- Wire the refund webhook\n- Add idempotency keys\n"


def _session(project: Project, number: int, objectives: list[tuple[str, bool]], status: str = "completed",
             **extra: object) -> Session:
    """One session started `number` days after BASE."""
    start = BASE + dt.timedelta(days=number, hours=project.id)
    done = status != "in_progress"
    extra.setdefault("agent", "claude-code")
    return Session.create(
        project=project, number=number, started_at=start, status=status,
        completed_at=start + dt.timedelta(minutes=95) if done else None,
        duration_seconds=95 * 60.0 if done else None,
        objectives=[{"text": t, "done": d} for t, d in objectives], **extra)


def build(turns: int = 450) -> dict[str, int]:
    """Three projects, seven sessions, handoffs, usage, files; returns ids tests need."""
    with database.atomic():
        acct = Account.create(name="work-claude", platform="claude", daily_budget=100, credits_today=12,
                              credits_date=BASE.date())
        pay = Project.create(name="payments-api", description="Stripe billing service", created_at=BASE,
                             updated_at=BASE)
        mob = Project.create(name="mobile-app", description="React Native client", status="paused",
                             created_at=BASE, updated_at=BASE)
        docs = Project.create(name="docs-site", description="Public docs", status="completed",
                              created_at=BASE, updated_at=BASE)
        s1 = _session(pay, 1, [("Design the schema", True), ("Write migrations", True)], title="Schema",
                      accomplishments=["Schema for invoices"], input_tokens=120_000, output_tokens=8_000,
                      cost_usd=1.25, account=acct)
        h1 = Handoff.create(project=pay, session=s1, master_prompt=PROMPT, tokens_in=9000, tokens_out=420,
                            compression_ratio=21.4, coverage=0.8, created_at=s1.completed_at)
        Session.update(generated_handoff=h1.id).where(Session.id == s1.id).execute()
        s2 = _session(pay, 2, [], type="research", previous_handoff=h1.id, title="Read Stripe docs")
        _session(pay, 3, [("Refund webhook", True), ("Idempotency keys", False)], type="debugging",
                 blockers=["Webhook signature fails in CI"], previous_handoff=h1.id, input_tokens=40_000,
                 output_tokens=3_000, cost_usd=0.45)
        s4 = _session(pay, 4, [("Fix the signature check", False), ("Ship refunds", False)],
                      status="in_progress", previous_handoff=h1.id, title="Refunds")
        _session(mob, 1, [("Crash on resume", True)], input_tokens=5_000, cost_usd=0.05)
        _session(mob, 2, [("Offline mode", False), ("Sync queue", True)], status="failed")
        _session(docs, 1, [("Landing page", True)], agent="manual", credits_used=7.5)
        Turn.insert_many([
            {"session": s1.id, "seq": i, "role": "user" if i % 2 == 0 else "assistant",
             "text": f"Turn {i}: " + ("please add the invoice table" if i % 2 == 0 else "Editing models.py\nDone."),
             "timestamp": BASE + dt.timedelta(minutes=i), "source_id": f"t{i}"}
            for i in range(turns)]).execute()
        UsageEvent.create(session=s1, message_id="m1", model="claude-sonnet-4-5", input_tokens=120_000,
                          output_tokens=8_000, cost_usd=1.25, timestamp=BASE)
        FileChange.create(project=pay, session=s1, path="billing/models.py", file_type="py",
                          change_type="modified", lines_added=120, lines_removed=4)
        FileChange.create(project=pay, session=s1, path="migrations/0001_invoices.py", file_type="py",
                          change_type="created", lines_added=48, lines_removed=0)
    return {"s1": s1.id, "s2": s2.id, "s4": s4.id}
