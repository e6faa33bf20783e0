"""Helpers shared by the handoff, analytics, knowledge, accounts, search, import and paste screens."""
from __future__ import annotations

from pathlib import Path
from typing import Any, Callable, TypeVar

T = TypeVar("T")

_PACKAGE = Path(__file__).resolve().parent.parent.parent


def style_path(name: str) -> str:
    """The path of styles/<name>.tcss, in the wheel (mso_tui/styles) or in a source checkout (styles/)."""
    for folder in (_PACKAGE / "styles", _PACKAGE.parent / "styles"):
        candidate = folder / f"{name}.tcss"
        if candidate.exists():
            return str(candidate)
    return str(_PACKAGE.parent / "styles" / f"{name}.tcss")


def in_db_thread(call: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Run a service call from a worker thread and close that thread's connection afterwards."""
    from mso_tui.store.db import close_db

    # Peewee keeps one connection per thread; a finished worker thread must not leak its own.
    try:
        return call(*args, **kwargs)
    finally:
        close_db()


def error_text(exc: BaseException) -> str:
    """One line describing a failure, as the CLI would print it."""
    from mso_tui.errors import describe_error

    return describe_error(exc)[0]


def redact_for_clipboard(text: str) -> tuple[str, int]:
    """Text fit to leave the machine (through the output gate: secrets masked, no control sequences)."""
    from mso_tui.redaction.gate import clean_count

    return clean_count(text)


def pop_or_exit(screen: Any) -> None:
    """Leave a screen: pop it when something is below it, else quit the app."""
    if len(screen.app.screen_stack) > 1:
        screen.app.pop_screen()
    else:
        screen.app.exit()
