"""``cabledb import``: a parallel COPY pipeline.

The main process reads the inputs (:func:`cabledb.sources.iter_records`) and deals batches of raw records out to
worker processes by reference id (:func:`routing_key`): every occurrence of one cable goes to the same worker, in
input order, so that the outcome never depends on which worker is faster. It writes nothing but the run's
bookkeeping. Each worker has its own
database connection and, for each batch, in one transaction of its own:

1. cuts each record into metadata, header and body (cheap) and hashes it;
2. asks the database for the stored hashes of the batch: cables already stored unchanged are counted and never
   parsed, which makes a re-import a small fraction of a first import;
3. parses the rest (:func:`cabledb.parse.parse_source`);
4. loads them with :class:`~cabledb.load.Loader`: COPY of new cables and their parts, merge of changed ones, their
   full-text documents, the rejected records with their raw bytes, and the references.

So parsing, COPY and ``to_tsvector`` (the most expensive step: PostgreSQL's text parser) run on every core. On an
empty database the main process defers indexes and constraints first and rebuilds them at the end; a final pass
resolves the references that crossed between concurrent batches. Memory stays flat: a bounded number of batches is
in flight, whatever the size of the input.
"""

from __future__ import annotations

import ctypes
import logging
import multiprocessing as mp
import os
import queue
import signal
import sys
import time
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import suppress
from dataclasses import dataclass, field
from typing import Any

import psycopg
from sqlalchemy.exc import SQLAlchemyError

from cabledb import runs
from cabledb.config import DEFAULT_BATCH_SIZE, libpq_url
from cabledb.db import Database, failure, head_revision, wait_for_imports
from cabledb.errors import CabledbError, DatabaseError, Interrupted, SchemaOutOfDateError, first_line
from cabledb.history.releases import Release, given_release, release_for_source, run_release
from cabledb.history.store import Sighting, record_history, record_sightings
from cabledb.load import (
    Existing,
    LoadedCable,
    Loader,
    Reject,
    catch_up_search,
    clean_text,
    refresh_summary,
    source_hash,
)
from cabledb.parse import ParseError, extract_source, parse_source, read_reference_id
from cabledb.parse.formats import html_metadata
from cabledb.sources import RawRecord, display_path, iter_records, reference_id_hint
from cabledb.sources.site import not_a_cable
from cabledb.timings import Timings

log = logging.getLogger(__name__)

#: Batches waiting for a worker, per worker (bounds memory on a 1.7 GB input).
QUEUE_DEPTH = 2
#: Attempts at a batch that lost a race with another worker (the same new id twice, a deadlock).
RETRIES = 5


@dataclass
class ImportResult:
    """What an import did."""

    run_id: int
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    skipped: int = 0  # files of a WikiLeaks build that are no cables (list pages, style sheets): not inputs
    reparsed: int = 0  # of the updated: unchanged raw text, read again by a newer parser
    seconds: float = 0.0
    reject_samples: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return self.inserted + self.updated + self.unchanged + self.rejected + self.skipped

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


@dataclass
class BatchOutcome:
    """What one batch did (sent from a worker to the main process)."""

    records: int = 0
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    skipped: int = 0
    reparsed: int = 0
    reject_samples: list[str] = field(default_factory=list)
    timings: Timings = field(default_factory=Timings)
    error: str | None = None  # a fatal error: the import stops
    hint: str | None = None  # how to fix it


def _label(record: RawRecord) -> str:
    return record.source if record.position in ("file", "member 1") else f"{record.source} ({record.position})"


def _reject(record: RawRecord, reason: str) -> Reject:
    return Reject(record.source, record.position, reason, record.raw)


def _no_cable(record: RawRecord, reason: str, rejects: list[Reject], out: BatchOutcome) -> None:
    """A record that holds no cable: skipped when it is a list page or an asset of a WikiLeaks build, else
    rejected with its reason."""
    if not_a_cable(record.source, record.text):
        out.skipped += 1
    else:
        rejects.append(_reject(record, reason))


