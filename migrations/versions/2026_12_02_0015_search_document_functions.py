"""The search document defined once (issue 12): cabledb_search_document(subject, tags, body) and
cabledb_search_head(subject, tags, summary), SQL functions that the loader and the search catch-up use to fill
cable_search. The documents they build are those the loader built before, so cable_search is not rebuilt.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-02
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

from cabledb.sql import read

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute(read("search_document_0015.sql"))


def downgrade() -> None:
    op.execute("DROP FUNCTION IF EXISTS public.cabledb_search_head(text, text, text)")
    op.execute("DROP FUNCTION IF EXISTS public.cabledb_search_document(text, text, text)")
