"""The command-line contract for each case an attack broke: exit 2, one line on stderr, nothing stored changed."""
from __future__ import annotations

import json
import math
import os
from pathlib import Path

import pytest

from mso_tui.services.backup import dump_tables
from mso_tui.store.db import close_db, init_db
from tests.helpers.cli_run import run

BIG = "99999999999999999999999"
JUST_PAST = str(2**63)  # one past SQLite's largest INTEGER


def _seed(capsys: pytest.CaptureFixture) -> None:
    """Project X (session 1 completed with a handoff, session 2 in progress), account A, entry 1."""
    for args in (["project", "add", "X"], ["session", "start", "X", "-o", "one"], ["session", "complete", "X"],
                 ["session", "start", "X"], ["account", "add", "A"], ["kb", "add", "t", "-c", "body"]):
        status, _, err = run(args, capsys)
        assert status == 0, (args, err)


def _dump() -> str:
    """Every stored row, as one comparable string."""
    close_db()
    init_db(path=Path(os.environ["MSO_DATA_DIR"]) / "mso.sqlite3")  # not through the config: it may be the bad input
    text = json.dumps(dump_tables(), sort_keys=True, default=str)
    close_db()
    return text


def _assert_refused(args: list[str], capsys: pytest.CaptureFixture, needle: str = "") -> str:
    """The command exits 2 with one line on stderr and no traceback, and the store is unchanged."""
    before = _dump()
    status, _, err = run(args, capsys)
    assert status == 2, (args, status, err)
    assert err.count("\n") == 1 and err.startswith("mso: error: ") and "Traceback" not in err, err
    assert needle in err, err
    assert _dump() == before, "the store changed"
    return err


INT_CASES = [
    ["session", "show", "X", "--session", BIG],
    ["session", "complete", "X", "--session", BIG],
    ["session", "complete", "X", "--done", BIG],
    ["kb", "delete", JUST_PAST],
    ["kb", "show", BIG],
    ["kb", "edit", BIG, "--title", "t"],
    ["search", "x", "--limit", BIG],
    ["search", "body", "--limit", str(2**63 - 1)],  # fits 64 bits, but knowledge search doubles it (the walk found it)
    ["handoff", "show", "X", "--session", BIG],
    ["handoff", "generate", "X", "--session", BIG],
    ["handoff", "export", "X", "out.md", "--session", BIG],
    ["handoff", "troubleshoot", "X", "--session", BIG],
    ["import", "--paste", "--session", BIG],
    ["serve", "--port", BIG],
    ["kb", "show", "1" * 5000],  # past Python's int-parsing digit limit
]


