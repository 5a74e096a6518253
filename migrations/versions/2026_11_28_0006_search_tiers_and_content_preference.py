"""Search in tiers (subject, then head, then body), and every other content of a cable in cable_version.

- cabledb_search() reads its matches in tiers, so that a common word stays fast: GIN indexes on the head vector and
  on its subject part (an expression index, ts_filter(head, '{a}')). The function is in cabledb/sql/search_0006.sql.
- Which content of a cable is current no longer depends on the order of arrival: the most complete one is (a
  routing header first, then the longer body; the content hash breaks ties), and every other content is kept in
  cable_version. Only the comments change for that.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-28
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from cabledb.sql import read

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# (column or None for the table, new comment, old comment)
COMMENTS: list[tuple[str | None, sa.types.TypeEngine[object] | None, str, str]] = [
    (
        None,
        None,
        "The other contents of cables: renderings or texts that are not the current one (see cable).",
        "Earlier versions of cables whose content changed on a later import.",
    ),
    ("version", sa.Integer(), "1, 2, ... in the order they were stored.", "1 for the first replaced version, ..."),
    (
        "replaced_at",
        sa.DateTime(timezone=True),
        "When this version was stored here.",
        "When this version was replaced.",
    ),
    ("replaced_by_run_id", sa.Integer(), "Import run that stored it here.", "Import run that replaced it."),
]


def _apply(new_index: int) -> None:
    for column, type_, *texts in COMMENTS:
        new, old = texts[new_index], texts[1 - new_index]
        if column is None:
            op.create_table_comment("cable_version", new, existing_comment=old)
        else:
            op.alter_column("cable_version", column, existing_type=type_, comment=new, existing_comment=old)


TITLE = "ts_filter(head, '{a}'::\"char\"[])"


def upgrade() -> None:
    _apply(0)
    op.create_index("ix_cable_search_head", "cable_search", ["head"], postgresql_using="gin")
    op.create_index("ix_cable_search_title", "cable_search", [sa.text(TITLE)], postgresql_using="gin")
    op.execute(read("search_0006.sql"))


def downgrade() -> None:
    op.execute(read("search_0005_function.sql"))
    op.drop_index("ix_cable_search_title", "cable_search")
    op.drop_index("ix_cable_search_head", "cable_search")
    _apply(1)