class BatchLoader:
    """Processes batches of raw records in one process, over one connection (a worker's, or the main one's)."""

    def __init__(
        self,
        conn: psycopg.Connection[Any],
        run_id: int,
        *,
        deferred: bool,
        release: Release | None = None,
        history: bool = True,
    ) -> None:
        self.loader = Loader(conn, run_id, deferred=deferred)
        self.conn = conn
        self.run_id = run_id
        self.release = release  # given with --release: every record's release
        self.history = history
        self._releases: dict[str, Release] = {}
        self._sent: dict[tuple[str, bytes], bytes] = {}  # the texts of versions sighted in this run

    def release_of(self, record: RawRecord) -> Release:
        """The release of a record: the one given, else the one its source names, else the import run's own."""
        if self.release is not None:
            return self.release
        found = self._releases.get(record.source)
        if found is None:
            found = release_for_source(record.source) or run_release(self.run_id)
            if len(self._releases) > 10_000:
                self._releases.clear()
            self._releases[record.source] = found
        return found

    def process(self, records: Sequence[RawRecord]) -> BatchOutcome:
        out = BatchOutcome(records=len(records))
        t = out.timings
        start = time.process_time()
        works: list[tuple[RawRecord, Any, bytes]] = []
        rejects: list[Reject] = []
        for record in records:
            if record.error:
                rejects.append(_reject(record, record.error))
                continue
            try:
                source = extract_source(record.data, format=record.format)
            except ParseError as exc:
                _no_cable(record, exc.message, rejects, out)
                continue
            source.notes.extend(record.notes)
            works.append((record, source, source_hash(source)))
        t["prepare"] += time.process_time() - start
        # Skip what is stored unchanged, before parsing it.
        stored = self.loader.lookup([s.metadata["reference_id"] for _, s, _ in works if s.metadata.get("reference_id")])
        cables: list[LoadedCable] = []
        sightings: list[Sighting] = []
        start = time.process_time()
        for record, source, digest in works:
            existing = stored.get(source.metadata.get("reference_id", ""))
            if existing is not None and existing.has(digest):
                out.unchanged += 1
                if self.history:
                    sightings.append(
                        Sighting(
                            self.release_of(record),
                            source.metadata["reference_id"],
                            clean_text(source.header),
                            clean_text(source.body),
                            # The same raw text as the stored cable: the same version (no need to key it again).
                            existing.version_key if digest == existing.content_hash else None,
                        )
                    )
                continue
            try:
                cable = parse_source(source)
            except ParseError as exc:
                _no_cable(record, exc.message, rejects, out)
                continue
            if not cable.reference_id:
                rejects.append(
                    _reject(
                        record,
                        "the cable has no reference id and none can be derived (no banner with a serial, or no date)",
                    )
                )
                continue
            cables.append(LoadedCable(cable, _label(record), digest))
            if self.history:
                sightings.append(
                    Sighting(
                        self.release_of(record), cable.reference_id, clean_text(cable.header), clean_text(cable.body)
                    )
                )
        t["parse"] += time.process_time() - start
        for part in _unique_runs(cables):
            self._load(part, rejects, out)
            rejects = []
        if rejects:
            self._load([], rejects, out)
        if sightings:
            start = time.monotonic()
            record_sightings(self.conn, self.run_id, sightings, self._sent)
            t["sightings"] += time.monotonic() - start
        t.add(self.loader.take_timings())
        return out

    def _load(self, cables: list[LoadedCable], rejects: list[Reject], out: BatchOutcome) -> None:
        """Load cables whose ids are unique in the list; retry when another worker raced us to an id."""
        for attempt in range(RETRIES):
            stored = self.loader.lookup([c.cable.reference_id or "" for c in cables])
            new: list[LoadedCable] = []
            changed: list[tuple[LoadedCable, Existing]] = []
            alternates: list[tuple[LoadedCable, Existing]] = []
            unchanged = reparsed = 0
            for item in cables:
                existing = stored.get(item.cable.reference_id or "")
                if existing is None:
                    new.append(item)
                elif existing.has(item.content_hash):
                    unchanged += 1
                elif existing.reparse(item.content_hash):
                    changed.append((item, existing))
                    reparsed += 1
                elif item.preference > existing.preference:
                    changed.append((item, existing))
                else:
                    alternates.append((item, existing))
            try:
                self.loader.load_batch(new, changed, rejects, alternates)
            except (psycopg.errors.UniqueViolation, psycopg.errors.DeadlockDetected):
                if attempt + 1 == RETRIES:
                    raise
                time.sleep(0.05 * (attempt + 1))
                continue
            out.inserted += len(new)
            out.updated += len(changed) + len(alternates)
            out.reparsed += reparsed
            out.unchanged += unchanged
            out.rejected += len(rejects)
            for r in rejects[: max(0, 5 - len(out.reject_samples))]:
                out.reject_samples.append(f"{r.source} ({r.position}): {r.reason}")
            return


