"""The relational schema: SQLAlchemy 2.x declarative models.

One :class:`Base` whose ``MetaData`` names every constraint (so migrations stay stable), and a ``comment=`` on every
table and column (PostgreSQL keeps them; Metabase, Superset and dbt show them). Per-cable tables lead with
``cable_id`` and include it in their primary key; lookup tables are small. Views for people and BI tools live in
the ``bi`` schema (``cabledb/sql/*.sql``, e.g. ``bi_views_0002.sql``), created by the migrations.

Loading does not go through the ORM: :mod:`cabledb.load.writer` uses COPY and set-wise SQL. The models are the schema's
single source of truth, for Alembic and for readers of the code: :mod:`cabledb.tables` derives from them the
tables and columns that the loader writes, that ``cabledb stats`` counts and that readers may read, so a new table
or column is picked up there by a rule (see the ``info`` flags below), not by editing lists.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Computed,
    Date,
    DateTime,
    ForeignKey,
    Identity,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    SmallInteger,
    Text,
    UniqueConstraint,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY, TSVECTOR
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from cabledb.history.diff import CHANGE_KINDS, PARTS
from cabledb.history.releases import KINDS as RELEASE_KINDS
from cabledb.parse.model import RECIPIENT_KINDS, REFERENCE_KINDS, TAG_KINDS

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_N_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


#: The states of an import run (cabledb/load/runs.py moves a run between them).
RUN_STATUSES = ("running", "finished", "failed", "interrupted")


def one_of(column: str, values: tuple[str, ...]) -> CheckConstraint:
    """A CHECK that ``column`` holds one of ``values``: built from the parser's own lists (``TAG_KINDS``, ...), so
    that the schema and the parser cannot disagree. The SQL text is the one the migrations wrote."""
    allowed = ", ".join(f"'{v}'" for v in values)
    return CheckConstraint(f"{column} IN ({allowed})", name=column)


# Flags in a table's or a column's ``info`` (Python only: the database never sees them), read by cabledb.tables.
#: A part of a cable's parse result (caveats, recipients, tags, ...): the loader copies its rows from the
#: ParsedCable, and replaces them when the cable's content changes.
PART = {"part": True}
#: Computed from the cable by SQL (the full-text documents); replaced when the cable's content changes.
DERIVED = {"derived": True}
#: The import's own machinery, not data: not counted by ``cabledb stats``, not granted to readers.
BOOKKEEPING = {"bookkeeping": True}
#: A column that read-only roles may not read (``cabledb db create-reader`` grants the others).
PRIVATE = {"private": True}
#: A column that holds the id of a cable, found by value after the load (no foreign key: DESIGN.md's Citus rule).
REFERS_TO_CABLE = {"refers_to": "cable"}


def _text_array() -> ARRAY[str]:
    return ARRAY(Text, dimensions=1)


class ClassificationLevel(Base):
    __tablename__ = "classification_level"
    __table_args__ = {"comment": "The five classification levels, ranked from UNCLASSIFIED (0) to TOP SECRET (4)."}

    id: Mapped[int] = mapped_column(SmallInteger, primary_key=True, comment="Level id (equal to its rank).")
    code: Mapped[str] = mapped_column(
        Text, unique=True, comment="UNCLASSIFIED, LIMITED OFFICIAL USE, CONFIDENTIAL, SECRET or TOP SECRET."
    )
    rank: Mapped[int] = mapped_column(SmallInteger, unique=True, comment="0 (lowest) to 4 (highest), for sorting.")


class Caveat(Base):
    __tablename__ = "caveat"
    __table_args__ = {"comment": "Caveats and handling marks: NOFORN, FOR OFFICIAL USE ONLY, NODIS, EXDIS, ..."}

    id: Mapped[int] = mapped_column(Integer, Identity(), primary_key=True, comment="Caveat id.")
    code: Mapped[str] = mapped_column(Text, unique=True, comment="The caveat, normalised: NOFORN, EXDIS, ...")


class Origin(Base):
    __tablename__ = "origin"
    __table_args__ = {"comment": "The posts that sent cables: embassies, consulates, missions, the Department."}

    id: Mapped[int] = mapped_column(Integer, Identity(), primary_key=True, comment="Origin id.")
    name: Mapped[str] = mapped_column(Text, unique=True, comment="WikiLeaks' origin name, e.g. 'Embassy Baku'.")
    station: Mapped[str | None] = mapped_column(
        Text, comment="Station code as in reference ids, e.g. BAKU, USUNNEWYORK; NULL when unknown."
    )
    post_type: Mapped[str | None] = mapped_column(
        Text, comment="embassy, consulate, mission, department, delegation, interests_section or other."
    )
    country_code: Mapped[str | None] = mapped_column(Text, comment="FIPS 10-4 code of the host country, e.g. AJ.")
    country: Mapped[str | None] = mapped_column(Text, comment="Host country name, e.g. Azerbaijan.")


class Office(Base):
    __tablename__ = "office"
    __table_args__ = (
        UniqueConstraint("name", "routing_indicator", postgresql_nulls_not_distinct=True),
        {"comment": "Addressees of cables: an office name with its routing indicator, e.g. RUEHC SECSTATE WASHDC."},
    )

    id: Mapped[int] = mapped_column(Integer, Identity(), primary_key=True, comment="Office id.")
    name: Mapped[str] = mapped_column(Text, comment="Addressee as written, e.g. 'SECSTATE WASHDC', 'CIS COLLECTIVE'.")
    routing_indicator: Mapped[str | None] = mapped_column(
        Text, comment="Routing indicator, e.g. RUEHC; NULL on old cables that have none."
    )


class Tag(Base):
    __tablename__ = "tag"
    __table_args__ = (
        one_of("kind", TAG_KINDS),
        {"comment": "TAGS codes (Traffic Analysis by Geography and Subject), with kind and glossary description."},
    )

    id: Mapped[int] = mapped_column(Integer, Identity(), primary_key=True, comment="Tag id.")
    code: Mapped[str] = mapped_column(Text, unique=True, comment="The code, e.g. PGOV, AJ, KDEM, 'CLINTON, HILLARY'.")
    kind: Mapped[str] = mapped_column(
        Text, comment="subject, geo, program, person, organization, or unknown (not in the glossary)."
    )
    description: Mapped[str | None] = mapped_column(
        Text, comment="Glossary description, e.g. 'Internal Governmental Affairs', 'Azerbaijan'; NULL if unknown."
    )


#: Comments of import_run (migration 0008 sets them).
RUN_COMMENT = (
    "One row per 'cabledb import': when, what, how it ended, and the counts. A killed import is marked"
    " 'interrupted' by the next import."
)
RUN_STATUS_COMMENT = (
    "running, finished, failed (an error) or interrupted (Ctrl-C, SIGTERM, or killed: marked by the next import)."
)
RUN_FINISHED_AT_COMMENT = "When the run ended; NULL while running, or if it was killed."
RUN_MESSAGE_COMMENT = "Why the run failed or was interrupted."


class ImportRun(Base):
    __tablename__ = "import_run"
    __table_args__ = (
        one_of("status", RUN_STATUSES),
        {"comment": RUN_COMMENT},
    )

    id: Mapped[int] = mapped_column(Integer, Identity(), primary_key=True, comment="Run id.")
    started_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), comment="When the run started."
    )
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), comment=RUN_FINISHED_AT_COMMENT)
    status: Mapped[str] = mapped_column(Text, server_default="running", comment=RUN_STATUS_COMMENT)
    inputs: Mapped[list[str]] = mapped_column(_text_array(), comment="The paths given to the import command.")
    cabledb_version: Mapped[str] = mapped_column(Text, comment="Version of cabledb that ran the import.")
    inserted: Mapped[int] = mapped_column(Integer, server_default="0", comment="Cables inserted.")
    updated: Mapped[int] = mapped_column(Integer, server_default="0", comment="Cables whose content changed.")
    unchanged: Mapped[int] = mapped_column(Integer, server_default="0", comment="Cables already present as they were.")
    rejected: Mapped[int] = mapped_column(Integer, server_default="0", comment="Records rejected (see import_error).")
    reparsed: Mapped[int] = mapped_column(
        Integer, server_default="0", comment="Unchanged cables parsed again because the parser is newer (in updated)."
    )
    message: Mapped[str | None] = mapped_column(Text, comment=RUN_MESSAGE_COMMENT)


class Cable(Base):
    __tablename__ = "cable"
    __table_args__ = (
        Index("ix_cable_created", "created"),
        Index("ix_cable_origin_id", "origin_id"),
        Index("ix_cable_classification_id", "classification_id"),
        Index("ix_cable_canonical_id", "canonical_id"),
        {"comment": "One row per cable: metadata, header fields, preamble fields and the raw text as published."},
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True, comment="Cable id (internal).")
    reference_id: Mapped[str] = mapped_column(
        Text, unique=True, comment="Reference id as published, e.g. 07BAKU1515 (unique; identifies the cable)."
    )
    canonical_id: Mapped[str] = mapped_column(
        Text, comment="Reference id repaired (07SETION02OF02BAKU1501 -> 07BAKU1501); references resolve to it."
    )
    created: Mapped[datetime | None] = mapped_column(
        DateTime(timezone=True), comment="When the cable was sent (WikiLeaks' value, else the date-time group), UTC."
    )
    released: Mapped[datetime | None] = mapped_column(
        DateTime(timezone=True), comment="When WikiLeaks released the cable, UTC; NULL when not known."
    )
    origin_id: Mapped[int | None] = mapped_column(ForeignKey("origin.id"), comment="The sending post (origin.id).")
    from_line: Mapped[str | None] = mapped_column(Text, comment="The FM line of the header, e.g. AMEMBASSY BAKU.")
    classification_id: Mapped[int | None] = mapped_column(
        ForeignKey("classification_level.id"), comment="Classification level (classification_level.id)."
    )
    classification: Mapped[str | None] = mapped_column(
        Text, comment="Classification as published, e.g. SECRET//NOFORN."
    )
    transmission_id: Mapped[str | None] = mapped_column(Text, comment="Transmission id, e.g. VZCZCXRO5672.")
    precedence: Mapped[str | None] = mapped_column(
        Text, comment="Precedence of the date-time group: FLASH, IMMEDIATE, PRIORITY or ROUTINE."
    )
    dtg: Mapped[str | None] = mapped_column(Text, comment="Date-time group as written, e.g. 191235Z DEC 07.")
    section: Mapped[int | None] = mapped_column(SmallInteger, comment="Section number, from SECTION 01 OF 02.")
    section_count: Mapped[int | None] = mapped_column(
        SmallInteger, comment="Number of sections, from SECTION 01 OF 02."
    )
    subject: Mapped[str | None] = mapped_column(Text, comment="Subject line, on one line, without its (C) mark.")
    summary: Mapped[str | None] = mapped_column(Text, comment="The summary (between Summary: and End Summary).")
    comment: Mapped[str | None] = mapped_column(Text, comment="The post's comment (Comment heading or Comment:).")
    executive_order: Mapped[str | None] = mapped_column(Text, comment="Executive order number, e.g. 12958.")
    declassify_on: Mapped[date | None] = mapped_column(Date, comment="Declassification date, when DECL gives one.")
    declassify_raw: Mapped[str | None] = mapped_column(
        Text, comment="The DECL value as written, e.g. 12/18/2017, OADR, X1."
    )
    classified_by_name: Mapped[str | None] = mapped_column(Text, comment="Classifier's name, e.g. Anne E. Derse.")
    classified_by_title: Mapped[str | None] = mapped_column(Text, comment="Classifier's title, e.g. Ambassador.")
    classified_by_reasons: Mapped[list[str]] = mapped_column(
        _text_array(), server_default="{}", comment="Reasons for classification, e.g. {1.4(b),1.4(d)}."
    )
    classified_by_office: Mapped[str | None] = mapped_column(
        Text, comment="Office beside the classifier's title, e.g. EAP/CM, NEA/I, 'STATE, EXEC'; NULL when none."
    )
    classified_by_raw: Mapped[str | None] = mapped_column(
        Text, comment="The Classified-By statement as written, to the end of its reasons (every one: cable_classifier)."
    )
    signed_by: Mapped[list[str]] = mapped_column(
        _text_array(), server_default="{}", comment="Signers' surnames, e.g. {DERSE}."
    )
    is_partial: Mapped[bool] = mapped_column(
        Boolean, server_default="false", comment="True for partial extracts (the full text was not released)."
    )
    anomalies: Mapped[list[str]] = mapped_column(
        _text_array(), server_default="{}", comment="What the parser found odd, and how it read it."
    )
    header: Mapped[str] = mapped_column(Text, comment="Raw routing header as published (tags removed, \\n endings).")
    body: Mapped[str] = mapped_column(Text, comment="Raw body as published (tags removed, \\n line endings).")
    content_hash: Mapped[bytes] = mapped_column(
        LargeBinary, comment="Hash of the raw input and metadata; equal hashes mean an unchanged re-import."
    )
    version_key: Mapped[bytes | None] = mapped_column(
        LargeBinary, comment="Version key of header and body (content_version.version_key): which version is current."
    )
    redaction_count: Mapped[int | None] = mapped_column(
        Integer,
        comment="Redaction masks (XXXXXXXXXXXX) in header and body: of two texts, the one with fewer is current.",
    )
    parser_version: Mapped[str | None] = mapped_column(
        Text, comment="Fingerprint of the parser that read the cable; an import by a newer parser re-parses it."
    )
    source_format: Mapped[str] = mapped_column(Text, comment="Format it was read from: html, csv or text.")
    source: Mapped[str | None] = mapped_column(Text, comment="File (and archive member or CSV row) it was read from.")
    import_run_id: Mapped[int | None] = mapped_column(
        ForeignKey("import_run.id"), comment="Import run that inserted or last updated the cable."
    )
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), comment="When the row was inserted or last updated."
    )


#: Comment of cable_version.import_run_id (migration 0009 adds it).
VERSION_RUN_COMMENT = (
    "Import run that read this content (for a content that was current before another replaced it, the run that"
    " made it current); NULL for contents stored before revision 0009, when it was not kept."
)


class CableVersion(Base):
    __tablename__ = "cable_version"
    __table_args__ = {
        "comment": "The other contents of cables: renderings or texts that are not the current one (see cable)."
    }

    cable_id: Mapped[int] = mapped_column(
        ForeignKey("cable.id", ondelete="CASCADE"), primary_key=True, comment="The cable (cable.id)."
    )
    version: Mapped[int] = mapped_column(Integer, primary_key=True, comment="1, 2, ... in the order they were stored.")
    replaced_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), comment="When this version was stored here."
    )
    replaced_by_run_id: Mapped[int | None] = mapped_column(
        ForeignKey("import_run.id"), comment="Import run that stored it here."
    )
    import_run_id: Mapped[int | None] = mapped_column(ForeignKey("import_run.id"), comment=VERSION_RUN_COMMENT)
    header: Mapped[str] = mapped_column(Text, comment="Raw routing header of this version.")
    body: Mapped[str] = mapped_column(Text, comment="Raw body of this version.")
    content_hash: Mapped[bytes] = mapped_column(LargeBinary, comment="Content hash of this version.")
    source: Mapped[str | None] = mapped_column(Text, comment="Where this version was read from.")


class CableCaveat(Base):
    __tablename__ = "cable_caveat"
    __table_args__ = (
        Index("ix_cable_caveat_caveat_id", "caveat_id"),
        {"comment": "Caveats of each cable (bridge between cable and caveat).", "info": PART},
    )

    cable_id: Mapped[int] = mapped_column(
        ForeignKey("cable.id", ondelete="CASCADE"), primary_key=True, comment="The cable (cable.id)."
    )
    caveat_id: Mapped[int] = mapped_column(ForeignKey("caveat.id"), primary_key=True, comment="The caveat (caveat.id).")
    position: Mapped[int] = mapped_column(SmallInteger, comment="Order of the caveat in the classification, from 1.")


class CableRecipient(Base):
    __tablename__ = "cable_recipient"
    __table_args__ = (
        one_of("kind", RECIPIENT_KINDS),
        Index("ix_cable_recipient_office_id", "office_id"),
        {"comment": "Addressees of each cable, TO and INFO, in header order.", "info": PART},
    )

    cable_id: Mapped[int] = mapped_column(
        ForeignKey("cable.id", ondelete="CASCADE"), primary_key=True, comment="The cable (cable.id)."
    )
    position: Mapped[int] = mapped_column(SmallInteger, primary_key=True, comment="Order in the header, from 1.")
    kind: Mapped[str] = mapped_column(Text, comment="to (action addressee) or info.")
    office_id: Mapped[int] = mapped_column(ForeignKey("office.id"), comment="The addressee (office.id).")
    precedence: Mapped[str | None] = mapped_column(
        Text, comment="Precedence for this addressee: FLASH, IMMEDIATE, PRIORITY, ROUTINE, NIACT IMMEDIATE."
    )
    mcn: Mapped[str | None] = mapped_column(Text, comment="Message control number on the address line, e.g. 4500.")
    excluded: Mapped[list[str]] = mapped_column(
        _text_array(), server_default="{}", comment="Posts left out of a collective (XMT lines)."
    )


class CableTag(Base):
    __tablename__ = "cable_tag"
    __table_args__ = (
        UniqueConstraint("cable_id", "tag_id"),
        Index("ix_cable_tag_tag_id", "tag_id"),
        {"comment": "TAGS of each cable, in cable order (bridge between cable and tag).", "info": PART},
    )

    cable_id: Mapped[int] = mapped_column(
        ForeignKey("cable.id", ondelete="CASCADE"), primary_key=True, comment="The cable (cable.id)."
    )
    position: Mapped[int] = mapped_column(SmallInteger, primary_key=True, comment="Order in the TAGS line, from 1.")
    tag_id: Mapped[int] = mapped_column(ForeignKey("tag.id"), comment="The tag (tag.id).")


class Paragraph(Base):
    __tablename__ = "paragraph"
    __table_args__ = {
        "comment": "Paragraphs of each cable, with their number, portion mark and heading.",
        "info": PART,
    }

    cable_id: Mapped[int] = mapped_column(
        ForeignKey("cable.id", ondelete="CASCADE"), primary_key=True, comment="The cable (cable.id)."
    )
    position: Mapped[int] = mapped_column(SmallInteger, primary_key=True, comment="Order in the body, from 1.")
    number: Mapped[int | None] = mapped_column(
        SmallInteger, comment="Paragraph number as written (1, 2, ...); NULL for unnumbered text."
    )
    classification: Mapped[str | None] = mapped_column(
        Text, comment="Portion mark as written inside the parentheses: C, S/NF, SBU, U; NULL when unmarked."
    )
    heading: Mapped[str | None] = mapped_column(Text, comment="Unnumbered heading just before the paragraph.")
    text: Mapped[str] = mapped_column(Text, comment="Paragraph text: page markers removed, wrapped lines joined.")


class CableClassifier(Base):
    __tablename__ = "cable_classifier"
    __table_args__ = {
        "comment": "Classifiers of each cable, in order: a cable with two Classified-By statements (or "
        "'Ambassador X and General Y') has two rows. cable.classified_by_* repeat the first.",
        "info": PART,
    }

    cable_id: Mapped[int] = mapped_column(
        ForeignKey("cable.id", ondelete="CASCADE"), primary_key=True, comment="The cable (cable.id)."
    )
    position: Mapped[int] = mapped_column(SmallInteger, primary_key=True, comment="Order in the cable, from 1.")
    name: Mapped[str | None] = mapped_column(
        Text, comment="The person, without titles, offices or marks, e.g. Robert O. Blake, Jr.; NULL if not named."
    )
    title: Mapped[str | None] = mapped_column(Text, comment="Job title as written, e.g. Acting DCM, POLOFF.")
    office: Mapped[str | None] = mapped_column(Text, comment="Office beside the title, e.g. EAP/CM, 'STATE, EXEC'.")
    reasons: Mapped[list[str]] = mapped_column(
        _text_array(), server_default="{}", comment="Reasons of the executive order, e.g. {1.4(b),1.4(d)}."
    )
    raw: Mapped[str] = mapped_column(Text, comment="The statement as written, from its keyword to its reasons' end.")


class CableReference(Base):
    __tablename__ = "cable_reference"
    __table_args__ = (
        one_of("kind", REFERENCE_KINDS),
        Index("ix_cable_reference_target_reference_id", "target_reference_id"),
        Index("ix_cable_reference_target_cable_id", "target_cable_id"),
        {
            "comment": "Items of each cable's REF block; cited cables resolve to target_cable_id once present.",
            "info": PART,
        },
    )

    cable_id: Mapped[int] = mapped_column(
        ForeignKey("cable.id", ondelete="CASCADE"), primary_key=True, comment="The citing cable (cable.id)."
    )
    position: Mapped[int] = mapped_column(SmallInteger, primary_key=True, comment="Order in the REF block, from 1.")
    bullet: Mapped[str | None] = mapped_column(Text, comment="Bullet letter as written: A, B, ...; NULL if none.")
    kind: Mapped[str] = mapped_column(Text, comment="cable, email, telcon, report, document or other.")
    text: Mapped[str] = mapped_column(Text, comment="The item as written, e.g. 'BAKU 1495'.")
    target_reference_id: Mapped[str | None] = mapped_column(
        Text, comment="Canonical id of the cited cable, e.g. 07BAKU1495; NULL for other kinds."
    )
    target_cable_id: Mapped[int | None] = mapped_column(
        BigInteger,
        comment="The cited cable (cable.id) when it is in the database; resolved by value, whichever comes first.",
        info=REFERS_TO_CABLE,
    )


class CableSearch(Base):
    __tablename__ = "cable_search"
    __table_args__ = (
        Index("ix_cable_search_document", "document", postgresql_using="gin"),
        Index("ix_cable_search_head", "head", postgresql_using="gin"),
        # The subject part of the head (weight A): the first tier of cabledb_search().
        Index("ix_cable_search_title", text("ts_filter(head, '{a}'::\"char\"[])"), postgresql_using="gin"),
        {
            "comment": "Full-text search documents of each cable: the full one (subject A, tags B, body C) finds "
            "matches; the small head (subject, tags, summary) ranks them cheaply. See cabledb_search().",
            "info": DERIVED,
        },
    )

    cable_id: Mapped[int] = mapped_column(
        ForeignKey("cable.id", ondelete="CASCADE"), primary_key=True, comment="The cable (cable.id)."
    )
    document: Mapped[str] = mapped_column(TSVECTOR, comment="English tsvector of subject, tags and body.")
    head: Mapped[str] = mapped_column(
        TSVECTOR,
        server_default=text("''::tsvector"),
        comment="Small English tsvector of subject (A), tags and summary (B): ranks all matches cheaply.",
    )


class CableFacet(Base):
    """What the search facets count, one narrow row per cable, with its own copy of the search document: written by
    the loader with cable_search (migration 0019). A GIN index gives row addresses, so counting the facets of
    173,000 matches reads their rows; here those rows are small (the document is always out of line), which
    cable_search's are not (its head vector is inline)."""

    __tablename__ = "cable_facet"
    __table_args__ = (
        Index("ix_cable_facet_document", "document", postgresql_using="gin"),
        {
            "comment": "What the search facets count, one row per cable: its date, year, origin, level and "
            "distinct tag ids, with the full-text document that finds the matches (a copy of "
            "cable_search.document, always stored out of line so that the rows stay small). Written with "
            "cable_search; see cabledb_search_facets().",
            "info": DERIVED,
            "postgresql_with": {"toast_tuple_target": "128"},
        },
    )

    cable_id: Mapped[int] = mapped_column(
        ForeignKey("cable.id", ondelete="CASCADE"), primary_key=True, comment="The cable (cable.id)."
    )
    created: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), comment="When the cable was sent (UTC).")
    year: Mapped[int | None] = mapped_column(SmallInteger, comment="The year it was sent, in UTC.")
    origin_id: Mapped[int | None] = mapped_column(ForeignKey("origin.id"), comment="The sending post (origin.id).")
    classification_id: Mapped[int | None] = mapped_column(
        ForeignKey("classification_level.id"), comment="Classification level (classification_level.id)."
    )
    tag_ids: Mapped[list[int]] = mapped_column(
        ARRAY(Integer, dimensions=1),
        server_default=text("'{}'::integer[]"),
        comment="Its TAGS (tag.id), distinct and sorted.",
        info={"refers_to": "tag"},  # an array: no foreign key
    )
    document: Mapped[str] = mapped_column(TSVECTOR, comment="The search document (cable_search.document).")


