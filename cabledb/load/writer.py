"""Writing batches of parsed cables into PostgreSQL with COPY, set-wise, each batch in one transaction.

A :class:`Writer` holds one connection (a worker's, or the import's main one). Each batch is one transaction, so an
import that is killed keeps every finished batch and can simply be run again.

- **Unchanged cables are never rewritten, nor even parsed.** :mod:`cabledb.load.batch` asks :meth:`Writer.lookup`
  for the content hashes of a batch's reference ids first; a cable whose hash equals the stored one, or one of the
  versions it replaced (the same cable read from two inputs does not flip-flop), is counted and dropped.
- **New cables** get ids from the cable sequence in one round trip and are copied straight into ``cable`` and its
  part tables (psycopg ``COPY ... write_row``).
- **Another content for a stored cable** (another rendering, or a corrected text) is never lost, and which content
  is current does not depend on the order of arrival: the most complete one is (:func:`preference`). A preferred
  newcomer goes through ``stage_*`` temporary tables: the replaced text is kept in ``cable_version``, the row is
  updated in place, and its parts are replaced. Any other newcomer is only added to ``cable_version``. So the
  database depends on the set of inputs imported, never on their order, batches, concurrency or interruptions.
- **Dimension ids** (tags, offices, origins, caveats) are cached in memory (:mod:`cabledb.load.dimensions`).
- **References** resolve by canonical id, both ways: a batch's references to cables already present, and earlier
  references to the batch's new cables.
- **Full-text documents** are computed in the batch's transaction (``to_tsvector`` of subject, tags and body);
  with one writer per worker process, PostgreSQL runs them on every core. A final catch-up fills in any cable that
  lacks one (after a killed import).
"""

from __future__ import annotations

import hashlib
import logging
import operator
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import psycopg
from psycopg import sql

from cabledb import tables
from cabledb.history.diff import mask_count, version_key
from cabledb.load.dimensions import Dimensions, tag_words
from cabledb.parse import ParsedCable, parser_version
from cabledb.parse.formats import CableSource
from cabledb.timings import Timings

log = logging.getLogger(__name__)

#: The running parser's fingerprint, stored with each cable it reads.
PARSER_VERSION = parser_version()

#: Changed cables are staged in a temporary table shaped like cable itself (its defaults fill what COPY leaves out).
_STAGE_DDL = (
    "CREATE TEMP TABLE IF NOT EXISTS stage_cable (LIKE cable INCLUDING DEFAULTS, PRIMARY KEY (id))"
    " ON COMMIT DELETE ROWS"
)

#: The columns of cable that come from the parse result (see :meth:`Writer._cable_row`).
CABLE_COLUMNS = tuple(tables.cable_columns())
_CABLE_ROW = operator.itemgetter(*CABLE_COLUMNS)

#: Part tables and the columns COPY writes, in table order (cable_id first: every table of a cable leads with it).
PARTS = {t.name: tuple(tables.copied_columns(t)) for t in tables.part_tables()}
#: The tables whose rows of a cable are replaced when its content changes: the parts and the full-text documents.
_REPLACED = tuple(t.name for t in tables.replaced_tables())


def _copy_into(table: str) -> str:
    """The COPY statement of a part table; its rows are written in the order of :data:`PARTS`."""
    return f"COPY {table} ({', '.join(PARTS[table])}) FROM STDIN"


#: The tags of a cable as words for full-text search: each code and its description, so that a search for
#: "Azerbaijan" finds the cables tagged AJ (SQL over cable_tag ``ct`` and
#: tag ``t``; :func:`~cabledb.load.dimensions.tag_words` in Python).
TAG_WORDS = "string_agg(t.code || coalesce(' ' || t.description, ''), ' ' ORDER BY ct.position)"

#: How much of each part goes into the full-text documents, in characters. PostgreSQL refuses a tsvector over 1 MB
#: ("string is too long for tsvector"), which a body of a few MB of distinct words would reach and stop the import;
#: a tsvector takes at most about 4.7 bytes per character of text, so these bounds keep any cable under it. The
#: longest real body (66 KB in the shared corpus) is well inside; a longer one is searchable by its first 150,000
#: characters, with an anomaly (:func:`search_anomaly`).
SEARCH_LIMITS = {"subject": 2_000, "summary": 20_000, "body": 150_000}

