"""cabledb import on real PostgreSQL: the shared corpus, idempotency, updates, references, rejects, errors."""

from __future__ import annotations

import gzip
import io
import tarfile
import zipfile
from pathlib import Path

import psycopg
import pytest
from click.testing import CliRunner

from cabledb.cli import cli
from cabledb.db import head_revision
from tests.conftest import (
    CSV_SAMPLE,
    HTML_ARCHIVE,
    LOGICAL_ROWS,
    SEED_TEXT,
    DatabaseFactory,
    need,
    table_checksums,
)

pytestmark = pytest.mark.db

CABLE = """P 191235Z DEC 07
FM AMEMBASSY BAKU
TO RUEHC/SECSTATE WASHDC PRIORITY 4500

C O N F I D E N T I A L BAKU 00{serial}

E.O. 12958: DECL: 12/18/2017
TAGS: PGOV AJ
SUBJECT: {subject}

REF: BAKU {ref}

1. (C) {text}

DERSE
"""


def cable(serial: int, ref: int = 1, subject: str = "TEST", text: str = "Text.") -> str:
    return CABLE.format(serial=serial, ref=ref, subject=subject, text=text)


def run(*args: str, input: str | bytes | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), input=input)
    return result.exit_code, result.stdout, result.stderr


def query(url: str, sql: str, *params: object) -> list[tuple[object, ...]]:
    with psycopg.connect(url) as conn:
        return conn.execute(sql, params).fetchall()  # type: ignore[arg-type]


@pytest.mark.slow
def test_shared_corpus_imports_once_and_reimports_unchanged(database_url: str) -> None:
    inputs = [str(need(HTML_ARCHIVE)), str(need(CSV_SAMPLE)), str(need(SEED_TEXT))]
    code, out, err = run("import", "--quiet", "--database-url", database_url, *inputs)
    assert code == 0, err
    assert "2309 " not in out  # the counts are per kind; together they are the 2,309 records
    inserted, updated, unchanged, rejected = _counts(out)
    assert inserted + updated + unchanged == 2296 + 12 + 1 and rejected == 0
    before = table_checksums(database_url)
    assert before["cable"][0] == query(database_url, "SELECT count(DISTINCT reference_id) FROM cable")[0][0]

    code, out, err = run("import", "--quiet", "--database-url", database_url, *inputs)
    assert code == 0, err
    assert _counts(out) == (0, 0, 2309, 0)
    assert table_checksums(database_url) == before

    runs = query(database_url, "SELECT status, inserted + updated + unchanged FROM import_run ORDER BY id")
    assert runs == [("finished", 2309), ("finished", 2309)]

    row = query(
        database_url,
        "SELECT classification_marking, origin, tags, paragraph_count, to_count, info_count, reference_count,"
        " signed_by, declassify_on::text FROM bi.cables WHERE reference_id = '07BAKU1515'",
    )
    assert row == [("CONFIDENTIAL", "Embassy Baku", "PGOV,PINR,PREL,IR,AJ", 5, 1, 6, 1, "DERSE", "2017-12-18")]
    refs = query(database_url, "SELECT target_reference_id FROM bi.cable_references WHERE reference_id = '07BAKU1515'")
    assert refs == [("07BAKU1495",)]


@pytest.mark.slow
def test_fast_path_and_tiny_batches_give_identical_tables(databases: DatabaseFactory) -> None:
    """The shared corpus imported in batches of 1,000 into an empty database (indexes deferred, parallel workers)
    and one record at a time: every table holds the same content."""
    inputs = [str(need(HTML_ARCHIVE)), str(need(CSV_SAMPLE)), str(need(SEED_TEXT))]
    fast, tiny = databases.fresh(), databases.fresh()
    assert run("import", "-q", "--database-url", fast, *inputs)[0] == 0
    code, out, err = run("import", "-q", "--batch-size", "1", "--database-url", tiny, *inputs)
    assert code == 0, err
    assert _counts(out) == (2306, 3, 0, 0)  # three cables come twice (HTML and CSV): the later one updates
    assert table_checksums(fast) == table_checksums(tiny)


def test_checksums_cover_every_table(database_url: str) -> None:
    tables = {r[0] for r in query(database_url, "SELECT tablename FROM pg_tables WHERE schemaname = 'public'")}
    assert tables - {"alembic_version", "import_run"} == set(LOGICAL_ROWS)


def _counts(summary: str) -> tuple[int, int, int, int]:
    words = summary.replace(",", "").split()
    return tuple(int(words[words.index(k) - 1]) for k in ("inserted", "updated", "unchanged", "rejected"))  # type: ignore[return-value]


