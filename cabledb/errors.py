"""One exception hierarchy, with messages written for people.

Every error that can reach a user is a :class:`CabledbError`. The CLI turns it into a one-line message
(and a non-zero exit status); nothing else should ever be shown as a traceback unless ``--debug`` is given.
"""

from __future__ import annotations

import sys


class CabledbError(Exception):
    """Base class of every error cabledb raises on purpose.

    ``hint`` says how to fix the problem; the CLI prints it after the message.
    """

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        if self.hint:
            return f"{self.message} ({self.hint})"
        return self.message


class ParseError(CabledbError):
    """The input holds no cable at all (empty, binary noise, an HTML page without a cable, ...)."""


class SourceError(CabledbError):
    """An input file, directory or archive cannot be read."""


class ConfigError(CabledbError):
    """A setting is wrong: a bad database URL, a bad option value, a missing program."""


class DatabaseError(CabledbError):
    """The database cannot be reached or is not in the state cabledb needs."""


class SchemaOutOfDateError(DatabaseError):
    """The database's schema is behind this version of cabledb."""


class Interrupted(KeyboardInterrupt):
    """The command was stopped by a signal: Ctrl-C (SIGINT) or SIGTERM. The CLI prints ``message`` on one line and
    exits with status 128 + ``signum`` (130, 143), as shells do.

    It is a :class:`KeyboardInterrupt`, so that everything that cleans up after Ctrl-C (psycopg cancels the running
    query) does the same for SIGTERM.
    """

    def __init__(self, signum: int = 2, message: str = "") -> None:
        super().__init__(message)
        self.signum = signum
        self.message = message

    @property
    def how(self) -> str:
        """``Ctrl-C`` or the signal's name."""
        import signal

        return "Ctrl-C" if self.signum == signal.SIGINT else signal.Signals(self.signum).name


def notify(message: str) -> None:
    """Tell the person at the terminal what a command waits for or does that takes a while, on standard error as
    ``cabledb: MESSAGE``, so that a wait is never mistaken for a hang."""
    print(f"cabledb: {message}", file=sys.stderr, flush=True)


def first_line(exc: BaseException) -> str:
    """The first line of an error's message (a database error's detail and SQL stay out)."""
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