def _unique_runs(cables: list[LoadedCable]) -> Iterator[list[LoadedCable]]:
    """Split a batch where a reference id repeats: the later record then updates the earlier one."""
    run: list[LoadedCable] = []
    seen: set[str] = set()
    for item in cables:
        rid = item.cable.reference_id or ""
        if rid in seen:
            yield run
            run, seen = [], set()
        seen.add(rid)
        run.append(item)
    if run:
        yield run


def _die_with(parent: int) -> None:
    """Make this worker die with the import that started it. On Linux the kernel sends it SIGKILL the moment its
    parent dies (``prctl(PR_SET_PDEATHSIG)``), and the server rolls its open batch back; elsewhere the worker's loop
    notices within a second, after its current batch."""
    if sys.platform.startswith("linux"):
        with suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:
        os._exit(1)  # the parent died before the request took effect


_PR_SET_PDEATHSIG = 1


def _worker(
    url: str,
    run_id: int,
    deferred: bool,
    jobs: Any,
    results: Any,
    parent: int,
    release: Release | None = None,
    history: bool = True,
) -> None:
    """A worker process: batches in, outcomes out, until a None job."""
    # Ctrl-C in a terminal reaches the whole process group, and SIGTERM may: the import that started this worker
    # decides (it kills its workers, and the kernel kills them when it dies), so that one line is printed, not a
    # traceback per worker.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    _die_with(parent)
    try:
        # Autocommit: every unit of work opens its own transaction; nothing stays open between them.
        conn = psycopg.connect(url, autocommit=True, application_name="cabledb import worker")
        batches = BatchLoader(conn, run_id, deferred=deferred, release=release, history=history)
    except Exception as exc:
        results.put(_failed(exc))
        return
    with conn:
        while True:
            if os.getppid() != parent:
                return  # the import was killed: its workers stop too, leaving the batches it had dealt
            try:
                job = jobs.get(timeout=1)
            except queue.Empty:
                continue
            if job is None:
                return
            try:
                results.put(batches.process(job))
            except Exception as exc:
                results.put(_failed(exc))
                return


def _failed(exc: Exception) -> BatchOutcome:
    """The outcome of a batch that stopped the import, told for people."""
    if isinstance(exc, psycopg.Error):
        error = failure(exc)
        return BatchOutcome(error=error.message, hint=error.hint)
    return BatchOutcome(
        error=f"{type(exc).__name__} in a worker: {first_line(exc)}",
        hint="run the same import again with --debug and report what it prints; finished batches are kept",
    )


def default_workers() -> int:
    return max(1, min(8, (os.cpu_count() or 1)))


def _batches(records: Iterable[RawRecord], size: int) -> Iterator[list[RawRecord]]:
    batch: list[RawRecord] = []
    for record in records:
        batch.append(record.compact())
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


