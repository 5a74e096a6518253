"""The bookkeeping of import runs (table ``import_run``): one row per ``cabledb import``, and how it ended.

A run is ``running`` while its import works, then ``finished``, ``failed`` (an error, with its message) or
``interrupted`` (Ctrl-C or SIGTERM, or killed). A run that was killed (SIGKILL, a power cut) or lost its database
cannot mark itself; so each import holds a session advisory lock keyed by its run id on its main connection, which
the server drops the moment that session ends, whatever ended it. The next import marks every ``running`` run
whose lock nobody holds as ``interrupted``, and ``cabledb stats`` tells a run still at work from one that died.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import suppress
from typing import TYPE_CHECKING, Any

import psycopg

from cabledb import __version__

if TYPE_CHECKING:
    from cabledb.load.batch import Counts

#: First key of the two-key advisory lock that each run holds (the second is the run id).
RUN_LOCK_CLASS = 0x0CAB1E03

#: SQL: the run ``r`` is held by a live import (its session still holds the run lock).
RUN_IS_LIVE = (
    "EXISTS (SELECT 1 FROM pg_locks l WHERE l.locktype = 'advisory' AND l.granted"
    f" AND l.classid = {RUN_LOCK_CLASS}::oid AND l.objid = r.id::oid AND l.objsubid = 2"
    " AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database()))"
)

#: Seconds that marking a run may take when the database is in trouble (full disk, going away).
MARK_TIMEOUT = 5


def start(conn: psycopg.Connection[Any], paths: Sequence[str]) -> int:
    """Record a new run and hold its lock for as long as ``conn`` lives; returns the run id."""
    with conn.transaction():
        row = conn.execute(
            "INSERT INTO import_run (inputs, cabledb_version) VALUES (%s, %s) RETURNING id", (list(paths), __version__)
        ).fetchone()
        assert row is not None
        conn.execute("SELECT pg_advisory_lock(%s, %s)", (RUN_LOCK_CLASS, row[0]))
    return int(row[0])


def close_dead(conn: psycopg.Connection[Any], run_id: int) -> int:
    """Mark as interrupted every other run left ``running`` by an import that is gone; returns how many."""
    with conn.transaction():
        cur = conn.execute(
            "UPDATE import_run r SET status = 'interrupted', message = 'the import ended without recording how"
            f" (killed, or it lost its database); a later import marked it' WHERE status = 'running' AND id <> %s"
            f" AND NOT {RUN_IS_LIVE}",
            (run_id,),
        )
    return cur.rowcount


def finish(conn: psycopg.Connection[Any], run_id: int, counts: Counts) -> None:
    """Mark the run finished, with its counts (inserted, updated, unchanged, rejected, reparsed)."""
    columns = ("inserted", "updated", "unchanged", "rejected", "reparsed")
    with conn.transaction():
        conn.execute(
            "UPDATE import_run SET status = 'finished', finished_at = now(), "
            + ", ".join(f"{c} = %s" for c in columns)
            + " WHERE id = %s",
            (*(getattr(counts, c) for c in columns), run_id),
        )


def previous_finished(conn: psycopg.Connection[Any], run_id: int) -> bool:
    """Whether the import run before this one finished (and so refreshed the summaries after its changes)."""
    row = conn.execute("SELECT status FROM import_run WHERE id < %s ORDER BY id DESC LIMIT 1", (run_id,)).fetchone()
    return row is not None and row[0] == "finished"


def end(url: str, run_id: int, status: str, message: str) -> None:
    """Mark the run ``failed`` or ``interrupted``, with why, over a new connection (the import's own may be broken
    or busy), within :data:`MARK_TIMEOUT` seconds. When the database cannot be reached the run stays ``running``
    until the next import finds its lock free and marks it."""
    if not run_id:
        return
    with (
        suppress(Exception),
        psycopg.connect(url, autocommit=True, connect_timeout=MARK_TIMEOUT) as conn,
    ):
        conn.execute(f"SET statement_timeout = '{MARK_TIMEOUT}s'")
        conn.execute(
            "UPDATE import_run SET status = %s, finished_at = now(), message = %s WHERE id = %s AND status = 'running'",
            (status, message[:2000], run_id),
        )
