"""The independent session inventory, coverage by class and the rank correlation (issue 14, parts 1, 2, 4)."""
from __future__ import annotations

from mso_tui.handoff import account, coverage, extractive
from mso_tui.handoff.contract import HandoffInput
from mso_tui.handoff.inventory import build_inventory
from mso_tui.handoff.rank import spearman
from tests.helpers.handoff_fixtures import Turns, project, session


def _turns() -> Turns:
    t = Turns()
    t.add("user", "Please add a retry to the payment client. Keep the timeout at 30 seconds.")
    t.call("Edit", "src/pay/client.py", {"file_path": "src/pay/client.py", "old_string": "def charge(amount):",
                                          "new_string": "def charge_with_retry(amount, max_attempts=3):"},
           output="ok")
    t.call("Write", "src/pay/backoff.py", {"file_path": "src/pay/backoff.py",
                                            "content": "def exponential_delay(attempt):\n    return 2 ** attempt"},
           output="ok")
    t.call("Bash", "pytest tests/pay", {"command": "pytest tests/pay"},
           output="E   ImportError: cannot import name 'charge' from 'pay.client'\nExit code: 1", exit_code=1)
    t.add("assistant", "I chose exponential backoff because the gateway rate-limits bursts. "
                       "Set PAYMENT_API_URL to https://sandbox.example.test/v2 and use port 8443.")
    return t


def test_inventory_finds_every_class_with_its_turn() -> None:
    items = build_inventory(_turns().items)
    by = {(i["cls"], i["text"]): i for i in items}
    assert ("files", "src/pay/client.py") in by and by[("files", "src/pay/backoff.py")]["detail"] == "created"
    # identifiers an edit introduced or changed, not plain words
    assert ("identifiers", "charge_with_retry") in by and ("identifiers", "max_attempts") in by
    assert ("identifiers", "exponential_delay") in by and ("identifiers", "amount") not in by
    assert by[("commands", "pytest tests/pay")]["detail"] == "failed"
    errors = [i for i in items if i["cls"] == "errors"]
    assert errors and "ImportError" in errors[0]["text"] and errors[0]["seq"] == 6
    assert any(i["cls"] == "requests" and "retry to the payment client" in i["text"] for i in items)
    assert any(i["cls"] == "decisions" and "exponential backoff because" in i["text"] for i in items)
    names = {i["text"] for i in items if i["cls"] == "names"}
    assert {"PAYMENT_API_URL", "https://sandbox.example.test/v2", "8443"} <= names
    assert all(isinstance(i["seq"], int) for i in items)


def test_error_cleared_by_a_later_passing_run() -> None:
    t = _turns()
    t.call("Bash", "pytest tests/pay", {"command": "pytest tests/pay"}, output="3 passed", exit_code=0)
    errors = [i for i in build_inventory(t.items) if i["cls"] == "errors" and i["detail"] != "in output"]
    assert errors[0]["detail"].startswith("cleared at turn")


def test_coverage_counts_by_class_and_lists_what_is_left_out() -> None:
    items = build_inventory(_turns().items)
    bare = coverage.score(items, "Edited `src/pay/client.py` (charge_with_retry). Ran pytest tests/pay.")
    assert bare.by_class["commands"] == [0, 1]  # a command counts only with its last result
    cov = coverage.score(items, "Edited `src/pay/client.py` (charge_with_retry). pytest tests/pay fails: "
                                "E ImportError: cannot import name 'charge' from 'pay.client'")
    assert cov.by_class["files"] == [1, 2] and cov.by_class["commands"] == [1, 1]
    left = {(i["cls"], i["text"]) for i in cov.left_out}
    assert ("files", "src/pay/backoff.py") in left and ("identifiers", "exponential_delay") in left
    assert 0 < cov.share < 1
    text = coverage.by_class_text(cov.by_class)
    assert text.startswith("files 1/2 · identifiers 2/4 · commands 1/1 · errors ")
    assert coverage.share_text(0.714) == "inventory kept 71 %"


def test_a_real_handoff_is_not_graded_by_itself() -> None:
    inp = HandoffInput(project=project(), session=session(), turns=tuple(_turns().items))
    done = account.account_for(inp, extractive.generate(inp))
    assert "context preserved" not in done.master_prompt
    assert "coverage: files " in done.master_prompt and "inventory kept" in done.master_prompt
    assert done.coverage_by_class and done.coverage is not None
    kept = sum(k for k, _ in done.coverage_by_class.values())
    total = sum(n for _, n in done.coverage_by_class.values())
    assert kept + len(done.left_out) == total


def test_pins_are_carried_and_counted() -> None:
    inp = HandoffInput(project=project(), session=session(), turns=tuple(_turns().items),
                       pinned=("exponential_delay lives in src/pay/backoff.py",))
    done = account.account_for(inp, extractive.generate(inp))
    assert "## Pinned by the user\n- exponential_delay lives in src/pay/backoff.py" in done.master_prompt
    assert not any(i["text"] == "exponential_delay" for i in done.left_out)
    again = account.account_for(inp, done)  # accounting twice writes one pinned block, one footer
    assert again.master_prompt.count("## Pinned by the user") == 1 and again.master_prompt.count("_Generator:") == 1


def test_spearman_with_ties() -> None:
    assert spearman([1, 2, 3, 4], [10, 20, 30, 40]) == 1.0
    assert spearman([1, 2, 3, 4], [4, 3, 2, 1]) == -1.0
    assert spearman([1, 1, 2, 3], [1, 2, 3, 4]) == 0.9487
    assert spearman([1, 1, 1], [1, 2, 3]) is None and spearman([1, 2], [1, 2]) is None


def test_no_source_screen_or_readme_says_context_preserved() -> None:
    from pathlib import Path

    root = Path(__file__).resolve().parents[3]
    texts = [*root.joinpath("mso_tui").rglob("*.py"), root / "README.md", *root.joinpath("screenshots").glob("*.svg")]
    said = [p.name for p in texts if "context preserved" in p.read_text(encoding="utf-8").replace("&#160;", " ")]
    assert said == []


def test_carry_merges_an_item_listed_twice() -> None:
    from mso_tui.handoff.extractive.carry import carry_forward

    carried = carry_forward({"blockers": ["(carried from session 2) Sandbox rejects test cards"],
                             "next_steps": ["Sandbox rejects test cards", "[open since session 1] Add refunds",
                                            "add refunds"]}, [])
    assert carried.blockers == ["Sandbox rejects test cards"] and carried.next_steps == ["Add refunds"]


def test_a_shells_wrapper_fields_are_neither_errors_nor_results_of_the_inventory() -> None:
    t = Turns()
    t.add("user", "Publish the docs site please.")
    t.call("run_shell_command", "make publish", {"command": "make publish"},
           output="Command: make publish\nDirectory: (root)\nOutput: rsync: connection unexpectedly closed\n"
                  "Error: (none)\nExit Code: 12\nSignal: 0\nBackground PIDs: (none)\nProcess Group PGID: 5151",
           exit_code=12)
    t.call("run_shell_command", "make check", {"command": "make check"},
           output="Command: make check\nDirectory: (root)\nOutput: 14 links checked\nError: (none)\nExit Code: 0",
           exit_code=0)
    items = build_inventory(t.items)
    errors = [i["text"] for i in items if i["cls"] == "errors"]
    assert errors and all("(none)" not in e and not e.startswith("Output:") for e in errors), errors
    assert any("connection unexpectedly closed" in e for e in errors)
    results = {i["text"]: i.get("result") for i in items if i["cls"] == "commands"}
    assert results["make check"] == "14 links checked", results