class CableTagRow(Base):
    """The rows of ``bi.cable_tags``: each TAGS entry with what dashboards filter and group by, written by the loader
    with the cable's tags (migration 0018)."""

    __tablename__ = "cable_tag_row"
    __table_args__ = (
        Index("ix_cable_tag_row_tag", "tag"),
        Index("ix_cable_tag_row_reference_id", "reference_id"),
        {
            "comment": "The rows of bi.cable_tags: each TAGS entry of a cable with the cable's reference id, date, "
            "origin and level, so that a dashboard filters and groups tags without a join. Written with the tags.",
            "info": DERIVED,
        },
    )

    cable_id: Mapped[int] = mapped_column(
        ForeignKey("cable.id", ondelete="CASCADE"), primary_key=True, comment="The cable (cable.id)."
    )
    position: Mapped[int] = mapped_column(SmallInteger, primary_key=True, comment="Order in the TAGS line, from 1.")
    tag_id: Mapped[int] = mapped_column(ForeignKey("tag.id"), comment="The tag (tag.id).")
    tag: Mapped[str] = mapped_column(Text, comment="The tag code, e.g. PREL or AJ.")
    reference_id: Mapped[str] = mapped_column(Text, comment="The cable's reference id, e.g. 07BAKU1515.")
    created: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), comment="When the cable was sent (UTC).")
    origin: Mapped[str | None] = mapped_column(Text, comment="The sending post, e.g. Embassy Baku.")
    classification_level: Mapped[str | None] = mapped_column(
        Text, comment="UNCLASSIFIED, LIMITED OFFICIAL USE, CONFIDENTIAL, SECRET or TOP SECRET."
    )


