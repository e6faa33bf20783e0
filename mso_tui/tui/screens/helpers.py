"""Helpers shared by the handoff, analytics, knowledge, accounts, search, import and paste screens."""
from __future__ import annotations

import importlib
from pathlib import Path
from types import ModuleType
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


def optional_module(name: str) -> ModuleType | None:
    """Import a module that may not exist yet in this build; None when it is missing."""
    try:
        return importlib.import_module(name)
    except ImportError:
        return None


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
    module = optional_module("mso_tui.redaction.gate")
    if module is not None:
        try:
            return module.clean_count(text)
        except Exception:  # a broken redactor must never leak the text: fall back to the masks below
            pass
    import re

    # Fallback until mso_tui.redaction lands: mask the common token shapes so a copy never leaks one.
    pattern = re.compile(r"\b(hf_[A-Za-z0-9]{20,}|sk-[A-Za-z0-9_-]{20,}|gh[pousr]_[A-Za-z0-9]{20,}|AKIA[0-9A-Z]{16})\b")
    return pattern.subn("[redacted]", text)


def pop_or_exit(screen: Any) -> None:
    """Leave a screen: pop it when something is below it, else quit the app."""
    if len(screen.app.screen_stack) > 1:
        screen.app.pop_screen()
    else:
        screen.app.exit()
