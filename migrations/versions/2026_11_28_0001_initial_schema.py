"""Initial schema: lookup tables, cables and their parts, import runs and errors.

Reviewed by hand after autogenerate. The classification levels are part of the schema (ranked reference data),
so they are inserted here.

Revision ID: 0001
Revises:
Create Date: 2026-11-28 02:25:25.056089
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "caveat",
        sa.Column("id", sa.Integer(), sa.Identity(always=False), nullable=False, comment="Caveat id."),
        sa.Column("code", sa.Text(), nullable=False, comment="The caveat, normalised: NOFORN, EXDIS, ..."),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_caveat")),
        sa.UniqueConstraint("code", name=op.f("uq_caveat_code")),
        comment="Caveats and handling marks: NOFORN, FOR OFFICIAL USE ONLY, NODIS, EXDIS, ...",
    )
    op.create_table(
        "classification_level",
        sa.Column("id", sa.SmallInteger(), nullable=False, comment="Level id (equal to its rank)."),
        sa.Column(
            "code",
            sa.Text(),
            nullable=False,
            comment="UNCLASSIFIED, LIMITED OFFICIAL USE, CONFIDENTIAL, SECRET or TOP SECRET.",
        ),
        sa.Column("rank", sa.SmallInteger(), nullable=False, comment="0 (lowest) to 4 (highest), for sorting."),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_classification_level")),
        sa.UniqueConstraint("code", name=op.f("uq_classification_level_code")),
        sa.UniqueConstraint("rank", name=op.f("uq_classification_level_rank")),
        comment="The five classification levels, ranked from UNCLASSIFIED (0) to TOP SECRET (4).",
    )
    op.create_table(
        "import_run",
        sa.Column("id", sa.Integer(), sa.Identity(always=False), nullable=False, comment="Run id."),
        sa.Column(
            "started_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
            comment="When the run started.",
        ),
        sa.Column(
            "finished_at",
            sa.DateTime(timezone=True),
            nullable=True,
            comment="When the run ended; NULL while running or if it was killed.",
        ),
        sa.Column(
            "status",
            sa.Text(),
            server_default="running",
            nullable=False,
            comment="running, finished or failed; 'running' forever if killed.",
        ),
        sa.Column(
            "inputs",
            postgresql.ARRAY(sa.Text(), dimensions=1),
            nullable=False,
            comment="The paths given to the import command.",
        ),
        sa.Column("cabledb_version", sa.Text(), nullable=False, comment="Version of cabledb that ran the import."),
        sa.Column("inserted", sa.Integer(), server_default="0", nullable=False, comment="Cables inserted."),
        sa.Column("updated", sa.Integer(), server_default="0", nullable=False, comment="Cables whose content changed."),
        sa.Column(
            "unchanged",
            sa.Integer(),
            server_default="0",
            nullable=False,
            comment="Cables already present as they were.",
        ),
        sa.Column(
            "rejected", sa.Integer(), server_default="0", nullable=False, comment="Records rejected (see import_error)."
        ),
        sa.Column("message", sa.Text(), nullable=True, comment="Why the run failed, when it did."),
        sa.CheckConstraint("status IN ('running', 'finished', 'failed')", name=op.f("ck_import_run_status")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_import_run")),
        comment="One row per 'cabledb import': when, what, and the counts. A killed import stays 'running'.",
    )
    op.create_table(
        "office",
        sa.Column("id", sa.Integer(), sa.Identity(always=False), nullable=False, comment="Office id."),
        sa.Column(
            "name", sa.Text(), nullable=False, comment="Addressee as written, e.g. 'SECSTATE WASHDC', 'CIS COLLECTIVE'."
        ),
        sa.Column(
            "routing_indicator",
            sa.Text(),
            nullable=True,
            comment="Routing indicator, e.g. RUEHC; NULL on old cables that have none.",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_office")),
        sa.UniqueConstraint(
            "name",
            "routing_indicator",
            name=op.f("uq_office_name_routing_indicator"),
            postgresql_nulls_not_distinct=True,
        ),
        comment="Addressees of cables: an office name with its routing indicator, e.g. RUEHC SECSTATE WASHDC.",
    )
    op.create_table(
        "origin",
        sa.Column("id", sa.Integer(), sa.Identity(always=False), nullable=False, comment="Origin id."),
        sa.Column("name", sa.Text(), nullable=False, comment="WikiLeaks' origin name, e.g. 'Embassy Baku'."),
        sa.Column(
            "station",
            sa.Text(),
            nullable=True,
            comment="Station code as in reference ids, e.g. BAKU, USUNNEWYORK; NULL when unknown.",
        ),
        sa.Column(
            "post_type",
            sa.Text(),
            nullable=True,
            comment="embassy, consulate, mission, department, delegation, interests_section or other.",
        ),
        sa.Column("country_code", sa.Text(), nullable=True, comment="FIPS 10-4 code of the host country, e.g. AJ."),
        sa.Column("country", sa.Text(), nullable=True, comment="Host country name, e.g. Azerbaijan."),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_origin")),
        sa.UniqueConstraint("name", name=op.f("uq_origin_name")),
        comment="The posts that sent cables: embassies, consulates, missions, the Department.",
    )
    op.create_table(
        "tag",
        sa.Column("id", sa.Integer(), sa.Identity(always=False), nullable=False, comment="Tag id."),
        sa.Column("code", sa.Text(), nullable=False, comment="The code, e.g. PGOV, AJ, KDEM, 'CLINTON, HILLARY'."),
        sa.Column(
            "kind",
            sa.Text(),
            nullable=False,
            comment="subject, geo, program, person, organization, or unknown (not in the glossary).",
        ),
        sa.Column(
            "description",
            sa.Text(),
            nullable=True,
            comment="Glossary description, e.g. 'Internal Governmental Affairs', 'Azerbaijan'; NULL if unknown.",
        ),
        sa.CheckConstraint(
            "kind IN ('subject', 'geo', 'program', 'person', 'organization', 'unknown')", name=op.f("ck_tag_kind")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tag")),
        sa.UniqueConstraint("code", name=op.f("uq_tag_code")),
        comment="TAGS codes (Traffic Analysis by Geography and Subject), with kind and glossary description.",
    )
    op.create_table(
        "cable",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False, comment="Cable id (internal)."),
        sa.Column(
            "reference_id",
            sa.Text(),
            nullable=False,
            comment="Reference id as published, e.g. 07BAKU1515 (unique; identifies the cable).",
        ),
        sa.Column(
            "canonical_id",
            sa.Text(),
            nullable=False,
            comment="Reference id repaired (07SETION02OF02BAKU1501 -> 07BAKU1501); references resolve to it.",
        ),
        sa.Column(
            "created",
            sa.DateTime(timezone=True),
            nullable=True,
            comment="When the cable was sent (WikiLeaks' value, else the date-time group), UTC.",
        ),
        sa.Column(
            "released",
            sa.DateTime(timezone=True),
            nullable=True,
            comment="When WikiLeaks released the cable, UTC; NULL when not known.",
        ),
        sa.Column("origin_id", sa.Integer(), nullable=True, comment="The sending post (origin.id)."),
        sa.Column("from_line", sa.Text(), nullable=True, comment="The FM line of the header, e.g. AMEMBASSY BAKU."),
        sa.Column(
            "classification_id",
            sa.SmallInteger(),
            nullable=True,
            comment="Classification level (classification_level.id).",
        ),
        sa.Column(
            "classification", sa.Text(), nullable=True, comment="Classification as published, e.g. SECRET//NOFORN."
        ),
        sa.Column("transmission_id", sa.Text(), nullable=True, comment="Transmission id, e.g. VZCZCXRO5672."),
        sa.Column(
            "precedence",
            sa.Text(),
            nullable=True,
            comment="Precedence of the date-time group: FLASH, IMMEDIATE, PRIORITY or ROUTINE.",
        ),
        sa.Column("dtg", sa.Text(), nullable=True, comment="Date-time group as written, e.g. 191235Z DEC 07."),
        sa.Column("section", sa.SmallInteger(), nullable=True, comment="Section number, from SECTION 01 OF 02."),
        sa.Column(
            "section_count", sa.SmallInteger(), nullable=True, comment="Number of sections, from SECTION 01 OF 02."
        ),
        sa.Column("subject", sa.Text(), nullable=True, comment="Subject line, on one line, without its (C) mark."),
        sa.Column("summary", sa.Text(), nullable=True, comment="The summary (between Summary: and End Summary)."),
        sa.Column("comment", sa.Text(), nullable=True, comment="The post's comment (Comment heading or Comment:)."),
        sa.Column("executive_order", sa.Text(), nullable=True, comment="Executive order number, e.g. 12958."),
        sa.Column("declassify_on", sa.Date(), nullable=True, comment="Declassification date, when DECL gives one."),
        sa.Column(
            "declassify_raw", sa.Text(), nullable=True, comment="The DECL value as written, e.g. 12/18/2017, OADR, X1."
        ),
        sa.Column("classified_by_name", sa.Text(), nullable=True, comment="Classifier's name, e.g. Anne E. Derse."),
        sa.Column("classified_by_title", sa.Text(), nullable=True, comment="Classifier's title, e.g. Ambassador."),
        sa.Column(
            "classified_by_reasons",
            postgresql.ARRAY(sa.Text(), dimensions=1),
            server_default="{}",
            nullable=False,
            comment="Reasons for classification, e.g. {1.4(b),1.4(d)}.",
        ),
        sa.Column(
            "signed_by",
            postgresql.ARRAY(sa.Text(), dimensions=1),
            server_default="{}",
            nullable=False,
            comment="Signers' surnames, e.g. {DERSE}.",
        ),
        sa.Column(
            "is_partial",
            sa.Boolean(),
            server_default="false",
            nullable=False,
            comment="True for partial extracts (the full text was not released).",
        ),
        sa.Column(
            "anomalies",
            postgresql.ARRAY(sa.Text(), dimensions=1),
            server_default="{}",
            nullable=False,
            comment="What the parser found odd, and how it read it.",
        ),
        sa.Column(
            "header", sa.Text(), nullable=False, comment="Raw routing header as published (tags removed, \\n endings)."
        ),
        sa.Column("body", sa.Text(), nullable=False, comment="Raw body as published (tags removed, \\n line endings)."),
        sa.Column(
            "content_hash",
            sa.LargeBinary(),
            nullable=False,
            comment="Hash of the raw input and metadata; equal hashes mean an unchanged re-import.",
        ),
        sa.Column("source_format", sa.Text(), nullable=False, comment="Format it was read from: html, csv or text."),
        sa.Column("source", sa.Text(), nullable=True, comment="File (and archive member or CSV row) it was read from."),
        sa.Column(
            "import_run_id", sa.Integer(), nullable=True, comment="Import run that inserted or last updated the cable."
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
            comment="When the row was inserted or last updated.",
        ),
        sa.ForeignKeyConstraint(
            ["classification_id"],
            ["classification_level.id"],
            name=op.f("fk_cable_classification_id_classification_level"),
        ),
        sa.ForeignKeyConstraint(["import_run_id"], ["import_run.id"], name=op.f("fk_cable_import_run_id_import_run")),
        sa.ForeignKeyConstraint(["origin_id"], ["origin.id"], name=op.f("fk_cable_origin_id_origin")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cable")),
        sa.UniqueConstraint("reference_id", name=op.f("uq_cable_reference_id")),
        comment="One row per cable: metadata, header fields, preamble fields and the raw text as published.",
    )
    op.create_index("ix_cable_canonical_id", "cable", ["canonical_id"], unique=False)
    op.create_index("ix_cable_classification_id", "cable", ["classification_id"], unique=False)
    op.create_index("ix_cable_created", "cable", ["created"], unique=False)
    op.create_index("ix_cable_origin_id", "cable", ["origin_id"], unique=False)
    op.create_table(
        "import_error",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False, comment="Error id."),
        sa.Column("run_id", sa.Integer(), nullable=False, comment="Import run (import_run.id)."),
        sa.Column(
            "source", sa.Text(), nullable=False, comment="File, archive member or '<stdin>' the record came from."
        ),
        sa.Column(
            "position",
            sa.Text(),
            nullable=False,
            comment="Where in the source: 'row 12, line 340', 'member 3', 'file'.",
        ),
        sa.Column("reason", sa.Text(), nullable=False, comment="Why it was rejected, in words."),
        sa.Column("raw", sa.LargeBinary(), nullable=False, comment="The record's bytes exactly as read."),
        sa.Column(
            "raw_size",
            sa.BigInteger(),
            sa.Computed("octet_length(raw)", persisted=True),
            nullable=False,
            comment="Size of raw in bytes.",
        ),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
            comment="When it was rejected.",
        ),
        sa.ForeignKeyConstraint(["run_id"], ["import_run.id"], name=op.f("fk_import_error_run_id_import_run")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_import_error")),
        comment="Records that could not be imported, with the reason and their raw bytes (nothing is lost).",
    )
    op.create_index("ix_import_error_run_id", "import_error", ["run_id"], unique=False)
    op.create_table(
        "cable_caveat",
        sa.Column("cable_id", sa.BigInteger(), nullable=False, comment="The cable (cable.id)."),
        sa.Column("caveat_id", sa.Integer(), nullable=False, comment="The caveat (caveat.id)."),
        sa.Column(
            "position", sa.SmallInteger(), nullable=False, comment="Order of the caveat in the classification, from 1."
        ),
        sa.ForeignKeyConstraint(
            ["cable_id"], ["cable.id"], name=op.f("fk_cable_caveat_cable_id_cable"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["caveat_id"], ["caveat.id"], name=op.f("fk_cable_caveat_caveat_id_caveat")),
        sa.PrimaryKeyConstraint("cable_id", "caveat_id", name=op.f("pk_cable_caveat")),
        comment="Caveats of each cable (bridge between cable and caveat).",
    )
    op.create_index("ix_cable_caveat_caveat_id", "cable_caveat", ["caveat_id"], unique=False)
    op.create_table(
        "cable_recipient",
        sa.Column("cable_id", sa.BigInteger(), nullable=False, comment="The cable (cable.id)."),
        sa.Column("position", sa.SmallInteger(), nullable=False, comment="Order in the header, from 1."),
        sa.Column("kind", sa.Text(), nullable=False, comment="to (action addressee) or info."),
        sa.Column("office_id", sa.Integer(), nullable=False, comment="The addressee (office.id)."),
        sa.Column(
            "precedence",
            sa.Text(),
            nullable=True,
            comment="Precedence for this addressee: FLASH, IMMEDIATE, PRIORITY, ROUTINE, NIACT IMMEDIATE.",
        ),
        sa.Column("mcn", sa.Text(), nullable=True, comment="Message control number on the address line, e.g. 4500."),
        sa.Column(
            "excluded",
            postgresql.ARRAY(sa.Text(), dimensions=1),
            server_default="{}",
            nullable=False,
            comment="Posts left out of a collective (XMT lines).",
        ),
        sa.CheckConstraint("kind IN ('to', 'info')", name=op.f("ck_cable_recipient_kind")),
        sa.ForeignKeyConstraint(
            ["cable_id"], ["cable.id"], name=op.f("fk_cable_recipient_cable_id_cable"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["office_id"], ["office.id"], name=op.f("fk_cable_recipient_office_id_office")),
        sa.PrimaryKeyConstraint("cable_id", "position", name=op.f("pk_cable_recipient")),
        comment="Addressees of each cable, TO and INFO, in header order.",
    )
    op.create_index("ix_cable_recipient_office_id", "cable_recipient", ["office_id"], unique=False)
    op.create_table(
        "cable_reference",
        sa.Column("cable_id", sa.BigInteger(), nullable=False, comment="The citing cable (cable.id)."),
        sa.Column("position", sa.SmallInteger(), nullable=False, comment="Order in the REF block, from 1."),
        sa.Column("bullet", sa.Text(), nullable=True, comment="Bullet letter as written: A, B, ...; NULL if none."),
        sa.Column("kind", sa.Text(), nullable=False, comment="cable, email, telcon, report, document or other."),
        sa.Column("text", sa.Text(), nullable=False, comment="The item as written, e.g. 'BAKU 1495'."),
        sa.Column(
            "target_reference_id",
            sa.Text(),
            nullable=True,
            comment="Canonical id of the cited cable, e.g. 07BAKU1495; NULL for other kinds.",
        ),
        sa.Column(
            "target_cable_id",
            sa.BigInteger(),
            nullable=True,
            comment="The cited cable (cable.id) when it is in the database; resolved by value, whichever comes first.",
        ),
        sa.CheckConstraint(
            "kind IN ('cable', 'email', 'telcon', 'report', 'document', 'other')", name=op.f("ck_cable_reference_kind")
        ),
        sa.ForeignKeyConstraint(
            ["cable_id"], ["cable.id"], name=op.f("fk_cable_reference_cable_id_cable"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("cable_id", "position", name=op.f("pk_cable_reference")),
        comment="Items of each cable's REF block; cited cables resolve to target_cable_id once present.",
    )
    op.create_index("ix_cable_reference_target_cable_id", "cable_reference", ["target_cable_id"], unique=False)
    op.create_index("ix_cable_reference_target_reference_id", "cable_reference", ["target_reference_id"], unique=False)
    op.create_table(
        "cable_search",
        sa.Column("cable_id", sa.BigInteger(), nullable=False, comment="The cable (cable.id)."),
        sa.Column(
            "document", postgresql.TSVECTOR(), nullable=False, comment="English tsvector of subject, tags and body."
        ),
        sa.ForeignKeyConstraint(
            ["cable_id"], ["cable.id"], name=op.f("fk_cable_search_cable_id_cable"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("cable_id", name=op.f("pk_cable_search")),
        comment="Full-text search document of each cable: subject (weight A), tags (B) and body (C).",
    )
    op.create_index("ix_cable_search_document", "cable_search", ["document"], unique=False, postgresql_using="gin")
    op.create_table(
        "cable_tag",
        sa.Column("cable_id", sa.BigInteger(), nullable=False, comment="The cable (cable.id)."),
        sa.Column("position", sa.SmallInteger(), nullable=False, comment="Order in the TAGS line, from 1."),
        sa.Column("tag_id", sa.Integer(), nullable=False, comment="The tag (tag.id)."),
        sa.ForeignKeyConstraint(
            ["cable_id"], ["cable.id"], name=op.f("fk_cable_tag_cable_id_cable"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["tag_id"], ["tag.id"], name=op.f("fk_cable_tag_tag_id_tag")),
        sa.PrimaryKeyConstraint("cable_id", "position", name=op.f("pk_cable_tag")),
        sa.UniqueConstraint("cable_id", "tag_id", name=op.f("uq_cable_tag_cable_id_tag_id")),
        comment="TAGS of each cable, in cable order (bridge between cable and tag).",
    )
    op.create_index("ix_cable_tag_tag_id", "cable_tag", ["tag_id"], unique=False)
    op.create_table(
        "cable_version",
        sa.Column("cable_id", sa.BigInteger(), nullable=False, comment="The cable (cable.id)."),
        sa.Column("version", sa.Integer(), nullable=False, comment="1 for the first replaced version, ..."),
        sa.Column(
            "replaced_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
            comment="When this version was replaced.",
        ),
        sa.Column("replaced_by_run_id", sa.Integer(), nullable=True, comment="Import run that replaced it."),
        sa.Column("header", sa.Text(), nullable=False, comment="Raw routing header of this version."),
        sa.Column("body", sa.Text(), nullable=False, comment="Raw body of this version."),
        sa.Column("content_hash", sa.LargeBinary(), nullable=False, comment="Content hash of this version."),
        sa.Column("source", sa.Text(), nullable=True, comment="Where this version was read from."),
        sa.ForeignKeyConstraint(
            ["cable_id"], ["cable.id"], name=op.f("fk_cable_version_cable_id_cable"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["replaced_by_run_id"], ["import_run.id"], name=op.f("fk_cable_version_replaced_by_run_id_import_run")
        ),
        sa.PrimaryKeyConstraint("cable_id", "version", name=op.f("pk_cable_version")),
        comment="Earlier versions of cables whose content changed on a later import.",
    )
    op.create_table(
        "paragraph",
        sa.Column("cable_id", sa.BigInteger(), nullable=False, comment="The cable (cable.id)."),
        sa.Column("position", sa.SmallInteger(), nullable=False, comment="Order in the body, from 1."),
        sa.Column(
            "number",
            sa.SmallInteger(),
            nullable=True,
            comment="Paragraph number as written (1, 2, ...); NULL for unnumbered text.",
        ),
        sa.Column(
            "classification",
            sa.Text(),
            nullable=True,
            comment="Portion mark as written inside the parentheses: C, S/NF, SBU, U; NULL when unmarked.",
        ),
        sa.Column("heading", sa.Text(), nullable=True, comment="Unnumbered heading just before the paragraph."),
        sa.Column(
            "text", sa.Text(), nullable=False, comment="Paragraph text: page markers removed, wrapped lines joined."
        ),
        sa.ForeignKeyConstraint(
            ["cable_id"], ["cable.id"], name=op.f("fk_paragraph_cable_id_cable"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("cable_id", "position", name=op.f("pk_paragraph")),
        comment="Paragraphs of each cable, with their number, portion mark and heading.",
    )
    levels = sa.table(
        "classification_level",
        sa.column("id", sa.SmallInteger),
        sa.column("code", sa.Text),
        sa.column("rank", sa.SmallInteger),
    )
    op.bulk_insert(
        levels,
        [
            {"id": rank, "code": code, "rank": rank}
            for rank, code in enumerate(
                ["UNCLASSIFIED", "LIMITED OFFICIAL USE", "CONFIDENTIAL", "SECRET", "TOP SECRET"]
            )
        ],
    )


def downgrade() -> None:
    op.drop_table("paragraph")
    op.drop_table("cable_version")
    op.drop_index("ix_cable_tag_tag_id", table_name="cable_tag")
    op.drop_table("cable_tag")
    op.drop_index("ix_cable_search_document", table_name="cable_search", postgresql_using="gin")
    op.drop_table("cable_search")
    op.drop_index("ix_cable_reference_target_reference_id", table_name="cable_reference")
    op.drop_index("ix_cable_reference_target_cable_id", table_name="cable_reference")
    op.drop_table("cable_reference")
    op.drop_index("ix_cable_recipient_office_id", table_name="cable_recipient")
    op.drop_table("cable_recipient")
    op.drop_index("ix_cable_caveat_caveat_id", table_name="cable_caveat")
    op.drop_table("cable_caveat")
    op.drop_index("ix_import_error_run_id", table_name="import_error")
    op.drop_table("import_error")
    op.drop_index("ix_cable_origin_id", table_name="cable")
    op.drop_index("ix_cable_created", table_name="cable")
    op.drop_index("ix_cable_classification_id", table_name="cable")
    op.drop_index("ix_cable_canonical_id", table_name="cable")
    op.drop_table("cable")
    op.drop_table("tag")
    op.drop_table("origin")
    op.drop_table("office")
    op.drop_table("import_run")
    op.drop_table("classification_level")
    op.drop_table("caveat")
