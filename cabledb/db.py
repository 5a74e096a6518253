"""Connecting to the database, and keeping its schema current with Alembic.

:func:`open_database` is how every command gets a database: it resolves the URL (``--database-url``, else
``CABLEDB_DATABASE_URL``, else the embedded server, which it starts for the duration of the command) and checks
the schema. The embedded database is migrated automatically; an external database that is behind gets a clear
error that says to run ``cabledb db upgrade``.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import psycopg
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, create_engine, text
from sqlalchemy.exc import OperationalError, SQLAlchemyError

from cabledb.config import libpq_url, redact, resolve, sqlalchemy_url
from cabledb.errors import DatabaseError, SchemaOutOfDateError

log = logging.getLogger(__name__)


def migrations_dir() -> Path:
    """The Alembic script directory: ``migrations/`` of the checkout, installed as the ``cabledb.migrations``
    package, so that it works from a wheel too."""
    return Path(str(resources.files("cabledb.migrations")))


def alembic_config(connection: Any | None = None, url: str | None = None) -> Config:
    """An Alembic config for the installed package; ``connection`` (a SQLAlchemy Connection or Engine) is handed
    to ``env.py`` through ``config.attributes``."""
    cfg = Config()
    cfg.set_main_option("script_location", str(migrations_dir()))
    cfg.set_main_option("path_separator", "os")
    if url:
        cfg.set_main_option("sqlalchemy.url", sqlalchemy_url(url).replace("%", "%%"))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def head_revision() -> str:
    heads = ScriptDirectory.from_config(alembic_config()).get_heads()
    if len(heads) != 1:
        raise DatabaseError(f"the migrations have {len(heads)} heads", hint="merge them with alembic merge")
    return heads[0]


@dataclass
class Database:
    """An open database: its URL, a SQLAlchemy engine, and psycopg connections for COPY."""

    url: str
    embedded: bool
    engine: Engine = field(init=False)

    def __post_init__(self) -> None:
        self.engine = create_engine(sqlalchemy_url(self.url), pool_pre_ping=True, future=True)

    @property
    def display_url(self) -> str:
        return redact(self.url)

    def connect(self, **kwargs: Any) -> psycopg.Connection[Any]:
        """A raw psycopg connection (for COPY and set-wise SQL)."""
        try:
            return psycopg.connect(libpq_url(self.url), **kwargs)
        except psycopg.OperationalError as exc:
            raise unreachable(self.url, exc) from None

    def current_revision(self) -> str | None:
        try:
            with self.engine.connect() as conn:
                return MigrationContext.configure(conn).get_current_revision()
        except OperationalError as exc:
            raise unreachable(self.url, exc) from None

    def upgrade(self, revision: str = "head") -> None:
        with self.engine.begin() as conn:
            _lock_migrations(conn)
            command.upgrade(alembic_config(conn), revision)

    def downgrade(self, revision: str) -> None:
        with self.engine.begin() as conn:
            _lock_migrations(conn)
            command.downgrade(alembic_config(conn), revision)

    def require_current(self) -> None:
        current = self.current_revision()
        head = head_revision()
        if current != head:
            state = "empty (no cabledb schema)" if current is None else f"at revision {current}"
            raise SchemaOutOfDateError(
                f"the database {self.display_url} is {state}; this cabledb needs revision {head}",
                hint="run: cabledb db upgrade",
            )

    def dispose(self) -> None:
        self.engine.dispose()


#: Key of the advisory lock that serialises migrations: two cabledb commands that find the embedded database
#: behind would otherwise both create its tables.
MIGRATION_LOCK_KEY = 0x0CAB1E_0002


def _lock_migrations(conn: Connection) -> None:
    """Wait for any other migration of this database; the lock ends with the transaction. Alembic then reads the
    revision again, after the other migration committed, and does only what is left."""
    conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK_KEY})


def unreachable(url: str, exc: BaseException) -> DatabaseError:
    first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return DatabaseError(
        f"cannot connect to {redact(url)}: {first}",
        hint="check that the server runs and the URL is right, or unset CABLEDB_DATABASE_URL to use the embedded one",
    )


@contextmanager
def open_database(cli_url: str | None = None, *, check_schema: bool = True) -> Iterator[Database]:
    """The database of a command. Starts the embedded server when no URL is given (and migrates it); checks that
    an external database is reachable and, with ``check_schema``, current."""
    target = resolve(cli_url)
    if target.embedded:
        from cabledb.embedded import EmbeddedServer

        with EmbeddedServer().session() as url:
            db = Database(url, embedded=True)
            try:
                if check_schema and db.current_revision() != head_revision():
                    log.info("migrating the embedded database to %s", head_revision())
                    db.upgrade("head")
                yield db
            finally:
                db.dispose()
        return
    assert target.url is not None
    db = Database(target.url, embedded=False)
    try:
        try:
            with db.engine.connect() as conn:
                conn.execute(text("SELECT 1"))
        except SQLAlchemyError as exc:
            raise unreachable(target.url, exc) from None
        if check_schema:
            db.require_current()
        yield db
    finally:
        db.dispose()