class DeferredObject(Base):
    __tablename__ = "deferred_object"
    __table_args__ = {
        "comment": "Indexes and constraints that a first import into an empty database dropped to load faster. It "
        "rebuilds them at its end; if it was killed, the next import (or cabledb db upgrade) rebuilds them.",
        "info": BOOKKEEPING,
    }

    name: Mapped[str] = mapped_column(Text, primary_key=True, comment="Index or constraint name.")
    kind: Mapped[str] = mapped_column(Text, comment="index or constraint.")
    table_name: Mapped[str] = mapped_column(Text, comment="The table it belongs to.")
    definition: Mapped[str] = mapped_column(Text, comment="Its definition (pg_get_indexdef or pg_get_constraintdef).")
    position: Mapped[int] = mapped_column(Integer, comment="Rebuild order: keys, then indexes, then foreign keys.")
    deferred_by_run_id: Mapped[int | None] = mapped_column(
        ForeignKey("import_run.id"), comment="The import run that dropped it."
    )


class ImportError_(Base):
    __tablename__ = "import_error"
    __table_args__ = (
        Index("ix_import_error_run_id", "run_id"),
        {"comment": "Records that could not be imported, with the reason and their raw bytes (nothing is lost)."},
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True, comment="Error id.")
    run_id: Mapped[int] = mapped_column(ForeignKey("import_run.id"), comment="Import run (import_run.id).")
    source: Mapped[str] = mapped_column(Text, comment="File, archive member or '<stdin>' the record came from.")
    position: Mapped[str] = mapped_column(Text, comment="Where in the source: 'row 12, line 340', 'member 3', 'file'.")
    reason: Mapped[str] = mapped_column(Text, comment="Why it was rejected, in words.")
    raw: Mapped[bytes] = mapped_column(LargeBinary, comment="The record's bytes exactly as read.", info=PRIVATE)
    raw_size: Mapped[int] = mapped_column(
        BigInteger, Computed("octet_length(raw)", persisted=True), comment="Size of raw in bytes."
    )
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), comment="When it was rejected."
    )