class _Totals:
    def __init__(self, result: ImportResult, progress: Callable[[int], None] | None) -> None:
        self.result = result
        self.progress = progress
        self.timings: Timings = Timings()

    def add(self, out: BatchOutcome) -> None:
        if out.error:
            raise DatabaseError(f"the import stopped: {out.error}", hint=out.hint)
        r = self.result
        r.inserted += out.inserted
        r.updated += out.updated
        r.unchanged += out.unchanged
        r.reparsed += out.reparsed
        r.rejected += out.rejected
        r.skipped += out.skipped
        r.reject_samples.extend(out.reject_samples[: max(0, 5 - len(r.reject_samples))])
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
        result = ImportResult(run_id)
        totals = _Totals(result, progress)
        main = Loader(conn, run_id, main=True)  # deferral and the final passes
        deferred = main.defer_if_empty()
        records = iter_records(paths, format=format)
        read_start = time.process_time()
        if workers <= 0:
            batches = BatchLoader(conn, run_id, deferred=deferred, release=given, history=history)
            for batch in _batches(records, batch_size):
                totals.add(batches.process(batch))
        else:
            _run_workers(
                libpq_url(db.url), run_id, deferred, records, batch_size, workers, totals, given, history=history
            )
        totals.timings["read"] += time.process_time() - read_start
        catch_up_search(conn, main.timings)
        main.resolve_all()
        if deferred:
            main.rebuild_deferred(connect=lambda: _session(db))
        if history:
            start = time.monotonic()
            record_history(conn, run_id, complete=complete, given=given)
            totals.timings["history"] += time.monotonic() - start
        # bi.cables reads the materialized summary: never stale after an import. It is current when this run
        # changed nothing and the run before it finished (its refresh included); an interrupted one may have left
        # cables it never summarized.
        if result.inserted or result.updated or not _previous_run_finished(conn, run_id):
            refresh_summary(conn, main.timings)
        _finish_run(conn, result)
        timings = totals.timings.add(main.take_timings())
        result.seconds = time.monotonic() - started
        result.timings = {k: round(v, 2) for k, v in sorted(timings.items())}
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


def _previous_run_finished(conn: psycopg.Connection[Any], run_id: int) -> bool:
    """Whether the import run before this one finished (and so refreshed the summaries after its changes)."""
    row = conn.execute("SELECT status FROM import_run WHERE id < %s ORDER BY id DESC LIMIT 1", (run_id,)).fetchone()
    return row is not None and row[0] == "finished"


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


def _run_workers(
    url: str,
    run_id: int,
    deferred: bool,
    records: Iterable[RawRecord],
    batch_size: int,
    workers: int,
    totals: _Totals,
    release: Release | None = None,
    *,
    history: bool = True,
) -> None:
    """Deal the records out to the workers by reference id (see :func:`routing_key`), in batches."""
    ctx = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else mp.get_context("spawn")
    jobs: list[Any] = [ctx.Queue(maxsize=QUEUE_DEPTH) for _ in range(workers)]
    results: Any = ctx.Queue()
    procs = [
        ctx.Process(
            target=_worker,
            args=(url, run_id, deferred, jobs[i], results, os.getpid(), release, history),
            daemon=True,
        )
        for i in range(workers)
    ]
    for p in procs:
        p.start()
    in_flight = 0
    done = False

    def put(worker: int, job: list[RawRecord] | None) -> None:
        """Queue a job (a batch, or None: no more work) for a worker; while its queue is full, take the outcomes
        that arrive, so that a worker's error (a lost database) stops the import instead of blocking it."""
        nonlocal in_flight
        while True:
            try:
                jobs[worker].put(job, timeout=0.1)
                break
            except queue.Full:
                in_flight -= _drain(results, totals, procs)
                _check_alive([procs[worker]], results, totals)  # the others may have ended their work
        if job is not None:
            in_flight += 1
        in_flight -= _drain(results, totals, procs, block=False)

    try:
        pending: list[list[RawRecord]] = [[] for _ in range(workers)]
        for record in records:
            worker = zlib.crc32(routing_key(record).encode("utf-8", "surrogatepass")) % workers
            pending[worker].append(record.compact())
            if len(pending[worker]) >= batch_size:
                put(worker, pending[worker])
                pending[worker] = []
        for worker, batch in enumerate(pending):
            if batch:
                put(worker, batch)
        for worker in range(workers):
            put(worker, None)
        while in_flight > 0:
            in_flight -= _drain(results, totals, procs, block=True)
        done = True
    finally:
        _stop_workers(procs, [*jobs, results], graceful=done)


