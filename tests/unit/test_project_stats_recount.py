"""The projects list's figures (sums in SQL, light reads) equal a full recount over Session objects."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mso_tui.data.models import Handoff, Project, Session
from mso_tui.data.services.projects import SPARK_SESSIONS, list_projects

BASE = dt.datetime(2026, 1, 1, 9, 0)
objective = st.fixed_dictionaries({"text": st.just("o"), "done": st.booleans()})
session = st.fixed_dictionaries({
    "project": st.integers(0, 2), "objectives": st.lists(objective, max_size=3),
    "blockers": st.lists(st.just("b"), max_size=2), "tokens": st.integers(0, 10**9), "cost": st.floats(0, 50),
    "credits": st.floats(0, 5), "day": st.integers(0, 300)})
operation = st.one_of(st.tuples(st.just("add"), session), st.tuples(st.just("delete"), st.integers(0, 50)),
                      st.tuples(st.just("handoff"), st.integers(0, 50), st.lists(st.just("c"), max_size=3)))


def _recount(project: Project) -> tuple:
    """The figures the old code computed, from every Session object of the project."""
    sessions = list(Session.select().where(Session.project == project.id).order_by(Session.number))
    latest = Handoff.select().where(Handoff.project == project.id).order_by(Handoff.id.desc()).first()
    carried = len((latest.sections or {}).get("blockers") or []) if latest else 0
    cut = next((s.number for s in sessions if latest and s.id == latest.session_id), 0)
    eff = tuple(sum(o["done"] for o in s.objectives) / len(s.objectives) if s.objectives else None for s in sessions)
    return (len(sessions), max((s.started_at for s in sessions), default=None),
            carried + sum(len(s.blockers) for s in sessions if s.number > cut),
            sum(s.input_tokens for s in sessions), round(sum(s.cost_usd for s in sessions), 6),
            round(sum(s.credits_used for s in sessions), 6), eff[-SPARK_SESSIONS:])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(operation, max_size=25))
def test_project_figures_match_a_full_recount(store: Path, ops: list) -> None:
    for model in (Handoff, Session, Project):
        model.delete().execute()
    projects = [Project.create(name=f"p{n}") for n in range(3)]
    for op in ops:
        ids = [s.id for s in Session.select(Session.id).order_by(Session.id)]
        if op[0] == "add":
            spec = op[1]
            project = projects[spec["project"]]
            number = (Session.select().where(Session.project == project.id).count() and
                      max(s.number for s in Session.select().where(Session.project == project.id))) + 1
            Session.create(project=project, number=number, started_at=BASE + dt.timedelta(days=spec["day"]),
                           objectives=spec["objectives"], blockers=spec["blockers"], input_tokens=spec["tokens"],
                           cost_usd=spec["cost"], credits_used=spec["credits"], status="completed")
        elif ids and op[0] == "delete":
            Session.delete_by_id(ids[op[1] % len(ids)])
        elif ids and op[0] == "handoff":
            row = Session.get_by_id(ids[op[1] % len(ids)])
            Handoff.create(project=row.project_id, session=row.id, master_prompt="m",
                           sections={"blockers": op[2]})
    records = {r.name: r for r in list_projects()}
    for project in projects:
        r = records[project.name]
        got = (r.session_count, r.last_session_at, r.open_blockers, r.tokens.input_tokens,
               round(r.tokens.cost_usd, 6), round(r.credits_used, 6), r.efficiency)
        assert got == _recount(project)