# -- release history (migration 0013) ------------------------------------------------------------------------------
#
# WikiLeaks published the cables in successive builds and changed some between builds (cabledb.history). The
# cable table keeps the most complete text of each cable; these tables keep every distinct text (content_version),
# the releases each appeared in (cable_appearance) and what changed between consecutive releases (cable_change).
# They are keyed by reference id, not cable id, so that the history does not depend on which text is current.


class Release(Base):
    __tablename__ = "release"
    __table_args__ = (
        one_of("kind", RELEASE_KINDS),
        {
            "comment": "The releases cables were imported from: WikiLeaks' torrent builds (cablegate-YYYYMMDDHHMM), "
            "a cables.csv file, a name given with cabledb import --release, or an import run's own release."
        },
    )

    id: Mapped[int] = mapped_column(Integer, Identity(), primary_key=True, comment="Release id (internal).")
    name: Mapped[str] = mapped_column(
        Text, unique=True, comment="Release name, e.g. cablegate-201012041409, cables.csv or 'import run 3'."
    )
    published_at: Mapped[datetime | None] = mapped_column(
        DateTime(timezone=True), comment="When it was published (from a build name, UTC); NULL when unknown."
    )
    kind: Mapped[str] = mapped_column(
        Text, comment="build (a torrent build), file (cables.csv), given (--release NAME) or run (an import run)."
    )
    complete: Mapped[bool] = mapped_column(
        Boolean,
        server_default=text("false"),
        comment="Imported whole with --complete: a cable of the release before that it lacks was withdrawn.",
    )
    cable_count: Mapped[int] = mapped_column(Integer, server_default="0", comment="Cables in this release.")
    new_count: Mapped[int] = mapped_column(
        Integer, server_default="0", comment="Cables in this release and not in the release before it."
    )
    changed_count: Mapped[int] = mapped_column(
        Integer, server_default="0", comment="Cables whose version differs from the one in the release before it."
    )
    unchanged_count: Mapped[int] = mapped_column(
        Integer, server_default="0", comment="Cables with the same version as in the release before it."
    )
    withdrawn_count: Mapped[int | None] = mapped_column(
        Integer, comment="Cables of the release before it that this one lacks; NULL unless the release is complete."
    )
    import_run_id: Mapped[int | None] = mapped_column(
        ForeignKey("import_run.id"), comment="The import run that first recorded this release."
    )


