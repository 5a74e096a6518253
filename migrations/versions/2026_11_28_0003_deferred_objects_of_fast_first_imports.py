"""Deferred objects: indexes and constraints that a first import into an empty database drops and rebuilds.

A killed first import leaves them listed here; the next import, or cabledb db upgrade (or downgrade), rebuilds them:
every migration first calls cabledb.db.repair_deferred, under the import lock, and tests/test_migrations.py checks
it (test_migrations_after_an_interrupted_first_import).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28 02:42:12.014996
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "deferred_object",
        sa.Column("name", sa.Text(), nullable=False, comment="Index or constraint name."),
        sa.Column("kind", sa.Text(), nullable=False, comment="index or constraint."),
        sa.Column("table_name", sa.Text(), nullable=False, comment="The table it belongs to."),
        sa.Column(
            "definition", sa.Text(), nullable=False, comment="Its definition (pg_get_indexdef or pg_get_constraintdef)."
        ),
        sa.Column(
            "position", sa.Integer(), nullable=False, comment="Rebuild order: keys, then indexes, then foreign keys."
        ),
        sa.Column("deferred_by_run_id", sa.Integer(), nullable=True, comment="The import run that dropped it."),
        sa.ForeignKeyConstraint(
            ["deferred_by_run_id"], ["import_run.id"], name=op.f("fk_deferred_object_deferred_by_run_id_import_run")
        ),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_deferred_object")),
        comment="Indexes and constraints that a first import into an empty database dropped to load faster. It rebuilds them at its end; if it was killed, the next import (or cabledb db upgrade) rebuilds them.",
    )


def downgrade() -> None:
    op.drop_table("deferred_object")
