"""Errors the user pastes into a chat become fixed or open items with the agent's answer."""
from __future__ import annotations

import datetime as dt

from mso_tui.handoff.extractive.narrative import note_score
from mso_tui.handoff.extractive.reported import user_errors
from mso_tui.handoff.extractive.text import raised_at
from mso_tui.records import TurnRecord

TRACE = "it crashes now:\nTraceback (most recent call last):\n  File \"app.py\", line 3\nKeyError: 'user_id'"


def turn(seq: int, role: str, text: str, kind: str = "message") -> TurnRecord:
    """A minimal stored turn."""
    return TurnRecord(id=seq, session_id=1, seq=seq, role=role, kind=kind, text=text, tool_name=None,
                      tool_input=None, is_error=False, exit_code=None, is_sidechain=False, model=None,
                      timestamp=dt.datetime(2026, 1, 1), source_id=str(seq))


def test_fixed_when_the_user_moves_on() -> None:
    turns = [turn(1, "user", TRACE),
             turn(2, "assistant", "If it persists, it may be the cache. The lookup in `load_user()` has been "
                                  "changed to use `.get('user_id')` so a missing key no longer raises."),
             turn(3, "user", "thanks, now add a logout button")]
    (found,) = user_errors(turns, note_score)
    assert found.error == "KeyError: 'user_id'" and found.resolved is True
    assert found.fix.startswith("The lookup in `load_user()` has been changed")  # not the hedge


def test_open_when_the_same_error_comes_back_or_the_session_ends() -> None:
    turns = [turn(1, "user", TRACE), turn(2, "assistant", "I updated `app.py` to check the key first."),
             turn(3, "user", "still: KeyError: 'user_id' in app.py"),
             turn(4, "assistant", "I changed the default in `config.py` instead.")]
    first, second = user_errors(turns, note_score)
    assert first.resolved is False and second.resolved is None
    assert "config.py" in second.fix


def test_plain_prose_and_injected_context_are_not_errors() -> None:
    turns = [turn(1, "user", "the error handling feels clunky, can you tidy it?"),
             turn(2, "user", "Traceback (most recent call last): ... ValueError: x", kind="meta"),
             turn(3, "assistant", "I updated the handlers.")]
    assert user_errors(turns, note_score) == []


def test_where_a_traceback_fails_in_the_projects_code_is_said() -> None:
    pytest_log = "".join(
        f"____ test_{name} ____\nsvc/ledger/posting.py:88: in book\n    await self._write(row)\n"
        ".venv/lib/python3.12/site-packages/dbdriver/core.py:51: in execute\n"
        f"E   dbdriver.IntegrityError: duplicate key entry_id\ntests/test_ledger.py:{n}: \n"
        for n, name in enumerate(["post", "reverse", "close"], start=10))
    assert raised_at(pytest_log) == "svc/ledger/posting.py:88 in book"
    python = ('Traceback (most recent call last):\n  File "tools/sync.py", line 12, in main\n    run()\n'
              '  File "tools/remote.py", line 40, in run\n    fetch()\n'
              '  File "/usr/lib/python3.12/urllib/request.py", line 99, in fetch\nTimeoutError: timed out')
    assert raised_at(python) == "tools/remote.py:40 in run"
    node = "TypeError: cannot read 'id'\n    at loadUser (src/users/load.js:17:9)\n" \
           "    at next (node_modules/router/index.js:5:3)"
    assert raised_at(node) == "src/users/load.js:17 in loadUser"
    assert raised_at("ValueError: bad input") == ""
    found = user_errors([turn(1, "user", "the suite fails:\n" + pytest_log),
                         turn(2, "assistant", "I fixed the duplicate entry_id by updating `book()` to upsert."),
                         turn(3, "user", "thanks, next the report")], note_score)
    assert found and "raised at svc/ledger/posting.py:88 in book" in found[0].error, found


def test_the_failing_frames_source_line_is_quoted_with_it() -> None:
    from mso_tui.handoff.extractive.text import located

    collect = ("ImportError while loading conftest 'tests/conftest.py'.\ntests/conftest.py:5: in <module>\n"
               "    from shop.cart import Cart\nshop/cart.py:19: in Cart\n    discount_codes: list[str] | None = None\n"
               "E   TypeError: unsupported operand type(s) for |: 'types.GenericAlias' and 'NoneType'\n")
    error = "E   TypeError: unsupported operand type(s) for |"
    assert located(error, collect) == f"{error} (raised at shop/cart.py:19 in Cart: " \
                                      "`discount_codes: list[str] | None = None`)"
    python = ('Traceback (most recent call last):\n  File "tools/sync.py", line 12, in main\n    run()\n'
              '  File "tools/remote.py", line 40, in run\n    fetch(url, timeout=3)\nTimeoutError: timed out')
    assert located("TimeoutError: timed out", python).endswith("(raised at tools/remote.py:40 in run: "
                                                               "`fetch(url, timeout=3)`)")
    node = "TypeError: x\n    at loadUser (src/users/load.js:17:9)\n    at next (src/app.js:5:3)"
    assert located("TypeError: x", node) == "TypeError: x (raised at src/app.js:5 in next)"  # no source line shown


def test_a_chained_failure_names_its_innermost_cause() -> None:
    from mso_tui.handoff.extractive.text import error_line, root_cause

    dotnet = ("fail: Orders.Api[0]\n"
              "      Orders.StoreException: Could not open the orders store.\n"
              "       ---> System.IO.IOException: The lock file is held.\n"
              "       ---> System.ComponentModel.Win32Exception (0x20): Sharing violation on orders.lock\n"
              "         at Orders.Store.Open()\n")
    assert root_cause(dotnet) == "System.ComponentModel.Win32Exception (0x20): Sharing violation on orders.lock"
    line = error_line(dotnet)
    assert "StoreException: Could not open the orders store." in line
    assert line.endswith("(root cause: System.ComponentModel.Win32Exception (0x20): Sharing violation on orders.lock)")
    java = ("org.example.BootException: context failed\n\tat org.example.Boot.run(Boot.java:12)\n"
            "Caused by: java.net.ConnectException: Connection refused (ledger-db:5432)\n\tat java.net.Socket.connect\n")
    assert root_cause(java) == "java.net.ConnectException: Connection refused (ledger-db:5432)"
    assert error_line(java).count("ConnectException") == 1  # the line it picks is the cause already: said once
    assert root_cause("ValueError: bad input") == "" and "root cause" not in error_line("ValueError: bad input")
