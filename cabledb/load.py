"""Loading parsed cables into PostgreSQL: COPY into temporary staging tables, then set-wise merges.

One :class:`Loader` holds one connection for a whole import. Each :meth:`Loader.load_batch` runs in one
transaction, so an import that is killed keeps every finished batch and can simply be run again. The loader holds a
session advisory lock for its lifetime: a second import into the same database waits for the first, then finds its
cables unchanged.

For each batch:

1. new dimension values (tags, offices, origins, caveats) are inserted; their ids are cached in memory;
2. the batch is copied into ``stage_*`` temporary tables with psycopg's ``write_row``;
3. staged cables are matched to existing ones by reference id and content hash: unchanged ones (the current
   content, or a version it replaced: the same cable read from two inputs does not flip-flop) are skipped without
   rewriting anything; changed ones keep their old text in ``cable_version`` and get new parts;
4. new cables and the parts of new and changed ones are inserted with ``INSERT ... SELECT``;
5. references are resolved both ways: the batch's references to cables already present, and earlier references
   to the batch's new cables.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import psycopg
from psycopg import sql

from cabledb.parse import ParsedCable
from cabledb.parse.data import stations, tag_glossary
from cabledb.parse.patterns import LEVEL_RANK

log = logging.getLogger(__name__)

#: Key of the advisory lock that serialises imports into one database.
IMPORT_LOCK_KEY = 0x0CAB1EDB

_STAGE_DDL = """
CREATE TEMP TABLE IF NOT EXISTS stage_cable (
    seq integer PRIMARY KEY, reference_id text NOT NULL, canonical_id text NOT NULL, created timestamptz,
    released timestamptz, origin_id integer, from_line text, classification_id smallint, classification text,
    transmission_id text, precedence text, dtg text, section smallint, section_count smallint, subject text,
    summary text, comment text, executive_order text, declassify_on date, declassify_raw text,
    classified_by_name text, classified_by_title text, classified_by_reasons text[], signed_by text[],
    is_partial boolean, anomalies text[], header text, body text, content_hash bytea, source_format text,
    source text, tags_text text, cable_id bigint, status text
) ON COMMIT DELETE ROWS;
CREATE TEMP TABLE IF NOT EXISTS stage_caveat (seq integer, caveat_id integer, position smallint)
    ON COMMIT DELETE ROWS;
CREATE TEMP TABLE IF NOT EXISTS stage_recipient (
    seq integer, position smallint, kind text, office_id integer, precedence text, mcn text, excluded text[]
) ON COMMIT DELETE ROWS;
CREATE TEMP TABLE IF NOT EXISTS stage_tag (seq integer, position smallint, tag_id integer) ON COMMIT DELETE ROWS;
CREATE TEMP TABLE IF NOT EXISTS stage_paragraph (
    seq integer, position smallint, number smallint, classification text, heading text, text text
) ON COMMIT DELETE ROWS;
CREATE TEMP TABLE IF NOT EXISTS stage_reference (
    seq integer, position smallint, bullet text, kind text, text text, target_reference_id text
) ON COMMIT DELETE ROWS;
CREATE TEMP TABLE IF NOT EXISTS stage_error (source text, position text, reason text, raw bytea)
    ON COMMIT DELETE ROWS;
