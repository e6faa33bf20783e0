"""The projects list's figures (sums in SQL, light reads) equal a full recount over Session objects."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mso_tui.services.projects import SPARK_SESSIONS, list_projects
from mso_tui.store.models import Handoff, Project, Session

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


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(session, max_size=30), st.integers(1, 8))
def test_analytics_points_match_a_full_recount(store: Path, specs: list, limit: int) -> None:
    from mso_tui.services.analytics import day_points, session_points

    for model in (Handoff, Session, Project):
        model.delete().execute()
    projects = [Project.create(name=f"p{n}") for n in range(3)]
    for number, spec in enumerate(specs, 1):  # days repeat: ties in start time are ordered by id
        Session.create(project=projects[spec["project"]], number=number, objectives=spec["objectives"],
                       started_at=BASE + dt.timedelta(days=spec["day"] % 5), input_tokens=spec["tokens"],
                       cost_usd=spec["cost"], credits_used=spec["credits"])
    every = sorted(Session.select(), key=lambda s: (s.started_at, s.id))
    naive = [(s.project.name, s.number, s.input_tokens) for s in every][-limit:]
    assert [(p.project, p.number, p.tokens) for p in session_points(None, limit)] == naive
    days: dict = {}
    for s in every:
        t = days.setdefault(s.started_at.date(), [0, 0.0, 0])
        t[0], t[1], t[2] = t[0] + s.input_tokens, t[1] + s.cost_usd, t[2] + 1
    assert [(d.day, d.tokens, round(d.cost_usd, 6), d.sessions) for d in day_points()] == \
        [(day, t, round(c, 6), n) for day, (t, c, n) in days.items()]
