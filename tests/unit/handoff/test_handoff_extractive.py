"""The extractive generator: section order, determinism, carry-forward, errors, todos, decisions."""
from __future__ import annotations

from mso_tui.handoff.contract import SECTION_ORDER
from mso_tui.handoff.extractive import generate
from mso_tui.handoff.extractive.analysis import failure
from mso_tui.handoff.extractive.text import unwrapped
from mso_tui.handoff.render import TITLES
from tests.helpers.handoff_fixtures import Turns, make_input, previous

PLACEHOLDERS = ("Continue development", "TBD", "N/A", "TODO: fill")


def rich_turns() -> Turns:
    """A realistic session: a request, a read, an edit, a failing then passing test, a still-failing build."""
    t = Turns()
    t.add("user", "Add a discount field to orders. Do not touch the payments module.")
    t.add("user", "<command-name>/clear</command-name>")
    t.call("Read", "src/orders.py", {"file_path": "src/orders.py"}, "class Order: ...")
    t.call("Edit", "src/orders.py", {"file_path": "src/orders.py"}, "ok")
    t.call("Bash", "pytest tests/test_orders.py", {"command": "pytest tests/test_orders.py"},
           "E   assert 0 == 5\nFAILED tests/test_orders.py::test_discount - AssertionError: assert 0 == 5\n1 failed",
           exit_code=1)
    t.add("assistant", "We decided to store the discount in cents instead of a float because rounding broke totals.")
    t.call("Bash", "pytest tests/test_orders.py", {"command": "pytest tests/test_orders.py"}, "3 passed", exit_code=0)
    t.call("Bash", "npm run build", {"command": "npm run build"},
           "> build\nsrc/app.ts(3,1): error TS2304: Cannot find name 'foo'.\nnpm ERR! code 2", exit_code=2)
    t.call("TodoWrite", "[x] add field; [ ] update the admin form", {"todos": [
        {"content": "Add the discount field", "status": "completed"},
        {"content": "Update the admin form", "status": "pending"}]}, "ok")
    t.add("assistant", "Remaining:\n- [ ] document the discount API\n- [x] migrate the orders table")
    return t


def test_sections_in_design_order_and_no_placeholders() -> None:
    result = generate(make_input(rich_turns()))
    positions = [result.master_prompt.index(f"## {TITLES[k]}") for k in SECTION_ORDER]
    assert positions == sorted(positions)
    assert list(result.sections) == list(SECTION_ORDER)
    for word in PLACEHOLDERS:
        assert word not in result.master_prompt
    assert "_Generator: extractive" in result.master_prompt and "mso-estimate-v1" in result.master_prompt


def test_same_input_same_bytes() -> None:
    assert generate(make_input(rich_turns())).master_prompt == generate(make_input(rich_turns())).master_prompt


def test_errors_files_todos_decisions() -> None:
    result = generate(make_input(rich_turns()))
    s = result.sections
    blockers = "\n".join(s["blockers"])
    assert "npm run build" in blockers and "error TS2304: Cannot find name 'foo'." in blockers
    assert "pytest" not in blockers  # fixed later
    accomplished = "\n".join(s["accomplished"])
    assert "Fixed: `pytest tests/test_orders.py`" in accomplished and "AssertionError" in accomplished
    assert "Add the discount field" in accomplished and "migrate the orders table" in accomplished
    nxt = "\n".join(s["next_steps"])
    assert "Update the admin form" in nxt and "document the discount API" in nxt
    files = "\n".join(s["files"])
    assert "edited: `src/orders.py`" in files
    assert "decided to store the discount in cents" in "\n".join(s["decisions"])
    goal = "\n".join(s["goal"])
    assert "Do not touch the payments module" in goal and "/clear" not in goal
    commands = "\n".join(s["commands"])
    assert "`npm run build` — last: FAILED (exit 2)" in commands and "last: ok, 2 runs" in commands
    assert result.coverage == 1.0
    kinds = {i["kind"] for i in result.key_items}
    assert {"file", "failing_command", "error", "todo", "user_request"} <= kinds


def test_session_without_transcript() -> None:
    inp = make_input(objectives=(("Ship the cart page", True), ("Write cart e2e tests", False)),
                     accomplishments=("Cart page shipped",), blockers=("Waiting for the design of the coupon box",),
                     file_changes=(("web/cart.tsx", "created"),))
    result = generate(inp)
    text = result.master_prompt
    for needle in ("Cart page shipped", "Write cart e2e tests", "coupon box", "created: `web/cart.tsx`"):
        assert needle in text
    assert "No shell commands were recorded." in text
    assert result.tokens_in > 0 and result.coverage == 1.0


