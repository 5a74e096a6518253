"""bi.cables reads a materialized summary (issue 14, finding 5; migration 0014): the same rows as the per-row
computation it replaced, never stale after an import, readable by a reader role."""

from __future__ import annotations

import tempfile
from pathlib import Path

import psycopg
import pytest

from cabledb.db import Database
from cabledb.load import runs
from cabledb.load.pipeline import ImportResult, import_paths
from cabledb.sql import read
from tests.conftest import REPO
from tests.test_sql_bi import reader, rows

pytestmark = pytest.mark.db

__all__ = ["reader"]

EXAMPLE_TEXT = REPO / "examples" / "cable-illustrative.txt"
EXAMPLE_CSV = REPO / "examples" / "cables-illustrative.csv"

#: bi.cables as migrations 0007 and 0011 defined it (one set of correlated subqueries per row): the reference.
PER_ROW = (
    read("classifiers_0007.sql")
    .split("CREATE OR REPLACE VIEW bi.cables AS")[1]
    .split(";")[0]
    .replace("    c.classification,\n", "    c.classification AS classification_marking,\n", 1)
)


#: bi.cable_tags as migration 0011 defined it (it read the tables): the reference for its rows of 0018.
TAGS_0011 = read("bi_0011.sql").split("CREATE OR REPLACE VIEW bi.cable_tags AS")[1].split(";")[0]


def _differences(url: str, view: str = "bi.cables", reference: str = PER_ROW) -> list[tuple[object, ...]]:
    """Rows of the materialized view that its reference computation (from the tables) does not give, and the
    other way round."""
    return rows(
        url,
        f"(SELECT 'summary only', * FROM {view} EXCEPT ALL SELECT 'summary only', * FROM ({reference}) a)"
        f" UNION ALL (SELECT 'tables only', * FROM ({reference}) b EXCEPT ALL SELECT 'tables only', * FROM {view})",
    )


def _tag_differences(url: str) -> list[tuple[object, ...]]:
    return _differences(url, "bi.cable_tags", TAGS_0011)


def _import(url: str, *paths: str) -> ImportResult:
    db = Database(url, embedded=False)
    try:
        return import_paths(db, list(paths), workers=0)
    finally:
        db.dispose()


def test_bi_cables_is_a_view_over_the_materialized_summary(database_url: str) -> None:
    kinds = rows(
        database_url,
        "SELECT c.relname, c.relkind FROM pg_class c WHERE c.oid IN ('bi.cables'::regclass,"
        " 'public.cable_summary'::regclass) ORDER BY 1",
    )
    assert kinds == [("cable_summary", "m"), ("cables", "v")]
    # CONCURRENTLY needs a unique index without a WHERE clause
    unique = rows(
        database_url,
        "SELECT count(*) FROM pg_index i WHERE i.indrelid = 'cable_summary'::regclass AND i.indisunique"
        " AND i.indpred IS NULL",
    )
    assert unique[0][0] >= 1


@pytest.mark.slow
def test_summary_equals_the_per_row_computation_on_the_corpus(corpus_url: str) -> None:
    assert rows(corpus_url, "SELECT count(*) FROM bi.cables")[0][0] > 2000
    assert _differences(corpus_url) == []
    assert rows(corpus_url, "SELECT count(*) FROM bi.cable_tags")[0][0] > 10000
    assert _tag_differences(corpus_url) == []


def test_bi_cable_tags_reads_the_rows_the_loader_writes(database_url: str) -> None:
    """Migration 0018: bi.cable_tags reads cable_tag_row, which the loader writes with the tags (in the same
    transaction, so it is never stale) and readers may read; the kind comes from tag, which a newer glossary may
    correct."""
    kinds = rows(
        database_url,
        "SELECT c.relname, c.relkind FROM pg_class c WHERE c.oid IN ('bi.cable_tags'::regclass,"
        " 'public.cable_tag_row'::regclass) ORDER BY 1",
    )
    assert kinds == [("cable_tag_row", "r"), ("cable_tags", "v")]
    _import(database_url, str(EXAMPLE_TEXT))  # a first import: keys and indexes deferred
    _import(database_url, str(EXAMPLE_CSV))  # then row by row
    assert rows(database_url, "SELECT count(DISTINCT reference_id) FROM bi.cable_tags")[0][0] > 1
    assert _tag_differences(database_url) == []
    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute("UPDATE tag SET kind = 'subject' WHERE code = 'AJ'")
    assert _tag_differences(database_url) == []
    # A cable whose content changed gets its new tags: a changed copy of the illustrative cable.
    changed = EXAMPLE_TEXT.read_text().replace("TAGS: ", "TAGS: KNNP ", 1)
    assert changed != EXAMPLE_TEXT.read_text()
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "07BAKU9515.txt"
        copy.write_text(changed)
        assert _import(database_url, str(copy)).updated == 1
    assert ("KNNP",) in rows(database_url, "SELECT tag FROM bi.cable_tags WHERE reference_id = '07BAKU9515'")
    assert _tag_differences(database_url) == []


