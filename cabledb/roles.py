"""Login roles that can only read: for BI tools and analysts.

A reader sees the ``bi`` views (now and later ones, through default privileges) and the normalized tables, but not
the raw bytes of rejected records (``import_error.raw`` is left out by column privileges). It cannot create,
insert, update, delete or truncate, nor open more than a set number of connections; and, where that is safe,
``PUBLIC`` loses ``CONNECT`` on the cabledb database, so that only its owner and its readers reach it.

What PostgreSQL cannot enforce: its sessions start read-only with a statement timeout, but these are the role's
defaults, not limits. Any role may ``SET statement_timeout = 0`` or ``SET work_mem = '2GB'`` in its own session,
and connect to every other database of the server that grants ``CONNECT`` to ``PUBLIC`` (the default). Only the
server's owner can close those: ``REVOKE CONNECT ON DATABASE ... FROM PUBLIC`` on the other databases, a
``pg_hba.conf`` line that allows the role one database, and server-wide settings for the rest (docs/bi.md).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from typing import Any

import psycopg
from psycopg import sql

from cabledb import tables
from cabledb.db import Database
from cabledb.errors import ConfigError, first_line

#: The SQL functions a reader runs (each takes query, origin, tag, classification, since, until and a limit).
READER_FUNCTIONS = ("public.cabledb_search", "bi.search", "public.cabledb_search_facets", "bi.search_facets")
#: Their parameter lists: cabledb_search also takes redacted and earlier_versions (migration 0013).
_FILTERS = "(text, text, text, text, date, date, integer"
FUNCTION_ARGS = {name: _FILTERS + ")" for name in READER_FUNCTIONS} | {
    "public.cabledb_search": _FILTERS + ", boolean, boolean)"
}
#: What a reader may read: each table with None (all of it) or its readable columns. Every cabledb table, now and
#: later (:func:`cabledb.tables.readable_tables`), but the import's machinery (deferred_object), and every column but
#: the private ones (import_error.raw, the raw bytes of rejected records).
READABLE = tables.readable_tables() | {view: None for view in tables.SUMMARIES}  # and bi.cables' materialized rows


#: The comment that marks a role made by :func:`create_reader` (so that it is not taken for a role that relies on
#: PUBLIC's CONNECT).
READER_COMMENT = "cabledb read-only role (cabledb db create-reader)"
#: Connections a reader may hold at once, unless told otherwise (Metabase's pool, for one, holds up to 15).
DEFAULT_CONNECTION_LIMIT = 15


@dataclass
class Reader:
    name: str
    created: bool  # False when an existing role was updated
    password: str | None  # the generated password, when one was generated
    connection_limit: int = DEFAULT_CONNECTION_LIMIT
    #: Login roles that would lose this database if PUBLIC lost CONNECT on it: when there are any, it keeps it.
    relying_roles: list[str] = field(default_factory=list)
    #: Other databases of the server the role can connect to (through PUBLIC's CONNECT).
    other_databases: list[str] = field(default_factory=list)


def create_reader(
    db: Database,
    name: str,
    password: str | None = None,
    statement_timeout: str = "60s",
    connection_limit: int = DEFAULT_CONNECTION_LIMIT,
) -> Reader:
    """Create (or update) the login role ``name`` with read-only access. With no password given, a new role gets a
    generated one (returned, shown once); an existing role keeps its password."""
    if not name or len(name) > 63 or not name.replace("_", "").isalnum() or not name[0].isalpha():
        raise ConfigError(
            f"{name!r} is not a good role name",
            hint="use letters, digits and underscores, starting with a letter (at most 63), e.g. metabase",
        )
    role = sql.Identifier(name)
    with db.connect(autocommit=True) as conn:
        _check_timeout(conn, statement_timeout)
        dbname = conn.execute("SELECT current_database()").fetchone()[0]  # type: ignore[index]
        owner = conn.execute("SELECT current_user").fetchone()[0]  # type: ignore[index]
        exists = conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (name,)).fetchone() is not None
        generated = None
        with conn.transaction():
            if not exists:
                if password is None:
                    password = generated = secrets.token_urlsafe(18)
                conn.execute(sql.SQL("CREATE ROLE {} LOGIN").format(role))
            conn.execute(
                sql.SQL("ALTER ROLE {} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS").format(
                    role
                )
            )
            if password is not None:
                conn.execute(sql.SQL("ALTER ROLE {} PASSWORD {}").format(role, sql.Literal(password)))
            conn.execute(
                sql.SQL("ALTER ROLE {} SET statement_timeout = {}").format(role, sql.Literal(statement_timeout))
            )
            conn.execute(sql.SQL("ALTER ROLE {} SET default_transaction_read_only = on").format(role))
            # BI tools show timestamps in the session's time zone; cabledb's times are UTC.
            conn.execute(sql.SQL("ALTER ROLE {} SET timezone = 'UTC'").format(role))
            conn.execute(sql.SQL("ALTER ROLE {} CONNECTION LIMIT {}").format(role, sql.Literal(connection_limit)))
            conn.execute(sql.SQL("COMMENT ON ROLE {} IS {}").format(role, sql.Literal(READER_COMMENT)))
            database = sql.Identifier(dbname)
            conn.execute(sql.SQL("GRANT CONNECT ON DATABASE {} TO {}").format(database, role))
            relying = _relying_on_public_connect(conn)
            if not relying:
                conn.execute(sql.SQL("GRANT CONNECT ON DATABASE {} TO {}").format(database, sql.Identifier(owner)))
                conn.execute(sql.SQL("REVOKE CONNECT ON DATABASE {} FROM PUBLIC").format(database))
            # Nothing to create: no temporary tables (granted to PUBLIC by default), no objects in public.
            conn.execute(sql.SQL("REVOKE TEMPORARY ON DATABASE {} FROM PUBLIC").format(database))
            conn.execute(sql.SQL("GRANT TEMPORARY ON DATABASE {} TO {}").format(database, sql.Identifier(owner)))
            conn.execute(sql.SQL("REVOKE CREATE ON DATABASE {} FROM {}").format(database, role))
            conn.execute("REVOKE CREATE ON SCHEMA public FROM PUBLIC")
            for schema in ("public", "bi"):
                conn.execute(sql.SQL("GRANT USAGE ON SCHEMA {} TO {}").format(sql.Identifier(schema), role))
            conn.execute(sql.SQL("GRANT SELECT ON ALL TABLES IN SCHEMA bi TO {}").format(role))
            conn.execute(
                sql.SQL("ALTER DEFAULT PRIVILEGES FOR ROLE {} IN SCHEMA bi GRANT SELECT ON TABLES TO {}").format(
                    sql.Identifier(owner), role
                )
            )
            for table, columns in READABLE.items():
                if columns is None:
                    conn.execute(sql.SQL("GRANT SELECT ON {} TO {}").format(sql.Identifier(table), role))
                    continue
                conn.execute(sql.SQL("REVOKE ALL ON {} FROM {}").format(sql.Identifier(table), role))
                conn.execute(
                    sql.SQL("GRANT SELECT ({}) ON {} TO {}").format(
                        sql.SQL(", ").join(sql.Identifier(c) for c in columns), sql.Identifier(table), role
                    )
                )
            for function in READER_FUNCTIONS:
                conn.execute(
                    sql.SQL("GRANT EXECUTE ON FUNCTION {} TO {}").format(
                        sql.SQL(function + FUNCTION_ARGS[function]), role
                    )
                )
        others = [
            r[0]
            for r in conn.execute(
                "SELECT datname FROM pg_database WHERE datallowconn AND datname <> current_database()"
                " AND has_database_privilege(%s, datname, 'CONNECT') ORDER BY 1",
                (name,),
            ).fetchall()
        ]
    return Reader(name, not exists, generated, connection_limit, relying, others)


def _relying_on_public_connect(conn: psycopg.Connection[Any]) -> list[str]:
    """The login roles (not superusers, not the owner, not cabledb readers, not the current user) that may connect
    to this database only through PUBLIC: revoking CONNECT from PUBLIC would lock them out."""
    return [
        r[0]
        for r in conn.execute(
            """
            SELECT r.rolname FROM pg_roles r, pg_database d
             WHERE d.datname = current_database() AND r.rolcanlogin AND NOT r.rolsuper
               AND r.oid <> d.datdba AND r.rolname <> current_user
               AND coalesce(shobj_description(r.oid, 'pg_authid'), '') <> %s
               AND NOT EXISTS (SELECT 1 FROM aclexplode(coalesce(d.datacl, acldefault('d', d.datdba))) a
                                WHERE a.grantee = r.oid AND a.privilege_type = 'CONNECT')
             ORDER BY 1
            """,
            (READER_COMMENT,),
        ).fetchall()
    ]


def _check_timeout(conn: psycopg.Connection[Any], value: str) -> None:
    """A clear error for a statement timeout PostgreSQL does not take (it reads the value itself)."""
    try:
        with conn.transaction():
            conn.execute("SELECT set_config('statement_timeout', %s, true)", (value,))
    except psycopg.DataError as exc:
        raise ConfigError(
            f"{value!r} is not a statement timeout: {first_line(exc)}",
            hint="give a duration such as 60s, 10min or 1h, or 0 for none",
        ) from None