def test_changed_content_is_updated_and_the_old_version_kept(database_url: str, tmp_path: Path) -> None:
    path = tmp_path / "c.txt"
    path.write_text(cable(1515, subject="FIRST"))
    assert run("import", "-q", "--database-url", database_url, str(path))[0] == 0
    path.write_text(cable(1515, subject="SECOND"))
    code, out, _ = run("import", "-q", "--database-url", database_url, str(path))
    assert code == 0 and _counts(out) == (0, 1, 0, 0)
    assert query(database_url, "SELECT subject FROM cable") == [("SECOND",)]
    versions = query(database_url, "SELECT version, strpos(body, 'FIRST') > 0 FROM cable_version")
    assert versions == [(1, True)]
    assert query(database_url, "SELECT count(*) FROM paragraph") == [(1,)]  # old parts replaced, not added


def test_the_current_content_does_not_depend_on_the_order_of_arrival(
    databases: DatabaseFactory, tmp_path: Path
) -> None:
    """Two contents of one cable: the most complete one is current and the other is kept as a version, whatever
    the order of the inputs, in one import or in two."""
    full = tmp_path / "full.txt"
    full.write_text(cable(1515, text="A longer text, as the cable was sent in full."))
    extract = tmp_path / "extract.csv"  # a cables.csv row without the routing header, and a shorter text
    body = CABLE.split("\n\n", 1)[1].format(serial=1515, ref=1, subject="TEST", text="Short.")
    row = ["1", "12/19/2007 12:35", "07BAKU1515", "Embassy Baku", "CONFIDENTIAL", "", "", body]
    extract.write_text(",".join('"' + f.replace('"', '\\"') + '"' for f in row) + "\r\n")
    orders = [[full, extract], [extract, full]]
    urls = []
    for paths in orders:
        url = databases.fresh()
        assert run("import", "-q", "--database-url", url, *map(str, paths))[0] == 0
        urls.append(url)
    for first, second in orders:
        url = databases.fresh()
        assert run("import", "-q", "--database-url", url, str(first))[0] == 0
        code, out, _ = run("import", "-q", "--database-url", url, str(second))
        assert code == 0 and _counts(out) == (0, 1, 0, 0)
        urls.append(url)
    for url in urls:
        assert query(url, "SELECT strpos(body, 'longer') > 0, header <> '' FROM cable") == [(True, True)]
        assert query(url, "SELECT strpos(body, 'Short') > 0, header FROM cable_version") == [(True, "")]
    assert len({str(table_checksums(url)) for url in urls}) == 1
    # Both contents are known now: importing either again changes nothing.
    code, out, _ = run("import", "-q", "--database-url", urls[0], str(full), str(extract))
    assert _counts(out) == (0, 0, 2, 0)


def test_a_newer_parser_reparses_unchanged_cables_without_new_versions(database_url: str, tmp_path: Path) -> None:
    path = tmp_path / "c.txt"
    path.write_text(cable(1515, subject="SAME"))
    assert run("import", "-q", "--database-url", database_url, str(path))[0] == 0
    # What an import by an older cabledb leaves behind: another parser version and a stale parsed field.
    query(database_url, "UPDATE cable SET parser_version = 'older', subject = 'STALE' RETURNING id")
    code, out, _ = run("import", "-q", "--database-url", database_url, str(path))
    assert code == 0 and "1 updated (1 re-parsed by a newer parser)" in out
    assert query(database_url, "SELECT subject FROM cable") == [("SAME",)]
    assert query(database_url, "SELECT count(*) FROM cable_version") == [(0,)]  # the raw text did not change
    assert query(database_url, "SELECT updated, reparsed FROM import_run ORDER BY id DESC LIMIT 1") == [(1, 1)]
    assert _counts(run("import", "-q", "--database-url", database_url, str(path))[1]) == (0, 0, 1, 0)


def test_reference_resolves_whichever_cable_comes_first(database_url: str, tmp_path: Path) -> None:
    citing = tmp_path / "citing.txt"
    cited = tmp_path / "cited.txt"
    citing.write_text(cable(1515, ref=1495))
    cited.write_text(cable(1495, ref=1))
    run("import", "-q", "--database-url", database_url, str(citing))
    assert query(database_url, "SELECT target_found FROM bi.cable_references WHERE reference_id='07BAKU1515'") == [
        (False,)
    ]
    run("import", "-q", "--database-url", database_url, str(cited))
    assert query(database_url, "SELECT target_found FROM bi.cable_references WHERE reference_id='07BAKU1515'") == [
        (True,)
    ]
    assert query(database_url, "SELECT cited_by_count FROM bi.cables WHERE reference_id='07BAKU1495'") == [(1,)]