#: Seconds a worker is given to exit after its end-of-work signal, or after it is killed.
JOIN_TIMEOUT = 10


def _stop_workers(procs: list[Any], queues: list[Any], *, graceful: bool) -> None:
    """End the workers and their queues, whatever happened, in bounded time. After the end-of-work signals
    (``graceful``) a worker that has not exited within :data:`JOIN_TIMEOUT` is killed; after an error or an
    interrupt every worker is killed at once (the server rolls its open batch back). Batches still queued for a
    dead worker are dropped: without this, the queues' feeder threads would wait at exit for ever to hand them
    over, and the import would hang after printing its error."""
    deadline = time.monotonic() + (JOIN_TIMEOUT if graceful else 0)
    for p in procs:
        p.join(timeout=max(0.0, deadline - time.monotonic()))
    for p in procs:
        if p.is_alive():
            p.kill()
            p.join(timeout=JOIN_TIMEOUT)
    for q in queues:
        q.cancel_join_thread()
        q.close()


def routing_key(record: RawRecord) -> str:
    """The reference id of a record, found as cheaply as it can be (a CSV column, the HTML metadata table; a plain
    text from its routing header and banner only). The worker that loads a record is chosen by it, so that all
    occurrences of one cable in the inputs are loaded by the same worker in input order: the outcome never depends
    on which worker is faster."""
    if record.error:
        return ""
    try:
        if record.format == "csv":
            found = reference_id_hint(record.raw_text or "")
            if found:
                return found
        elif record.format == "html":
            meta, _, _ = html_metadata(record.text or "")
            if meta.get("reference_id"):
                return meta["reference_id"].strip()
        return (read_reference_id(extract_source(record.data, format=record.format)) or "").strip()
    except ParseError:
        return ""


def _drain(results: Any, totals: _Totals, procs: list[Any], *, block: bool = False) -> int:
    """Take the outcomes that are ready (waiting for one when ``block``); returns how many."""
    n = 0
    while True:
        try:
            out = results.get(timeout=0.5) if block and n == 0 else results.get_nowait()
        except queue.Empty:
            if block and n == 0:
                # Workers that got their end-of-work signal exit once their outcomes are queued; only when
                # none is alive and nothing more arrives were outcomes lost.
                if not any(p.is_alive() for p in procs):
                    try:
                        out = results.get(timeout=2)
                    except queue.Empty:
                        raise CabledbError(
                            "the import's worker processes ended without finishing their batches",
                            hint="run the same import again (with --debug to see why); finished batches are kept",
                        ) from None
                    totals.add(out)
                    n += 1
                continue
            return n
        totals.add(out)
        n += 1


def _check_alive(procs: list[Any], results: Any, totals: _Totals) -> None:
    if not all(p.is_alive() for p in procs):
        # A worker that stopped on an error queued the outcome that says why: take it first.
        with suppress(queue.Empty):
            while True:
                totals.add(results.get(timeout=2))
        raise CabledbError(
            "a worker process of the import ended unexpectedly",
            hint="run the same import again (with --debug to see why); finished batches are kept",
        )


def _session(db: Database) -> psycopg.Connection[Any]:
    """A connection for rebuilding indexes, with the import's session settings."""
    conn = db.connect(autocommit=True)
    conn.execute("SET maintenance_work_mem = '512MB'")
    return conn


def _finish_run(conn: psycopg.Connection[Any], result: ImportResult) -> None:
    runs.finish(
        conn,
        result.run_id,
        {
            "inserted": result.inserted,
            "updated": result.updated,
            "unchanged": result.unchanged,
            "rejected": result.rejected,
            "reparsed": result.reparsed,
        },
    )
    if result.inserted or result.updated:
        # Fresh statistics for the planner: the search function, for one, needs to know that PGOV is on half the
        # cables and KNNP on few.
        conn.execute("ANALYZE cable, cable_search, cable_tag, cable_recipient, cable_reference, paragraph")
