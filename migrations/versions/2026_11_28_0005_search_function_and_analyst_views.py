"""Full-text search function cabledb_search(), the head vector that ranks matches cheaply, the analysts'
views bi.cables_by_month, bi.tag_glossary and bi.citations, and the parser version of each cable (so that a newer
parser re-parses unchanged cables).

The function and the views are replaceable objects: their SQL is in cabledb/sql/search_0005_function.sql
and cabledb/sql/search_0005_views.sql.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-28
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from cabledb.sql import read

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "cable_search",
        sa.Column(
            "head",
            postgresql.TSVECTOR(),
            server_default=sa.text("''::tsvector"),
            nullable=False,
            comment="Small English tsvector of subject (A), tags and summary (B): ranks all matches cheaply.",
        ),
    )
    op.execute(
        """
        UPDATE cable_search s
           SET head = setweight(to_tsvector('english', coalesce(c.subject, '')), 'A')
                   || setweight(to_tsvector('english', coalesce(g.tags, '') || ' ' || coalesce(c.summary, '')), 'B')
          FROM cable c
          LEFT JOIN (SELECT ct.cable_id,
                            string_agg(t.code || coalesce(' ' || t.description, ''), ' ' ORDER BY ct.position) AS tags
                       FROM cable_tag ct JOIN tag t ON t.id = ct.tag_id GROUP BY ct.cable_id) g ON g.cable_id = c.id
         WHERE c.id = s.cable_id
        """
    )
    op.create_table_comment(
        "cable_search",
        "Full-text search documents of each cable: the full one (subject A, tags B, body C) finds matches; the "
        "small head (subject, tags, summary) ranks them cheaply. See cabledb_search().",
        existing_comment="Full-text search document of each cable: subject (weight A), tags (B) and body (C).",
    )
    op.execute(read("search_0005_function.sql"))
    op.execute(read("search_0005_views.sql"))
    op.add_column(
        "cable",
        sa.Column(
            "parser_version",
            sa.Text(),
            nullable=True,
            comment="Fingerprint of the parser that read the cable; an import by a newer parser re-parses it.",
        ),
    )
    op.add_column(
        "import_run",
        sa.Column(
            "reparsed",
            sa.Integer(),
            server_default="0",
            nullable=False,
            comment="Unchanged cables parsed again because the parser is newer (in updated).",
        ),
    )


def downgrade() -> None:
    op.drop_column("import_run", "reparsed")
    op.drop_column("cable", "parser_version")
    op.execute("DROP VIEW IF EXISTS bi.citations")
    op.execute("DROP VIEW IF EXISTS bi.tag_glossary")
    op.execute("DROP VIEW IF EXISTS bi.cables_by_month")
    op.execute("DROP FUNCTION IF EXISTS cabledb_search(text, text, text, text, date, date, integer)")
    op.create_table_comment(
        "cable_search",
        "Full-text search document of each cable: subject (weight A), tags (B) and body (C).",
        existing_comment=None,
    )
    op.drop_column("cable_search", "head")
