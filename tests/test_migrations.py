"""Migrations: one head, upgrade from empty, downgrade to base and back, models equal to migrations."""

from __future__ import annotations

from pathlib import Path

import psycopg
import pytest
from alembic import command
from alembic.script import ScriptDirectory

from cabledb.db import Database, alembic_config, head_revision
from tests.conftest import DatabaseFactory

pytestmark = pytest.mark.db


def test_single_head() -> None:
    heads = ScriptDirectory.from_config(alembic_config()).get_heads()
    assert len(heads) == 1 and heads[0] == head_revision()


def test_revisions_are_a_line_with_documented_downgrades() -> None:
    scripts = list(ScriptDirectory.from_config(alembic_config()).walk_revisions())
    assert scripts[-1].down_revision is None
    for script in scripts:
        assert script.doc, script.revision
        assert "def downgrade" in Path(script.path).read_text()


def test_upgrade_from_empty_then_down_to_base_and_back(databases: DatabaseFactory) -> None:
    url = databases.fresh(migrated=False)
    db = Database(url, embedded=False)
    try:
        assert db.current_revision() is None
        db.upgrade("head")
        assert db.current_revision() == head_revision()
        with psycopg.connect(url) as conn:
            views = {
                r[0] for r in conn.execute("SELECT table_name FROM information_schema.views WHERE table_schema='bi'")
            }
        assert {"cables", "cable_tags", "cable_recipients", "paragraphs", "cable_references"} <= views
        db.downgrade("base")
        assert db.current_revision() is None
        with psycopg.connect(url) as conn:
            tables = conn.execute(
                "SELECT count(*) FROM information_schema.tables WHERE table_schema IN ('public', 'bi')"
                " AND table_name <> 'alembic_version'"
            ).fetchone()
        assert tables == (0,)
        db.upgrade("head")
        assert db.current_revision() == head_revision()
    finally:
        db.dispose()


def test_models_match_migrations(database_url: str) -> None:
    """alembic check: autogenerate finds nothing to do on a database at head."""
    db = Database(database_url, embedded=False)
    try:
        with db.engine.connect() as conn:
            command.check(alembic_config(conn))
    finally:
        db.dispose()


def test_step_by_step_up_and_down(databases: DatabaseFactory) -> None:
    url = databases.fresh(migrated=False)
    db = Database(url, embedded=False)
    revisions = [s.revision for s in ScriptDirectory.from_config(alembic_config()).walk_revisions()][::-1]
    try:
        for rev in revisions:
            db.upgrade(rev)
            assert db.current_revision() == rev
        for rev in reversed(revisions[:-1]):
            db.downgrade(rev)
            assert db.current_revision() == rev
        db.downgrade("base")
        assert db.current_revision() is None
    finally:
        db.dispose()
