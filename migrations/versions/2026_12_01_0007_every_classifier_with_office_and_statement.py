"""Every classifier of a cable, with the office beside its title and the statement as written.

The parser now reads ``Classified By:`` statements into name, title, office, reasons and the raw statement, and
keeps every classifier (two statements, or ``Ambassador X and General Y``). New: table ``cable_classifier``, columns
``cable.classified_by_office`` and ``cable.classified_by_raw`` (the first classifier), view ``bi.cable_classifiers``
and the column ``bi.cables.classified_by_office``. Existing cables get their first classifier copied into
``cable_classifier``; the next import re-parses them (the parser's version changed) and fills in the rest.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from cabledb.sql import read

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "cable",
        sa.Column(
            "classified_by_office",
            sa.Text(),
            nullable=True,
            comment="Office beside the classifier's title, e.g. EAP/CM, NEA/I, 'STATE, EXEC'; NULL when none.",
        ),
    )
    op.add_column(
        "cable",
        sa.Column(
            "classified_by_raw",
            sa.Text(),
            nullable=True,
            comment="The Classified-By statement as written, to the end of its reasons (every one: cable_classifier).",
        ),
    )
    op.create_table(
        "cable_classifier",
        sa.Column("cable_id", sa.BigInteger(), nullable=False, comment="The cable (cable.id)."),
        sa.Column("position", sa.SmallInteger(), nullable=False, comment="Order in the cable, from 1."),
        sa.Column(
            "name",
            sa.Text(),
            nullable=True,
            comment="The person, without titles, offices or marks, e.g. Robert O. Blake, Jr.; NULL if not named.",
        ),
        sa.Column("title", sa.Text(), nullable=True, comment="Job title as written, e.g. Acting DCM, POLOFF."),
        sa.Column("office", sa.Text(), nullable=True, comment="Office beside the title, e.g. EAP/CM, 'STATE, EXEC'."),
        sa.Column(
            "reasons",
            postgresql.ARRAY(sa.Text(), dimensions=1),
            server_default="{}",
            nullable=False,
            comment="Reasons of the executive order, e.g. {1.4(b),1.4(d)}.",
        ),
        sa.Column(
            "raw", sa.Text(), nullable=False, comment="The statement as written, from its keyword to its reasons' end."
        ),
        sa.ForeignKeyConstraint(
            ["cable_id"], ["cable.id"], name=op.f("fk_cable_classifier_cable_id_cable"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("cable_id", "position", name=op.f("pk_cable_classifier")),
        comment="Classifiers of each cable, in order: a cable with two Classified-By statements (or "
        "'Ambassador X and General Y') has two rows. cable.classified_by_* repeat the first.",
    )
    op.execute(
        "INSERT INTO cable_classifier (cable_id, position, name, title, reasons, raw)"
        " SELECT id, 1, classified_by_name, classified_by_title, classified_by_reasons, ''"
        " FROM cable WHERE classified_by_name IS NOT NULL OR classified_by_title IS NOT NULL"
        " OR cardinality(classified_by_reasons) > 0"
    )
    op.execute(read("classifiers_0007.sql"))


def downgrade() -> None:
    op.execute("DROP VIEW IF EXISTS bi.cable_classifiers")
    op.execute("DROP VIEW IF EXISTS bi.cables")
    op.execute(read("bi_views_0002.sql"))  # bi.cables as 0002 made it (the file's other views are replaced as they are)
    op.drop_table("cable_classifier")
    op.drop_column("cable", "classified_by_raw")
    op.drop_column("cable", "classified_by_office")
