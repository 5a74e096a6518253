"""One batch of raw records, in one process over one connection (a worker's, or the import's main one): prepare
each record (cut it into metadata, header and body, and hash it), skip what is stored unchanged before parsing it,
parse the rest, classify them against what is stored (new, changed, a less preferred alternate), and hand them to
the :class:`~cabledb.load.writer.Writer`.

What a batch did travels back to the main process as a :class:`BatchOutcome` (its :class:`Counts`), or as a
:class:`WorkerFailure` when it stopped the import.
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, fields
from typing import Any, Self

import psycopg

from cabledb.db import failure
from cabledb.errors import first_line
from cabledb.history.releases import Release, release_for_source, run_release
from cabledb.history.store import Sighting, record_sightings
from cabledb.load.writer import Existing, LoadedCable, Reject, Writer, clean_text, source_hash
from cabledb.parse import ParseError, extract_source, parse_source
from cabledb.sources import RawRecord
from cabledb.sources.site import not_a_cable
from cabledb.timings import Timings

#: Attempts at a batch that lost a race with another worker (the same new id twice, a deadlock).
RETRIES = 5
#: How many rejects a run's counts keep as samples to show.
REJECT_SAMPLES = 5


@dataclass
class Counts:
    """How many records an import, or one batch of it, inserted, updated, left unchanged, rejected or skipped,
    added up with ``+=``."""

    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    skipped: int = 0  # files of a WikiLeaks build that are no cables (list pages, style sheets): not inputs
    reparsed: int = 0  # of the updated: unchanged raw text, read again by a newer parser
    reject_samples: list[str] = field(default_factory=list)

    def __iadd__(self, other: Counts) -> Self:
        for f in fields(Counts):
            if f.name != "reject_samples":
                setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))
        self.reject_samples.extend(other.reject_samples[: max(0, REJECT_SAMPLES - len(self.reject_samples))])
        return self

    @property
    def total(self) -> int:
        return self.inserted + self.updated + self.unchanged + self.rejected + self.skipped


@dataclass
class BatchOutcome:
    """What one batch did (sent from a worker to the main process)."""

    records: int = 0
    counts: Counts = field(default_factory=Counts)
    timings: Timings = field(default_factory=Timings)


@dataclass(frozen=True)
class WorkerFailure:
    """A fatal error in a batch, told for people: the import stops."""

    message: str
    hint: str | None = None

    @classmethod
    def of(cls, exc: Exception) -> WorkerFailure:
        if isinstance(exc, psycopg.Error):
            error = failure(exc)
            return cls(error.message, error.hint)
        return cls(
            f"{type(exc).__name__} in a worker: {first_line(exc)}",
            "run the same import again with --debug and report what it prints; finished batches are kept",
        )


def _label(record: RawRecord) -> str:
    return record.source if record.position in ("file", "member 1") else f"{record.source} ({record.position})"


def _reject(record: RawRecord, reason: str) -> Reject:
    return Reject(record.source, record.position, reason, record.raw)


def _no_cable(record: RawRecord, reason: str, rejects: list[Reject], counts: Counts) -> None:
    """A record that holds no cable: skipped when it is a list page or an asset of a WikiLeaks build, else
    rejected with its reason."""
    if not_a_cable(record.source, record.text):
        counts.skipped += 1
    else:
        rejects.append(_reject(record, reason))


class BatchProcessor:
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
        self.writer = Writer(conn, run_id, deferred=deferred)
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
        counts = out.counts
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
                _no_cable(record, exc.message, rejects, counts)
                continue
            source.notes.extend(record.notes)
            works.append((record, source, source_hash(source)))
        t["prepare"] += time.process_time() - start
        # Skip what is stored unchanged, before parsing it.
        stored = self.writer.lookup([s.metadata["reference_id"] for _, s, _ in works if s.metadata.get("reference_id")])
        cables: list[LoadedCable] = []
        sightings: list[Sighting] = []
        start = time.process_time()
        for record, source, digest in works:
            existing = stored.get(source.metadata.get("reference_id", ""))
            if existing is not None and existing.has(digest):
                counts.unchanged += 1
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
                _no_cable(record, exc.message, rejects, counts)
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
            self._write(part, rejects, counts)
            rejects = []
        if rejects:
            self._write([], rejects, counts)
        if sightings:
            start = time.monotonic()
            record_sightings(self.conn, self.run_id, sightings, self._sent)
            t["sightings"] += time.monotonic() - start
        t.add(self.writer.take_timings())
        return out

    def _write(self, cables: list[LoadedCable], rejects: list[Reject], counts: Counts) -> None:
        """Classify and write cables whose ids are unique in the list; retry when another worker raced us to an
        id."""
        for attempt in range(RETRIES):
            stored = self.writer.lookup([c.cable.reference_id or "" for c in cables])
            new: list[LoadedCable] = []
            changed: list[tuple[LoadedCable, Existing]] = []
            alternates: list[tuple[LoadedCable, Existing]] = []
            done = Counts()
            for item in cables:
                existing = stored.get(item.cable.reference_id or "")
                if existing is None:
                    new.append(item)
                elif existing.has(item.content_hash):
                    done.unchanged += 1
                elif existing.reparse(item.content_hash):
                    changed.append((item, existing))
                    done.reparsed += 1
                elif item.preference > existing.preference:
                    changed.append((item, existing))
                else:
                    alternates.append((item, existing))
            try:
                self.writer.write(new, changed, rejects, alternates)
            except (psycopg.errors.UniqueViolation, psycopg.errors.DeadlockDetected):
                if attempt + 1 == RETRIES:
                    raise
                time.sleep(0.05 * (attempt + 1))
                continue
            done.inserted = len(new)
            done.updated = len(changed) + len(alternates)
            done.rejected = len(rejects)
            done.reject_samples = [f"{r.source} ({r.position}): {r.reason}" for r in rejects[:REJECT_SAMPLES]]
            counts += done
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