def test_broken_files_are_recorded_and_the_good_ones_imported(database_url: str, tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text(cable(1515))
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.bin").write_bytes(bytes(range(256)) * 40)
    (tmp_path / "truncated.html").write_text("<html><body><table class='cable'><tr><th>Reference ID</th>")
    (tmp_path / "short-row.csv").write_text(
        '"1","12/28/1966 18:48","66BUENOSAIRES2481","Embassy Buenos Aires","UNCLASSIFIED","","TO X"\r\n'
        '"2","12/29/1966 10:00","66BUENOSAIRES2482","Embassy Buenos Aires","UNCLASSIFIED","","P 291000Z DEC 66\r\n'
        'FM AMEMBASSY BUENOS AIRES\r\nTO SECSTATE WASHDC","UNCLASSIFIED BUENOS AIRES 2482\r\n\r\nTAGS: PGOV\r\n"\r\n'
    )
    code, out, err = run("import", "-q", "--database-url", database_url, str(tmp_path))
    assert code == 1
    assert _counts(out) == (2, 0, 0, 4)
    assert "cabledb errors --run" in err and "Traceback" not in err
    assert {r[0] for r in query(database_url, "SELECT reference_id FROM cable")} == {"07BAKU1515", "66BUENOSAIRES2482"}
    errors = query(database_url, "SELECT source, position, reason, raw FROM import_error ORDER BY source")
    by_file = {Path(e[0]).name: e for e in errors}
    assert set(by_file) == {"binary.bin", "empty.txt", "short-row.csv", "truncated.html"}
    assert "empty" in by_file["empty.txt"][2]
    assert "binary" in by_file["binary.bin"][2] and bytes(by_file["binary.bin"][3]) == bytes(range(256)) * 40
    assert "7 columns" in by_file["short-row.csv"][2] and "row 1" in by_file["short-row.csv"][1]
    assert bytes(by_file["short-row.csv"][3]).startswith(b'"1","12/28/1966')
    assert "no cable" in by_file["truncated.html"][2]

    code, out, _ = run("errors", "--database-url", database_url, "--last")
    assert code == 0 and out.count("\n") == 4 and "short-row.csv" in out


def test_archives_and_stdin(database_url: str, tmp_path: Path) -> None:
    tgz = tmp_path / "a.tgz"
    with tarfile.open(tgz, "w:gz") as tar:
        data = cable(1).encode()
        info = tarfile.TarInfo("dir/one.txt")
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))
    zipped = tmp_path / "b.zip"
    with zipfile.ZipFile(zipped, "w") as zf:
        zf.writestr("two.txt", cable(2))
    gz = tmp_path / "c.gz"
    gz.write_bytes(gzip.compress(cable(3).encode()))
    code, out, err = run("import", "-q", "--database-url", database_url, str(tgz), str(zipped), str(gz), "-",
                         input=cable(4))  # fmt: skip
    assert code == 0, err
    assert _counts(out) == (4, 0, 0, 0)
    sources = sorted(r[0] for r in query(database_url, "SELECT source FROM cable"))
    assert "<stdin>" in sources and any(s.endswith("a.tgz!dir/one.txt") for s in sources)


def test_unreachable_database_is_a_one_line_error() -> None:
    code, _, err = run("import", "--database-url", "postgresql://nobody@127.0.0.1:1/none", "-", input=cable(1))
    assert code == 1 and "cannot connect" in err and "Fix:" in err and "Traceback" not in err


def test_bad_url_is_a_one_line_error() -> None:
    code, _, err = run("stats", "--database-url", "mysql://x@y/z")
    assert code == 1 and "not a PostgreSQL URL" in err


def test_external_database_behind_says_to_upgrade(databases: DatabaseFactory) -> None:
    """A database at an older revision is not migrated behind its owner's back (an empty one is: test_bi_tools)."""
    url = databases.fresh(migrated=False)
    assert run("db", "upgrade", "0009", "--database-url", url)[0] == 0
    code, _, err = run("import", "--database-url", url, "-", input=cable(1))
    assert code == 1 and "cabledb db upgrade" in err
    code, out, _ = run("db", "upgrade", "--database-url", url)
    assert code == 0 and head_revision() in out
    assert run("import", "-q", "--database-url", url, "-", input=cable(1))[0] == 0


def test_same_id_twice_in_one_input(database_url: str, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(cable(7, subject="ONE"))
    (tmp_path / "b.txt").write_text(cable(7, subject="TWO"))
    code, out, _ = run("import", "-q", "--database-url", database_url, str(tmp_path))
    assert code == 0 and _counts(out) == (1, 1, 0, 0)
    assert query(database_url, "SELECT subject FROM cable") == [("TWO",)]


def test_stats(database_url: str) -> None:
    run("import", "-q", "--database-url", database_url, "-", input=cable(1))
    code, out, _ = run("stats", "--database-url", database_url)
    assert code == 0 and "CONFIDENTIAL" in out and "2007" in out
