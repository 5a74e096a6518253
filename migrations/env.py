"""Alembic environment for cabledb.

The URL and the metadata come from the application. ``cabledb db ...`` passes a live connection through
``config.attributes["connection"]`` (a Connection or an Engine); the ``alembic`` command line uses
``sqlalchemy.url`` from alembic.ini or ``CABLEDB_DATABASE_URL``.
"""

from __future__ import annotations

import os

from alembic import context
from sqlalchemy import Connection, Engine, create_engine, pool

from cabledb.config import sqlalchemy_url
from cabledb.models import Base

config = context.config
target_metadata = Base.metadata


def _include_object(obj: object, name: str | None, type_: str, reflected: bool, compare_to: object) -> bool:
    # The bi schema holds views managed by hand-written migrations; autogenerate must not touch them.
    schema = getattr(obj, "schema", None)
    return schema != "bi"


def _configure(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        include_object=_include_object,
        compare_type=True,
        compare_server_default=False,
        transaction_per_migration=True,
    )


def run_migrations_offline() -> None:
    url = config.get_main_option("sqlalchemy.url") or os.environ.get("CABLEDB_DATABASE_URL")
    context.configure(url=url, target_metadata=target_metadata, literal_binds=True, include_object=_include_object)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    given = config.attributes.get("connection")
    if isinstance(given, Connection):
        _configure(given)
        with context.begin_transaction():
            context.run_migrations()
        return
    if isinstance(given, Engine):
        engine = given
    else:
        url = config.get_main_option("sqlalchemy.url") or os.environ.get("CABLEDB_DATABASE_URL")
        if not url:
            raise SystemExit("no database: set sqlalchemy.url in alembic.ini or CABLEDB_DATABASE_URL")
        engine = create_engine(sqlalchemy_url(url), poolclass=pool.NullPool)
    with engine.connect() as connection:
        _configure(connection)
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
