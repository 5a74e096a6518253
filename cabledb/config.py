"""Which database to use: ``--database-url``, else ``CABLEDB_DATABASE_URL``, else the embedded default.

URLs are libpq URLs as users know them (``postgresql://user:pw@host:5432/db``); SQLAlchemy's ``+psycopg``
dialect suffix is added or accepted. Passwords never appear in messages or in ``cabledb db url`` unless asked for.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from cabledb.errors import ConfigError

ENV_URL = "CABLEDB_DATABASE_URL"
#: Cables per batch (one transaction) of ``cabledb import``: the command's default and the library's.
DEFAULT_BATCH_SIZE = 2000


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


#: How a URL must be written, for the errors about it.
URL_HINT = (
    "write postgresql://USER:PASSWORD@HOST:PORT/DATABASE, with @ : / ? # % in the user name or password "
    "percent-encoded (%40 %3A %2F %3F %23 %25) and an IPv6 host in brackets ([::1]); or leave it unset for the "
    "embedded database"
)


def check_url(url: str) -> None:
    """A clear error, which never shows the password, for a URL that is not a PostgreSQL URL or cannot be read."""
    scheme, sep, _ = url.partition("://")
    if not sep or scheme.lower() not in ("postgresql", "postgres", "postgresql+psycopg", "postgresql+psycopg2"):
        keywords = "" if sep else " (the keyword form 'host=... dbname=...' is not taken)"
        raise ConfigError(f"database URL {redact(url)!r} is not a PostgreSQL URL{keywords}", hint=URL_HINT)
    problem = _url_problem(url)
    if problem:
        raise ConfigError(f"database URL {redact(url)!r} cannot be read: {problem}", hint=URL_HINT)


def _url_problem(url: str) -> str | None:
    """What is wrong with a postgresql:// URL, in words that quote none of it (the password may be in it)."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        parts = urlsplit(url)
        _ = parts.port
    except ValueError as exc:
        return "its host is not an IPv6 address in brackets" if "IPv6" in str(exc) else "its port is not a number"
    if parts.netloc.count("@") > 1:
        return "it has more than one @ before the host (an @ in a password is written %40)"
    try:
        make_url(sqlalchemy_url(url))
    except (ArgumentError, ValueError):
        return "its parts cannot be told apart"
    return None


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


#: ``password=`` (or ``sslpassword=``) in a URL's query, up to the next parameter.
_QUERY_PASSWORD = re.compile(r"(?i)([?&](?:ssl)?password=)[^&#]*(?:&(?!\w+=)[^&#]*)*")
#: ``password=...`` in a keyword-form connection string (``host=h password='a b'``).
_KEYWORD_PASSWORD = re.compile(r"(?i)\b((?:ssl)?password\s*=\s*)(?:'(?:[^'\\]|\\.)*'?|\S*)")


def redact(url: str) -> str:
    """The URL with its password replaced by ``***``: in the user part, in the query (``?password=``) and in the
    keyword form. It reads the text itself rather than a parsed URL, so that a password with an unescaped ``@``
    or ``/`` is hidden whole: everything between the user name and the last ``@`` goes.

    >>> redact("postgresql://alice:s3cret@db.example.org/cables?sslmode=require")
    'postgresql://alice:***@db.example.org/cables?sslmode=require'
    """
    scheme, sep, rest = url.partition("://")
    if not sep:
        return _KEYWORD_PASSWORD.sub(r"\1***", url)
    at = rest.rfind("@")
    if at >= 0 and ":" in rest[:at]:
        rest = rest[:at].split(":", 1)[0] + ":***" + rest[at:]
    return scheme + sep + _QUERY_PASSWORD.sub(r"\1***", rest)


def without_password(url: str) -> tuple[str, str | None]:
    """The connection string without its password, and the password (for ``PGPASSWORD``), so that a program such
    as psql can be started without the password on its command line, where ``ps`` shows it."""
    from psycopg.conninfo import conninfo_to_dict, make_conninfo

    params = conninfo_to_dict(libpq_url(url))
    password = params.pop("password", None)
    return make_conninfo("", **params), (str(password) if password is not None else None)
