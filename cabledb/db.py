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
from typing import Any, LiteralString

import psycopg
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from psycopg import sql
from psycopg.rows import dict_row
from sqlalchemy import Engine, create_engine
from sqlalchemy.exc import OperationalError

from cabledb.config import libpq_url, redact, resolve, sqlalchemy_url
from cabledb.errors import ConfigError, DatabaseError, SchemaOutOfDateError, first_line, notify

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


def _ancestors(revision: str) -> set[str]:
    """The revisions at or below ``revision`` (empty when it is unknown)."""
    script = ScriptDirectory.from_config(alembic_config())
    try:
        return {r.revision for r in script.iterate_revisions(revision, "base") if r is not None}
    except Exception:  # an unknown revision: the migration itself says so
        return set()


def head_revision() -> str:
    heads = ScriptDirectory.from_config(alembic_config()).get_heads()
    if len(heads) != 1:
        raise DatabaseError(f"the migrations have {len(heads)} heads", hint="merge them with alembic merge")
    return heads[0]


@dataclass
class Database:
    """An open database: its URL, psycopg connections for all SQL run at run time (:meth:`connect`), and a
    SQLAlchemy engine for Alembic only (the schema's revision, migrations)."""

    url: str
    embedded: bool
    engine: Engine = field(init=False)

    def __post_init__(self) -> None:
        self.engine = create_engine(sqlalchemy_url(self.url), pool_pre_ping=True, future=True)

    @property
    def display_url(self) -> str:
        return redact(self.url)

    def connect(self, **kwargs: Any) -> psycopg.Connection[Any]:
        """A psycopg connection: how cabledb runs SQL at run time (queries, COPY, set-wise SQL), with parameters as
        ``%(name)s`` or ``%s``, never spliced into the SQL text (:func:`dict_rows`, :func:`value`).

        Example::

            with db.connect() as conn:
                rows = dict_rows(conn, "SELECT code, kind FROM tag WHERE kind = %(kind)s", kind="program")
        """
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
        current = self.current_revision()
        if current is not None and revision != current and revision in _ancestors(current):
            raise ConfigError(
                f"the database is at revision {current}, which is past {revision}: an upgrade cannot go back",
                hint=f"to go back, run: cabledb db downgrade {revision}",
            )
        self._migrate(command.upgrade, revision, "upgrading the schema")

    def downgrade(self, revision: str) -> None:
        self._migrate(command.downgrade, revision, "downgrading the schema")

    def _migrate(self, step: Any, revision: str, doing: str) -> None:
        """Migrate while no import runs: wait for the import lock, rebuild what an interrupted first import left
        deferred (a downgrade would miss the indexes it drops), then run the Alembic step."""
        from alembic.util.exc import CommandError

        with self.connect(autocommit=True, application_name="cabledb migration") as guard:
            wait_for_imports(guard, doing)
            repair_deferred(guard)
            try:
                with self.engine.begin() as conn:
                    step(alembic_config(conn), revision)
            except CommandError as exc:
                raise ConfigError(
                    f"cannot migrate to revision {revision!r}: {first_line(exc)}",
                    hint="name a revision that cabledb db history lists, or head (upgrade) or base (downgrade)",
                ) from None

    def deferred_missing(self) -> int:
        """How many indexes and constraints an interrupted first import dropped and nobody rebuilt yet."""
        with self.connect(autocommit=True) as conn:
            return _deferred_count(conn)

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


#: A statement with parameters, as psycopg takes it: SQL text, or SQL built with :mod:`psycopg.sql` (identifiers).
Statement = LiteralString | bytes | sql.SQL | sql.Composed


def dict_rows(conn: psycopg.Connection[Any], query: Statement, /, **params: Any) -> list[dict[str, Any]]:
    """The rows of ``query`` as dicts (column name: value), its parameters given by name as ``%(name)s``; a ``%``
    of the SQL text itself is written ``%%``."""
    with conn.cursor(row_factory=dict_row) as cur:
        return cur.execute(query, params).fetchall()


def value(conn: psycopg.Connection[Any], query: Statement, /, **params: Any) -> Any:
    """The first column of the first row of ``query`` (None when it returns no row), parameters as in
    :func:`dict_rows`."""
    row = conn.execute(query, params).fetchone()
    return None if row is None else row[0]


#: Key of the session advisory lock that imports and migrations of one database share. An import holds it from
#: start to end, so that a second import waits for it and then finds its cables unchanged; a migration holds it
#: while it runs, so that it waits for the running import (a downgrade would drop the tables under it) and imports
#: wait for it. Two commands that find a new embedded database behind migrate it one after the other.
IMPORT_LOCK_KEY = 0x0CAB1EDB


