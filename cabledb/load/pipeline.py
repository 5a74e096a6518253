"""``cabledb import``: a parallel COPY pipeline, from inputs to the run's :class:`ImportResult`.

The main process takes the import lock (:func:`cabledb.db.wait_for_imports`), records the import run
(:mod:`cabledb.load.runs`), prepares the database (:func:`_prepare`), reads the inputs
(:func:`cabledb.sources.iter_records`) and deals batches of raw records out to worker processes
(:mod:`cabledb.load.workers`). It writes nothing but the run's bookkeeping. Each worker has its own database
connection and, for each batch, in one transaction of its own (:mod:`cabledb.load.batch`):

1. cuts each record into metadata, header and body (cheap) and hashes it;
2. asks the database for the stored hashes of the batch: cables already stored unchanged are counted and never
   parsed, which makes a re-import a small fraction of a first import;
3. parses the rest (:func:`cabledb.parse.parse_source`);
4. writes them with :class:`~cabledb.load.writer.Writer`: COPY of new cables and their parts, merge of changed
   ones, their full-text documents, the rejected records with their raw bytes, and the references.

So parsing, COPY and ``to_tsvector`` (the most expensive step: PostgreSQL's text parser) run on every core. On an
empty database the main process defers indexes and constraints first and rebuilds them at the end
(:mod:`cabledb.load.deferral`); a final pass resolves the references that crossed between concurrent batches.
Memory stays flat: a bounded number of batches is in flight, whatever the size of the input.
"""

from __future__ import annotations

import signal
import time
from collections.abc import Callable, Sequence
from contextlib import suppress
from dataclasses import dataclass, field
from typing import Any

import psycopg
from sqlalchemy.exc import SQLAlchemyError

from cabledb.config import DEFAULT_BATCH_SIZE, libpq_url
from cabledb.db import Database, failure, head_revision, wait_for_imports
from cabledb.errors import CabledbError, DatabaseError, Interrupted, SchemaOutOfDateError, first_line
from cabledb.history.releases import Release, given_release
from cabledb.history.store import record_history
from cabledb.load import runs
from cabledb.load.batch import BatchOutcome, BatchProcessor, Counts, WorkerFailure
from cabledb.load.deferral import defer_if_empty, rebuild_deferred
from cabledb.load.dimensions import ensure_glossary
from cabledb.load.workers import default_workers, run_workers
from cabledb.load.writer import catch_up_search, refresh_summary, resolve_all, tune_session
from cabledb.sources import batches, display_path, iter_records
from cabledb.timings import Timings


@dataclass
class ImportResult(Counts):
    """What an import did: its :class:`~cabledb.load.batch.Counts`, its run, and how long it took."""

    run_id: int = 0
    seconds: float = 0.0
    timings: dict[str, float] = field(default_factory=dict)

    def summary(self) -> str:
        updated = f"{self.updated} updated"
        if self.reparsed:
            updated += f" ({self.reparsed} re-parsed by a newer parser)"
        return (
            f"{self.inserted} inserted, {updated}, {self.unchanged} unchanged, "
            f"{self.rejected} rejected{self._skipped()} in {self.seconds:.1f} s (import run {self.run_id})"
        )

    def _skipped(self) -> str:
        return f", {self.skipped} skipped (files of the WikiLeaks site that are no cables)" if self.skipped else ""


class _Tally:
    """Adds what each batch did into the run's result; a worker's failure stops the import."""

    def __init__(self, result: ImportResult, progress: Callable[[int], None] | None) -> None:
        self.result = result
        self.progress = progress
        self.timings: Timings = Timings()

    def __call__(self, out: BatchOutcome | WorkerFailure) -> None:
        if isinstance(out, WorkerFailure):
            raise DatabaseError(f"the import stopped: {out.message}", hint=out.hint)
        self.result += out.counts
        self.timings.add(out.timings)
        if self.progress:
            self.progress(out.records)


