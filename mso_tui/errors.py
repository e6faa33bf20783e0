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
        from mso_tui.redact import redact

        message = redact(message).text
    except Exception:  # redaction must never hide the error itself
        pass
    return message, status


def _describe(exc: BaseException) -> tuple[str, int]:
    """The unredacted one-line message and exit status."""
    from mso_tui.config import ConfigError
    from mso_tui.data.db import DatabaseError
    from mso_tui.data.store_errors import store_problem

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
