"""The bi schema: read-only views for SQL users and BI tools (bi.cables, bi.cable_tags, bi.cable_recipients,
bi.paragraphs, bi.cable_references).

Views are replaceable objects: their SQL lives in cabledb/sql/bi_views_0002.sql and bi_cable_tags_0002.sql (the one
view that a later downgrade restores on its own); a later migration that changes a view replaces it from a new
file, and its downgrade restores this one.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

from cabledb.sql import read

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

VIEWS = ("bi.cable_references", "bi.paragraphs", "bi.cable_recipients", "bi.cable_tags", "bi.cables")


def upgrade() -> None:
    op.execute(read("bi_views_0002.sql"))
    op.execute(read("bi_cable_tags_0002.sql"))


def downgrade() -> None:
    for view in VIEWS:
        op.execute(f"DROP VIEW IF EXISTS {view}")
    op.execute("DROP SCHEMA IF EXISTS bi")
