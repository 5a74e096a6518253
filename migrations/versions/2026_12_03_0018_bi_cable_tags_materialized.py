"""bi.cable_tags materialized (issue 14): the view reads cable_tag_summary, its rows computed once and refreshed
at the end of every import like cable_summary, instead of joining every tag row to its cable, origin and level per
query (cabledb/sql/bi_cable_tags_0018.sql). The same columns and rows.

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence

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
    op.execute(read("bi_cable_tags_0018.sql"))


def downgrade() -> None:
    op.execute(_VIEW_0011)
    op.execute("DROP MATERIALIZED VIEW IF EXISTS public.cable_tag_summary")
