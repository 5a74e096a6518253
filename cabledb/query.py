"""Reading the database for people: full-text search, one cable in full, the TAGS glossary.

Every value a user gives reaches PostgreSQL as a query parameter, never as SQL text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from cabledb.db import Database, dict_rows
from cabledb.errors import CabledbError

#: The longest query searched. PostgreSQL reads a query of 50,000 words into a tree deeper than its stack allows
#: ("stack depth limit exceeded"); a thousand words is far more than a search needs.
MAX_QUERY_WORDS = 1000
MAX_QUERY_CHARS = 20_000


@dataclass
class SearchHit:
    reference_id: str
    rank: float
    snippet: str
    created: datetime | None
    origin: str | None
    classification: str | None
    subject: str | None

    #: The keys of :meth:`to_dict`, in order (the columns of ``cabledb search --format csv``).
    COLUMNS = ("reference_id", "rank", "created", "origin", "classification", "subject", "snippet")

    def to_dict(self) -> dict[str, Any]:
        return {
            "reference_id": self.reference_id,
            "rank": round(self.rank, 6),
            "created": self.created.isoformat() if self.created else None,
            "origin": self.origin,
            "classification": self.classification,
            "subject": self.subject,
            "snippet": self.snippet,
        }


def search(
    db: Database,
    query: str,
    *,
    origin: str | None = None,
    tag: str | None = None,
    classification: str | None = None,
    since: date | None = None,
    until: date | None = None,
    limit: int = 20,
    redacted: bool = False,
    earlier_versions: bool = False,
) -> list[SearchHit]:
    """Full-text search through :sql:`cabledb_search()`, in web-search syntax: ``"exact phrase" -word OR``.
    ``redacted``: only cables that some release redacted (``bi.cable_changes``); ``earlier_versions``: also cables
    whose earlier versions match, ranked after the others.

    Example::

        with open_database() as db:
            for hit in search(db, '"oil pipeline" -Russia', origin="Embassy Baku", limit=5):
                print(hit.reference_id, hit.subject)
    """
    _check_query(query)
    sql = """
        SELECT s.reference_id, s.rank, s.snippet, c.created, o.name, c.classification, c.subject
          FROM cabledb_search(%(query)s, %(origin)s, %(tag)s, %(classification)s, %(since)s, %(until)s, %(limit)s,
                              %(redacted)s, %(earlier)s) s
          JOIN cable c ON c.reference_id = s.reference_id
          LEFT JOIN origin o ON o.id = c.origin_id
         ORDER BY s.rank DESC, c.id DESC
        """
    params = _search_params(query, origin, tag, classification, since, until, limit=limit)
    params |= {"redacted": redacted, "earlier": earlier_versions}
    with db.connect() as conn:
        return [SearchHit(*row) for row in conn.execute(sql, params)]


def _search_params(
    query: str,
    origin: str | None,
    tag: str | None,
    classification: str | None,
    since: date | None,
    until: date | None,
    **limit: int,
) -> dict[str, Any]:
    """The parameters of :sql:`cabledb_search()` and :sql:`cabledb_search_facets()`: the query, the filters, and
    the limit under its own name (``limit`` or ``max_values``)."""
    return {
        "query": query,
        "origin": origin,
        "tag": tag,
        "classification": classification,
        "since": since,
        "until": until,
        **limit,
    }


def _check_query(query: str) -> None:
    if not query.strip():
        raise CabledbError("the search query is empty", hint='give words or a "quoted phrase" to look for')
    words = len(query.split())
    if words > MAX_QUERY_WORDS or len(query) > MAX_QUERY_CHARS:
        raise CabledbError(
            f"the search query is too long ({words:,} words, {len(query):,} characters): at most"
            f" {MAX_QUERY_WORDS:,} words and {MAX_QUERY_CHARS:,} characters are searched",
            hint='search for fewer and rarer words, or a "quoted phrase"',
        )


#: The facets of a search, in the order they are shown.
FACETS = ("year", "origin", "tag", "classification_level")


def facets(
    db: Database,
    query: str,
    *,
    origin: str | None = None,
    tag: str | None = None,
    classification: str | None = None,
    since: date | None = None,
    until: date | None = None,
    max_values: int = 10,
) -> dict[str, Any]:
    """The number of cables a search matches per year, origin, tag and classification level (the top
    ``max_values`` of each), through :sql:`cabledb_search_facets()`: ``{"total": n, "year": [(value, n), ...], ...}``.
    """
    _check_query(query)
    sql = (
        "SELECT facet, value, cable_count FROM cabledb_search_facets(%(query)s, %(origin)s, %(tag)s,"
        " %(classification)s, %(since)s, %(until)s, %(max_values)s)"
    )
    params = _search_params(query, origin, tag, classification, since, until, max_values=max_values)
    found: dict[str, Any] = {"total": 0, **{name: [] for name in FACETS}}
    with db.connect() as conn:
        for facet, value, count in conn.execute(sql, params):
            if facet == "total":
                found["total"] = int(count)
            else:
                found[facet].append((value, int(count)))
    return found


@dataclass
class CableView:
    """One cable for a person: metadata, addressees, tags with descriptions, paragraphs, citations."""

    meta: dict[str, Any]
    recipients: list[dict[str, Any]] = field(default_factory=list)
    tags: list[dict[str, Any]] = field(default_factory=list)
    paragraphs: list[dict[str, Any]] = field(default_factory=list)
    classifiers: list[dict[str, Any]] = field(default_factory=list)
    references: list[dict[str, Any]] = field(default_factory=list)
    cited_by: list[dict[str, Any]] = field(default_factory=list)
    #: Every content stored for this reference id: the current one first, then the others (cable_version), each
    #: with the import run that stored it and where it was read from.
    versions: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            **self.meta,
            "recipients": self.recipients,
            "tags": self.tags,
            "paragraphs": self.paragraphs,
            "classifiers": self.classifiers,
            "references": self.references,
            "cited_by": self.cited_by,
            "versions": self.versions,
        }


def show(db: Database, reference_id: str) -> CableView:
    """One cable by reference id (or canonical id), with everything about it.

    Example::

        with open_database() as db:
            cable = show(db, "07BAKU1515")
            print(cable.meta["subject"], [t["code"] for t in cable.tags])
    """
    hint = "check the reference id (e.g. 07BAKU1515), or search with: cabledb search WORDS"
    if len(reference_id.strip()) > 64:  # the longest real one has 38 characters
        raise CabledbError(
            f"{reference_id.strip()[:40]!r}... ({len(reference_id.strip()):,} characters) is not a reference id",
            hint=hint,
        )
    with db.connect() as conn:
        found = dict_rows(
            conn,
            """
            SELECT c.id, c.reference_id, c.canonical_id, c.created, c.released, o.name AS origin, c.from_line,
                   c.classification, l.code AS classification_level, c.precedence, c.dtg, c.transmission_id,
                   c.section, c.section_count, c.subject, c.summary, c.comment, c.executive_order, c.declassify_on,
                   c.declassify_raw, c.classified_by_name, c.classified_by_title, c.classified_by_office,
                   c.classified_by_reasons, c.classified_by_raw,
                   c.signed_by, c.is_partial, c.anomalies, c.source_format, c.source
              FROM cable c
              LEFT JOIN origin o ON o.id = c.origin_id
              LEFT JOIN classification_level l ON l.id = c.classification_id
             WHERE c.reference_id = %(rid)s OR c.canonical_id = upper(%(rid)s)
             ORDER BY (c.reference_id = %(rid)s) DESC, c.id
             LIMIT 1
            """,
            rid=reference_id.strip(),
        )
        if not found:
            raise CabledbError(f"no cable {reference_id!r} in the database", hint=hint)
        meta = found[0]
        cid = meta.pop("id")
        view = CableView(meta)
        view.recipients = dict_rows(
            conn,
            "SELECT r.kind, r.position, f.routing_indicator, f.name AS office, r.precedence, r.mcn, r.excluded"
            " FROM cable_recipient r JOIN office f ON f.id = r.office_id"
            " WHERE r.cable_id = %(cid)s ORDER BY r.position",
            cid=cid,
        )
        view.tags = dict_rows(
            conn,
            "SELECT t.code, t.kind, t.description FROM cable_tag ct JOIN tag t ON t.id = ct.tag_id"
            " WHERE ct.cable_id = %(cid)s ORDER BY ct.position",
            cid=cid,
        )
        view.paragraphs = dict_rows(
            conn,
            "SELECT number, classification, heading, text FROM paragraph WHERE cable_id = %(cid)s ORDER BY position",
            cid=cid,
        )
        view.classifiers = dict_rows(
            conn,
            "SELECT name, title, office, reasons, raw FROM cable_classifier WHERE cable_id = %(cid)s ORDER BY position",
            cid=cid,
        )
        view.references = dict_rows(
            conn,
            """
            SELECT x.bullet, x.kind, x.text, x.target_reference_id, t.reference_id AS found_reference_id,
                   t.subject AS found_subject, t.created AS found_created
              FROM cable_reference x LEFT JOIN cable t ON t.id = x.target_cable_id
             WHERE x.cable_id = %(cid)s ORDER BY x.position
            """,
            cid=cid,
        )
        view.cited_by = dict_rows(
            conn,
            """
            SELECT c.reference_id, c.created, c.subject
              FROM cable_reference x JOIN cable c ON c.id = x.cable_id
             WHERE x.target_cable_id = %(cid)s
             GROUP BY c.id, c.reference_id, c.created, c.subject
             ORDER BY c.created, c.reference_id
            """,
            cid=cid,
        )
        view.versions = dict_rows(
            conn,
            """
            SELECT 'current' AS version, c.import_run_id AS import_run, c.source, c.updated_at AS stored_at,
                   octet_length(c.header) > 0 AS has_header, octet_length(c.body) AS body_bytes,
                   encode(c.content_hash, 'hex') AS content_hash
              FROM cable c WHERE c.id = %(cid)s
            UNION ALL
            SELECT * FROM (
                SELECT v.version::text, v.import_run_id, v.source, v.replaced_at, octet_length(v.header) > 0,
                       octet_length(v.body), encode(v.content_hash, 'hex')
                  FROM cable_version v WHERE v.cable_id = %(cid)s ORDER BY v.version) others
            """,
            cid=cid,
        )
    return view


def tag_glossary(db: Database, kind: str | None = None) -> list[tuple[str, str, str | None, int]]:
    """The TAGS codes (``bi.tag_glossary``) as ``(code, kind, description, cables)``, most used first; only those
    of ``kind`` when given (``"unknown"``: the codes outside the glossary).

    Example::

        with open_database() as db:
            for code, kind, description, cables in tag_glossary(db, "program"):
                print(code, cables)
    """
    with db.connect() as conn:
        return conn.execute(
            "SELECT tag, kind, description, cable_count FROM bi.tag_glossary"
            " WHERE CAST(%(kind)s AS text) IS NULL OR kind = %(kind)s ORDER BY cable_count DESC, tag",
            {"kind": kind},
        ).fetchall()