def test_summary_is_never_stale_after_an_import(database_url: str) -> None:
    assert rows(database_url, "SELECT count(*) FROM bi.cables") == [(0,)]
    _import(database_url, str(EXAMPLE_TEXT))  # a first import: the plain refresh of an empty summary
    assert rows(database_url, "SELECT reference_id FROM bi.cables") == [("07BAKU9515",)]
    assert _differences(database_url) == []
    _import(database_url, str(EXAMPLE_CSV))  # new cables: a concurrent refresh
    assert (
        rows(database_url, "SELECT count(*) FROM bi.cables")[0][0]
        == rows(database_url, "SELECT count(*) FROM cable")[0][0]
    )
    assert _differences(database_url) == []
    # nothing changed after a finished run: the summary is current, and not refreshed again
    assert "summary" not in _import(database_url, str(EXAMPLE_TEXT)).timings
    # the summary left behind by an import that was interrupted after committing batches: the next import
    # refreshes it, even one that changes nothing
    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute("UPDATE cable SET subject = 'CHANGED BEHIND THE SUMMARY' WHERE reference_id = '07BAKU9515'")
        runs.end(database_url, runs.start(conn, ["killed"]), "interrupted", "interrupted by SIGKILL")
    assert _differences(database_url) != []
    assert "summary" in _import(database_url, str(EXAMPLE_TEXT)).timings
    assert _differences(database_url) == []
    assert rows(database_url, "SELECT subject FROM bi.cables WHERE reference_id = '07BAKU9515'") == [
        ("CHANGED BEHIND THE SUMMARY",)
    ]


def test_reader_reads_the_summary(reader: tuple[str, str]) -> None:
    _, url = reader
    assert rows(url, "SELECT reference_id FROM bi.cables") == [("07BAKU9515",)]
    assert rows(url, "SELECT reference_id, tag_count > 0 FROM cable_summary") == [("07BAKU9515", True)]
    assert rows(url, "SELECT DISTINCT reference_id FROM bi.cable_tags") == [("07BAKU9515",)]
    assert rows(url, "SELECT count(*) > 0 FROM cable_tag_row") == [(True,)]


#: The facets function of migration 0012 (it read the tables), as a temporary function: the reference.
FACETS_0012 = (
    read("facets_0012.sql")
    .split("CREATE OR REPLACE FUNCTION bi.search_facets")[0]
    .replace("public.cabledb_search_facets", "pg_temp.cabledb_search_facets")
)
FACET_CASES = [
    ("nuclear", {}),
    ("government", {"max_values": 1000}),
    ('"human rights"', {}),
    ("iran -nuclear", {"max_values": 5}),
    ("oil", {"origin": "Embassy Baku"}),
    ("oil", {"origin": "baku"}),
    ("government", {"tag": "PGOV", "since": "2009-01-01"}),
    ("nuclear", {"classification": "SECRET"}),
    ("nuclear", {"classification": "secret//noforn"}),
    ("minister", {"until": "1989-12-31", "max_values": 0}),
    ("oil", {"tag": "nosuchtag"}),
    ("", {}),
    ("the", {}),
]


@pytest.mark.slow
def test_facets_from_cable_facet_equal_those_of_0012(corpus_url: str) -> None:
    """cabledb_search_facets() counts from cable_facet: the same rows as the function of 0012, which read the
    tables, for every kind of query and filter."""
    with psycopg.connect(corpus_url, autocommit=True) as conn:
        conn.execute(FACETS_0012.encode())
        for query, given in FACET_CASES:
            args = {"origin": None, "tag": None, "classification": None, "since": None, "until": None, "max_values": 20}
            args.update(given)
            call = (
                "SELECT * FROM {}(%(q)s, %(origin)s, %(tag)s, %(classification)s, %(since)s::date, %(until)s::date,"
                " %(max_values)s)"
            )
            want = conn.execute(call.format("pg_temp.cabledb_search_facets").encode(), {"q": query, **args}).fetchall()
            got = conn.execute(call.format("public.cabledb_search_facets").encode(), {"q": query, **args}).fetchall()
            assert got == want, (query, given)
            assert want[0][0] == "total"


