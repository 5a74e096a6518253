"""Faster search facets (issue 14): cable_facet keeps each cable's year, and cabledb_search_facets() reads the
matches' rows with cable_id = ANY(ids), counts their year, origin and classification in one pass (GROUPING SETS)
and their tags with one set-returning call, with work_mem 64MB and no parallel workers for itself
(cabledb/sql/facets_0017.sql). The same results.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

from cabledb.sql import read

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute(read("facets_0017.sql"))


def downgrade() -> None:
    # cable_facet and the function as migration 0014 made them (its grants loop grants cable_summary again too).
    op.execute("DROP MATERIALIZED VIEW IF EXISTS public.cable_facet")
    op.execute(read("facets_0014.sql"))
