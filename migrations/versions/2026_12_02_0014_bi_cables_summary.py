"""bi.cables reads a materialized summary (issue 14, finding 5): public.cable_summary holds its rows, computed
set-wise, with indexes on cable_id, reference_id, created, origin and classification_level; the search facets
count from public.cable_facet (per cable: created, origin, level, tag ids). Every import refreshes both at the end
of its run; this migration fills them. bi.tag_glossary counts in one grouped pass. cabledb_search() takes the
snippet of a query without a phrase from the first 3,000 characters of the body when they hold a match.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-02
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

from cabledb.sql import read

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

def upgrade() -> None:
    op.execute(read("bi_summary_0014.sql"))
    op.execute(read("facets_0014.sql"))
    op.execute(read("search_0014.sql"))


def downgrade() -> None:
    op.execute(read("search_0013.sql"))  # the search function of 0013: release history's parameters, the search_path
    op.execute(read("facets_0012.sql"))  # the facets function of 0012, which reads the tables
    op.execute("DROP MATERIALIZED VIEW IF EXISTS public.cable_facet")
    op.execute(read("bi_cables_0011.sql"))  # bi.cables as 0011 left it: subqueries per row
    op.execute("DROP MATERIALIZED VIEW IF EXISTS public.cable_summary")
    op.execute(
        "CREATE OR REPLACE VIEW bi.tag_glossary AS SELECT t.code AS tag, t.kind, t.description,"
        " (SELECT count(*) FROM cable_tag ct WHERE ct.tag_id = t.id)::integer AS cable_count FROM tag t"
    )