class ContentVersion(Base):
    __tablename__ = "content_version"
    __table_args__ = (
        UniqueConstraint("reference_id", "version_key"),
        {
            "comment": "Every distinct text (header and body) of every cable: whitespace and the pages' paragraph "
            "anchors make no new version (cabledb.history.version_key)."
        },
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True, comment="Version id (internal).")
    reference_id: Mapped[str] = mapped_column(Text, comment="The cable's reference id (cable.reference_id).")
    version_key: Mapped[bytes] = mapped_column(
        LargeBinary, comment="blake2b of the header and body without whitespace and ¶ anchors: the version's identity."
    )
    text_hash: Mapped[bytes] = mapped_column(
        LargeBinary,
        comment="Hash of header and body as stored; of several texts with one key, the smallest hash is kept, "
        "so that the stored text does not depend on import order.",
    )
    header: Mapped[str] = mapped_column(Text, comment="Routing header of this version.")
    body: Mapped[str] = mapped_column(Text, comment="Body of this version.")
    redaction_count: Mapped[int] = mapped_column(Integer, comment="Redaction masks (XXXXXXXXXXXX) in header and body.")
    first_seen_run_id: Mapped[int | None] = mapped_column(
        ForeignKey("import_run.id"), comment="The import run that first stored this version."
    )


