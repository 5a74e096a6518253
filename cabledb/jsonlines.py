"""``cabledb parse``: cables in, one JSON object per cable out, parsed on every core.

Records are read in order by the main process (:func:`cabledb.sources.iter_records`) and parsed and serialised in
batches by worker processes; the objects are written in input order. Memory stays bounded: a few batches per worker
are in flight, whatever the size of the input. A worker that dies ends the command with an error, never a hang.
"""

from __future__ import annotations

import multiprocessing as mp
import os
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from typing import IO

from cabledb.display import json_line
from cabledb.parse import ParseError, extract_source, parse_source
from cabledb.sources import RawRecord, batches, iter_records
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


def _parse_batch(records: Sequence[RawRecord], options: Options) -> list[Outcome]:
    return [_parse_one(r, options) for r in records]


def default_workers() -> int:
    return max(1, min(8, os.cpu_count() or 1))


def parse_outcomes(paths: Sequence[str], options: Options, *, workers: int | None = None) -> Iterator[Outcome]:
    """Every record's outcome, in input order."""
    workers = default_workers() if workers is None else workers
    records = iter_records(paths, format=options.format)
    if workers <= 1:
        for record in records:
            yield _parse_one(record, options)
        return
    ctx = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else mp.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=ctx) as pool:
        pending: deque[Future[list[Outcome]]] = deque()
        try:
            for batch in batches(records, BATCH, keep_raw=False):
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