def test_cable_facet_is_written_with_the_search_documents(database_url: str) -> None:
    """Migration 0019: cable_facet is a table that the loader writes with cable_search (never stale, no refresh),
    in a first import (keys deferred), row by row and for a cable whose content changed; the facets counted from
    it equal those of 0012's function, which read the tables."""
    assert rows(database_url, "SELECT relkind FROM pg_class WHERE oid = 'public.cable_facet'::regclass") == [("r",)]
    assert rows(database_url, "SELECT reloptions FROM pg_class WHERE oid = 'public.cable_facet'::regclass") == [
        (["toast_tuple_target=128"],)
    ]
    _import(database_url, str(EXAMPLE_TEXT))  # a first import: keys and indexes deferred
    _import(database_url, str(EXAMPLE_CSV))  # then row by row
    changed = EXAMPLE_TEXT.read_text().replace("TAGS: ", "TAGS: KNNP ", 1)
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "07BAKU9515.txt"
        copy.write_text(changed)
        assert _import(database_url, str(copy)).updated == 1
    assert rows(database_url, "SELECT (SELECT count(*) FROM cable_facet) = (SELECT count(*) FROM cable)") == [(True,)]
    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute(FACETS_0012.encode())
        for query in ("azerbaijan", "oil", "KNNP", '"foreign minister"', "-oil baku"):
            call = "SELECT * FROM {}(%s)"
            want = conn.execute(call.format("pg_temp.cabledb_search_facets").encode(), (query,)).fetchall()
            got = conn.execute(call.format("public.cabledb_search_facets").encode(), (query,)).fetchall()
            assert got == want, query
        knnp = conn.execute("SELECT cable_count FROM cabledb_search_facets('baku', tag => 'KNNP')").fetchone()
        assert knnp is not None and knnp[0] >= 1


@pytest.mark.slow
def test_cable_facet_keeps_each_cables_year_in_utc(corpus_url: str) -> None:
    """Migration 0017: the facets count years from cable_facet.year, the year of `created` in UTC (a cable sent
    at 23:30 on 31 December in New York, UTC-5, counts in the next year), and the counting runs with the work_mem
    that keeps its hash in memory."""
    wrong = rows(
        corpus_url,
        "SELECT count(*) FILTER (WHERE f.year IS DISTINCT FROM extract(year FROM c.created AT TIME ZONE 'UTC')),"
        " count(*) FROM cable_facet f JOIN cable c ON c.id = f.cable_id",
    )
    assert wrong[0][0] == 0 and wrong[0][1] > 2000
    settings = rows(corpus_url, "SELECT proconfig FROM pg_proc WHERE oid = 'public.cabledb_search_facets'::regproc")[0][
        0
    ]
    assert "work_mem=64MB" in settings and "search_path=public, pg_temp" in settings
    assert "max_parallel_workers_per_gather=0" in settings


#: The search function of migration 0006 (snippets of the whole body), as a temporary function: the reference.
SEARCH_0006 = (
    read("search_0006.sql")
    .replace(" cabledb_search(", " pg_temp.cabledb_search(")
    .replace("LANGUAGE plpgsql STABLE\n", "LANGUAGE plpgsql STABLE SET search_path = public\n")
)
SEARCH_CASES = ["nuclear", "government", "Azerbaijan", "oil", "iran -nuclear", "whaling OR centrifuges", "torture",
                '"human rights"', '"prime minister"', "nuclear -iran", "pipeline", "election"]  # fmt: skip


@pytest.mark.slow
def test_search_snippets_located_before_they_are_marked(corpus_url: str) -> None:
    """cabledb_search() of 0016: the same cables in the same order with the same ranks as 0006's, and a snippet
    that marks a match wherever the whole body's did; most snippets are the same."""
    with psycopg.connect(corpus_url, autocommit=True) as conn:
        conn.execute(SEARCH_0006.encode())
        differ = total = 0
        for query in SEARCH_CASES:
            call = "SELECT * FROM {}(%s, max_results => 50)"
            want = conn.execute(call.format("pg_temp.cabledb_search").encode(), (query,)).fetchall()
            got = conn.execute(call.format("public.cabledb_search").encode(), (query,)).fetchall()
            assert [r[:2] for r in got] == [r[:2] for r in want] and want, query
            for (_, _, old), (_, _, new) in zip(want, got, strict=True):
                total += 1
                if "**" in old:
                    assert "**" in new, (query, new)
                differ += new != old
        assert differ < total / 2, (differ, total)  # the best fragments of most cables are near their first match
