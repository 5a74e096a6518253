"""The search document defined once (issue 12, migration 0015): the SQL functions cabledb_search_document and
cabledb_search_head are what the loader and the search catch-up write into cable_search, and their length limits
are those of ``SEARCH_LIMITS`` (which names them in the import's anomaly note)."""

from __future__ import annotations

import psycopg
import pytest

from cabledb.load import writer
from cabledb.timings import Timings
from tests.conftest import REPO
from tests.test_sql_bi import rows, run

pytestmark = pytest.mark.db

EXAMPLE = str(REPO / "examples" / "cable-illustrative.txt")


def _at_limit(limit: int) -> str:
    """A text whose first ``limit`` characters end with the word "kept", followed by the word "lost"."""
    return " " * (limit - 5) + "kept " + "lost"


@pytest.mark.parametrize(
    ("function", "part", "args"),
    [
        ("cabledb_search_document", "subject", ("{}", "", "")),
        ("cabledb_search_document", "body", ("", "", "{}")),
        ("cabledb_search_head", "subject", ("{}", "", "")),
        ("cabledb_search_head", "summary", ("", "", "{}")),
    ],
)
def test_the_functions_cut_each_part_at_its_search_limit(
    database_url: str, function: str, part: str, args: tuple[str, str, str]
) -> None:
    text = _at_limit(writer.SEARCH_LIMITS[part])
    values = [text if a == "{}" else a for a in args]
    with psycopg.connect(database_url) as conn:
        kept, lost = conn.execute(
            f"SELECT {function}(%s, %s, %s) @@ 'kept'::tsquery, {function}(%s, %s, %s) @@ 'lost'::tsquery",
            values + values,
        ).fetchone() or (None, None)
    assert (kept, lost) == (True, False)


def test_the_weights_are_those_search_ranks_by(database_url: str) -> None:
    with psycopg.connect(database_url) as conn:
        document, head = conn.execute(
            "SELECT cabledb_search_document('Oil deal', 'AJ Azerbaijan', 'The minister spoke.')::text,"
            " cabledb_search_head('Oil deal', 'AJ Azerbaijan', 'A summary.')::text"
        ).fetchone() or ("", "")
    assert document == "'aj':3B 'azerbaijan':4B 'deal':2A 'minist':6C 'oil':1A 'spoke':7C"
    assert head == "'aj':3B 'azerbaijan':4B 'deal':2A 'oil':1A 'summari':6B"


def test_the_loader_and_the_catch_up_write_what_the_functions_give(database_url: str) -> None:
    """cable_search as imported equals the functions over the stored cable; so does the catch-up's, once the rows
    are gone (as an import interrupted between its cables and their search rows leaves them)."""
    assert run("import", EXAMPLE, "--quiet", "--database-url", database_url)[0] == 0
    same = (
        "SELECT count(*) FILTER (WHERE s.document = cabledb_search_document(c.subject, g.tags, c.body)"
        "   AND s.head = cabledb_search_head(c.subject, g.tags, c.summary)), count(*)"
        " FROM cable_search s JOIN cable c ON c.id = s.cable_id"
        f" LEFT JOIN (SELECT ct.cable_id, {writer.TAG_WORDS} AS tags FROM cable_tag ct JOIN tag t ON t.id = ct.tag_id"
        "  GROUP BY ct.cable_id) g ON g.cable_id = c.id"
    )
    # cable_facet (migration 0019): the cable's columns, its distinct tag ids and a copy of the document.
    facet = (
        "SELECT count(*) FILTER (WHERE f.document = s.document AND f.created IS NOT DISTINCT FROM c.created"
        "   AND f.year IS NOT DISTINCT FROM extract(year FROM c.created AT TIME ZONE 'UTC')::smallint"
        "   AND f.origin_id IS NOT DISTINCT FROM c.origin_id"
        "   AND f.classification_id IS NOT DISTINCT FROM c.classification_id"
        "   AND f.tag_ids = ARRAY(SELECT DISTINCT ct.tag_id FROM cable_tag ct WHERE ct.cable_id = c.id ORDER BY 1)),"
        " count(*)"
        " FROM cable_facet f JOIN cable c ON c.id = f.cable_id JOIN cable_search s ON s.cable_id = c.id"
    )
    assert rows(database_url, same) == [(1, 1)]
    assert rows(database_url, facet) == [(1, 1)]
    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute("DELETE FROM cable_search")
        assert writer.catch_up_search(conn, Timings()) == 1
        assert rows(database_url, same) == [(1, 1)]
        assert rows(database_url, facet) == [(1, 1)]
        conn.execute("DELETE FROM cable_facet")  # a facet row missing alone is caught up too
        assert writer.catch_up_search(conn, Timings()) == 1
        conn.execute("DELETE FROM cable_search")
        conn.execute("DELETE FROM cable_facet")
        assert writer.catch_up_search(conn, Timings()) == 1
    assert rows(database_url, same) == [(1, 1)]
    assert rows(database_url, facet) == [(1, 1)]
