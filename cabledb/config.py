"""Which database to use: ``--database-url``, else ``CABLEDB_DATABASE_URL``, else the embedded default.

URLs are libpq URLs as users know them (``postgresql://user:pw@host:5432/db``); SQLAlchemy's ``+psycopg``
dialect suffix is added or accepted. Passwords never appear in messages or in ``cabledb db url`` unless asked for.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from urllib.parse import urlsplit

from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from cabledb.errors import ConfigError

ENV_URL = "CABLEDB_DATABASE_URL"


@dataclass(frozen=True, slots=True)
class DatabaseTarget:
    """Where to connect: an external server (``url`` set) or the embedded default (``url`` None)."""

    url: str | None

    @property
    def embedded(self) -> bool:
        return self.url is None


def resolve(cli_url: str | None) -> DatabaseTarget:
    """``--database-url`` wins, then ``CABLEDB_DATABASE_URL``, then the embedded server."""
    url = cli_url or os.environ.get(ENV_URL) or None
    if url is None:
        return DatabaseTarget(None)
    check_url(url)
    return DatabaseTarget(url)


def check_url(url: str) -> None:
    """A clear error for a URL that is not a PostgreSQL URL."""
    scheme = urlsplit(url).scheme.lower()
    if scheme not in ("postgresql", "postgres", "postgresql+psycopg", "postgresql+psycopg2"):
        raise ConfigError(
            f"database URL {redact(url)!r} is not a PostgreSQL URL",
            hint="use postgresql://USER[:PASSWORD]@HOST[:PORT]/DATABASE, or leave it unset for the embedded database",
        )
    try:
        make_url(sqlalchemy_url(url))
    except ArgumentError as exc:
        raise ConfigError(f"database URL {redact(url)!r} cannot be read: {exc}", hint="check its syntax") from None


def sqlalchemy_url(url: str) -> str:
    """``postgresql://...`` → ``postgresql+psycopg://...`` (psycopg 3), as SQLAlchemy needs it."""
    scheme, sep, rest = url.partition("://")
    if scheme.lower() in ("postgresql", "postgres", "postgresql+psycopg2"):
        return f"postgresql+psycopg{sep}{rest}"
    return url


def libpq_url(url: str) -> str:
    """The URL as libpq (psycopg.connect, psql) takes it: without a ``+driver`` suffix."""
    scheme, sep, rest = url.partition("://")
    return f"{scheme.split('+')[0]}{sep}{rest}"


def redact(url: str) -> str:
    """The URL with its password replaced by ``***``."""
    try:
        parsed: URL = make_url(sqlalchemy_url(url))
    except ArgumentError:
        parts = urlsplit(url)
        if parts.password:
            return url.replace(f":{parts.password}@", ":***@")
        return url
    if parsed.password is None:
        return url
    shown = parsed.render_as_string(hide_password=True)
    return libpq_url(shown) if not url.startswith("postgresql+") else shown
