"""Deferred keys, indexes and foreign keys: a first import into an empty database drops them and rebuilds them at
the end, which is several times faster than maintaining them row by row.

The dropped objects are listed in ``deferred_object`` (with the definition PostgreSQL wrote for each), so that a
killed first import leaves them listed: the next import, or ``cabledb db upgrade``, rebuilds them
(:func:`cabledb.db.repair_deferred`).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

import psycopg
from psycopg import sql

from cabledb import tables

#: Tables whose keys, indexes and foreign keys a first import defers: cable and the tables it fills for each cable
#: (the cable's own key and its unique reference id stay: they identify cables).
DEFERRABLE_TABLES = tuple(t.name for t in tables.deferrable_tables())
_KEEP = frozenset({"pk_cable", "uq_cable_reference_id"})

#: Rebuild order of deferred objects by table: the costliest first.
_REBUILD_ORDER = {
    "cable_search": 0,
    "cable_facet": 1,
    "paragraph": 2,
    "cable_recipient": 3,
    "cable_tag": 4,
    "cable_tag_row": 5,
    "cable_reference": 6,
}


def defer_if_empty(conn: psycopg.Connection[Any], run_id: int) -> bool:
    """On an empty database, drop the deferrable keys, indexes and foreign keys (remembering them); returns whether
    it did. Call it under the import lock (:func:`cabledb.db.wait_for_imports`)."""
    with conn.transaction():
        if conn.execute("SELECT EXISTS (SELECT 1 FROM cable)").fetchone() != (False,):
            return False
        objects = conn.execute(
            """
            SELECT con.conname, 'constraint', cl.relname, pg_get_constraintdef(con.oid),
                   CASE con.contype WHEN 'f' THEN 3 ELSE 1 END
              FROM pg_constraint con JOIN pg_class cl ON cl.oid = con.conrelid
             WHERE cl.relname = ANY(%(tables)s) AND con.contype IN ('p', 'u', 'f')
               AND cl.relnamespace = 'public'::regnamespace AND NOT (con.conname = ANY(%(keep)s))
            UNION ALL
            SELECT i.indexname, 'index', i.tablename, i.indexdef, 2
              FROM pg_indexes i
             WHERE i.schemaname = 'public' AND i.tablename = ANY(%(tables)s)
               AND NOT (i.indexname = ANY(%(keep)s))
               AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)
            """,
            {"tables": list(DEFERRABLE_TABLES), "keep": list(_KEEP)},
        ).fetchall()
        # Foreign keys first (they depend on the keys), then constraints, then plain indexes.
        for name, kind, table, definition, position in sorted(objects, key=lambda o: -o[4]):
            conn.execute(
                "INSERT INTO deferred_object (name, kind, table_name, definition, position, deferred_by_run_id)"
                " VALUES (%s, %s, %s, %s, %s, %s)",
                (name, kind, table, definition, position, run_id),
            )
            if kind == "constraint":
                conn.execute(
                    sql.SQL("ALTER TABLE {} DROP CONSTRAINT {}").format(sql.Identifier(table), sql.Identifier(name))
                )
            else:
                conn.execute(sql.SQL("DROP INDEX {}").format(sql.Identifier(name)))
    return True


def rebuild_deferred(
    conn: psycopg.Connection[Any], connect: Callable[[], psycopg.Connection[Any]] | None = None, parallel: int = 2
) -> float:
    """Rebuild every object listed in ``deferred_object``: keys first, then indexes, then foreign keys. Each one
    commits on its own. With ``connect``, each phase runs on ``parallel`` connections at once (index builds are
    single-threaded in PostgreSQL 15: two of them keep two cores busy). Returns the seconds it took."""
    start = time.monotonic()
    rows = conn.execute(
        "SELECT name, kind, table_name, definition, position FROM deferred_object ORDER BY position, name"
    ).fetchall()
    conn.commit()
    phases: dict[int, list[tuple[str, str, str, str]]] = {}
    for name, kind, table, definition, position in rows:
        phases.setdefault(position, []).append((name, kind, table, definition))
    for position in sorted(phases):
        # The biggest first: the full-text index, then the paragraph and reference tables.
        jobs = sorted(phases[position], key=lambda r: _REBUILD_ORDER.get(r[2], 9))
        if connect is None or parallel < 2 or len(jobs) < 2:
            for job in jobs:
                _rebuild_one(conn, *job)
        else:
            _rebuild_parallel(jobs, connect, parallel)
    remaining = conn.execute("SELECT count(*) FROM deferred_object").fetchone()
    if remaining and remaining[0]:
        raise psycopg.OperationalError(f"{remaining[0]} deferred indexes or constraints could not be rebuilt")
    return time.monotonic() - start if rows else 0.0


def _rebuild_parallel(
    jobs: list[tuple[str, str, str, str]], connect: Callable[[], psycopg.Connection[Any]], parallel: int
) -> None:
    """Rebuild deferred objects on ``parallel`` connections, taking the jobs in order."""
    pending = list(jobs)
    lock = threading.Lock()
    errors: list[BaseException] = []

    def run() -> None:
        try:
            with connect() as conn:
                while True:
                    with lock:
                        if not pending:
                            return
                        job = pending.pop(0)
                    _rebuild_one(conn, *job)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=run) for _ in range(min(parallel, len(jobs)))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        raise errors[0]


def _rebuild_one(conn: psycopg.Connection[Any], name: str, kind: str, table: str, definition: str) -> None:
    with conn.transaction():
        if kind == "constraint":
            conn.execute(
                sql.SQL("ALTER TABLE {} ADD CONSTRAINT {} ").format(sql.Identifier(table), sql.Identifier(name))
                + sql.SQL(definition)  # a definition PostgreSQL itself wrote
            )
        else:
            conn.execute(sql.SQL(definition))
        conn.execute("DELETE FROM deferred_object WHERE name = %s", (name,))
