"""Search snippets located before they are marked (issue 14): cabledb_snippet(body, query) finds the query's first
likely match with a regular expression and marks a window around it, instead of parsing the first 3,000 characters
or the whole body (cabledb/sql/search_0016.sql); cabledb_search() takes its snippets from it.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-02
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

from cabledb.sql import read

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute(read("search_0016.sql"))


def downgrade() -> None:
    op.execute(read("search_0014.sql"))  # the search function of 0014, its snippets from ts_headline alone
    op.execute("DROP FUNCTION IF EXISTS public.cabledb_snippet(text, tsquery)")
