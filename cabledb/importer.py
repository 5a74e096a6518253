"""``cabledb import``: read inputs, parse them in worker processes, load them in batches.

The pipeline: :func:`cabledb.sources.iter_records` streams raw records; a pool of worker processes parses them
(pure Python, no database) into :class:`~cabledb.load.LoadedCable` or :class:`~cabledb.load.Reject`; the main
process loads batches with :class:`~cabledb.load.Loader`. Memory stays flat: records are parsed in chunks and
loaded in batches whatever the size of the input.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing as mp
import os
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

import psycopg

from cabledb import __version__
from cabledb.db import Database
from cabledb.errors import DatabaseError
from cabledb.load import BatchResult, LoadedCable, Loader, Reject, content_hash
from cabledb.parse import ParseError, parse_cable
from cabledb.sources import RawRecord, iter_records

log = logging.getLogger(__name__)

DEFAULT_BATCH_SIZE = 2000
#: Records handed to a worker at a time.
CHUNK_SIZE = 64


@dataclass
class ImportResult:
    """What an import did."""

    run_id: int
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    seconds: float = 0.0
    reject_samples: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.inserted + self.updated + self.unchanged + self.rejected

    def summary(self) -> str:
        return (
            f"{self.inserted} inserted, {self.updated} updated, {self.unchanged} unchanged, "
            f"{self.rejected} rejected in {self.seconds:.1f} s (import run {self.run_id})"
        )


def parse_record(record: RawRecord) -> LoadedCable | Reject:
    """Parse one raw record; a record that holds no cable becomes a :class:`Reject` with its raw bytes."""
    if record.error:
        return Reject(record.source, record.position, record.error, record.raw)
    try:
        cable = parse_cable(record.data, format=record.format)
    except ParseError as exc:
        return Reject(record.source, record.position, exc.message, record.raw)
    if not cable.reference_id:
        return Reject(
            record.source,
            record.position,
            "the cable has no reference id and none can be derived (no banner with a serial, or no date)",
            record.raw,
        )
    for note in record.notes:
        cable.note(note)
    source = record.source if record.position in ("file", "member 1") else f"{record.source} ({record.position})"
    return LoadedCable(cable, source, content_hash(cable))


def _parse_chunk(records: list[RawRecord]) -> list[LoadedCable | Reject]:
    return [parse_record(r) for r in records]


def _chunks(records: Iterable[RawRecord], size: int) -> Iterator[list[RawRecord]]:
    it = iter(records)
    while chunk := list(islice(it, size)):
        yield chunk


def parsed_stream(records: Iterable[RawRecord], workers: int) -> Iterator[LoadedCable | Reject]:
    """Parse records in order, in ``workers`` processes (0: in this process)."""
    if workers <= 0:
        for record in records:
            yield parse_record(record)
        return
    ctx = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else mp.get_context()
    with ProcessPoolExecutor(max_workers=workers, mp_context=ctx) as pool:
        # Keep a bounded number of chunks in flight, so that memory stays flat on a 1.7 GB input.
        pending: list[Any] = []
        for chunk in _chunks(records, CHUNK_SIZE):
            pending.append(pool.submit(_parse_chunk, chunk))
            if len(pending) >= workers * 4:
                yield from pending.pop(0).result()
        for fut in pending:
            yield from fut.result()


def default_workers() -> int:
    return max(1, min(8, (os.cpu_count() or 1)))


def import_paths(
    db: Database,
    paths: Sequence[str],
    *,
    format: str = "auto",
    batch_size: int = DEFAULT_BATCH_SIZE,
    workers: int | None = None,
    progress: Callable[[int], None] | None = None,
) -> ImportResult:
    """Import files, directories, archives or ``-`` into the database. Re-running it changes nothing."""
    started = time.monotonic()
    workers = default_workers() if workers is None else workers
    conn = db.connect(autocommit=False)
    try:
        run_id = _start_run(conn, paths)
        result = ImportResult(run_id)
        loader = Loader(conn, run_id)
        try:
            records = iter_records(paths, format=format)
            batch: list[LoadedCable] = []
            rejects: list[Reject] = []
            seen: set[str] = set()

            def flush() -> None:
                done = loader.load_batch(batch, rejects)
                _add(result, done)
                for r in rejects[: max(0, 5 - len(result.reject_samples))]:
                    result.reject_samples.append(f"{r.source} ({r.position}): {r.reason}")
                if progress:
                    progress(len(batch) + len(rejects))
                batch.clear()
                rejects.clear()
                seen.clear()

            for item in parsed_stream(records, workers):
                if isinstance(item, Reject):
                    rejects.append(item)
                else:
                    rid = item.cable.reference_id or ""
                    if rid in seen:
                        flush()  # the same id twice in a batch: the later one updates the earlier
                    seen.add(rid)
                    batch.append(item)
                if len(batch) + len(rejects) >= batch_size:
                    flush()
            if batch or rejects:
                flush()
            result.seconds = time.monotonic() - started
            _finish_run(conn, result)
        finally:
            loader.close()
        return result
    except psycopg.OperationalError as exc:
        raise DatabaseError(
            f"lost the connection to the database during the import: {str(exc).strip().splitlines()[0]}",
            hint="check that the server runs, then run the same import again: finished batches are kept",
        ) from None
    finally:
        with contextlib.suppress(psycopg.Error):
            conn.close()


def _add(result: ImportResult, batch: BatchResult) -> None:
    result.inserted += batch.inserted
    result.updated += batch.updated
    result.unchanged += batch.unchanged
    result.rejected += batch.rejected


def _start_run(conn: psycopg.Connection[Any], paths: Sequence[str]) -> int:
    with conn.transaction():
        row = conn.execute(
            "INSERT INTO import_run (inputs, cabledb_version) VALUES (%s, %s) RETURNING id", (list(paths), __version__)
        ).fetchone()
    assert row is not None
    return int(row[0])


def _finish_run(conn: psycopg.Connection[Any], result: ImportResult) -> None:
    with conn.transaction():
        conn.execute(
            "UPDATE import_run SET status = 'finished', finished_at = now(), inserted = %s, updated = %s,"
            " unchanged = %s, rejected = %s WHERE id = %s",
            (result.inserted, result.updated, result.unchanged, result.rejected, result.run_id),
        )
    conn.execute("ANALYZE cable")
    conn.commit()
