"""The import's worker processes: the main process deals batches of raw records out to them by reference id
(:func:`routing_key`), so that every occurrence of one cable goes to the same worker in input order and the outcome
never depends on which worker is faster. Each worker has its own database connection and processes its batches
with a :class:`~cabledb.load.batch.BatchProcessor`; its outcomes (or the :class:`~cabledb.load.batch.WorkerFailure`
that stopped it) come back on one results queue.

However the import ends, the workers end with it: they die with their parent (:func:`_die_with`), and
:func:`_stop_workers` ends them and their queues in bounded time, so that an error never leaves the import hanging.
"""

from __future__ import annotations

import ctypes
import multiprocessing as mp
import os
import queue
import signal
import sys
import time
import zlib
from collections.abc import Callable, Iterable
from contextlib import suppress
from typing import Any

import psycopg

from cabledb.errors import CabledbError
from cabledb.history.releases import Release
from cabledb.load.batch import BatchOutcome, BatchProcessor, WorkerFailure
from cabledb.parse import ParseError, extract_source, read_reference_id
from cabledb.parse.formats import html_metadata
from cabledb.sources import RawRecord, reference_id_hint

#: Batches waiting for a worker, per worker (bounds memory on a 1.7 GB input).
QUEUE_DEPTH = 2
#: Seconds a worker is given to exit after its end-of-work signal, or after it is killed.
JOIN_TIMEOUT = 10

#: Takes what a batch did, in the main process (raises on a failure).
Take = Callable[[BatchOutcome | WorkerFailure], None]


def default_workers() -> int:
    return max(1, min(8, (os.cpu_count() or 1)))


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
        batches = BatchProcessor(conn, run_id, deferred=deferred, release=release, history=history)
    except Exception as exc:
        results.put(WorkerFailure.of(exc))
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
                results.put(WorkerFailure.of(exc))
                return


def run_workers(
    url: str,
    run_id: int,
    deferred: bool,
    records: Iterable[RawRecord],
    batch_size: int,
    workers: int,
    take: Take,
    release: Release | None = None,
    *,
    history: bool = True,
) -> None:
    """Deal the records out to the workers by reference id (see :func:`routing_key`), in batches; ``take`` gets
    what each batch did."""
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
                in_flight -= _drain(results, take, procs)
                _check_alive([procs[worker]], results, take)  # the others may have ended their work
        if job is not None:
            in_flight += 1
        in_flight -= _drain(results, take, procs, block=False)

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
            in_flight -= _drain(results, take, procs, block=True)
        done = True
    finally:
        _stop_workers(procs, [*jobs, results], graceful=done)


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


def _drain(results: Any, take: Take, procs: list[Any], *, block: bool = False) -> int:
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
                    take(out)
                    n += 1
                continue
            return n
        take(out)
        n += 1


def _check_alive(procs: list[Any], results: Any, take: Take) -> None:
    if not all(p.is_alive() for p in procs):
        # A worker that stopped on an error queued the outcome that says why: take it first.
        with suppress(queue.Empty):
            while True:
                take(results.get(timeout=2))
        raise CabledbError(
            "a worker process of the import ended unexpectedly",
            hint="run the same import again (with --debug to see why); finished batches are kept",
        )