#: The full-text documents of a cable ``c`` with its tag codes and words ``tags``: the SQL functions of
#: ``cabledb/sql/search_document_0015.sql`` (migration 0015), the one definition of what search reads. The full
#: document (subject A, tags B, body C) finds matches; the small head (subject A, tags and summary B) ranks them.
SEARCH_DOCUMENT = "cabledb_search_document(c.subject, tags, c.body)"
SEARCH_HEAD = "cabledb_search_head(c.subject, tags, c.summary)"

#: The row of cable_facet (migration 0019) of a cable ``c`` with its search document ``s`` and ``{tag_ids}``, its
#: distinct tag ids in order: what the search facets count, with a copy of the document that finds the matches.
FACET_COLUMNS = "cable_id, created, year, origin_id, classification_id, tag_ids, document"
FACET_ROW = (
    "c.id, c.created, extract(year FROM c.created AT TIME ZONE 'UTC')::smallint, c.origin_id, c.classification_id,"
    " {tag_ids}, s.document"
)
_NO_TAGS = "coalesce({}.tag_ids, '{{}}'::integer[])"
#: The distinct tag ids of a cable ``c``, in order, from cable_tag.
_TAG_IDS = (
    "coalesce((SELECT array_agg(DISTINCT ct.tag_id ORDER BY ct.tag_id) FROM cable_tag ct WHERE ct.cable_id = c.id),"
    " '{}'::integer[])"
)


def search_anomaly(cable: ParsedCable) -> str | None:
    """The note for a cable whose text is too long to be searched whole (see :data:`SEARCH_LIMITS`)."""
    long = [part for part, limit in SEARCH_LIMITS.items() if len(getattr(cable, part) or "") > limit]
    if not long:
        return None
    parts = ", ".join(f"{p} to its first {SEARCH_LIMITS[p]:,} characters" for p in long)
    return f"full-text search covers the {parts} (PostgreSQL limits a search document to 1 MB)"


@dataclass(slots=True)
class Reject:
    """A record that could not be imported, with its reason and raw bytes."""

    source: str
    position: str
    reason: str
    raw: bytes


Preference = tuple[bool, int, int, bytes]


def preference(header: str | None, body: str | None, content_hash: bytes) -> Preference:
    """Which of two contents of one cable is current: the larger key wins. A content with a routing header beats one
    without (a partial extract); then the one with fewer redaction masks (``XXXXXXXXXXXX`` is longer than most of
    the names it hides, so a redacted build would otherwise win); then the longer body (in UTF-8 bytes, as stored);
    the content hash breaks ties."""
    masks = mask_count(header or "") + mask_count(body or "")
    return (bool(header), -masks, len((body or "").encode("utf-8", "surrogatepass")), content_hash)


@dataclass(slots=True)
class LoadedCable:
    """A parsed cable with where it came from and its content hash."""

    cable: ParsedCable
    source: str
    content_hash: bytes

    @property
    def preference(self) -> Preference:
        return preference(_clean(self.cable.header), _clean(self.cable.body), self.content_hash)


@dataclass(slots=True)
class Existing:
    """A cable already in the database: its id, content hash, the hashes of the versions it replaced, and the
    version of the parser that read it."""

    id: int
    content_hash: bytes
    versions: tuple[bytes, ...] = ()
    parser_version: str | None = PARSER_VERSION
    has_header: bool = True
    body_bytes: int = 0
    version_key: bytes | None = None  # of the current text (NULL for cables stored before revision 0013)
    redaction_count: int = 0

    @property
    def preference(self) -> Preference:
        return (self.has_header, -self.redaction_count, self.body_bytes, self.content_hash)

    def has(self, digest: bytes) -> bool:
        """Is this content stored (as the cable, or as a version it replaced), read by this parser?"""
        if digest == self.content_hash:
            return self.parser_version == PARSER_VERSION
        return digest in self.versions

    def reparse(self, digest: bytes) -> bool:
        """Is this the stored content, read by another parser?"""
        return digest == self.content_hash and self.parser_version != PARSER_VERSION