"""

_CABLE_COLUMNS = (
    "reference_id", "canonical_id", "created", "released", "origin_id", "from_line", "classification_id",
    "classification", "transmission_id", "precedence", "dtg", "section", "section_count", "subject", "summary",
    "comment", "executive_order", "declassify_on", "declassify_raw", "classified_by_name", "classified_by_title",
    "classified_by_reasons", "signed_by", "is_partial", "anomalies", "header", "body", "content_hash",
    "source_format", "source",
)  # fmt: skip

#: Part tables, their staging tables and the columns copied from one to the other.
_PARTS = (
    ("cable_caveat", "stage_caveat", ("caveat_id", "position")),
    ("cable_recipient", "stage_recipient", ("position", "kind", "office_id", "precedence", "mcn", "excluded")),
    ("cable_tag", "stage_tag", ("position", "tag_id")),
    ("paragraph", "stage_paragraph", ("position", "number", "classification", "heading", "text")),
    ("cable_reference", "stage_reference", ("position", "bullet", "kind", "text", "target_reference_id")),
)

#: The full-text document: subject (weight A), tags (B) and body (C), English configuration.
SEARCH_DOCUMENT = (
    "setweight(to_tsvector('english', coalesce({p}subject, '')), 'A')"
    " || setweight(to_tsvector('english', coalesce({p}tags_text, '')), 'B')"
    " || setweight(to_tsvector('english', coalesce({p}body, '')), 'C')"
)


@dataclass(slots=True)
class Reject:
    """A record that could not be imported, with its reason and raw bytes."""

    source: str
    position: str
    reason: str
    raw: bytes


@dataclass(slots=True)
class LoadedCable:
    """A parsed cable with where it came from and its content hash."""

    cable: ParsedCable
    source: str
    content_hash: bytes


@dataclass(slots=True)
class BatchResult:
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0

    def add(self, other: BatchResult) -> None:
        self.inserted += other.inserted
        self.updated += other.updated
        self.unchanged += other.unchanged
        self.rejected += other.rejected


def content_hash(cable: ParsedCable) -> bytes:
    """The identity of a cable's content: its metadata and raw text. Equal hashes mean an unchanged re-import."""
    h = hashlib.blake2b(digest_size=16)
    for part in (
        cable.reference_id or "",
        cable.created.isoformat() if cable.created else "",
        cable.released.isoformat() if cable.released else "",
        cable.origin or "",
        cable.classification_raw or "",
        cable.header,
        cable.body,
    ):
        h.update(part.encode("utf-8", "surrogatepass"))
        h.update(b"\x1f")
    return h.digest()


@dataclass
class _Caches:
    tags: dict[str, int] = field(default_factory=dict)
    offices: dict[tuple[str, str | None], int] = field(default_factory=dict)
    origins: dict[str, int] = field(default_factory=dict)
    caveats: dict[str, int] = field(default_factory=dict)
    levels: dict[str, int] = field(default_factory=dict)


