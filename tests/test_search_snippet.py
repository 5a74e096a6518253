"""Search snippets located before they are marked (issue 14, migration 0016): cabledb_snippet(body, query) marks a
window around the query's first likely match, found by a regular expression over the raw text, and falls back to
the first 3,000 characters, then the whole body, when that window marks nothing."""

from __future__ import annotations

import psycopg
import pytest

pytestmark = pytest.mark.db

FILLER = "The weather was unremarkable and the talks went on. " * 100  # 5,200 characters, no query word in them


def snippet(database_url: str, body: str, query: str) -> str:
    with psycopg.connect(database_url) as conn:
        row = conn.execute(
            "SELECT regexp_replace(cabledb_snippet(%s, websearch_to_tsquery('english', %s)), '\\s+', ' ', 'g')",
            (body, query),
        ).fetchone()
    assert row is not None
    return str(row[0])


@pytest.mark.parametrize(
    ("query", "body", "marked"),
    [
        ("minister", "Then the Foreign Minister said hello. And Ministers met.", ["**Minister**", "**Ministers**"]),
        ("embassy", "Staff of the EMBASSIES met.", ["**EMBASSIES**"]),  # the stem 'embassi' does not begin 'embassy'
        ("happy", "They were happy.", ["**happy**"]),
        ('"prime minister"', "Later the Prime Minister of Japan spoke.", ["**Prime** **Minister**"]),
        ('"minister of defence"', "Then the Minister of Defence spoke.", ["**Minister** of **Defence**"]),
        ("iran -nuclear", "Iran said no.", ["**Iran**"]),
        ("whaling OR centrifuges", "The centrifuges spin. Whaling stops.", ["**centrifuges**", "**Whaling**"]),
        ("U.S.", "The U.S. said so.", ["**U.S**"]),
        ("O'Brien", "Mr. O'Brien said so.", ["**Brien**"]),
    ],
)
def test_every_kind_of_query_gets_its_matches_marked(
    database_url: str, query: str, body: str, marked: list[str]
) -> None:
    got = snippet(database_url, body, query)
    for mark in marked:
        assert mark in got, (query, got)


@pytest.mark.parametrize(
    ("query", "tail"),
    [
        ("minister", " At last the minister spoke."),
        ('"prime minister"', " The prime minister came, then the minister alone."),
        ("whaling OR centrifuges", " Then whaling, and centrifuges."),
    ],
)
def test_a_match_deep_in_the_body_gets_a_short_snippet_around_it(database_url: str, query: str, tail: str) -> None:
    got = snippet(database_url, FILLER + FILLER + tail, query)
    assert "**" in got and len(got) < 400, got


def test_a_window_that_marks_nothing_falls_back_to_the_whole_body(database_url: str) -> None:
    """'ministry' begins like the lexeme of 'minister' (minist) but is another word: its window marks nothing,
    and the whole body's snippet marks the minister at the end."""
    body = "The ministry wrote. " + FILLER + " The minister replied."
    got = snippet(database_url, body, "minister")
    assert "**minister**" in got, got


def test_a_query_that_matches_nothing_gets_the_start_of_the_body(database_url: str) -> None:
    got = snippet(database_url, "Nothing here is of interest. " + FILLER, "lockerbie")
    assert got.startswith("Nothing here") and "**" not in got


@pytest.mark.parametrize(
    "args", ["NULL, 'x'::tsquery", "'text', NULL", "'text', websearch_to_tsquery('english', 'the')"]
)
def test_nothing_to_mark_gives_null(database_url: str, args: str) -> None:
    with psycopg.connect(database_url) as conn:
        assert conn.execute(f"SELECT cabledb_snippet({args})").fetchone() == (None,)


def test_the_snippet_does_not_depend_on_the_callers_search_path(database_url: str) -> None:
    with psycopg.connect(database_url) as conn:
        conn.execute("SET search_path = pg_temp")
        row = conn.execute("SELECT public.cabledb_snippet('The minister spoke.', 'minist'::tsquery)").fetchone()
        assert row is not None and "**minister**" in row[0]
