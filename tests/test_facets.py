"""Search facets (issue 14): cabledb_search_facets(), bi.search_facets() and cabledb search --facets."""

from __future__ import annotations

import json

import pytest

from tests.test_sql_bi import reader, rows, run

pytestmark = pytest.mark.db

__all__ = ["reader"]  # the fixture, shared with test_sql_bi

FACETS = "SELECT facet, value, cable_count FROM {}('{}')"


def test_facets_count_the_cables_a_search_matches(reader: tuple[str, str]) -> None:
    owner, url = reader
    for function in ("cabledb_search_facets", "bi.search_facets"):  # the reader may run both
        got = rows(url, FACETS.format(function, "Azerbaijan"))
        assert got[0] == ("total", None, 1)
        facets = {(f, v): n for f, v, n in got}
        assert facets[("year", "2007")] == 1 and facets[("origin", "Embassy Baku")] == 1
        assert facets[("classification_level", "CONFIDENTIAL")] == 1
        tags = {v for f, v, _ in got if f == "tag"}
        assert tags == {str(t) for (t,) in rows(owner, "SELECT tag FROM bi.cable_tags")}
    assert rows(url, FACETS.format("cabledb_search_facets", "zzzunfindable")) == [("total", None, 0)]
    assert rows(url, "SELECT * FROM cabledb_search_facets('Azerbaijan', origin => 'Embassy Paris')")[0][2] == 0
    assert rows(url, "SELECT * FROM cabledb_search_facets('Azerbaijan', since => DATE '2008-01-01')")[0][2] == 0
    assert rows(url, "SELECT * FROM cabledb_search_facets('Azerbaijan', tag => 'aj')")[0][2] == 1


def test_facets_agree_with_sql_on_the_shared_corpus(corpus_url: str) -> None:
    query = "nuclear"
    want_total = rows(
        corpus_url,
        "SELECT count(*) FROM cable_search WHERE document @@ websearch_to_tsquery('english', %s)",
        query,
    )[0][0]
    got = rows(corpus_url, "SELECT facet, value, cable_count FROM cabledb_search_facets(%s, max_values => 1000)", query)
    assert got[0] == ("total", None, want_total) and want_total > 50
    for facet in ("year", "classification_level"):
        assert sum(int(str(n)) for f, _, n in got if f == facet) == want_total
    ir = rows(
        corpus_url,
        "SELECT count(*) FROM cable_search s JOIN bi.cable_tags t ON t.reference_id ="
        " (SELECT reference_id FROM cable WHERE id = s.cable_id)"
        " WHERE s.document @@ websearch_to_tsquery('english', %s) AND t.tag = 'IR'",
        query,
    )[0][0]
    assert ("tag", "IR", ir) in got
    top = rows(corpus_url, "SELECT facet, value, cable_count FROM cabledb_search_facets(%s, max_values => 3)", query)
    assert len([f for f, _, _ in top if f == "tag"]) == 3


def test_search_facets_on_the_command_line(reader: tuple[str, str]) -> None:
    owner, _ = reader
    code, out, err = run("search", "--database-url", owner, "Azerbaijan", "--facets")
    assert code == 0, err
    assert "1 matching cables" in out and "year: 2007 (1)" in out and "origin: Embassy Baku (1)" in out
    code, out, err = run("search", "--database-url", owner, "Azerbaijan", "--facets", "--format", "jsonl")
    assert code == 0, err
    last = json.loads(out.splitlines()[-1])["facets"]
    assert last["total"] == 1 and last["year"] == [["2007", 1]]
    code, _, err = run("search", "--database-url", owner, "Azerbaijan", "--facets", "--format", "csv")
    assert code == 1 and "--facets" in err