class CableAppearance(Base):
    __tablename__ = "cable_appearance"
    __table_args__ = (
        Index("ix_cable_appearance_reference_id", "reference_id"),
        Index("ix_cable_appearance_content_version_id", "content_version_id"),
        {"comment": "Which version of each cable each release carried."},
    )

    release_id: Mapped[int] = mapped_column(
        ForeignKey("release.id", ondelete="CASCADE"), primary_key=True, comment="The release (release.id)."
    )
    reference_id: Mapped[str] = mapped_column(Text, primary_key=True, comment="The cable's reference id.")
    content_version_id: Mapped[int] = mapped_column(
        ForeignKey("content_version.id"), comment="The version the release carried (content_version.id)."
    )


class CableChange(Base):
    __tablename__ = "cable_change"
    __table_args__ = (
        one_of("change", CHANGE_KINDS),
        one_of("part", PARTS),
        Index("ix_cable_change_release_id", "release_id"),
        {
            "comment": "What changed in a cable between two consecutive releases that carry it with different "
            "versions: one row per run of changed words and part of the cable."
        },
    )

    reference_id: Mapped[str] = mapped_column(Text, primary_key=True, comment="The cable's reference id.")
    release_id: Mapped[int] = mapped_column(
        ForeignKey("release.id", ondelete="CASCADE"), primary_key=True, comment="The release with the new version."
    )
    position: Mapped[int] = mapped_column(Integer, primary_key=True, comment="1, 2, ... in the order of the text.")
    previous_release_id: Mapped[int] = mapped_column(
        ForeignKey("release.id", ondelete="CASCADE"), comment="The release before it that carries the cable."
    )
    part: Mapped[str] = mapped_column(Text, comment="header, subject, preamble, paragraph or signature.")
    paragraph_number: Mapped[int | None] = mapped_column(Integer, comment="The paragraph's number, if numbered.")
    change: Mapped[str] = mapped_column(
        Text, comment="redacted (text became XXXXXXXXXXXX), unredacted (the reverse) or edited."
    )
    removed_text: Mapped[str] = mapped_column(Text, comment="The words the new version no longer has.")
    added_text: Mapped[str] = mapped_column(Text, comment="The words the new version has instead.")


class ReleaseSighting(Base):
    __tablename__ = "release_sighting"
    __table_args__ = (
        Index("ix_release_sighting_run_id", "run_id"),
        {
            "comment": "Import bookkeeping: each cable an import run read, with its release and version key, "
            "written by the workers and turned into release history at the end of the run (then deleted).",
            "info": BOOKKEEPING,
        },
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True, comment="Sighting id.")
    run_id: Mapped[int] = mapped_column(Integer, comment="The import run (import_run.id).", info=BOOKKEEPING)
    release_name: Mapped[str] = mapped_column(Text, comment="The release the input belongs to.")
    release_kind: Mapped[str] = mapped_column(Text, comment="build, file, given or run.")
    published_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), comment="From the build name.")
    reference_id: Mapped[str] = mapped_column(Text, comment="The cable's reference id.")
    version_key: Mapped[bytes] = mapped_column(LargeBinary, comment="Its version key.")
    text_hash: Mapped[bytes] = mapped_column(LargeBinary, comment="Hash of its header and body.")
    header: Mapped[str | None] = mapped_column(Text, comment="Its header, when the version may be new.")
    body: Mapped[str | None] = mapped_column(Text, comment="Its body, when the version may be new.")