def wait_for_imports(conn: psycopg.Connection[Any], doing: str) -> None:
    """Take the import lock on ``conn`` (autocommit; released when it closes). When another import or a migration
    holds it, say which and wait: Ctrl-C gives up."""
    if conn.execute("SELECT pg_try_advisory_lock(%s)", (IMPORT_LOCK_KEY,)).fetchone() == (True,):
        return
    row = conn.execute(
        "SELECT a.application_name, a.pid, to_char(a.backend_start, 'HH24:MI:SS') FROM pg_locks l"
        " JOIN pg_stat_activity a ON a.pid = l.pid WHERE l.locktype = 'advisory' AND l.granted"
        " AND l.classid = 0 AND l.objid = %s::bigint::oid AND l.objsubid = 1"
        " AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())",
        (IMPORT_LOCK_KEY,),
    ).fetchone()
    if row is None:
        holder = "another import or migration of this database"
    else:
        what = "a migration" if row[0] == "cabledb migration" else "an import" if row[0] == "cabledb import" else None
        holder = f"{what or 'another import or migration'} of this database (server process {row[1]}, since {row[2]})"
    notify(f"waiting for {holder} to finish before {doing} (Ctrl-C gives up)")
    conn.execute("SELECT pg_advisory_lock(%s)", (IMPORT_LOCK_KEY,))


def _deferred_count(conn: psycopg.Connection[Any]) -> int:
    if conn.execute("SELECT to_regclass('deferred_object') IS NULL").fetchone() == (True,):
        return 0
    row = conn.execute("SELECT count(*) FROM deferred_object").fetchone()
    return int(row[0]) if row else 0


def repair_deferred(conn: psycopg.Connection[Any]) -> int:
    """Rebuild the indexes and constraints that an interrupted first import dropped (``deferred_object``); call it
    under the import lock. Returns how many there were."""
    missing = _deferred_count(conn)
    if missing:
        from cabledb.load.deferral import rebuild_deferred

        notify(f"rebuilding {missing} indexes and constraints that an interrupted first import left out")
        rebuild_deferred(conn)
    return missing


def failure(exc: BaseException) -> DatabaseError:
    """A database error that stopped an import, as one line for people, with the fix."""
    state = getattr(exc, "sqlstate", None) or getattr(getattr(exc, "orig", None), "sqlstate", None)
    first = first_line(getattr(exc, "orig", None) or exc)
    again = "then run the same import again: finished batches are kept"
    if state == "53100":
        return DatabaseError(
            f"the database server's disk is full: {first}",
            hint=f"free space on the disk of the database server (where its data directory is), {again}",
        )
    if state is not None and state.startswith("53"):
        return DatabaseError(f"the database server ran out of resources: {first}", hint=f"ask its owner, {again}")
    if state in ("42P01", "3F000", "42883", "42703"):
        return DatabaseError(
            f"the cabledb tables changed under the import (was the schema downgraded meanwhile?): {first}",
            hint=f"run cabledb db upgrade, {again}",
        )
    lost = isinstance(exc, psycopg.OperationalError | psycopg.InterfaceError | OperationalError)
    if lost and (state is None or state[:2] in ("08", "57")):
        return DatabaseError(
            f"lost the connection to the database: {first}", hint=f"check that the database server runs, {again}"
        )
    return DatabaseError(
        f"the database refused the import: {first}", hint=f"fix the cause (run with --debug to see it), {again}"
    )


def unreachable(url: str, exc: BaseException) -> DatabaseError:
    first = first_line(exc)
    return DatabaseError(
        f"cannot connect to {redact(url)}: {first}",
        hint="check that the server runs and the URL is right, or unset CABLEDB_DATABASE_URL to use the embedded one",
    )


@contextmanager
def open_database(
    cli_url: str | None = None, *, check_schema: bool = True, create_schema: bool = False
) -> Iterator[Database]:
    """The database of a command. Starts the embedded server when no URL is given (and migrates it); checks that
    an external database is reachable and, with ``check_schema``, current. With ``create_schema``, an external
    database without any cabledb schema (a new, empty one) gets it first, as ``cabledb db upgrade`` would.

    Example::

        with open_database("postgresql://localhost/cables") as db:  # or open_database() for the embedded one
            print(db.current_revision())
    """
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
            with db.connect() as conn:
                conn.execute("SELECT 1")
        except psycopg.Error as exc:
            raise unreachable(target.url, exc) from None
        if create_schema and db.current_revision() is None:
            log.info("creating the cabledb schema in %s", db.display_url)
            db.upgrade("head")
        if check_schema:
            db.require_current()
        yield db
    finally:
        db.dispose()