class Loader:
    """Loads batches of parsed cables for one import run over one connection."""

    def __init__(self, conn: psycopg.Connection[Any], run_id: int) -> None:
        self.conn = conn
        self.run_id = run_id
        self.caches = _Caches()
        with conn.transaction():
            conn.execute("SET LOCAL synchronous_commit = off")
            conn.execute(_STAGE_DDL)
        # Only this import session: the server's settings are never changed.
        conn.execute("SET synchronous_commit = off")
        conn.execute("SELECT pg_advisory_lock(%s)", (IMPORT_LOCK_KEY,))
        conn.commit()
        self._load_caches()

    def close(self) -> None:
        try:
            self.conn.execute("SELECT pg_advisory_unlock(%s)", (IMPORT_LOCK_KEY,))
            self.conn.commit()
        except psycopg.Error:
            pass

    # -- dimensions ---------------------------------------------------------------------------------------------

    def _load_caches(self) -> None:
        c = self.caches
        with self.conn.transaction():
            self._ensure_glossary()
            c.levels = dict(self.conn.execute("SELECT code, id FROM classification_level").fetchall())
            c.tags = dict(self.conn.execute("SELECT code, id FROM tag").fetchall())
            c.caveats = dict(self.conn.execute("SELECT code, id FROM caveat").fetchall())
            c.origins = dict(self.conn.execute("SELECT name, id FROM origin").fetchall())
            c.offices = {
                (name, ri): oid
                for name, ri, oid in self.conn.execute("SELECT name, routing_indicator, id FROM office").fetchall()
            }

    def _ensure_glossary(self) -> None:
        """Every glossary code is a tag row, with its description, so that the glossary is complete in SQL."""
        rows = [(e.code, e.kind, e.description) for e in tag_glossary().values()]
        with self.conn.cursor() as cur:
            cur.executemany(
                "INSERT INTO tag (code, kind, description) VALUES (%s, %s, %s) ON CONFLICT (code) DO NOTHING", rows
            )

    def _ids(self, cache: dict[Any, int], wanted: Iterable[Any], insert: sql.SQL, select: str,
             row: Any) -> None:  # fmt: skip
        """Insert the missing dimension values and cache their ids."""
        missing = sorted({w for w in wanted if w not in cache}, key=str)
        if not missing:
            return
        with self.conn.cursor() as cur:
            cur.executemany(insert, [row(m) for m in missing])
            for key, oid in cur.execute(select, (missing,)).fetchall():
                cache[key] = oid

    def _dimensions(self, cables: Sequence[ParsedCable]) -> None:
        c = self.caches
        glossary = tag_glossary()
        kinds = {t.code: t.kind for cab in cables for t in cab.tags}
        self._ids(
            c.tags,
            kinds,
            sql.SQL("INSERT INTO tag (code, kind, description) VALUES (%s, %s, %s) ON CONFLICT (code) DO NOTHING"),
            "SELECT code, id FROM tag WHERE code = ANY(%s)",
            lambda code: (code, kinds[code], glossary[code].description if code in glossary else None),
        )
        self._ids(
            c.caveats,
            {cv for cab in cables for cv in cab.caveats},
            sql.SQL("INSERT INTO caveat (code) VALUES (%s) ON CONFLICT (code) DO NOTHING"),
            "SELECT code, id FROM caveat WHERE code = ANY(%s)",
            lambda code: (code,),
        )
        by_origin: dict[str, str | None] = {cab.origin: cab.station for cab in cables if cab.origin}
        self._ids(
            c.origins,
            by_origin,
            sql.SQL(
                "INSERT INTO origin (name, station, post_type, country_code, country) VALUES (%s, %s, %s, %s, %s)"
                " ON CONFLICT (name) DO NOTHING"
            ),
            "SELECT name, id FROM origin WHERE name = ANY(%s)",
            lambda name: _origin_row(name, by_origin[name]),
        )
        offices = {(r.name, r.route) for cab in cables for r in cab.recipients}
        missing = sorted((o for o in offices if o not in c.offices), key=lambda o: (o[0], o[1] or ""))
        if missing:
            with self.conn.cursor() as cur:
                cur.executemany(
                    "INSERT INTO office (name, routing_indicator) VALUES (%s, %s) ON CONFLICT DO NOTHING", missing
                )
                names = [m[0] for m in missing]
                for name, ri, oid in cur.execute(
                    "SELECT name, routing_indicator, id FROM office WHERE name = ANY(%s)", (names,)
                ).fetchall():
                    c.offices[(name, ri)] = oid

    # -- batches ------------------------------------------------------------------------------------------------

    def load_batch(self, batch: Sequence[LoadedCable], rejects: Sequence[Reject]) -> BatchResult:
        """Load one batch in one transaction. Reference ids must be unique within the batch."""
        result = BatchResult(rejected=len(rejects))
        with self.conn.transaction():
            if rejects:
                self._stage_rejects(rejects)
            if batch:
                cables = [item.cable for item in batch]
                self._dimensions(cables)
                self._stage(batch)
                counts = self._merge()
                result.inserted, result.updated, result.unchanged = counts
        return result

    def _stage_rejects(self, rejects: Sequence[Reject]) -> None:
        with self.conn.cursor() as cur:
            with cur.copy("COPY stage_error (source, position, reason, raw) FROM STDIN") as copy:
                for r in rejects:
                    copy.write_row((_clean(r.source), _clean(r.position), _clean(r.reason), r.raw))
            cur.execute(
                "INSERT INTO import_error (run_id, source, position, reason, raw)"
                " SELECT %s, source, position, reason, raw FROM stage_error",
                (self.run_id,),
            )

    def _stage(self, batch: Sequence[LoadedCable]) -> None:
        c = self.caches
        with self.conn.cursor() as cur:
            with cur.copy("COPY stage_cable (seq, " + ", ".join(_CABLE_COLUMNS) + ", tags_text) FROM STDIN") as copy:
                for seq, item in enumerate(batch):
                    cab = item.cable
                    cb = cab.classified_by
                    copy.write_row(
                        (
                            seq, cab.reference_id, cab.canonical_id or cab.reference_id, cab.created, cab.released,
                            c.origins.get(cab.origin) if cab.origin else None, _clean(cab.from_),
                            c.levels.get(cab.classification) if cab.classification else None,
                            cab.classification_raw, cab.transmission_id, cab.precedence, cab.dtg,
                            _small(cab.section), _small(cab.section_count), _clean(cab.subject),
                            _clean(cab.summary), _clean(cab.comment), cab.executive_order, cab.declassify_on,
                            _clean(cab.declassify_raw), _clean(cb.name if cb else None),
                            _clean(cb.title if cb else None), cb.reasons if cb else [],
                            [_clean(s) for s in cab.signed_by], cab.is_partial,
                            [_clean(a) for a in cab.anomalies], _clean(cab.header), _clean(cab.body),
                            item.content_hash, cab.source_format, _clean(item.source),
                            " ".join(t.code for t in cab.tags),
                        )
                    )  # fmt: skip
            with cur.copy("COPY stage_caveat (seq, caveat_id, position) FROM STDIN") as copy:
                for seq, item in enumerate(batch):
                    for pos, cv in enumerate(item.cable.caveats, start=1):
                        copy.write_row((seq, c.caveats[cv], pos))
            with cur.copy(
                "COPY stage_recipient (seq, position, kind, office_id, precedence, mcn, excluded) FROM STDIN"
            ) as copy:
                for seq, item in enumerate(batch):
                    for pos, r in enumerate(item.cable.recipients[:32000], start=1):
                        copy.write_row(
                            (seq, pos, r.kind, c.offices[(r.name, r.route)], r.precedence, r.mcn,
                             [_clean(x) for x in r.excluded])
                        )  # fmt: skip
            with cur.copy("COPY stage_tag (seq, position, tag_id) FROM STDIN") as copy:
                for seq, item in enumerate(batch):
                    for pos, t in enumerate(item.cable.tags[:32000], start=1):
                        copy.write_row((seq, pos, c.tags[t.code]))
            with cur.copy(
                "COPY stage_paragraph (seq, position, number, classification, heading, text) FROM STDIN"
            ) as copy:
                for seq, item in enumerate(batch):
                    for pos, p in enumerate(item.cable.paragraphs[:32000], start=1):
                        copy.write_row(
                            (seq, pos, _small(p.number), _clean(p.classification), _clean(p.heading), _clean(p.text))
                        )
            with cur.copy(
                "COPY stage_reference (seq, position, bullet, kind, text, target_reference_id) FROM STDIN"
            ) as copy:
                for seq, item in enumerate(batch):
                    for pos, ref in enumerate(item.cable.references[:32000], start=1):
                        copy.write_row((seq, pos, ref.bullet, ref.kind, _clean(ref.text), ref.value))

    def _merge(self) -> tuple[int, int, int]:
        """Merge the staged batch; returns (inserted, updated, unchanged)."""
        cur = self.conn.cursor()
        cur.execute(
            """
            UPDATE stage_cable s
               SET cable_id = c.id,
                   status = CASE WHEN c.content_hash = s.content_hash
                                   OR EXISTS (SELECT 1 FROM cable_version v
                                               WHERE v.cable_id = c.id AND v.content_hash = s.content_hash)
                                 THEN 'unchanged' ELSE 'changed' END
              FROM cable c
             WHERE c.reference_id = s.reference_id
            """
        )
        cols = ", ".join(_CABLE_COLUMNS)
        # Changed cables: keep the replaced text, update in place, and drop their old parts.
        cur.execute(
            """
            INSERT INTO cable_version (cable_id, version, replaced_by_run_id, header, body, content_hash, source)
            SELECT c.id,
                   coalesce((SELECT max(v.version) FROM cable_version v WHERE v.cable_id = c.id), 0) + 1,
                   %s, c.header, c.body, c.content_hash, c.source
              FROM cable c JOIN stage_cable s ON s.cable_id = c.id
             WHERE s.status = 'changed'
            """,
            (self.run_id,),
        )
        assignments = ", ".join(f"{col} = s.{col}" for col in _CABLE_COLUMNS)
        cur.execute(
            f"UPDATE cable c SET {assignments}, import_run_id = %s, updated_at = now()"
            " FROM stage_cable s WHERE s.cable_id = c.id AND s.status = 'changed'",
            (self.run_id,),
        )
        updated = cur.rowcount
        if updated:
            for table in ("cable_caveat", "cable_recipient", "cable_tag", "paragraph", "cable_reference",
                          "cable_search"):  # fmt: skip
                cur.execute(
                    f"DELETE FROM {table} t USING stage_cable s WHERE s.cable_id = t.cable_id AND s.status = 'changed'"
                )
        # New cables.
        cur.execute(
            f"""
            WITH ins AS (
                INSERT INTO cable ({cols}, import_run_id)
                SELECT {cols}, %s FROM stage_cable WHERE cable_id IS NULL ORDER BY seq
                RETURNING id, reference_id
            )
            UPDATE stage_cable s SET cable_id = ins.id, status = 'new' FROM ins WHERE s.reference_id = ins.reference_id
            """,
            (self.run_id,),
        )
        inserted = cur.rowcount
        unchanged = cur.execute("SELECT count(*) FROM stage_cable WHERE status = 'unchanged'").fetchone()[0]  # type: ignore[index]
        if inserted or updated:
            self._insert_parts(cur)
            self._resolve_references(cur)
        return inserted, updated, unchanged

    def _insert_parts(self, cur: psycopg.Cursor[Any]) -> None:
        """Insert the staged parts of new and changed cables: one ``INSERT ... SELECT`` per part table."""
        for table, stage, columns in _PARTS:
            cols = ", ".join(columns)
            picked = ", ".join(f"x.{c}" for c in columns)
            conflict = " ON CONFLICT DO NOTHING" if table == "cable_caveat" else ""
            cur.execute(
                f"INSERT INTO {table} (cable_id, {cols}) SELECT s.cable_id, {picked}"
                f" FROM {stage} x JOIN stage_cable s USING (seq) WHERE s.status IN ('new', 'changed'){conflict}"
            )
        cur.execute(
            "INSERT INTO cable_search (cable_id, document) SELECT s.cable_id, "
            + SEARCH_DOCUMENT.format(p="s.")
            + " FROM stage_cable s WHERE s.status IN ('new', 'changed')"
        )

    def _resolve_references(self, cur: psycopg.Cursor[Any]) -> None:
        """Link references and cited cables by canonical id, whichever arrived first. When several cables share
        a canonical id (a malformed id and its repaired twin), the one whose own id is canonical wins."""
        cur.execute(
            """
            UPDATE cable_reference r
               SET target_cable_id = t.id
              FROM (SELECT DISTINCT ON (x.cable_id, x.position) x.cable_id, x.position, c.id
                      FROM cable_reference x
                      JOIN stage_cable s ON s.cable_id = x.cable_id AND s.status IN ('new', 'changed')
                      JOIN cable c ON c.canonical_id = x.target_reference_id
                     ORDER BY x.cable_id, x.position, (c.reference_id = c.canonical_id) DESC, c.id) t
             WHERE r.cable_id = t.cable_id AND r.position = t.position
            """
        )
        cur.execute(
            """
            UPDATE cable_reference r
               SET target_cable_id = s.cable_id
              FROM stage_cable s
             WHERE s.status = 'new' AND r.target_reference_id = s.canonical_id
               AND (r.target_cable_id IS NULL OR s.reference_id = s.canonical_id)
            """
        )


def _origin_row(name: str, station: str | None) -> tuple[str, str | None, str | None, str | None, str | None]:
    st = stations().get(station) if station else None
    if st is not None and st.origin != name:
        st = next((s for s in stations().values() if s.origin == name), st if st.origin == name else None)
    if st is None:
        st = next((s for s in stations().values() if s.origin == name), None)
    if st is None:
        return (name, station, None, None, None)
    return (name, st.station, st.post_type, st.country_code, st.country)


def _clean(value: str | None) -> str | None:
    """Text PostgreSQL accepts: no NUL characters, no lone surrogates."""
    if value is None:
        return None
    if "\x00" in value:
        value = value.replace("\x00", "")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        value = value.encode("utf-8", "replace").decode("utf-8")
    return value


def _small(value: int | None) -> int | None:
    """A number that fits a smallint column, or None."""
    return value if value is not None and -32768 <= value <= 32767 else None


def level_rank(level: str) -> int:
    return LEVEL_RANK[level]