def import_paths(
    db: Database,
    paths: Sequence[str],
    *,
    format: str = "auto",
    batch_size: int = DEFAULT_BATCH_SIZE,
    workers: int | None = None,
    progress: Callable[[int], None] | None = None,
    release: str | None = None,
    complete: bool = False,
    history: bool = True,
) -> ImportResult:
    """Import files, directories, archives or ``-`` into the database. Re-running it changes nothing.

    However it ends, it ends: an error becomes a :class:`~cabledb.errors.CabledbError` (the run marked
    ``failed``), Ctrl-C or SIGTERM an :class:`~cabledb.errors.Interrupted` (the run marked ``interrupted``), and the
    worker processes and their queues are gone before it returns.

    Every cable read belongs to a release (:mod:`cabledb.history`): ``release`` names it; else the build or
    ``cables.csv`` file its path names, else the import run's own release. ``complete`` marks the releases whole
    (what they lack of the release before was withdrawn). ``history=False`` records no history (for benchmarks).

    Example::

        with open_database() as db:
            result = import_paths(db, ["cables.csv", "cablegate-html.7z"])
            print(result.inserted, result.updated, result.rejected)
    """
    started = time.monotonic()
    given: Release | None = None
    if release is not None:
        try:
            given = given_release(release)
        except ValueError as exc:
            raise CabledbError(f"--release: {exc}", hint="give a name like cablegate-201012041409") from None
    workers = default_workers() if workers is None else workers
    conn = db.connect(autocommit=True, application_name="cabledb import")
    run_id = 0
    try:
        wait_for_imports(conn, "importing")
        _check_schema(conn, db)
        run_id = runs.start(conn, [display_path(p) for p in paths])
        runs.close_dead(conn, run_id)
        result = ImportResult(run_id=run_id)
        tally = _Tally(result, progress)
        timings = Timings()  # the main connection's: deferral and the final passes
        _prepare(conn, timings)
        deferred = defer_if_empty(conn, run_id)
        records = iter_records(paths, format=format)
        read_start = time.process_time()
        if workers <= 0:
            processor = BatchProcessor(conn, run_id, deferred=deferred, release=given, history=history)
            for batch in batches(records, batch_size):
                tally(processor.process(batch))
        else:
            run_workers(
                libpq_url(db.url), run_id, deferred, records, batch_size, workers, tally, given, history=history
            )
        tally.timings["read"] += time.process_time() - read_start
        catch_up_search(conn, timings)
        resolve_all(conn, timings)
        if deferred:
            timings["indexes"] += rebuild_deferred(conn, connect=lambda: _session(db))
        if history:
            start = time.monotonic()
            record_history(conn, run_id, complete=complete, given=given)
            tally.timings["history"] += time.monotonic() - start
        # bi.cables reads the materialized summary: never stale after an import. It is current when this run
        # changed nothing and the run before it finished (its refresh included); an interrupted one may have left
        # cables it never summarized.
        if result.inserted or result.updated or not runs.previous_finished(conn, run_id):
            refresh_summary(conn, timings)
        _finish_run(conn, result)
        tally.timings.add(timings)
        result.seconds = time.monotonic() - started
        result.timings = {k: round(v, 2) for k, v in sorted(tally.timings.items())}
        result.timings["total"] = round(result.seconds, 2)
        return result
    except KeyboardInterrupt as exc:
        signum = exc.signum if isinstance(exc, Interrupted) else signal.SIGINT
        how = Interrupted(signum).how
        runs.end(libpq_url(db.url), run_id, "interrupted", f"interrupted by {how}")
        kept = f"import run {run_id} is marked interrupted; " if run_id else ""
        raise Interrupted(
            signum, f"{kept}the batches it finished are kept: run the same import again to complete it"
        ) from None
    except (psycopg.Error, SQLAlchemyError) as exc:
        error = failure(exc)
        runs.end(libpq_url(db.url), run_id, "failed", error.message)
        raise DatabaseError(f"the import stopped: {error.message}", hint=error.hint) from None
    except BaseException as exc:
        runs.end(libpq_url(db.url), run_id, "failed", exc.message if isinstance(exc, CabledbError) else first_line(exc))
        raise
    finally:
        with suppress(psycopg.Error):
            conn.close()


def _prepare(conn: psycopg.Connection[Any], timings: Timings) -> None:
    """Prepare the database under the import lock, on the main connection: tune its session, rebuild what a killed
    first import left deferred, and complete the tag glossary."""
    tune_session(conn)
    timings["indexes"] += rebuild_deferred(conn)
    ensure_glossary(conn)


def _check_schema(conn: psycopg.Connection[Any], db: Database) -> None:
    """The schema may have changed while the import waited for a migration to finish."""
    head = head_revision()
    current = None
    if conn.execute("SELECT to_regclass('alembic_version') IS NOT NULL").fetchone() == (True,):
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        current = row[0] if row else None
    if current != head:
        raise SchemaOutOfDateError(
            f"the database {db.display_url} is at revision {current or 'base (no cabledb schema)'}, not {head} "
            "(it was migrated while this import waited?)",
            hint="run: cabledb db upgrade, then the same import again",
        )


def _session(db: Database) -> psycopg.Connection[Any]:
    """A connection for rebuilding indexes, with the import's session settings."""
    conn = db.connect(autocommit=True)
    conn.execute("SET maintenance_work_mem = '512MB'")
    return conn


def _finish_run(conn: psycopg.Connection[Any], result: ImportResult) -> None:
    runs.finish(conn, result.run_id, result)
    if result.inserted or result.updated:
        # Fresh statistics for the planner: the search function, for one, needs to know that PGOV is on half the
        # cables and KNNP on few.
        conn.execute("ANALYZE cable, cable_search, cable_facet, cable_tag, cable_recipient, cable_reference, paragraph")
