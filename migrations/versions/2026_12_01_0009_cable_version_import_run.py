"""Each stored content of a cable keeps the import run that read it (cable_version.import_run_id), so that
cabledb show can tell, for every version, which import brought it: replaced_by_run_id only says which run moved
it there. Contents stored before this revision keep NULL: the run that read them was not recorded.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COMMENT = (
    "Import run that read this content (for a content that was current before another replaced it, the run that"
    " made it current); NULL for contents stored before revision 0009, when it was not kept."
)


def upgrade() -> None:
    op.add_column("cable_version", sa.Column("import_run_id", sa.Integer(), nullable=True, comment=COMMENT))
    op.create_foreign_key(
        op.f("fk_cable_version_import_run_id_import_run"), "cable_version", "import_run", ["import_run_id"], ["id"]
    )


def downgrade() -> None:
    op.drop_constraint(op.f("fk_cable_version_import_run_id_import_run"), "cable_version", type_="foreignkey")
    op.drop_column("cable_version", "import_run_id")
