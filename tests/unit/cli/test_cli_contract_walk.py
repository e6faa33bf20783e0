"""Every subcommand of the real parser, fed hostile values: the command-line contract holds for all of them.

The list of commands, their options and positionals is generated from `mso_tui.cli.build_parser()`, so a
new command is walked without touching this file. Two walks:
- a sweep: each option and positional of each subcommand alone with each SWEEP value (numbers past 64
  bits, negatives, inf/nan/1e999, empty strings, 100,000 characters, an undecodable byte, control
  characters), every other argument plausible;
- hypothesis: argument lists mixing plausible values (a project and an account that exist, small ids,
  the options' choices) with hostile ones, and hostile stdin.
Both check: exit 0 or 2 (never 1), no traceback, one line on stderr on exit 2, and on exit 2 every stored
row exactly as before (hypothesis also: no file left behind in the working folder).
MSO_WALK_EXAMPLES sets hypothesis' examples per subcommand (30; run 300 for a deep search);
MSO_WALK_LOG names a file that gets one line per command run, to see what the walk reached.

Not walked: `mso` without a command and `mso --demo` (they open the full-screen TUI). `watch` is walked
with its following replaced by one that returns at once. `serve` is walked
with textual-serve's Server replaced by a stub and bind() refused, so no server ever starts. The network
is cut (connect and name lookups fail), so `--llm` and `--model` paths never reach a model. Path values
stay inside the test's folders (no absolute path, no climbing out with ..).
"""
from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import shutil
import socket
from pathlib import Path
from typing import Any, Iterator

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from mso_tui.cli import build_parser, main
from mso_tui.cli.common import non_negative_float, positive_int
from mso_tui.store.db import close_db, init_db
from tests.helpers.cli_run import run

EXAMPLES = int(os.environ.get("MSO_WALK_EXAMPLES", "30"))  # per subcommand; ~35 subcommands: well under a minute
SLOW = {("demo",): 3}  # a demo store takes ~0.3 s to build: fewer examples, divided by this

HOSTILE = ["", " ", "0", "-1", "1", str(2**63 - 1), str(2**63), str(2**64), "9" * 23, "1" * 5000, "-" + "9" * 30,
           "inf", "-inf", "nan", "1e999", "-0.0", "1e308", "x" * 100_000, "a " * 50_000, "\udcff", "caf\udce9",
           "\x1b]52;c;SGVsbG8=\x07", "\x1b[2J", "a\nb", "\r", "\t", "\x7f", "--", "-", "-x", "%s%n", "{}", "'", '"',
           ".", "..", "~", "null", "\u202e", "\U0001f642", "X\n"]
# values of these are paths: kept inside the test's folders (no absolute path, no climbing out of them)
PATH_DESTS = {"path", "paths", "file", "claude_dir", "codex_dir", "corpus", "facts", "cwd", "repo"}
PLAUSIBLE = {"project": ["X", "Y"], "name": ["X", "A", "Y"], "new_name": ["Z"], "query": ["body", "one", "hello"],
             "title": ["t"], "account": ["A"], "format": ["text", "claude-code"], "since": ["2026-01-01"],
             "path": ["out.json", "out.md", "d.sqlite3", "export.json"], "paths": ["paste.txt", "."],
             "file": ["body.txt"],
             "claude_dir": ["."], "codex_dir": ["."], "cwd": ["."], "repo": ["."], "host": ["127.0.0.1"],
             "base_url": ["http://127.0.0.1:9/v1"], "model": ["some/model"], "tags": ["a, b"],
             "corpus": ["."], "facts": ["facts.json"]}
# what commands that read stdin (import --paste, kb add -c -, hook claude-code) may be given; a lone
# surrogate is how Python hands over stdin bytes that are not UTF-8
STDIN = st.one_of(st.just(""), st.sampled_from(["User: hi\nAssistant: hello\n", '{"cwd": "."}', "caf\udce9",
                                                 '{"cwd": 5}', "x" * 100_000, "\x1b]52;c;SGVsbG8=\x07"]),
                  st.text(max_size=40))
TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=12)


def _leaves(parser: argparse.ArgumentParser, prefix: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], Any]]:
    """(command words, parser) for every runnable subcommand, found by walking the subparsers."""
    groups = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    if not groups and prefix:
        yield prefix, parser
    for group in groups:
        for name, sub in group.choices.items():
            yield from _leaves(sub, (*prefix, name))


LEAVES = dict(_leaves(build_parser()))


def _safe_path(value: str) -> bool:
    """A path value that stays inside the test's folders."""
    return not value.startswith(("/", "~/")) and ".." not in value.replace("\\", "/").split("/")[1:] \
        and not value.startswith("../")


