"""bi.cables reads a materialized summary (issue 14, finding 5): public.cable_summary holds its rows, computed
set-wise, with indexes on cable_id, reference_id, created, origin and classification_level; the search facets
count from public.cable_facet (per cable: created, origin, level, tag ids). Every import refreshes both at the end
of its run; this migration fills them. bi.tag_glossary counts in one grouped pass. cabledb_search() takes the
snippet of a query without a phrase from the first 3,000 characters of the body when they hold a match.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-02
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

from cabledb.sql import read

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ARGS = "(text, text, text, text, date, date, integer)"


def upgrade() -> None:
    op.execute(read("bi_summary_0013.sql"))
    op.execute(read("facets_0013.sql"))
    op.execute(read("search_0013.sql"))


def per_row_view() -> str:
    """The query of bi.cables as migrations 0007 and 0011 left it: correlated subqueries per row."""
    query = read("classifiers_0007.sql").split("CREATE OR REPLACE VIEW bi.cables AS")[1].split(";")[0]
    return query.replace("    c.classification,\n", "    c.classification AS classification_marking,\n", 1)


def downgrade() -> None:
    op.execute(read("search_0006.sql"))  # the search function of 0006, with the search_path 0011 set on it
    op.execute(f"ALTER FUNCTION public.cabledb_search{ARGS} SET search_path = public, pg_temp")
    op.execute(read("facets_0012.sql"))  # the facets function of 0012, which reads the tables
    op.execute("DROP MATERIALIZED VIEW IF EXISTS public.cable_facet")
    op.execute(f"CREATE OR REPLACE VIEW bi.cables AS{per_row_view()}")
    op.execute(
        "COMMENT ON VIEW bi.cables IS"
        " 'One row per cable: metadata, classification, origin, subject, tags and counts. Start here.'"
    )
    op.execute("DROP MATERIALIZED VIEW IF EXISTS public.cable_summary")
    op.execute(
        "CREATE OR REPLACE VIEW bi.tag_glossary AS SELECT t.code AS tag, t.kind, t.description,"
        " (SELECT count(*) FROM cable_tag ct WHERE ct.tag_id = t.id)::integer AS cable_count FROM tag t"
    )
