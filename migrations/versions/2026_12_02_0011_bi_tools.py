"""BI tools (issue 14): cabledb_search() works whatever the caller's search_path (SET search_path on the
function) and has a BI-facing name, bi.search(); one name per thing across the bi views (``cable_count``,
``tag``, ``classification_marking``, ``portion_mark``); bi.cable_tags and the new bi.cable_caveats carry
``created``, ``origin`` and ``classification_level``; bi.import_errors shows rejected records without their raw
bytes.

Revision ID: 0011
Revises: 0009
Create Date: 2026-12-02
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

from cabledb.sql import read

revision: str = "0011"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SEARCH = "public.cabledb_search(text, text, text, text, date, date, integer)"


def upgrade() -> None:
    op.execute(read("bi_0011.sql"))


def downgrade() -> None:
    op.execute("DROP VIEW IF EXISTS bi.import_errors")
    op.execute("DROP VIEW IF EXISTS bi.cable_caveats")
    op.execute("DROP VIEW IF EXISTS bi.cable_tags")
    op.execute(read("bi_cable_tags_0002.sql"))  # bi.cable_tags as 0002 made it, with its comments
    op.execute("ALTER VIEW bi.paragraphs RENAME COLUMN portion_mark TO classification")
    op.execute("ALTER VIEW bi.cables RENAME COLUMN classification_marking TO classification")
    op.execute("COMMENT ON COLUMN bi.cables.classification IS 'Classification as published, e.g. SECRET//NOFORN.'")
    op.execute("ALTER VIEW bi.tag_glossary RENAME COLUMN tag TO code")
    op.execute("ALTER VIEW bi.cables_by_month RENAME COLUMN cable_count TO count")
    op.execute("DROP FUNCTION IF EXISTS bi.search(text, text, text, text, date, date, integer)")
    op.execute(f"ALTER FUNCTION {SEARCH} RESET search_path")
