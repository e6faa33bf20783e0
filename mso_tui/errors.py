"""Domain errors shared by services, importers and the CLI, and how each is reported."""
from __future__ import annotations


class MsoError(Exception):
    """An expected failure with a message fit to show the user as one line."""

    status = 2


class NotFound(MsoError):
    """A named project, session, handoff or entry does not exist."""


class Conflict(MsoError):
    """The operation clashes with what is stored (a duplicate name, a wrong state)."""


class InvalidInput(MsoError):
    """A value is out of range or malformed."""


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
    from mso_tui.store.db import DatabaseError
    from mso_tui.store.store_errors import store_problem

    if isinstance(exc, MsoError):
        return str(exc), exc.status
    problem = store_problem(exc)
    if problem is not None:
        return problem, 2
    if isinstance(exc, (ConfigError, DatabaseError)):
        return str(exc), 2
    if isinstance(exc, OSError):
        where = f"{exc.filename}: " if exc.filename else ""
        return f"{where}{exc.strerror or exc}", 2
    return f"unexpected {type(exc).__name__}: {exc}", 1