def _values(action: argparse.Action) -> st.SearchStrategy[str]:
    """Plausible and hostile values for one option or positional."""
    if action.choices:
        plausible = [str(c) for c in action.choices]
    elif action.type is positive_int:
        plausible = ["1", "1", "2", "3"]
    elif action.type is non_negative_float:
        plausible = ["0", "2.5", "100"]
    else:
        plausible = PLAUSIBLE.get(action.dest, ["word", "two words"])
    hostile = st.one_of(st.sampled_from(HOSTILE), TEXT)
    if action.dest in PATH_DESTS:
        hostile = hostile.filter(_safe_path)
    # three plausible values to one hostile: most examples then get past the parser into the services
    likely = st.sampled_from(plausible)
    return st.one_of(likely, likely, likely, hostile)


@st.composite
def _argv(draw: st.DrawFn, words: tuple[str, ...], parser: argparse.ArgumentParser) -> list[str]:
    """One argument list for the subcommand: some of its options, then its positionals."""
    argv = list(words)
    for action in parser._actions:
        if isinstance(action, argparse._HelpAction) or not action.option_strings:
            continue
        flag = action.nargs == 0
        most = 2 if isinstance(action, argparse._AppendAction) else 1
        count = draw(st.integers(1 if action.required else 0, 1 if flag else most))
        for _ in range(count):
            argv.append(draw(st.sampled_from(action.option_strings)))
            if not flag:
                argv.append(draw(_values(action)))
    for action in parser._actions:
        if action.option_strings:
            continue
        low, high = {None: (1, 1), "?": (0, 1), "*": (0, 2), "+": (1, 2)}[action.nargs]
        argv += [draw(_values(action)) for _ in range(draw(st.integers(low, high)))]
    return argv


def _dump() -> str:
    """Every stored row of the test's store, as one comparable string."""
    from mso_tui.services.backup import dump_tables

    close_db()
    init_db(path=Path(os.environ["MSO_DATA_DIR"]) / "mso.sqlite3")
    text = json.dumps(dump_tables(), sort_keys=True, default=str)
    close_db()
    return text


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, str]:
    """A store with project X (session 1 completed with a handoff, session 2 in progress and a pasted turn),
    project Y, account A and knowledge entry 1; its dump; and its export file's text."""
    root = tmp_path_factory.mktemp("walk-template")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("MSO_DATA_DIR", str(root / "data"))
        mp.setenv("MSO_CONFIG", str(root / "config.toml"))
        mp.setenv("HOME", str(root / "home"))
        mp.delenv("MSO_DATABASE_URL", raising=False)
        mp.setattr("sys.stdin", io.StringIO("User: hello there\nAssistant: one answer\n"))
        seed = [["project", "add", "X"], ["project", "add", "Y"], ["account", "add", "A", "--budget", "10"],
                ["session", "start", "X", "-o", "one", "-o", "two", "--account", "A"],
                ["session", "complete", "X", "-a", "did one", "--done", "1"],
                ["session", "start", "X", "-o", "three"], ["import", "--paste", "--project", "X", "--session", "2"],
                ["kb", "add", "t", "-c", "body text"], ["export", str(root / "export.json")]]
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()) as err:
            for args in seed:
                close_db()
                assert main(args) == 0, (args, err.getvalue())
        close_db()
        dump = _dump()
    return root / "data" / "mso.sqlite3", dump, (root / "export.json").read_text()


