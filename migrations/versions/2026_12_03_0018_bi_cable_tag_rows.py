"""bi.cable_tags from its own rows (issue 14): the table cable_tag_row holds each TAGS entry with the cable's
reference id, date, origin and level, written by the loader with the tags, and bi.cable_tags reads it instead of
joining every tag row to its cable, origin and level per query (cabledb/sql/bi_cable_tags_0018.sql). The same
columns and rows.

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from cabledb.sql import read

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

#: bi.cable_tags as migration 0011 made it: it read the tables.
_VIEW_0011 = """
CREATE OR REPLACE VIEW bi.cable_tags AS
SELECT c.reference_id, ct.position, t.code AS tag, t.kind,
       c.created, o.name AS origin, cl.code AS classification_level
FROM cable_tag ct
JOIN cable c ON c.id = ct.cable_id
JOIN tag t ON t.id = ct.tag_id
LEFT JOIN origin o ON o.id = c.origin_id
LEFT JOIN classification_level cl ON cl.id = c.classification_id
"""


def upgrade() -> None:
    op.create_table(
        "cable_tag_row",
        sa.Column("cable_id", sa.BigInteger(), nullable=False, comment="The cable (cable.id)."),
        sa.Column("position", sa.SmallInteger(), nullable=False, comment="Order in the TAGS line, from 1."),
        sa.Column("tag_id", sa.Integer(), nullable=False, comment="The tag (tag.id)."),
        sa.Column("tag", sa.Text(), nullable=False, comment="The tag code, e.g. PREL or AJ."),
        sa.Column("reference_id", sa.Text(), nullable=False, comment="The cable's reference id, e.g. 07BAKU1515."),
        sa.Column("created", sa.DateTime(timezone=True), nullable=True, comment="When the cable was sent (UTC)."),
        sa.Column("origin", sa.Text(), nullable=True, comment="The sending post, e.g. Embassy Baku."),
        sa.Column(
            "classification_level",
            sa.Text(),
            nullable=True,
            comment="UNCLASSIFIED, LIMITED OFFICIAL USE, CONFIDENTIAL, SECRET or TOP SECRET.",
        ),
        sa.ForeignKeyConstraint(
            ["cable_id"], ["cable.id"], name=op.f("fk_cable_tag_row_cable_id_cable"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["tag_id"], ["tag.id"], name=op.f("fk_cable_tag_row_tag_id_tag")),
        sa.PrimaryKeyConstraint("cable_id", "position", name=op.f("pk_cable_tag_row")),
        comment="The rows of bi.cable_tags: each TAGS entry of a cable with the cable's reference id, date, "
        "origin and level, so that a dashboard filters and groups tags without a join. Written with the tags.",
    )
    op.create_index("ix_cable_tag_row_tag", "cable_tag_row", ["tag"], unique=False)
    op.create_index("ix_cable_tag_row_reference_id", "cable_tag_row", ["reference_id"], unique=False)
    op.execute(read("bi_cable_tags_0018.sql"))


def downgrade() -> None:
    op.execute(_VIEW_0011)
    op.drop_table("cable_tag_row")
