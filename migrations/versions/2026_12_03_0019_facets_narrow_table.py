"""Search facets from a narrow table (issue 14): cable_facet becomes a table that the loader writes with
cable_search (no refresh), with its own copy of the search document and a GIN index on it, and
cabledb_search_facets() finds the matches there: one bitmap scan of small rows instead of reading the wide rows of
cable_search for the ids (cabledb/sql/facets_0019.sql). The same results.

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from cabledb.sql import read

revision: str = "0019"
down_revision: str | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

#: The rows of the cables already stored, as the loader writes them (cabledb/load/writer.py, FACET_ROW).
_FILL = """
INSERT INTO cable_facet (cable_id, created, year, origin_id, classification_id, tag_ids, document)
SELECT c.id, c.created, extract(year FROM c.created AT TIME ZONE 'UTC')::smallint, c.origin_id, c.classification_id,
       coalesce(t.tag_ids, '{}'::integer[]), s.document
  FROM cable c
  JOIN cable_search s ON s.cable_id = c.id
  LEFT JOIN (SELECT ct.cable_id, array_agg(DISTINCT ct.tag_id ORDER BY ct.tag_id) AS tag_ids
               FROM cable_tag ct GROUP BY ct.cable_id) t ON t.cable_id = c.id
"""


def upgrade() -> None:
    op.execute("DROP MATERIALIZED VIEW IF EXISTS public.cable_facet")
    op.create_table(
        "cable_facet",
        sa.Column("cable_id", sa.BigInteger(), nullable=False, comment="The cable (cable.id)."),
        sa.Column("created", sa.DateTime(timezone=True), nullable=True, comment="When the cable was sent (UTC)."),
        sa.Column("year", sa.SmallInteger(), nullable=True, comment="The year it was sent, in UTC."),
        sa.Column("origin_id", sa.Integer(), nullable=True, comment="The sending post (origin.id)."),
        sa.Column(
            "classification_id",
            sa.SmallInteger(),
            nullable=True,
            comment="Classification level (classification_level.id).",
        ),
        sa.Column(
            "tag_ids",
            postgresql.ARRAY(sa.Integer(), dimensions=1),
            server_default=sa.text("'{}'::integer[]"),
            nullable=False,
            comment="Its TAGS (tag.id), distinct and sorted.",
        ),
        sa.Column(
            "document", postgresql.TSVECTOR(), nullable=False, comment="The search document (cable_search.document)."
        ),
        sa.ForeignKeyConstraint(
            ["cable_id"], ["cable.id"], name=op.f("fk_cable_facet_cable_id_cable"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["classification_id"],
            ["classification_level.id"],
            name=op.f("fk_cable_facet_classification_id_classification_level"),
        ),
        sa.ForeignKeyConstraint(["origin_id"], ["origin.id"], name=op.f("fk_cable_facet_origin_id_origin")),
        sa.PrimaryKeyConstraint("cable_id", name=op.f("pk_cable_facet")),
        comment="What the search facets count, one row per cable: its date, year, origin, level and distinct tag "
        "ids, with the full-text document that finds the matches (a copy of cable_search.document, always stored "
        "out of line so that the rows stay small). Written with cable_search; see cabledb_search_facets().",
        postgresql_with={"toast_tuple_target": "128"},
    )
    op.execute(_FILL)
    op.create_index("ix_cable_facet_document", "cable_facet", ["document"], unique=False, postgresql_using="gin")
    op.execute("ANALYZE cable_facet")
    op.execute(read("facets_0019.sql"))


def downgrade() -> None:
    # The materialized view and the function as migration 0017 made them (its grants loop grants the view again).
    op.drop_table("cable_facet")
    op.execute(read("facets_0017.sql"))