def source_hash(source: CableSource) -> bytes:
    """The identity of a cable's content: its metadata and raw header and body, as published. Computed before
    parsing, so that an unchanged cable is recognised without parsing it."""
    h = hashlib.blake2b(digest_size=16)
    meta = source.metadata
    for part in (
        meta.get("reference_id", ""),
        meta.get("created", ""),
        meta.get("released", ""),
        meta.get("origin", ""),
        meta.get("classification", ""),
        source.header,
        source.body,
    ):
        h.update(part.encode("utf-8", "surrogatepass"))
        h.update(b"\x1f")
    return h.digest()


def tune_session(conn: psycopg.Connection[Any]) -> None:
    """Tune an import's session and create its staging table. Only this import's sessions are tuned; the server's
    settings are never changed."""
    conn.execute("SET synchronous_commit = off")
    conn.execute("SET maintenance_work_mem = '512MB'")
    conn.execute("SET work_mem = '64MB'")
    conn.execute(_STAGE_DDL)
    conn.commit()


class Writer:
    """Writes batches of parsed cables for one import run over one connection."""

    def __init__(self, conn: psycopg.Connection[Any], run_id: int, *, deferred: bool = False) -> None:
        """``deferred`` tells it that indexes are deferred (references are then resolved at the end, by
        :func:`resolve_all`)."""
        self.conn = conn
        self.run_id = run_id
        self.timings: Timings = Timings()
        self.deferred = deferred
        tune_session(conn)
        self.dims = Dimensions.read(conn)

    def take_timings(self) -> Timings:
        """The seconds spent per phase since the last call."""
        out, self.timings = self.timings, Timings()
        return out

    # -- batches ------------------------------------------------------------------------------------------------

    def lookup(self, reference_ids: Sequence[str]) -> dict[str, Existing]:
        """The stored content hashes of these reference ids (those present)."""
        if not reference_ids:
            return {}
        start = time.monotonic()
        rows = self.conn.execute(
            "SELECT c.reference_id, c.id, c.content_hash,"
            " ARRAY(SELECT v.content_hash FROM cable_version v WHERE v.cable_id = c.id), c.parser_version,"
            " octet_length(c.header) > 0, octet_length(c.body), c.version_key, c.redaction_count"  # no detoasting
            " FROM cable c WHERE c.reference_id = ANY(%s)",
            (list(reference_ids),),
        ).fetchall()
        self.timings["lookup"] += time.monotonic() - start
        return {
            rid: Existing(cid, bytes(h), tuple(bytes(v) for v in vs), pv, hh, bb, bytes(vk) if vk else None, rc or 0)
            for rid, cid, h, vs, pv, hh, bb, vk, rc in rows
        }

    def write(
        self,
        new: Sequence[LoadedCable],
        changed: Sequence[tuple[LoadedCable, Existing]],
        rejects: Sequence[Reject],
        alternates: Sequence[tuple[LoadedCable, Existing]] = (),
    ) -> None:
        """Load one batch in one transaction: rejects, new cables (copied straight in), changed cables (merged), and
        the alternates (contents less preferred than the current one, kept in ``cable_version``)."""
        new_ids: list[int] = []
        if new or changed:
            # New tags, offices, origins and caveats commit on their own, in sorted order, so that concurrent
            # loaders neither wait long on each other nor deadlock.
            start = time.monotonic()
            with self.conn.transaction():
                self.dims.ensure(self.conn, [item.cable for item in new] + [item.cable for item, _ in changed])
            self.timings["dimensions"] += time.monotonic() - start
        with self.conn.transaction():
            if rejects:
                self._save_rejects(rejects)
            if new:
                new_ids = self._insert_new(new)
            if changed:
                self._update_changed(changed)
            if alternates:
                self._add_versions(alternates)
            if new or changed:
                ids = new_ids + [e.id for _, e in changed]
                cables = [item.cable for item in new] + [item.cable for item, _ in changed]
                self._search(ids, cables)
                self._tag_rows(ids, cables)
                if not self.deferred:
                    start = time.monotonic()
                    self._resolve(ids, new_ids=new_ids)
                    self.timings["references"] += time.monotonic() - start

    def _search(self, ids: list[int], cables: Sequence[ParsedCable]) -> None:
        """The full-text documents of these cables (with their tag codes and words), and their rows of cable_facet
        with a copy of the document, in one statement: through the cable's key, which a first import keeps."""
        start = time.monotonic()
        tag_ids = ["{" + ",".join(map(str, sorted({self.dims.tags[t.code] for t in cab.tags}))) + "}" for cab in cables]
        self.conn.execute(
            "WITH s AS ("
            f" INSERT INTO cable_search (cable_id, document, head) SELECT c.id, {SEARCH_DOCUMENT}, {SEARCH_HEAD}"
            " FROM unnest(%s::bigint[], %s::text[]) AS x(id, tags) JOIN cable c ON c.id = x.id"
            " RETURNING cable_id, document)"
            f" INSERT INTO cable_facet ({FACET_COLUMNS}) SELECT {FACET_ROW.format(tag_ids='x.tag_ids::integer[]')}"
            " FROM s JOIN cable c ON c.id = s.cable_id"
            " JOIN unnest(%s::bigint[], %s::text[]) AS x(id, tag_ids) ON x.id = s.cable_id",
            (ids, [tag_words(cab) for cab in cables], ids, tag_ids),
        )
        self.timings["fulltext"] += time.monotonic() - start

    def _tag_entries(self, items: Iterable[tuple[int, ParsedCable]]) -> Iterator[tuple[int, int, int, str]]:
        """(cable id, position, tag id, code) of each TAGS entry of these cables: the rows of cable_tag, and of
        cable_tag_row with the cable's columns."""
        for cid, cab in items:
            for pos, t in enumerate(cab.tags[:32000], start=1):
                yield cid, pos, self.dims.tags[t.code], t.code

    def _tag_rows(self, ids: list[int], cables: Sequence[ParsedCable]) -> None:
        """The rows of bi.cable_tags for these cables (``cable_tag_row``): their tags as :meth:`_copy_parts` copies
        them (:meth:`_tag_entries`), with the cable's reference id, date, origin and level. Through the cable's
        key, which a first import keeps; cable_tag's own key may be deferred."""
        start = time.monotonic()
        rows = list(self._tag_entries(zip(ids, cables, strict=True)))
        if rows:
            cable_ids, positions, tag_ids, codes = (list(col) for col in zip(*rows, strict=True))
            self.conn.execute(
                "INSERT INTO cable_tag_row (cable_id, position, tag_id, tag, reference_id, created, origin,"
                " classification_level)"
                " SELECT x.cable_id, x.position, x.tag_id, x.tag, c.reference_id, c.created, o.name, cl.code"
                " FROM unnest(%s::bigint[], %s::smallint[], %s::integer[], %s::text[])"
                " AS x(cable_id, position, tag_id, tag)"
                " JOIN cable c ON c.id = x.cable_id"
                " LEFT JOIN origin o ON o.id = c.origin_id"
                " LEFT JOIN classification_level cl ON cl.id = c.classification_id",
                (cable_ids, positions, tag_ids, codes),
            )
        self.timings["tags"] += time.monotonic() - start

    def _save_rejects(self, rejects: Sequence[Reject]) -> None:
        with (
            self.conn.cursor() as cur,
            cur.copy("COPY import_error (run_id, source, position, reason, raw) FROM STDIN") as copy,
        ):
            for r in rejects:
                copy.write_row((self.run_id, _clean(r.source), _clean(r.position), _clean(r.reason), r.raw))

    def _cable_row(self, item: LoadedCable) -> tuple[Any, ...]:
        """The values of :data:`CABLE_COLUMNS` for one cable, in that order (a column of the models that is not
        named here stops the import with a KeyError: say here where its value comes from)."""
        c = self.dims
        cab = item.cable
        cb = cab.classified_by
        row: tuple[Any, ...] = _CABLE_ROW(
            {
                "reference_id": cab.reference_id,
                "canonical_id": cab.canonical_id or cab.reference_id,
                "created": cab.created,
                "released": cab.released,
                "origin_id": c.origins.get(cab.origin) if cab.origin else None,
                "from_line": _clean(cab.from_),
                "classification_id": c.levels.get(cab.classification) if cab.classification else None,
                "classification": cab.classification_raw,
                "transmission_id": cab.transmission_id,
                "precedence": cab.precedence,
                "dtg": cab.dtg,
                "section": _small(cab.section),
                "section_count": _small(cab.section_count),
                "subject": _clean(cab.subject),
                "summary": _clean(cab.summary),
                "comment": _clean(cab.comment),
                "executive_order": cab.executive_order,
                "declassify_on": cab.declassify_on,
                "declassify_raw": _clean(cab.declassify_raw),
                "classified_by_name": _clean(cb.name if cb else None),
                "classified_by_title": _clean(cb.title if cb else None),
                "classified_by_reasons": cb.reasons if cb else [],
                "signed_by": [_clean(s) for s in cab.signed_by],
                "is_partial": cab.is_partial,
                "anomalies": [_clean(a) for a in _with_search_anomaly(cab)],
                "header": _clean(cab.header),
                "body": _clean(cab.body),
                "content_hash": item.content_hash,
                "parser_version": PARSER_VERSION,
                "source_format": cab.source_format,
                "source": _clean(item.source),
                "classified_by_office": _clean(cb.office if cb else None),
                "classified_by_raw": _clean(cb.raw if cb else None),
                "version_key": version_key(_clean(cab.header) or "", _clean(cab.body) or ""),
                "redaction_count": mask_count(_clean(cab.header) or "") + mask_count(_clean(cab.body) or ""),
            }
        )
        return row

    def _copy_parts(self, cur: psycopg.Cursor[Any], items: Sequence[tuple[int, ParsedCable]]) -> None:
        """COPY the parts of these (cable id, cable) pairs into the part tables (each row in :data:`PARTS` order)."""
        c = self.dims
        with cur.copy(_copy_into("cable_caveat")) as copy:
            for cid, cab in items:
                for pos, cv in enumerate(cab.caveats, start=1):
                    copy.write_row((cid, c.caveats[cv], pos))
        with cur.copy(_copy_into("cable_recipient")) as copy:
            for cid, cab in items:
                for pos, r in enumerate(cab.recipients[:32000], start=1):
                    copy.write_row(
                        (
                            cid,
                            pos,
                            r.kind,
                            c.offices[(r.name, r.route)],
                            r.precedence,
                            r.mcn,
                            [_clean(x) for x in r.excluded],
                        )
                    )
        with cur.copy(_copy_into("cable_tag")) as copy:
            for cid, pos, tag_id, _ in self._tag_entries(items):
                copy.write_row((cid, pos, tag_id))
        with cur.copy(_copy_into("paragraph")) as copy:
            for cid, cab in items:
                for pos, p in enumerate(cab.paragraphs[:32000], start=1):
                    copy.write_row(
                        (cid, pos, _small(p.number), _clean(p.classification), _clean(p.heading), _clean(p.text))
                    )
        with cur.copy(_copy_into("cable_reference")) as copy:
            for cid, cab in items:
                for pos, ref in enumerate(cab.references[:32000], start=1):
                    copy.write_row((cid, pos, ref.bullet, ref.kind, _clean(ref.text), ref.value))
        with cur.copy(_copy_into("cable_classifier")) as copy:
            for cid, cab in items:
                for pos, k in enumerate(cab.classifiers[:100], start=1):
                    copy.write_row(
                        (cid, pos, _clean(k.name), _clean(k.title), _clean(k.office), k.reasons, _clean(k.raw) or "")
                    )

    def _insert_new(self, new: Sequence[LoadedCable]) -> list[int]:
        start = time.monotonic()
        ids = [
            r[0]
            for r in self.conn.execute(
                "SELECT nextval(pg_get_serial_sequence('cable', 'id')) FROM generate_series(1, %s)", (len(new),)
            ).fetchall()
        ]
        with self.conn.cursor() as cur:
            with cur.copy("COPY cable (id, " + ", ".join(CABLE_COLUMNS) + ", import_run_id) FROM STDIN") as copy:
                for cid, item in zip(ids, new, strict=True):
                    copy.write_row((cid, *self._cable_row(item), self.run_id))
            self._copy_parts(cur, [(cid, item.cable) for cid, item in zip(ids, new, strict=True)])
        self.timings["copy"] += time.monotonic() - start
        return ids

    def _update_changed(self, changed: Sequence[tuple[LoadedCable, Existing]]) -> None:
        """Keep the replaced text in cable_version (unless only the parser changed), update the row in place, and
        replace its parts."""
        start = time.monotonic()
        with self.conn.cursor() as cur:
            with cur.copy("COPY stage_cable (id, " + ", ".join(CABLE_COLUMNS) + ") FROM STDIN") as copy:
                for item, existing in changed:
                    copy.write_row((existing.id, *self._cable_row(item)))
            cur.execute(
                """
                INSERT INTO cable_version (cable_id, version, replaced_by_run_id, header, body, content_hash, source,
                                           import_run_id)
                SELECT c.id, coalesce((SELECT max(v.version) FROM cable_version v WHERE v.cable_id = c.id), 0) + 1,
                       %s, c.header, c.body, c.content_hash, c.source, c.import_run_id
                  FROM cable c JOIN stage_cable s ON s.id = c.id
                 WHERE c.content_hash <> s.content_hash
                """,
                (self.run_id,),
            )
            assignments = ", ".join(f"{col} = s.{col}" for col in CABLE_COLUMNS)
            cur.execute(
                f"UPDATE cable c SET {assignments}, import_run_id = %s, updated_at = now()"
                " FROM stage_cable s WHERE s.id = c.id",
                (self.run_id,),
            )
            for table in _REPLACED:
                cur.execute(f"DELETE FROM {table} t USING stage_cable s WHERE s.id = t.cable_id")
            self._copy_parts(cur, [(existing.id, item.cable) for item, existing in changed])
        self.timings["update"] += time.monotonic() - start

    def _add_versions(self, alternates: Sequence[tuple[LoadedCable, Existing]]) -> None:
        """Keep contents that are not preferred over the current one as versions of their cable."""
        start = time.monotonic()
        self.conn.cursor().executemany(
            "INSERT INTO cable_version (cable_id, version, replaced_by_run_id, header, body, content_hash, source,"
            " import_run_id) SELECT %(id)s, coalesce(max(version), 0) + 1, %(run)s, %(header)s, %(body)s, %(hash)s,"
            " %(source)s, %(run)s"
            " FROM cable_version WHERE cable_id = %(id)s",
            [
                {
                    "id": existing.id,
                    "run": self.run_id,
                    "header": _clean(item.cable.header) or "",
                    "body": _clean(item.cable.body) or "",
                    "hash": item.content_hash,
                    "source": _clean(item.source),
                }
                for item, existing in alternates
            ],
        )
        self.timings["update"] += time.monotonic() - start

    def _resolve(self, ids: list[int], *, new_ids: list[int]) -> None:
        """Link references and cited cables by canonical id, whichever arrived first. When several cables share
        a canonical id (a malformed id and its repaired twin), the one whose own id is canonical wins."""
        self.conn.execute(
            """
            UPDATE cable_reference r
               SET target_cable_id = t.id
              FROM (SELECT DISTINCT ON (x.cable_id, x.position) x.cable_id, x.position, c.id
                      FROM cable_reference x
                      JOIN cable c ON c.canonical_id = x.target_reference_id
                     WHERE x.cable_id = ANY(%s)
                     ORDER BY x.cable_id, x.position, (c.reference_id = c.canonical_id) DESC, c.id) t
             WHERE r.cable_id = t.cable_id AND r.position = t.position
            """,
            (ids,),
        )
        if new_ids:
            self.conn.execute(
                """
                UPDATE cable_reference r
                   SET target_cable_id = c.id
                  FROM cable c
                 WHERE c.id = ANY(%s) AND r.target_reference_id = c.canonical_id
                   AND (r.target_cable_id IS NULL OR c.reference_id = c.canonical_id)
                """,
                (new_ids,),
            )


