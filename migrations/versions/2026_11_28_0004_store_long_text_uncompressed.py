"""Store the raw cable text, paragraph text and full-text documents uncompressed (STORAGE EXTERNAL).

Compressing long text (TOAST, pglz) was the largest cost of loading the bodies: measured on 25,000 cables, it
took the COPY phase from 7 s to 12 s, for a database 10% smaller. lz4 would compress faster, but the embedded
server's build has no lz4; EXTERNAL behaves the same on every server. Existing rows keep their storage until
rewritten; the setting applies to new rows.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-28
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COLUMNS = (
    ("cable", "header"),
    ("cable", "body"),
    ("cable_version", "header"),
    ("cable_version", "body"),
    ("paragraph", "text"),
    ("cable_search", "document"),
)


def upgrade() -> None:
    for table, column in COLUMNS:
        op.execute(f"ALTER TABLE {table} ALTER COLUMN {column} SET STORAGE EXTERNAL")


def downgrade() -> None:
    for table, column in COLUMNS:
        op.execute(f"ALTER TABLE {table} ALTER COLUMN {column} SET STORAGE EXTENDED")
