"""Search facets (issue 14): cabledb_search_facets() and bi.search_facets() count the cables a search matches per
year, origin, tag and classification level.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-02
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

from cabledb.sql import read

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ARGS = "(text, text, text, text, date, date, integer)"


def upgrade() -> None:
    op.execute(read("facets_0012.sql"))


def downgrade() -> None:
    op.execute(f"DROP FUNCTION IF EXISTS bi.search_facets{ARGS}")
    op.execute(f"DROP FUNCTION IF EXISTS public.cabledb_search_facets{ARGS}")