@pytest.fixture
def sealed(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """No network, no server, no real user folders; returns the folder commands run in."""
    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError("network is cut in this test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "bind", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    for name in ("XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME", "HF_TOKEN", "MSO_LLM_MODEL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("MSO_STATUSLINE_REFRESH", "0")  # no detached cache refresh outliving an example
    import textual_serve.server

    class NoServer:
        """Stands in for textual-serve's Server: takes the arguments, serves nothing."""

        def __init__(self, *args: object, **kwargs: object) -> None:
            pass

        def serve(self) -> None:
            pass

    monkeypatch.setattr(textual_serve.server, "Server", NoServer)
    from mso_tui.services import watch as watch_service

    # `watch` follows folders until Ctrl-C: its arguments are checked, then the following returns at once
    monkeypatch.setattr(watch_service, "follow", lambda *args, **kwargs: None)
    work = tmp_path / "cwd"
    work.mkdir()
    monkeypatch.chdir(work)
    return work


def _fresh(template: Path, work: Path, export: str) -> None:
    """Put the template store back and empty the working folder before one example."""
    close_db()
    data = Path(os.environ["MSO_DATA_DIR"])
    shutil.rmtree(data, ignore_errors=True)
    data.mkdir(parents=True)
    shutil.copy(template, data / "mso.sqlite3")
    for child in work.iterdir():
        shutil.rmtree(child) if child.is_dir() and not child.is_symlink() else child.unlink()
    (work / "body.txt").write_text("a body from a file\n")
    (work / "paste.txt").write_text("User: hi\nAssistant: hello\n")
    (work / "export.json").write_text(export)  # a real export: restore checks it, then finds the store not empty
    facts = [{"kind": "text", "file": "paste.txt", "facts": [{"id": "f1", "keywords": ["hello"]}]}]
    (work / "facts.json").write_text(json.dumps(facts))


@pytest.mark.parametrize("words", sorted(LEAVES), ids=" ".join)
def test_every_subcommand_keeps_the_contract(words: tuple[str, ...], template: tuple[Path, str, str], sealed: Path,
                                             capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch) -> None:
    store, before, export = template

    @settings(max_examples=max(EXAMPLES // SLOW.get(words, 1), 1), deadline=None, database=None,
              phases=(Phase.generate, Phase.shrink),
              suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                     HealthCheck.data_too_large, HealthCheck.large_base_example])
    @given(argv=_argv(words, LEAVES[words]), stdin=STDIN)
    def check(argv: list[str], stdin: str) -> None:
        _fresh(store, sealed, export)
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
        files = sorted(sealed.rglob("*"))
        status, out, err = run(argv, capsys)
        if os.environ.get("MSO_WALK_LOG"):
            with open(os.environ["MSO_WALK_LOG"], "a") as log:
                log.write(json.dumps([" ".join(words), status, err[:150]]) + "\n")
        shown = [a[:60] for a in argv]
        assert status in (0, 2), (shown, status, err[-500:])
        assert "Traceback" not in out and "Traceback" not in err, (shown, err[-500:])
        if status == 2:
            assert err.count("\n") == 1 and err.startswith("mso: error: "), (shown, err[-500:])
            assert _dump() == before, (shown, "the store changed on exit 2")
            assert sorted(sealed.rglob("*")) == files, (shown, "a file was left behind on exit 2")

    check()


# the sweep: each of these alone in each option and positional, every other argument plausible
SWEEP = ["", " ", "0", "-1", "9" * 23, str(2**63), "inf", "nan", "1e999", "x" * 100_000, "a\nb\x1b[2J\x07", "caf\udce9",
         ".", "\x7f"]


def _base(parser: argparse.ArgumentParser) -> dict[argparse.Action, str | None]:
    """A plausible value for every required argument (None for the optional ones)."""
    out: dict[argparse.Action, str | None] = {}
    for action in parser._actions:
        if isinstance(action, argparse._HelpAction) or action.nargs == 0:
            continue
        needed = action.required or (not action.option_strings and action.nargs in (None, "+"))
        plausible = [str(c) for c in action.choices] if action.choices else PLAUSIBLE.get(action.dest, ["1"])
        out[action] = plausible[0] if needed else None
    return out


def _sweep_argv(words: tuple[str, ...], values: dict[argparse.Action, str | None]) -> list[str]:
    """The argument list: options first, then positionals in order."""
    argv = list(words)
    for action, value in values.items():
        if value is not None and action.option_strings:
            argv += [action.option_strings[0], value]
    argv += [v for a, v in values.items() if v is not None and not a.option_strings]
    return argv


@pytest.mark.parametrize("words", sorted(LEAVES), ids=" ".join)
def test_each_argument_alone_with_each_hostile_value(words: tuple[str, ...], template: tuple[Path, str, str],
                                                     sealed: Path, capsys: pytest.CaptureFixture,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """Deterministic: every option and positional of the subcommand gets every SWEEP value once."""
    store, before, export = template
    base = _base(LEAVES[words])
    tried, broken = 0, []
    for action in base:
        for value in SWEEP:
            if action.dest in PATH_DESTS and not _safe_path(value):
                continue
            argv = _sweep_argv(words, {**base, action: value})
            _fresh(store, sealed, export)
            monkeypatch.setattr("sys.stdin", io.StringIO(""))
            tried += 1
            try:
                status, out, err = run(argv, capsys)
            except Exception as exc:  # escaped main(): a traceback for the user
                broken.append(([a[:30] for a in argv], "raised", repr(exc)[:200]))
                continue
            if status not in (0, 2) or "Traceback" in out + err:
                broken.append(([a[:30] for a in argv], status, err[-200:]))
            elif status == 2 and not (err.count("\n") == 1 and err.startswith("mso: error: ")):
                broken.append(([a[:30] for a in argv], "not one line", err[-200:]))
            elif status == 2 and _dump() != before:
                broken.append(([a[:30] for a in argv], "store changed", err[-200:]))
    if os.environ.get("MSO_WALK_LOG"):
        with open(os.environ["MSO_WALK_LOG"], "a") as log:
            log.write(json.dumps(["sweep", " ".join(words), tried, len(broken)]) + "\n")
    assert tried or not base  # a subcommand with arguments was swept
    assert not broken, f"{len(broken)} of {tried} broke the contract: {broken[:5]}"


def test_no_argument_takes_an_unbounded_number() -> None:
    """int and float as argparse types let 10**30 and inf through to the store: the bounded types are used."""
    loose = [(words, a.dest) for words, parser in LEAVES.items() for a in parser._actions if a.type in (int, float)]
    assert loose == []


def test_the_walk_covers_every_command_group() -> None:
    """The generated list is the real one: every top-level command is in it."""
    groups = {words[0] for words in LEAVES}
    assert groups >= {"project", "session", "account", "kb", "handoff", "import", "usage", "search", "export",
                      "restore", "demo", "doctor", "eval", "hook", "serve"}
    assert len(LEAVES) >= 30