def test_carry_forward_keeps_open_and_moves_closed() -> None:
    prev = previous(["Write cart e2e tests", "Add rate limiting to the login endpoint"],
                    ["Staging database is read-only", "`make deploy` last run failed (exit 1): denied"])
    t = Turns().call("Bash", "make deploy", {"command": "make deploy"}, "deployed", exit_code=0)
    inp = make_input(t, previous=prev, number=2, accomplishments=("Wrote the cart e2e tests",))
    s = generate(inp).sections
    nxt, blockers, done = "\n".join(s["next_steps"]), "\n".join(s["blockers"]), "\n".join(s["accomplished"])
    assert "Add rate limiting to the login endpoint" in nxt and "cart e2e" not in nxt
    assert "Staging database is read-only" in blockers and "make deploy" not in blockers
    assert "Closed from the previous handoff: Write cart e2e tests" in done
    assert "make deploy" in done
    assert any(i["kind"] == "carried" for i in generate(inp).key_items)


def test_unfinished_objectives_stay_next_steps_over_sessions() -> None:
    first = generate(make_input(objectives=(("Refactor auth", False),)))
    second = generate(make_input(previous=previous(first.sections["next_steps"]), number=2))
    assert second.sections["next_steps"] == ["Refactor auth"]


def test_grep_without_match_is_not_an_error() -> None:
    t = Turns().call("Bash", "git ls-files | rg secret", {"command": "git ls-files | rg secret"}, "", exit_code=1)
    assert generate(make_input(t)).sections["blockers"] == []


def test_files_the_conversation_only_mentions_are_listed() -> None:
    from mso_tui.handoff.extractive.tools import mentioned_files

    texts = ["Edit `app/routes.py` and run tests/test_login.py; see https://github.com/x/y.py and Node.js docs.",
             "In routes.py the decorator redirects; also -dataset.py from a diff and ~/.config/app.toml here."]
    found = mentioned_files(texts, known={"tests/test_login.py"})
    assert found[0] == "app/routes.py"  # named twice (once by its tail)
    assert set(found) == {"app/routes.py", "~/.config/app.toml"}


def test_a_shells_wrapper_fields_are_not_its_output() -> None:
    wrapped = ("Command: make deploy-preview\nDirectory: (root)\nOutput: deploy target 'blue' is locked by job 77\n"
               "Error: (none)\nExit Code: 1\nSignal: 0\nBackground PIDs: (none)\nProcess Group PGID: 4242")
    assert unwrapped(wrapped) == "deploy target 'blue' is locked by job 77"
    codex = "Chunk ID: 9f2\nWall time: 0.4 seconds\nProcess exited with code 0\nOriginal token count: 12\nOutput:\nok 3"
    assert unwrapped(codex) == "ok 3"
    # a field that says something stays
    assert unwrapped("Error: disk quota exceeded\nExit Code: 1") == "Error: disk quota exceeded"
    # fields sit at the ends of an output: a long one's own lines between are kept as they are
    body_lines = [f"row {n}" for n in range(20)] + ["Exit code: 3", "Output: a printed line"] + ["tail"] * 10
    long = "Chunk ID: 1\nOutput:\n" + "\n".join(body_lines) + "\nProcess exited with code 3"
    assert unwrapped(long).splitlines() == body_lines
    t = Turns()
    t.add("user", "Deploy the preview.")
    t.call("run_shell_command", "make deploy-preview", {"command": "make deploy-preview"}, wrapped, exit_code=1)
    body = generate(make_input(t)).master_prompt
    assert "locked by job 77" in body and "(none)" not in body and "PGID" not in body


def test_a_failures_error_body_message_is_quoted_and_its_line_not_twice() -> None:
    long_head = "ERROR: (cloudctl.buckets.create) HttpError accessing <https://api.example.test/v2/" + "x" * 200 + ">"
    body = long_head + ': response: <{"status": 409}>, content <{\n  "error": {\n    "code": 409,\n' \
        '    "message": "Bucket name orders-archive-eu is reserved by another tenant.",\n' \
        '    "status": "ALREADY_EXISTS"\n  }\n}>'
    failed = failure(body)
    assert "orders-archive-eu is reserved by another tenant" in failed
    assert failed.count("HttpError accessing") == 1
    t = Turns()
    t.add("user", "Create the archive bucket.")
    command = "cloudctl buckets create orders-archive-eu"
    t.call("Bash", command, {"command": command}, body, exit_code=1)
    blockers = generate(make_input(t)).sections["blockers"]
    assert any("reserved by another tenant" in b for b in blockers), blockers


def test_a_failing_commands_error_is_said_once() -> None:
    t = Turns()
    t.add("user", "Build the release.")
    t.call("Bash", "make release", {"command": "make release"}, "linker: undefined symbol frobnicate_v2\nExit code: 2",
           exit_code=2)
    sections = generate(make_input(t)).sections
    said = " ".join(sections["blockers"] + sections["commands"])
    assert said.count("undefined symbol frobnicate_v2") == 1, said
    assert any(c.startswith("`make release` — last: FAILED") for c in sections["commands"])
