"""Import runs can be 'interrupted': by Ctrl-C or SIGTERM, or killed (the next import marks a run whose import is
gone). The status check allows the new value; the comments say what each status means.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OLD_STATUSES = "status IN ('running', 'finished', 'failed')"
NEW_STATUSES = "status IN ('running', 'finished', 'failed', 'interrupted')"

# The comments as they were, and as they are now (written out: a migration must not change with the models).
OLD_TABLE = "One row per 'cabledb import': when, what, and the counts. A killed import stays 'running'."
NEW_TABLE = (
    "One row per 'cabledb import': when, what, how it ended, and the counts. A killed import is marked"
    " 'interrupted' by the next import."
)
# column, type, new comment, old comment
COLUMNS: list[tuple[str, sa.types.TypeEngine[object], str, str]] = [
    (
        "status",
        sa.Text(),
        "running, finished, failed (an error) or interrupted (Ctrl-C, SIGTERM, or killed: marked by the next import).",
        "running, finished or failed; 'running' forever if killed.",
    ),
    (
        "finished_at",
        sa.DateTime(timezone=True),
        "When the run ended; NULL while running, or if it was killed.",
        "When the run ended; NULL while running or if it was killed.",
    ),
    ("message", sa.Text(), "Why the run failed or was interrupted.", "Why the run failed, when it did."),
]


def _comments(new: bool) -> None:
    op.create_table_comment(
        "import_run", NEW_TABLE if new else OLD_TABLE, existing_comment=OLD_TABLE if new else NEW_TABLE
    )
    for column, type_, new_comment, old_comment in COLUMNS:
        op.alter_column(
            "import_run",
            column,
            existing_type=type_,
            comment=new_comment if new else old_comment,
            existing_comment=old_comment if new else new_comment,
        )


def upgrade() -> None:
    op.drop_constraint(op.f("ck_import_run_status"), "import_run", type_="check")
    op.create_check_constraint(op.f("ck_import_run_status"), "import_run", NEW_STATUSES)
    _comments(new=True)


def downgrade() -> None:
    # The old check has no 'interrupted': such runs become 'failed', keeping their message.
    op.execute("UPDATE import_run SET status = 'failed' WHERE status = 'interrupted'")
    op.drop_constraint(op.f("ck_import_run_status"), "import_run", type_="check")
    op.create_check_constraint(op.f("ck_import_run_status"), "import_run", OLD_STATUSES)
    _comments(new=False)
