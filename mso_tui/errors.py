"""Domain errors shared by services, importers and the CLI, and how each is reported."""
from __future__ import annotations

from typing import Callable


class MsoError(Exception):
    """An expected failure with a message fit to show the user as one line."""

    status = 2


class NotFound(MsoError):
    """A named project, session, handoff or entry does not exist."""


class Conflict(MsoError):
    """The operation clashes with what is stored (a duplicate name, a wrong state)."""


class InvalidInput(MsoError):
    """A value is out of range or malformed."""


class DatabaseError(RuntimeError):
    """The store cannot be opened or migrated; the message says why in one line."""


# Lower layers that know more about some failures (the store: a full disk, a read-only or damaged
# file) register a describer here; errors.py itself imports no layer (docs/architecture.md).
_DESCRIBERS: list[Callable[[BaseException], str | None]] = []


def add_describer(describer: Callable[[BaseException], str | None]) -> None:
    """Let describe_error ask describer first: a line for the exceptions it knows, None for the rest."""
    if describer not in _DESCRIBERS:
        _DESCRIBERS.append(describer)


def describe_error(exc: BaseException) -> tuple[str, int]:
    """One line (secrets masked) and an exit status for any exception reaching the CLI's top."""
    message, status = _describe(exc)
    try:  # an error message may quote a config line or a URL: never print a key in it
        from mso_tui.redaction import redact

        message = redact(message).text
    except Exception:  # redaction must never hide the error itself
        pass
    return one_line(message), status


# the longest error line printed: past it a quoted value is a pasted file, and the start says enough
MAX_LINE = 500


def one_line(message: str) -> str:
    """The message as one terminal-safe line: control characters escaped (a newline or an escape
    sequence in a quoted value never starts a second line or reaches the terminal), cut to MAX_LINE."""
    out = "".join(ch if ch.isprintable() or ch == " " else ch.encode("unicode_escape", "backslashreplace").decode()
                  for ch in message)
    return out if len(out) <= MAX_LINE else out[:MAX_LINE - 1] + "…"


def _describe(exc: BaseException) -> tuple[str, int]:
    """The unredacted one-line message and exit status."""
    from mso_tui.config import ConfigError

    if isinstance(exc, MsoError):
        return str(exc), exc.status
    for describer in _DESCRIBERS:
        problem = describer(exc)
        if problem is not None:
            return problem, 2
    if isinstance(exc, (ConfigError, DatabaseError)):
        return str(exc), 2
    if isinstance(exc, OSError):
        where = f"{exc.filename}: " if exc.filename else ""
        return f"{where}{exc.strerror or exc}", 2
    return f"unexpected {type(exc).__name__}: {exc}", 1