def resolve_all(conn: psycopg.Connection[Any], timings: Timings) -> None:
    """Resolve every reference at once: after a first import that deferred its indexes (a hash join)."""
    start = time.monotonic()
    with conn.transaction():
        conn.execute(
            """
            UPDATE cable_reference r
               SET target_cable_id = t.id
              FROM (SELECT DISTINCT ON (canonical_id) canonical_id, id FROM cable
                     ORDER BY canonical_id, (reference_id = canonical_id) DESC, id) t
             WHERE r.target_reference_id = t.canonical_id AND r.target_cable_id IS DISTINCT FROM t.id
            """
        )
    timings["references"] += time.monotonic() - start


def catch_up_search(conn: psycopg.Connection[Any], timings: Timings) -> int:
    """Full-text documents and their rows of cable_facet for every cable that lacks them (a killed import, or a
    failed indexer batch); returns how many cables it caught up."""
    start = time.monotonic()
    with conn.transaction():
        cur = conn.execute(
            "WITH g AS MATERIALIZED ("
            f" SELECT ct.cable_id, {TAG_WORDS} AS tags, array_agg(DISTINCT ct.tag_id ORDER BY ct.tag_id) AS tag_ids"
            " FROM cable_tag ct JOIN tag t ON t.id = ct.tag_id"
            " WHERE NOT EXISTS (SELECT 1 FROM cable_search s WHERE s.cable_id = ct.cable_id) GROUP BY ct.cable_id),"
            " s AS ("
            f" INSERT INTO cable_search (cable_id, document, head) SELECT c.id, {SEARCH_DOCUMENT}, {SEARCH_HEAD}"
            " FROM cable c LEFT JOIN g ON g.cable_id = c.id"
            " WHERE NOT EXISTS (SELECT 1 FROM cable_search s WHERE s.cable_id = c.id) RETURNING cable_id, document),"
            f" f AS (INSERT INTO cable_facet ({FACET_COLUMNS}) SELECT {FACET_ROW.format(tag_ids=_NO_TAGS.format('g'))}"
            " FROM s JOIN cable c ON c.id = s.cable_id LEFT JOIN g ON g.cable_id = c.id"
            " WHERE NOT EXISTS (SELECT 1 FROM cable_facet f WHERE f.cable_id = s.cable_id))"
            " SELECT count(*) FROM s"
        )
        caught = (cur.fetchone() or (0,))[0]
        # A search document without its facet row is not written by this loader (both come in one statement);
        # check anyway, as the facets would silently miss the cable.
        cur = conn.execute(
            f"INSERT INTO cable_facet ({FACET_COLUMNS}) SELECT {FACET_ROW.format(tag_ids=_TAG_IDS)}"
            " FROM cable_search s JOIN cable c ON c.id = s.cable_id"
            " WHERE NOT EXISTS (SELECT 1 FROM cable_facet f WHERE f.cable_id = s.cable_id)"
        )
    timings["fulltext"] += time.monotonic() - start
    return caught + cur.rowcount


