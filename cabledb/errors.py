"""One exception hierarchy, with messages written for people.

Every error that can reach a user is a :class:`CabledbError`. The CLI turns it into a one-line message
(and a non-zero exit status); nothing else should ever be shown as a traceback unless ``--debug`` is given.
"""

from __future__ import annotations


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
