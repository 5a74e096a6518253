"""BI tools (issue 14): what Apache Superset connected through the read-only role ran into, one test per finding."""

from __future__ import annotations

import psycopg
import pytest

from cabledb.db import Database, head_revision
from tests.conftest import REPO, DatabaseFactory
from tests.test_sql_bi import reader, rows, run

pytestmark = pytest.mark.db

__all__ = ["reader"]  # the fixture, shared with test_sql_bi

EXAMPLE = str(REPO / "examples" / "cable-illustrative.txt")


def view_columns(url: str) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for view, column in rows(
        url, "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'bi'"
    ):
        found.setdefault(str(view), set()).add(str(column))
    return found


def test_search_works_under_another_search_path(reader: tuple[str, str]) -> None:
    """Finding 1: Superset sets search_path=bi; public.cabledb_search() and bi.search() must still work."""
    for url in reader:
        with psycopg.connect(url) as conn:
            conn.execute("SET search_path = bi")
            assert conn.execute("SELECT reference_id FROM public.cabledb_search('Azerbaijan')").fetchall() == [
                ("07BAKU9515",)
            ]
            assert conn.execute("SELECT reference_id FROM search('Azerbaijan')").fetchall() == [("07BAKU9515",)]


def test_every_cabledb_function_fixes_its_search_path(database_url: str) -> None:
    """Finding 1, the security side: no cabledb function depends on the caller's search_path."""
    loose = rows(
        database_url,
        "SELECT p.oid::regprocedure::text FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace"
        " WHERE n.nspname IN ('public', 'bi') AND p.prokind = 'f'"
        " AND NOT EXISTS (SELECT 1 FROM unnest(p.proconfig) c WHERE c LIKE 'search_path=%%')",
    )
    assert loose == []


def test_no_view_column_is_named_count(database_url: str) -> None:
    """Finding 2: count clashes with BI tools' COUNT(*) metric."""
    columns = view_columns(database_url)
    assert "cable_count" in columns["cables_by_month"]
    assert [v for v, cs in columns.items() if "count" in cs] == []


def test_one_name_per_thing_across_the_views(database_url: str) -> None:
    """Finding 3: a TAGS code is tag everywhere; the marking, its level and a portion mark have distinct names."""
    columns = view_columns(database_url)
    assert "tag" in columns["tag_glossary"] and "tag" in columns["cable_tags"]
    assert [v for v, cs in columns.items() if "code" in cs or "classification" in cs] == []
    assert {"classification_marking", "classification_level"} <= columns["cables"]
    assert "portion_mark" in columns["paragraphs"]


def test_bridge_views_carry_what_dashboards_filter_by(reader: tuple[str, str]) -> None:
    """Finding 4: filter by tag on the bridge view (not ILIKE on the joined tags), grouped without a join."""
    _, url = reader
    dims = {"created", "origin", "classification_level"}
    columns = view_columns(url)
    assert dims <= columns["cable_tags"] and dims <= columns["cable_caveats"]
    got = rows(url, "SELECT origin, count(*) FROM bi.cable_tags WHERE tag = 'AJ' GROUP BY origin")
    assert len(got) == 1 and got[0][1] == 1
    # tags ILIKE '%IR%' would also match PINR or KIRF; the bridge view matches the code only
    assert rows(url, "SELECT count(*) FROM bi.cable_tags WHERE tag = 'IR'") == [(1,)]
    assert rows(url, "SELECT count(*) FROM bi.cable_tags WHERE tag = 'I'") == [(0,)]


def test_reader_selects_star_from_import_errors(reader: tuple[str, str]) -> None:
    """Finding 6: SELECT * works for the reader on bi.import_errors, which has no raw bytes."""
    _, url = reader
    got = rows(url, "SELECT * FROM bi.import_errors")
    assert len(got) == 1
    assert "raw" not in view_columns(url)["import_errors"]


def test_reader_sessions_are_in_utc(reader: tuple[str, str]) -> None:
    """Finding 7: the reader role's time zone is UTC, whatever the server's."""
    _, url = reader
    assert rows(url, "SELECT current_setting('TimeZone')") == [("UTC",)]


def test_first_import_into_an_empty_server_database_creates_the_schema(databases: DatabaseFactory) -> None:
    """Finding 8: cabledb import into a new, empty server database creates the schema instead of refusing."""
    url = databases.fresh(migrated=False)
    code, _, err = run("import", "-q", "--database-url", url, EXAMPLE)
    assert code == 0, err
    db = Database(url, embedded=False)
    try:
        assert db.current_revision() == head_revision()
    finally:
        db.dispose()
    assert rows(url, "SELECT reference_id FROM bi.cables") == [("07BAKU9515",)]


def test_docs_bi_md_is_right_about_bridge_tables_and_upgrade() -> None:
    """Finding 8: tags and caveats are bridge tables, not arrays on cable; db upgrade creates the schema."""
    text = (REPO / "docs" / "bi.md").read_text(encoding="utf-8")
    assert "The arrays themselves are on the `cable` table" not in text
    assert "cabledb db upgrade" in text and "bi.cable_caveats" in text and "tag = 'IR'" in text


def test_create_reader_help_example_is_one_line() -> None:
    """Finding 8: the printf example of create-reader --help printed a broken line (the \\n was a newline)."""
    code, out, _ = run("db", "create-reader", "--help")
    assert code == 0
    assert "printf '%s\\n' \"$PW\" | cabledb db create-reader analyst --password-stdin" in out