#: The materialized views that every import refreshes (:data:`cabledb.tables.SUMMARIES`).
SUMMARIES = tables.SUMMARIES


def refresh_summary(conn: psycopg.Connection[Any], timings: Timings) -> None:
    """Refresh the materialized views of :data:`SUMMARIES`, and their statistics.

    ``CONCURRENTLY`` (through their unique index on cable_id) lets readers go on reading the previous rows
    meanwhile; one that holds no rows yet (a first import) gets the cheaper plain refresh."""
    start = time.monotonic()
    for view in SUMMARIES:
        name = sql.Identifier(view)
        empty = conn.execute(sql.SQL("SELECT NOT EXISTS (SELECT 1 FROM {})").format(name)).fetchone() == (True,)
        how = sql.SQL("" if empty else "CONCURRENTLY ")
        with conn.transaction():
            conn.execute(sql.SQL("REFRESH MATERIALIZED VIEW {}{}").format(how, name))
        conn.execute(sql.SQL("ANALYZE {}").format(name))
    timings["summary"] += time.monotonic() - start


def clean_text(value: str | None) -> str:
    """Text as the loader stores it (:func:`_clean`), never None."""
    return _clean(value) or ""


def _clean(value: str | None) -> str | None:
    """Text PostgreSQL accepts: no NUL characters, no lone surrogates."""
    if value is None:
        return None
    if "\x00" in value:
        value = value.replace("\x00", "")
    if not value.isascii():
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            value = value.encode("utf-8", "replace").decode("utf-8")
    return value


def _small(value: int | None) -> int | None:
    """A number that fits a smallint column, or None."""
    return value if value is not None and -32768 <= value <= 32767 else None


def _with_search_anomaly(cable: ParsedCable) -> list[str]:
    note = search_anomaly(cable)
    return [*cable.anomalies, note] if note else cable.anomalies
