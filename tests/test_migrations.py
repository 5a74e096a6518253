"""Migrations: one head, upgrade from empty, downgrade to base and back, models equal to migrations."""

from __future__ import annotations

import re
from pathlib import Path

import psycopg
import pytest
from alembic import command
from alembic.script import ScriptDirectory
from psycopg import sql

from cabledb.db import Database, alembic_config, head_revision
from cabledb.load.pipeline import import_paths
from tests.conftest import CSV_SAMPLE, HTML_ARCHIVE, SEED_TEXT, DatabaseFactory, need, table_checksums

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


def test_check_constraints_hold_the_values_of_the_models(database_url: str) -> None:
    """alembic check does not compare CHECK constraints: the values the migrations allow must be the ones the
    models build from the parser's lists (a tag kind added to the parser needs a migration)."""
    from sqlalchemy import CheckConstraint

    from cabledb.models import Base

    expected = {
        str(c.name): sorted(re.findall(r"'([^']*)'", str(c.sqltext)))
        for table in Base.metadata.tables.values()
        for c in table.constraints
        if isinstance(c, CheckConstraint) and " IN (" in str(c.sqltext)
    }
    with psycopg.connect(database_url) as conn:
        rows = conn.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE contype = 'c'"
        ).fetchall()
    found = {name: sorted(re.findall(r"'([^']*)'::text", definition)) for name, definition in rows}
    assert len(expected) >= 4
    for name, values in expected.items():
        assert found.get(name) == values, name


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


# -- populated databases ------------------------------------------------------------------------------------------


def _content(url: str, columns: dict[str, list[str]] | None = None) -> tuple[dict[str, str], dict[str, list[str]]]:
    """A checksum of every table's rows, over the given columns of each table (default: every column there is now)."""
    with psycopg.connect(url) as conn:
        if columns is None:
            columns = {}
            for table, column in conn.execute(
                "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public'"
                " AND table_name <> 'alembic_version' ORDER BY table_name, ordinal_position"
            ):
                columns.setdefault(table, []).append(column)
        out = {}
        for table, cols in columns.items():
            row = sql.SQL("jsonb_build_array({})").format(sql.SQL(", ").join(map(sql.Identifier, cols)))
            query = sql.SQL("SELECT count(*), md5(coalesce(string_agg(r::text, '|' ORDER BY r::text), ''))"
                            " FROM (SELECT {} AS r FROM {}) x").format(row, sql.Identifier(table))  # fmt: skip
            count, digest = conn.execute(query).fetchone()  # type: ignore[misc]
            out[table] = f"{count}:{digest}"
    return out, columns


def _import_corpus(url: str) -> None:
    db = Database(url, embedded=False)
    try:
        assert import_paths(db, [str(need(p)) for p in (HTML_ARCHIVE, CSV_SAMPLE, SEED_TEXT)]).rejected == 0
    finally:
        db.dispose()


@pytest.mark.slow
def test_data_survives_upgrade_head_from_every_earlier_revision(databases: DatabaseFactory, corpus_url: str) -> None:
    """The shared corpus imported at head, the database taken down to each earlier revision (every downgrade runs
    on a populated database), then up to head again: the content of every column that existed at that revision
    is the same before and after ``upgrade head``."""
    populated = corpus_url
    revisions = [s.revision for s in ScriptDirectory.from_config(alembic_config()).walk_revisions()][::-1]
    for rev in revisions[:-1]:
        url = databases.copy(populated)
        db = Database(url, embedded=False)
        try:
            db.downgrade(rev)
            assert db.current_revision() == rev
            before, columns = _content(url)
            assert int(before["cable"].split(":")[0]) > 2000
            db.upgrade("head")
            after, _ = _content(url, columns)
            assert after == before, f"upgrade head from {rev} changed data"
        finally:
            db.dispose()


@pytest.mark.slow
def test_down_to_base_and_up_again_on_a_populated_database(
    databases: DatabaseFactory, corpus_url: str, corpus_checksums: dict[str, tuple[int, str]]
) -> None:
    """Upgrade, import the shared corpus, downgrade to base, upgrade again: the schema is whole again and an
    import gives the same tables as on a database that never went down."""
    url = databases.copy(corpus_url)
    db = Database(url, embedded=False)
    try:
        db.downgrade("base")
        assert db.current_revision() is None
        db.upgrade("head")
    finally:
        db.dispose()
    _import_corpus(url)
    assert table_checksums(url) == corpus_checksums


def test_migrations_after_an_interrupted_first_import(databases: DatabaseFactory) -> None:
    """A first import killed before it rebuilt the indexes it dropped: `db current` said "up to date", and
    `db downgrade` failed (`index ... does not exist`). Now current names what is missing and how to fix it, and
    downgrades and upgrades rebuild it first."""
    from click.testing import CliRunner

    from cabledb.cli import cli
    from cabledb.load import runs
    from cabledb.load.deferral import defer_if_empty

    url = databases.fresh()

    def interrupted_first_import() -> int:
        """The state a killed first import leaves: its deferrable keys and indexes dropped, listed in
        deferred_object."""
        with psycopg.connect(url, autocommit=True) as conn:
            assert defer_if_empty(conn, runs.start(conn, ["killed"]))
            return conn.execute("SELECT count(*) FROM deferred_object").fetchone()[0]  # type: ignore[index,no-any-return]

    def cabledb(*args: str) -> tuple[int, str, str]:
        result = CliRunner().invoke(cli, [*args, "--database-url", url])
        assert "Traceback" not in result.output and "Internal error" not in result.output, result.output
        return result.exit_code, result.stdout, result.stderr

    missing = interrupted_first_import()
    assert missing > 10
    code, out, _ = cabledb("db", "current")
    assert code == 0 and f"but {missing} indexes and constraints that an interrupted first import dropped are" in out
    assert "run cabledb db upgrade, or the same import again, to rebuild them" in out
    code, out, err = cabledb("db", "downgrade", "base")
    assert code == 0 and out.strip().endswith("at revision base"), out + err
    assert f"rebuilding {missing} indexes and constraints that an interrupted first import left out" in err
    code, out, err = cabledb("db", "upgrade")
    assert code == 0, out + err

    interrupted_first_import()
    code, out, err = cabledb("db", "downgrade", "0005")
    assert code == 0 and "at revision 0005" in out, out + err
    code, out, err = cabledb("db", "upgrade")
    assert code == 0, err
    interrupted_first_import()
    code, out, err = cabledb("db", "upgrade")  # at head already: it repairs
    assert code == 0 and "rebuilding" in err, err
    code, out, _ = cabledb("db", "current")
    assert "(up to date)" in out
