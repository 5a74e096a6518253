"""SQL and BI: schema comments and docs, the read-only role, full-text search, the reference graph, the tag
glossary and the example queries of docs/sql.md, on real PostgreSQL (embedded and CABLEDB_TEST_DATABASE_URL)."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from urllib.parse import quote, urlsplit, urlunsplit

import psycopg
import pytest
from click.testing import CliRunner
from psycopg import sql

from cabledb.cli import cli
from cabledb.db import Database
from cabledb.schema_docs import collect, missing_comments
from tests import sql_docs
from tests.conftest import REPO

pytestmark = pytest.mark.db


def run(*args: str, input: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), input=input)
    return result.exit_code, result.stdout, result.stderr


def rows(url: str, query: str, *params: object) -> list[tuple[object, ...]]:
    with psycopg.connect(url) as conn:
        return conn.execute(query.encode(), params).fetchall()


# -- documented schema --------------------------------------------------------------------------------------------


def test_every_table_view_and_column_has_a_comment(database_url: str) -> None:
    db = Database(database_url, embedded=False)
    try:
        rels = collect(db)
    finally:
        db.dispose()
    names = {r.qualified for r in rels}
    assert {"cable", "paragraph", "bi.cables", "bi.cables_by_month", "bi.tag_glossary", "bi.citations"} <= names
    assert missing_comments(rels) == []


def test_missing_comments_are_found(database_url: str) -> None:
    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute("CREATE TABLE bi_scratch (x int)")
        conn.execute("CREATE VIEW bi.scratch AS SELECT 1 AS one")
    db = Database(database_url, embedded=False)
    try:
        missing = missing_comments(collect(db))
    finally:
        db.dispose()
    assert missing == ["bi_scratch", "bi.scratch", "bi_scratch.x", "bi.scratch.one"]


def test_docs_schema_md_is_current(database_url: str) -> None:
    code, out, err = run("docs", "schema", "--database-url", database_url)
    assert code == 0, err
    committed = (REPO / "docs" / "schema.md").read_text()
    assert out == committed, "docs/schema.md is stale: run cabledb docs schema --output docs/schema.md"
    assert "```mermaid" in out and "cable ||--o{ paragraph" in out


# -- example queries ----------------------------------------------------------------------------------------------


def test_docs_sql_md_has_at_least_15_queries() -> None:
    assert len(sql_docs.examples(sql_docs.DOC.read_text())) >= 15


@pytest.mark.slow
def test_every_query_of_docs_sql_md_returns_the_rows_shown(corpus_url: str) -> None:
    stale = []
    with psycopg.connect(corpus_url, autocommit=True) as conn:
        for number, ex in enumerate(sql_docs.examples(sql_docs.DOC.read_text()), 1):
            got = sql_docs.run(conn, ex.sql)
            if got != ex.table:
                stale.append(f"query {number}:\n{ex.sql}\nshown:\n{ex.table}\nreturned:\n{got}")
    assert not stale, "docs/sql.md is stale (python -m tests.sql_docs --update URL):\n" + "\n".join(stale)


# -- full-text search ---------------------------------------------------------------------------------------------


def search(url: str, *args: str) -> list[dict[str, object]]:
    code, out, err = run("search", "--database-url", url, "--json", *args)
    assert code == 0, err
    return [json.loads(line) for line in out.splitlines()]


@pytest.mark.slow
def test_search_ranks_and_highlights(corpus_url: str) -> None:
    hits = search(corpus_url, "centrifuges", "--limit", "5")
    assert 1 <= len(hits) <= 5
    assert [h["rank"] for h in hits] == sorted((h["rank"] for h in hits), reverse=True)  # type: ignore[type-var]
    assert all("**centrifuge" in str(h["snippet"]).lower() for h in hits)
    assert set(hits[0]) == {"reference_id", "rank", "created", "origin", "classification", "subject", "snippet"}


@pytest.mark.slow
def test_search_syntax_phrase_exclusion_and_or(corpus_url: str) -> None:
    def ids(query: str) -> set[str]:
        found = rows(corpus_url, "SELECT reference_id FROM cabledb_search(%s, max_results => 1000)", query)
        return {str(r[0]) for r in found}

    phrase = ids('"human rights"')
    loose = ids("human rights")
    assert phrase and phrase < loose  # the phrase is stricter than both words anywhere
    assert ids("iceland -whaling") == ids("iceland") - ids("whaling")
    assert ids("whaling OR centrifuges") == ids("whaling") | ids("centrifuges")
    assert ids("zzzyzzx") == set()


@pytest.mark.slow
def test_search_filters(corpus_url: str) -> None:
    hits = search(corpus_url, "oil", "--origin", "Embassy Tripoli", "--since", "2009-01-01", "--until", "2009-06-30")
    assert hits and all(h["origin"] == "Embassy Tripoli" for h in hits)
    assert all("2009-01-01" <= str(h["created"])[:10] <= "2009-06-30" for h in hits)
    by_station = search(corpus_url, "oil", "--origin", "TRIPOLI", "--since", "2009-01-01", "--until", "2009-06-30")
    assert by_station == hits
    secret = search(corpus_url, "nuclear", "--classification", "secret", "--limit", "50")
    assert secret and all(str(h["classification"]).startswith("SECRET") for h in secret)
    tagged = {h["reference_id"] for h in search(corpus_url, "nuclear", "--tag", "parm", "--limit", "50")}
    with_tag = {r[0] for r in rows(corpus_url, "SELECT reference_id FROM bi.cable_tags WHERE tag = 'PARM'")}
    assert tagged and tagged <= with_tag


@pytest.mark.slow
def test_search_text_output_and_no_match(corpus_url: str) -> None:
    code, out, _ = run("search", "--database-url", corpus_url, "centrifuges", "--limit", "2")
    assert code == 0 and "(rank " in out and "**" in out
    code, out, _ = run("search", "--database-url", corpus_url, "zzzyzzx")
    assert code == 0 and out.strip() == "No cable matches."
    code, _, err = run("search", "--database-url", corpus_url, "   ")
    assert code != 0 and "the search query is empty" in err and "Traceback" not in err


HOSTILE = [
    "'; DROP TABLE cable; --",
    '" OR 1=1 --',
    "\\'; SELECT pg_sleep(10); --",
    "Robert'); DROP TABLE paragraph;--",
    "$$ ; DELETE FROM cable; $$",
    "%s %(query)s :query",
]


@pytest.mark.slow
@pytest.mark.parametrize("hostile", HOSTILE)
def test_hostile_search_strings_and_options_are_only_parameters(corpus_url: str, hostile: str) -> None:
    before = rows(corpus_url, "SELECT count(*), (SELECT count(*) FROM paragraph) FROM cable")
    for args in (
        [hostile],
        ["iran", "--origin", hostile],
        ["iran", "--tag", hostile],
        ["iran", "--classification", hostile],
    ):
        code, _, err = run("search", "--database-url", corpus_url, "--json", *args)
        assert code == 0, err
    code, _, err = run("show", "--database-url", corpus_url, hostile)
    assert code == 1 and "no cable" in err and "Traceback" not in err
    assert rows(corpus_url, "SELECT count(*), (SELECT count(*) FROM paragraph) FROM cable") == before


# -- reference graph and show -------------------------------------------------------------------------------------


@pytest.mark.slow
def test_show_prints_a_cable_for_a_person(corpus_url: str) -> None:
    code, out, err = run("show", "--database-url", corpus_url, "07BAKU1515")
    assert code == 0, err
    assert out.startswith("07BAKU1515  CONFIDENTIAL")
    assert "From:       Embassy Baku (AMEMBASSY BAKU), 2007-12-19" in out
    assert "TO:         SECSTATE WASHDC (PRIORITY)" in out
    assert "PGOV (Internal Governmental Affairs)" in out and "AJ (Azerbaijan)" in out
    assert "[cable] BAKU 1495" in out
    text, _, versions = out.partition("\nVersions:   ")
    assert "1. (C) " in text and text.rstrip().endswith("DERSE")
    # Where the text shown came from, and that no other content of it is stored.
    assert versions.startswith("1 (no other content of this cable was imported)\n  current  import run 1, ")
    assert versions.rstrip().endswith("07BAKU1515.txt")


@pytest.mark.slow
def test_show_lists_cited_and_citing_cables(corpus_url: str) -> None:
    code, out, err = run("show", "--database-url", corpus_url, "06REYKJAVIK357", "--json")
    assert code == 0, err
    view = json.loads(out)
    citing = {c["reference_id"] for c in view["cited_by"]}
    expected = rows(
        corpus_url, "SELECT citing_reference_id FROM bi.citations WHERE cited_reference_id = '06REYKJAVIK357'"
    )
    assert citing == {r[0] for r in expected} and len(citing) == 6
    code, out, _ = run("show", "--database-url", corpus_url, "07REYKJAVIK322", "--json")
    refs = json.loads(out)["references"]
    found = [r for r in refs if r["found_reference_id"]]
    assert "06REYKJAVIK357" in {r["found_reference_id"] for r in found}
    assert any(r["kind"] == "cable" and not r["found_reference_id"] for r in refs)  # cited, not in the corpus
    assert {"recipients", "tags", "paragraphs", "references", "cited_by", "subject"} <= set(json.loads(out))


def test_show_unknown_cable_is_a_clear_error(database_url: str) -> None:
    code, _, err = run("show", "--database-url", database_url, "99NOWHERE1")
    assert code == 1 and "no cable '99NOWHERE1'" in err and "cabledb search" in err


# -- tag glossary -------------------------------------------------------------------------------------------------


def test_the_whole_glossary_is_in_the_database_and_kept_current(database_url: str) -> None:
    run("import", "-q", "--database-url", database_url, str(REPO / "examples" / "cable-illustrative.txt"))
    query = "SELECT tag, kind, description, cable_count FROM bi.tag_glossary WHERE tag IN ('PGOV', 'KDEM', 'ZI')"
    expected = {
        ("PGOV", "subject", "Internal Governmental Affairs", 1),
        ("KDEM", "program", "Democratization", 0),  # in the glossary, on no cable yet
        ("ZI", "geo", "Zimbabwe", 0),
    }
    assert set(rows(database_url, query)) == expected
    assert rows(database_url, "SELECT count(*) >= 500 FROM tag WHERE description IS NOT NULL") == [(True,)]
    # A row left by an older glossary is corrected by the next import.
    rows(database_url, "UPDATE tag SET kind = 'unknown', description = NULL WHERE code = 'KDEM' RETURNING id")
    run("import", "-q", "--database-url", database_url, str(REPO / "examples" / "cable-illustrative.txt"))
    assert set(rows(database_url, query)) == expected


@pytest.mark.slow
def test_tags_unknown_lists_the_codes_outside_the_glossary(corpus_url: str) -> None:
    code, out, err = run("tags", "--database-url", corpus_url, "--unknown", "--json")
    assert code == 0, err
    listed = [json.loads(line) for line in out.splitlines()]
    unknown = rows(corpus_url, "SELECT code FROM tag WHERE kind = 'unknown'")
    assert {t["code"] for t in listed} == {r[0] for r in unknown} and listed
    assert all(t["kind"] == "unknown" and t["description"] is None for t in listed)
    counts = [t["cables"] for t in listed]
    assert counts == sorted(counts, reverse=True) and counts[0] >= 1
    code, out, _ = run("tags", "--database-url", corpus_url, "--kind", "program")
    assert code == 0 and out.split()[:2] == ["KNNP", "program"]


# -- the read-only role -------------------------------------------------------------------------------------------


def _as(url: str, user: str, password: str) -> str:
    parts = urlsplit(url)
    host = parts.netloc.rpartition("@")[2]
    return urlunsplit((parts.scheme, f"{user}:{quote(password)}@{host}", parts.path, parts.query, ""))


@pytest.fixture
def reader(database_url: str) -> Iterator[tuple[str, str]]:
    """A fresh database with one cable and one rejected record, and a reader role on it: (owner URL, reader URL)."""
    run("import", "-q", "--database-url", database_url, str(REPO / "examples" / "cable-illustrative.txt"))
    run("import", "-q", "--database-url", database_url, "-", input="not a cable at all")
    name = f"reader_{uuid.uuid4().hex[:8]}"
    code, out, err = run("db", "create-reader", "--database-url", database_url, name, "--password-stdin",
                         input="s3cret-'\"pw\n")  # fmt: skip
    assert code == 0, err
    assert out.strip() == f"created read-only role {name}" and "s3cret" not in out
    yield database_url, _as(database_url, name, "s3cret-'\"pw")
    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP OWNED BY {}").format(sql.Identifier(name)))
        conn.execute(sql.SQL("DROP ROLE {}").format(sql.Identifier(name)))


def test_reader_reads_the_bi_views_and_tables(reader: tuple[str, str]) -> None:
    _, url = reader
    assert rows(url, "SELECT reference_id FROM bi.cables") == [("07BAKU9515",)]
    assert rows(url, "SELECT count(*) FROM paragraph")[0][0] > 0
    assert rows(url, "SELECT reason <> '' FROM import_error") == [(True,)]
    assert rows(url, "SELECT reference_id FROM cabledb_search('Azerbaijan')") == [("07BAKU9515",)]
    settings = rows(
        url, "SELECT current_setting('statement_timeout'), current_setting('default_transaction_read_only')"
    )
    assert settings == [("1min", "on")]


def test_reader_sees_later_views_through_default_privileges(reader: tuple[str, str]) -> None:
    owner, url = reader
    with psycopg.connect(owner, autocommit=True) as conn:
        conn.execute("CREATE VIEW bi.later AS SELECT count(*) AS n FROM cable")
    assert rows(url, "SELECT n FROM bi.later") == [(1,)]


@pytest.mark.parametrize(
    "statement",
    [
        "SELECT raw FROM import_error",
        "SELECT * FROM import_error",
        "INSERT INTO origin (name) VALUES ('x')",
        "UPDATE cable SET subject = 'x'",
        "DELETE FROM paragraph",
        "TRUNCATE cable_tag",
        "CREATE TABLE public.mine (x int)",
        "CREATE TABLE bi.mine (x int)",
        "CREATE SCHEMA mine",
        "CREATE TEMP TABLE mine (x int)",
        "CREATE FUNCTION mine() RETURNS int LANGUAGE sql AS 'SELECT 1'",
        "SELECT * FROM deferred_object",
    ],
)
def test_reader_cannot_write_create_or_read_raw_rejects(reader: tuple[str, str], statement: str) -> None:
    _, url = reader
    with psycopg.connect(url, autocommit=True) as conn, pytest.raises(psycopg.Error) as err:
        conn.execute(statement.encode())
    assert isinstance(err.value, psycopg.errors.InsufficientPrivilege | psycopg.errors.ReadOnlySqlTransaction)
    # Even outside a read-only transaction, the privileges alone refuse it.
    if statement.split()[0] in ("INSERT", "UPDATE", "DELETE", "TRUNCATE", "CREATE"):
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute("SET default_transaction_read_only = off")
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(statement.encode())


def test_reader_statement_timeout_ends_long_queries(database_url: str) -> None:
    name = f"reader_{uuid.uuid4().hex[:8]}"
    code, _, err = run("db", "create-reader", "--database-url", database_url, name, "--password-stdin",
                       "--statement-timeout", "1s", input="pw\n")  # fmt: skip
    assert code == 0, err
    try:
        with psycopg.connect(_as(database_url, name, "pw")) as conn, pytest.raises(psycopg.errors.QueryCanceled):
            conn.execute("SELECT pg_sleep(5)")
    finally:
        with psycopg.connect(database_url, autocommit=True) as conn:
            conn.execute(sql.SQL("DROP OWNED BY {}").format(sql.Identifier(name)))
            conn.execute(sql.SQL("DROP ROLE {}").format(sql.Identifier(name)))


def test_create_reader_generates_a_password_and_updates_an_existing_role(database_url: str) -> None:
    name = f"reader_{uuid.uuid4().hex[:8]}"
    try:
        code, out, err = run("db", "create-reader", "--database-url", database_url, name)
        assert code == 0, err
        first, second = out.splitlines()
        assert first == f"created read-only role {name}" and second.startswith("password: ")
        password = second.split()[1]
        assert rows(_as(database_url, name, password), "SELECT current_user") == [(name,)]
        code, out, _ = run("db", "create-reader", "--database-url", database_url, name)
        assert code == 0 and out.strip() == f"updated read-only role {name}"  # the password is kept
        assert rows(_as(database_url, name, password), "SELECT 1") == [(1,)]
    finally:
        with psycopg.connect(database_url, autocommit=True) as conn:
            conn.execute(sql.SQL("DROP OWNED BY {}").format(sql.Identifier(name)))
            conn.execute(sql.SQL("DROP ROLE IF EXISTS {}").format(sql.Identifier(name)))


@pytest.mark.parametrize("name", ["x; DROP TABLE cable", "1abc", "a b", "Robert'--", ""])
def test_create_reader_refuses_bad_role_names(database_url: str, name: str) -> None:
    code, _, err = run("db", "create-reader", "--database-url", database_url, name)
    assert code != 0 and "Traceback" not in err
    assert rows(database_url, "SELECT count(*) FROM cable") == [(0,)]


def test_reader_docs_exist() -> None:
    text = (REPO / "docs" / "bi.md").read_text()
    for tool in ("Metabase", "Superset", "Tableau", "Power BI"):
        assert tool in text
    assert "cabledb db create-reader" in text and "cabledb server start --port" in text


def test_reader_limits_that_are_enforced_and_those_that_are_not(database_url: str) -> None:
    """The reader's connection limit holds; PUBLIC loses CONNECT on the database where no other role relies on it
    (else the command names the roles); the other databases it can still reach are named. Its statement timeout
    and work_mem are defaults that it can change, and the docs say so instead of promising a limit."""
    name = f"reader_{uuid.uuid4().hex[:8]}"
    code, _, err = run("db", "create-reader", "--database-url", database_url, name, "--password-stdin",
                       "--connection-limit", "2", input="pw\n")  # fmt: skip
    assert code == 0, err
    url = _as(database_url, name, "pw")
    try:
        first, second = psycopg.connect(url), psycopg.connect(url)
        with first, second, pytest.raises(psycopg.OperationalError, match="too many connections for role"):
            psycopg.connect(url)
        public_connect = rows(database_url, "SELECT has_database_privilege('public', current_database(), 'CONNECT')")
        if "stays granted to PUBLIC, because the roles" in err:
            assert public_connect == [(True,)]
        else:
            assert public_connect == [(False,)]
        assert f"note: {name} can also connect to the databases " in err and "postgres" in err, err
        # What PostgreSQL lets any role do in its own session: the docs must not call these limits.
        with psycopg.connect(url) as conn:
            conn.execute("SET statement_timeout = 0")
            conn.execute("SET work_mem = '2GB'")
    finally:
        with psycopg.connect(database_url, autocommit=True) as conn:
            conn.execute(sql.SQL("DROP OWNED BY {}").format(sql.Identifier(name)))
            conn.execute(sql.SQL("DROP ROLE {}").format(sql.Identifier(name)))
    bi = (REPO / "docs" / "bi.md").read_text()
    assert "longer than 60 s" not in bi
    assert "SET statement_timeout = 0" in bi and "pg_hba.conf" in bi and "REVOKE CONNECT ON DATABASE" in bi
