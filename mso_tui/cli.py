"""The `mso` command: parse arguments, call services, print, return exit codes."""
from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
from typing import Sequence

import mso_tui.commands as commands_pkg
from mso_tui import __version__
from mso_tui.commands.common import UserError


class _Parser(argparse.ArgumentParser):
    """argparse with errors as one line and exit status 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        """Print one line and exit 2 (argparse's default prints the usage too)."""
        raise UserError(message)


def build_parser() -> argparse.ArgumentParser:
    """The full parser with every command module's subcommands."""
    parser = _Parser(prog="mso", description="Multi-session orchestrator for AI coding agents.")
    parser.add_argument("--version", action="version", version=f"mso {__version__}")
    parser.add_argument("--demo", action="store_true", help="open the TUI on a generated demo database")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for info in sorted(pkgutil.iter_modules(commands_pkg.__path__), key=lambda m: m.name):
        if info.name == "common":
            continue
        module = importlib.import_module(f"{commands_pkg.__name__}.{info.name}")
        register = getattr(module, "register", None)
        if register is not None:
            register(sub)
    return parser


def run_tui(demo: bool = False) -> int:
    """Open the full-screen app on the real store, or on a fresh demo store."""
    from mso_tui.commands.common import open_store

    if demo:
        from mso_tui.demo import open_demo_store

        open_demo_store()
    else:
        open_store()
    from mso_tui.app import MsoApp

    MsoApp(demo=demo).run()
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script; returns the exit status."""
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        args = build_parser().parse_args(argv)
        if args.command is None:
            return run_tui(demo=args.demo)
        return int(args.func(args) or 0)
    except UserError as exc:
        print(f"mso: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("mso: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # last line of defence: one line, never a traceback
        from mso_tui.errors import describe_error

        message, status = describe_error(exc)
        print(f"mso: error: {message}", file=sys.stderr)
        return status


if __name__ == "__main__":
    sys.exit(main())
