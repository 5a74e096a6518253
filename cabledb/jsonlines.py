"""``cabledb parse``: cables in, one JSON object per cable out, parsed on every core.

The main process walks the inputs in order (:func:`cabledb.sources.iter_inputs`); worker processes read, parse and
serialise them in batches, and the objects are written in input order. A page or text file is read by the worker
that parses it (the main process sends its path); a CSV dump, an archive or standard input is read by the main
process, which sends its records. Memory stays bounded: a few batches per worker
are in flight, whatever the size of the input. A worker that dies ends the command with an error, never a hang.
"""

from __future__ import annotations

import multiprocessing as mp
import os
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from cabledb.display import json_line
from cabledb.parse import ParseError, extract_source, parse_source
from cabledb.sources import MAX_RECORD_BYTES, RawRecord, batches, iter_inputs, iter_records, read_file
from cabledb.sources.site import not_a_cable

#: Records per batch sent to a worker, and batches in flight per worker.
BATCH = 64
IN_FLIGHT = 3


@dataclass(frozen=True, slots=True)
class Options:
    format: str = "auto"
    reference_id: str | None = None
    created: str | None = None
    pretty: bool = False


@dataclass(frozen=True, slots=True)
class Outcome:
    """One record's result: its JSON text, or why it holds no cable (with where it came from)."""

    json: str | None
    error: str | None = None
    skipped: bool = False  # a page or an asset of the WikiLeaks site: no input, no error


def _parse_one(record: RawRecord, options: Options) -> Outcome:
    where = f"{record.source} ({record.position})"
    if record.error:
        return Outcome(None, f"{where}: {record.error}")
    try:
        source = extract_source(
            record.data, format=record.format, reference_id=options.reference_id, created=options.created
        )
        source.notes.extend(record.notes)
        cable = parse_source(source)
    except ParseError as exc:
        return Outcome(None, f"{where}: {exc.message}", skipped=not_a_cable(record.source, record.text) is not None)
    return Outcome(json_line(cable.to_dict(), indent=2 if options.pretty else None))


def _parse_batch(items: Sequence[RawRecord | Path], options: Options) -> list[Outcome]:
    """The outcomes of a batch of records and of files to read (each holds one record or more)."""
    outcomes: list[Outcome] = []
    for item in items:
        for record in read_file(item, options.format) if isinstance(item, Path) else (item,):
            outcomes.append(_parse_one(record, options))
    return outcomes


def default_workers() -> int:
    return max(1, min(8, os.cpu_count() or 1))


def parse_outcomes(paths: Sequence[str], options: Options, *, workers: int | None = None) -> Iterator[Outcome]:
    """Every record's outcome, in input order."""
    workers = default_workers() if workers is None else workers
    if workers <= 1:
        for record in iter_records(paths, format=options.format):
            yield _parse_one(record, options)
        return
    # A file of up to 1 MB (a page: the largest of the shared corpus has 139 KB) is read by a worker; a larger one
    # may be a CSV dump or an archive of many records, which the main process reads and deals out in batches.
    items = iter_inputs(paths, format=options.format, defer_up_to=min(MAX_RECORD_BYTES, 1 << 20))
    ctx = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else mp.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=ctx) as pool:
        pending: deque[Future[list[Outcome]]] = deque()
        try:
            for batch in batches(items, BATCH, keep_raw=False):
                pending.append(pool.submit(_parse_batch, batch, options))
                while len(pending) >= workers * IN_FLIGHT:
                    yield from pending.popleft().result()
            while pending:
                yield from pending.popleft().result()
        except BaseException:
            pool.shutdown(wait=False, cancel_futures=True)
            raise


def write_jsonl(
    paths: Sequence[str],
    out: IO[str],
    options: Options,
    on_error: Callable[[str], None],
    *,
    workers: int | None = None,
) -> int:
    """Write one JSON object per cable to ``out``, and pass why for every input that holds no cable to
    ``on_error``; returns how many held none."""
    failed = skipped = 0
    for outcome in parse_outcomes(paths, options, workers=workers):
        if outcome.skipped:
            skipped += 1
            continue
        if outcome.json is None:
            failed += 1
            on_error(outcome.error or "")
            continue
        out.write(outcome.json)
        out.write("\n")
    out.flush()
    if skipped:
        what = "list pages, style sheets, images"
        on_error(f"skipped {skipped} file(s) of the WikiLeaks site that are no cables ({what})")
    return failed