@pytest.mark.parametrize("args", INT_CASES, ids=lambda a: " ".join(a)[:40])
def test_numbers_past_64_bits_are_refused_by_the_parser(args: list[str], capsys: pytest.CaptureFixture,
                                                          tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    _seed(capsys)
    err = _assert_refused(args, capsys, "argument ")
    assert len(err) < 300  # a huge value is not echoed whole


FLOAT_CASES = [
    ["account", "add", "B", "--budget", "inf"],
    ["account", "add", "B", "--budget", "1e999"],
    ["account", "set", "A", "--budget", "nan"],
    ["account", "charge", "A", "inf"],
    ["account", "charge", "A", "1e300"],
    ["session", "complete", "X", "--credits", "inf"],
    ["session", "complete", "X", "--credits", "-inf"],
    ["session", "start", "X", "--parallel", "--budget", "1e999"],
]


@pytest.mark.parametrize("args", FLOAT_CASES, ids=lambda a: " ".join(a))
def test_non_finite_or_huge_amounts_are_refused(args: list[str], capsys: pytest.CaptureFixture) -> None:
    _seed(capsys)
    _assert_refused(args, capsys, "argument ")


def test_services_refuse_non_finite_amounts_too(store: Path) -> None:
    """The TUI calls the same services: a typed 'inf' is refused there as well."""
    from mso_tui.errors import InvalidInput
    from mso_tui.services import accounts

    accounts.add_account("A")
    for call in (lambda: accounts.add_account("B", daily_budget=math.inf),
                 lambda: accounts.update_account("A", daily_budget=math.nan),
                 lambda: accounts.charge_account("A", math.inf)):
        with pytest.raises(InvalidInput):
            call()


@pytest.mark.parametrize("args", [["export", "."], ["export", ".."], ["handoff", "export", "X", "."],
                                  ["demo", ".", "--force"]], ids=" ".join)
def test_a_folder_where_a_file_is_written(args: list[str], capsys: pytest.CaptureFixture, tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """Found by the walk: `export .` was an unexpected ValueError."""
    (tmp_path / "work").mkdir()
    monkeypatch.chdir(tmp_path / "work")
    _seed(capsys)
    before = sorted(p.name for p in tmp_path.iterdir())
    _assert_refused(args, capsys)
    assert list((tmp_path / "work").iterdir()) == [] and sorted(p.name for p in tmp_path.iterdir()) == before


EMPTY_CASES = [
    ["import", ""],
    ["import", "--paste", "--project", ""],
    ["import", ".", "--format", "", "--dry-run"],
    ["usage", "--claude-dir", ""],
    ["usage", "--codex-dir", ""],
    ["demo", ""],
    ["export", ""],
    ["restore", ""],
    ["handoff", "export", "X", ""],
    ["handoff", "generate", "X", "--model", ""],
    ["eval", "handoffs", "--corpus", "", "--facts", "f.json"],
    ["hook", "claude-code", "--cwd", ""],
    ["kb", "add", "t2", "--file", ""],
]


@pytest.mark.parametrize("args", EMPTY_CASES, ids=lambda a: " ".join(a))
def test_empty_strings_are_refused(args: list[str], capsys: pytest.CaptureFixture, tmp_path: Path,
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    _seed(capsys)
    before = sorted(p.name for p in tmp_path.iterdir())
    _assert_refused(args, capsys, "empty")
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # `demo ''` wrote no default file


def _not_utf8(tmp_path: Path) -> str:
    path = tmp_path / "latin1.txt"
    path.write_bytes(b"caf\xe9 \xff\xfe")
    return str(path)


@pytest.mark.parametrize("command", [["kb", "add", "t2"], ["kb", "edit", "1"]])
def test_kb_file_that_is_not_utf8(command: list[str], capsys: pytest.CaptureFixture, tmp_path: Path) -> None:
    _seed(capsys)
    _assert_refused(command + ["--file", _not_utf8(tmp_path)], capsys, "latin1.txt: not UTF-8")


def test_restore_of_a_file_that_is_not_utf8(capsys: pytest.CaptureFixture, tmp_path: Path) -> None:
    _assert_refused(["restore", _not_utf8(tmp_path)], capsys, "latin1.txt: not UTF-8")


@pytest.mark.parametrize("command", [["import", "--paste"], ["kb", "add", "t2", "-c", "-"]], ids=" ".join)
def test_stdin_that_is_not_utf8(command: list[str], capsys: pytest.CaptureFixture,
                                monkeypatch: pytest.MonkeyPatch) -> None:
    """Python decodes such stdin with surrogateescape: storing it was an unexpected UnicodeEncodeError."""
    import io

    _seed(capsys)
    monkeypatch.setattr("sys.stdin", io.StringIO("User: caf\udce9\nAssistant: ok\n"))
    _assert_refused(command, capsys, "stdin: not UTF-8")


def test_account_set_of_a_missing_account(capsys: pytest.CaptureFixture) -> None:
    _seed(capsys)
    _assert_refused(["account", "set", "NOPE", "--status", "active"], capsys, "no account named 'NOPE'")


def test_account_set_without_status(capsys: pytest.CaptureFixture) -> None:
    """Found by the walk: `account set A --budget 5` was refused ('status must be one of ...')."""
    _seed(capsys)
    status, out, err = run(["account", "set", "A", "--budget", "5"], capsys)
    assert status == 0 and "0/5 today" in out, err
    status, out, err = run(["account", "set", "A"], capsys)  # nothing to change: was an SQL syntax error, exit 1
    assert status == 0 and "0/5 today" in out, err
    status, out, err = run(["project", "set", "X"], capsys)
    assert status == 0, err


@pytest.mark.parametrize("command", [["search"], ["kb", "search"]])
def test_a_100k_character_search_is_refused(command: list[str], capsys: pytest.CaptureFixture) -> None:
    _seed(capsys)
    _assert_refused(command + ["a " * 50_000], capsys, "too long")


def test_paste_into_a_missing_session_is_one_line(capsys: pytest.CaptureFixture,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    _seed(capsys)
    monkeypatch.setattr("sys.stdin", io.StringIO("User: hi\nAssistant: hello\n"))
    _assert_refused(["import", "--paste", "--session", "99"], capsys, "no session 99")


@pytest.mark.parametrize("arg", ["caf\udce9", "a\x00b"], ids=["undecodable-byte", "nul"])
def test_arguments_that_are_not_text_are_refused(arg: str, capsys: pytest.CaptureFixture) -> None:
    """A name with an undecodable byte (argv decodes it to a lone surrogate) cannot be stored or printed."""
    _seed(capsys)
    _assert_refused(["project", "add", arg], capsys, "argument 3")


def test_an_error_message_stays_one_line(capsys: pytest.CaptureFixture) -> None:
    """A value with a newline or an escape sequence in it is shown escaped, never as a second line."""
    _seed(capsys)
    err = _assert_refused(["import", "no\nsuch\x1b]52;c;eA==\x07file"], capsys)
    assert "\x1b" not in err and "\x07" not in err


def test_export_is_strict_json_even_for_a_stored_infinity(capsys: pytest.CaptureFixture, tmp_path: Path) -> None:
    """A non-finite value stored before the parser refused them is exported as strict JSON and restored back."""
    from mso_tui.store.models import Account

    _seed(capsys)
    init_db()
    Account.update(daily_budget=math.inf).execute()
    close_db()
    out = tmp_path / "export.json"
    status, _, err = run(["export", str(out)], capsys)
    assert status == 0, err

    def strict(token: str) -> None:
        raise AssertionError(f"not strict JSON: {token}")

    json.loads(out.read_text(), parse_constant=strict)
    status, out_json, _ = run(["account", "list", "--json"], capsys)
    assert status == 0
    json.loads(out_json, parse_constant=strict)


def _export_with(tmp_path: Path, tables: dict) -> str:
    path = tmp_path / "bad-export.json"
    path.write_text(json.dumps({"format": "mso-export", "version": 1, "tables": tables}))
    return str(path)


PROJECT = {"id": 1, "name": "p", "description": "", "status": "active", "repo_path": None,
           "created_at": "2026-01-01T00:00:00", "updated_at": "2026-01-01T00:00:00"}
BAD_EXPORTS = {
    "unknown table": ({"nonsense": []}, "table 'nonsense' is not an mso table"),
    "table not a list": ({"project": {"a": 1}}, "not a list of rows"),
    "row not an object": ({"project": [5]}, "project row 1: not an object"),
    "unknown column": ({"project": [{**PROJECT, "colour": "red"}]}, "no column 'colour'"),
    "text in a number": ({"project": [PROJECT], "session": [{"id": 1, "project": 1, "number": "one"}]},
                         "session row 1: number must be a whole number"),
    "bad date": ({"project": [{**PROJECT, "created_at": "yesterday"}]}, "created_at must be an ISO date"),
    "missing required": ({"project": [{"id": 1}]}, "name is missing"),
    "dangling link": ({"project": [PROJECT], "session": [{"id": 1, "project": 7, "number": 1}]},
                      "project 7 is not a row of project"),
    "same id twice": ({"project": [PROJECT, {**PROJECT, "name": "q"}]}, "id 1 appears twice"),
    "same name twice": ({"project": [PROJECT, {**PROJECT, "id": 2}]}, "rows clash, nothing restored"),
    "lone surrogate": ({"project": [{**PROJECT, "name": "\udcff"}]}, "name is not valid text"),
    "null in a required column": ({"project": [{**PROJECT, "name": None}]}, "name must not be null"),
}


@pytest.mark.parametrize("name", list(BAD_EXPORTS))
def test_restore_of_bad_rows_or_tables_writes_nothing(name: str, capsys: pytest.CaptureFixture,
                                                      tmp_path: Path) -> None:
    tables, needle = BAD_EXPORTS[name]
    # a good project goes first in the file: a restore that wrote as it went would leave it behind
    if "project" not in tables and name != "unknown table":
        tables = {"project": [PROJECT], **tables}
    _assert_refused(["restore", _export_with(tmp_path, tables)], capsys, needle)


BAD_CONFIGS = {
    "keys = 5": ("keys = 5\n", "keys"),
    "prices entry not a table": ('[prices]\n"gpt-x" = 1\n', "prices.gpt-x"),
    "prices not a table": ("prices = 5\n", "prices"),
    "price not a number": ('[prices."gpt-x"]\ninput = "cheap"\n', "prices.gpt-x.input"),
    "llm not a table": ('llm = "x"\n', "llm"),
    "llm timeout not a number": ('[llm]\ntimeout = "soon"\n', "llm.timeout"),
    "llm model not text": ("[llm]\nmodel = 5\n", "llm.model"),
    "database_url not text": ("database_url = 5\n", "database_url"),
    "theme not text": ("theme = [1]\n", "theme"),
}


@pytest.mark.parametrize("name", list(BAD_CONFIGS))
@pytest.mark.parametrize("command", [["doctor"], ["project", "list"], ["usage"]])
def test_a_bad_config_value_is_one_line_naming_file_and_key(name: str, command: list[str], tmp_path: Path,
                                                            capsys: pytest.CaptureFixture) -> None:
    text, key = BAD_CONFIGS[name]
    (tmp_path / "config.toml").write_text(text)  # MSO_CONFIG points here (conftest)
    err = _assert_refused(command, capsys, "config.toml")
    assert f" {key} " in err or f" {key}:" in err or f"{key} must" in err, err


@pytest.mark.parametrize("command", [["doctor"], ["project", "list"]])
def test_a_config_file_that_is_not_utf8(command: list[str], tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    (tmp_path / "config.toml").write_bytes(b'theme = "caf\xe9"\n')
    _assert_refused(command, capsys, "config.toml: not UTF-8")


def test_real_argv_and_stdin_bytes_that_are_not_utf8(tmp_path: Path) -> None:
    """Through the console entry: argv and stdin bytes as the operating system hands them over."""
    import subprocess
    import sys

    env = {**os.environ, "MSO_DATA_DIR": str(tmp_path / "data"), "MSO_CONFIG": str(tmp_path / "config.toml")}
    for argv, stdin in (([b"project", b"add", b"caf\xe9"], b""), ([b"import", b"--paste"], b"User: caf\xe9\n")):
        done = subprocess.run([sys.executable.encode(), b"-m", b"mso_tui", *argv], input=stdin, env=env,
                              capture_output=True)
        err = done.stderr.decode("utf-8", "replace")
        assert done.returncode == 2 and err.count("\n") == 1 and "not UTF-8" in err, err
