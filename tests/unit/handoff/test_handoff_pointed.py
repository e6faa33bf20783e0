"""A file the user pointed the agent at: the goal section quotes how it opens."""
from __future__ import annotations

from mso_tui.handoff.extractive import generate
from mso_tui.handoff.extractive.pointed import opening, pointed_openings
from mso_tui.handoff.extractive.tools import ToolEvent
from tests.helpers.handoff_fixtures import Turns, make_input


def _read(path: str, output: str, failed: bool = False) -> ToolEvent:
    return ToolEvent("read_file", "read", path, f'{{"file_path": "{path}"}}', output, failed, has_result=True)


def test_the_opening_skips_markup_and_line_numbers_and_joins_a_bare_title() -> None:
    assert opening("# Orchard\n\nA scheduler for irrigation valves, run on a Pi.\n## Setup") == \
        "Orchard: A scheduler for irrigation valves, run on a Pi."
    assert opening("     1→<!-- badge -->\n     2→\n     3→We want a billing service that invoices monthly.") == \
        "We want a billing service that invoices monthly."
    assert opening("----\n\n") == ""


def test_only_files_a_request_names_and_the_agent_read_are_quoted() -> None:
    events = [_read("docs/PLAN.md", "Goal: migrate the ledger to event sourcing by Q3."),
              _read("src/app/main.py", "import sys\nprint('hello world program')"),
              _read("docs/NOTES.md", "Nothing here matters for the brief at all.", failed=True)]
    requests = ["Implement phase one of docs/PLAN.md, and look at notes.md"]
    assert pointed_openings(events, requests) == [("docs/PLAN.md", "Goal: migrate the ledger to event sourcing by Q3.")]


def test_a_name_inside_a_longer_name_or_path_does_not_count() -> None:
    events = [_read("README.md", "Project Falcon tracks shipments for small warehouses.")]
    assert pointed_openings(events, ["update web/README.md.bak please"]) == []
    assert pointed_openings(events, ["read the README.md again"]) == \
        [("README.md", "Project Falcon tracks shipments for small warehouses.")]


def test_the_goal_section_says_how_the_pointed_file_opens() -> None:
    turns = (Turns().add("user", "Build the first feature listed in SPEC.md, keep it small.")
             .call("Read", "SPEC.md", {"file_path": "SPEC.md"}, "# Ferry\nA booking desk for river ferries.")
             .add("assistant", "Done: the booking model is in place."))
    goal = generate(make_input(turns)).sections["goal"]
    assert "`SPEC.md`, which the user pointed to, opens: Ferry: A booking desk for river ferries." in goal
