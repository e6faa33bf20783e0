"""The `mso` command: parse arguments, call services, print, return exit codes."""
from __future__ import annotations

import sys

from mso_tui import __version__

# typing, argparse and the commands are imported only when needed: a warm `mso usage` replays saved
# output before any of them would be used, and start-up is most of its time
TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse
    from typing import Sequence


def _parser_class() -> type[argparse.ArgumentParser]:
    """argparse's parser with errors as one line and exit status 2."""
    import argparse

    from mso_tui.cli.common import UserError

    class Parser(argparse.ArgumentParser):
        """Errors as one line (argparse's default prints the usage too)."""

        def error(self, message: str) -> None:  # type: ignore[override]
            """Raise instead of printing the usage and exiting."""
            raise UserError(message)

    return Parser


# Which module registers each command, so `mso usage ...` imports one module, not all of them
# (start-up time is most of a warm `mso usage` run). Unknown names fall back to discovery.
COMMAND_MODULES = {
    "project": "projects", "session": "sessions", "account": "accounts", "kb": "kb", "doctor": "doctor",
    "export": "store", "restore": "store", "demo": "store", "backup": "store", "recover": "store",
    "handoff": "handoffs", "hook": "hook",
    "eval": "evaluate", "import": "imports", "usage": "usage", "serve": "serve", "search": "search",
    "watch": "watch",
    "budget": "budget", "statusline": "statusline",
}


def _command_modules(only: str | None = None) -> list[str]:
    """Names of the command modules to load: the one for `only` if known, else every module."""
    if only in COMMAND_MODULES:
        return [COMMAND_MODULES[only]]
    import pkgutil

    import mso_tui.cli.commands as commands_pkg

    return sorted(m.name for m in pkgutil.iter_modules(commands_pkg.__path__) if m.name != "common")


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The parser with every command module's subcommands (or just the one for command `only`)."""
    import importlib

    parser_class = _parser_class()
    parser = parser_class(prog="mso", description="Multi-session orchestrator for AI coding agents.")
    parser.add_argument("--version", action="version", version=f"mso {__version__}")
    parser.add_argument("--demo", action="store_true", help="open the TUI on a generated demo database")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=parser_class)
    for name in _command_modules(only):
        module = importlib.import_module(f"mso_tui.cli.commands.{name}")
        register = getattr(module, "register", None)
        if register is not None:
            register(sub)
    return parser


def run_tui(demo: bool = False) -> int:
    """Open the full-screen app on the real store, or on a fresh demo store."""
    from mso_tui.cli.common import open_store

    if demo:
        from mso_tui.demo.store import open_demo_store

        open_demo_store()
    else:
        open_store()
    from mso_tui.services.session_view import prefetch_projects

    prefetch_projects()  # the first screen's rows, read before the app's modules load: its first frame shows them
    from mso_tui.tui.app import MsoApp

    MsoApp(demo=demo).run()
    return 0


def _gated(args: argparse.Namespace) -> int:
    """Run a subcommand with stdout and stderr behind the output gate (secrets masked, no control sequences)."""
    from mso_tui.redaction.gate import GatedStream

    out, err = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = GatedStream(out), GatedStream(err)
    try:
        return int(args.func(args) or 0)
    finally:
        gated_out, gated_err = sys.stdout, sys.stderr
        sys.stdout, sys.stderr = out, err
        for stream in (gated_out, gated_err):
            try:
                stream.drain() if isinstance(stream, GatedStream) else stream.flush()
            except (BrokenPipeError, ValueError):  # a closed pipe: nothing left to tell it
                pass


def _check_text(argv: list[str]) -> None:
    """Refuse an argument that is not text: an undecodable byte (a lone surrogate once Python decodes argv)
    cannot be stored or printed, and a NUL cannot be in a real argv at all."""
    for number, arg in enumerate(argv, 1):
        if "\0" in arg or any("\ud800" <= ch <= "\udfff" for ch in arg):
            from mso_tui.cli.common import UserError, shown

            what = "contains a NUL" if "\0" in arg else "is not UTF-8 text"
            raise UserError(f"argument {number} {what}: {shown(arg)}")


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script; returns the exit status."""
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        _check_text(argv)
        first = next((a for a in argv if not a.startswith("-")), None)
        if first == "usage":
            from mso_tui.usage.replay import replay

            if replay(argv):
                return 0
        if first == "statusline" and not {"-h", "--help"} & set(argv):  # the status bar calls it often: no argparse
            from mso_tui.cli.statusline import main as statusline

            return statusline(argv[argv.index("statusline") + 1:])
        args = build_parser(first).parse_args(argv)
        args.argv = argv  # what the command was given, as typed (the usage output cache is keyed by it)
        if args.command is None:
            return run_tui(demo=args.demo)
        return _gated(args)
    except KeyboardInterrupt:
        print("mso: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # bad input and anything unexpected: one line, secrets masked, never a traceback
        from mso_tui.errors import describe_error
        from mso_tui.redaction.gate import strip_controls

        message, status = describe_error(exc)
        print(f"mso: error: {strip_controls(message)}", file=sys.stderr)
        return status
    finally:
        if "mso_tui.store.db" in sys.modules:  # a store was opened: close it, marked clean (none for a warm usage)
            from mso_tui.store.db import close_db

            try:
                close_db()
            except Exception:  # closing must never replace the command's own result
                pass


if __name__ == "__main__":
    sys.exit(main())
