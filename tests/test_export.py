"""Exporting result sets: `cabledb export` and `cabledb search --format` (issue 14), on a real database."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.test_sql_bi import run

pytestmark = pytest.mark.db

EXAMPLE = str(REPO / "examples" / "cable-illustrative.txt")


@pytest.fixture
def loaded(database_url: str) -> str:
    code, _, err = run("import", "-q", "--database-url", database_url, EXAMPLE)
    assert code == 0, err
    return database_url


def test_export_csv_streams_every_row_with_a_header(loaded: str, tmp_path: Path) -> None:
    out = tmp_path / "rows.csv"
    query = (
        "SELECT n, n::text || ',\"x\"' AS text_value, ARRAY['a b', NULL] AS arr, NULL::int AS nothing,"
        " timestamptz '2007-12-19 12:35+00' AS at FROM generate_series(1, 4500) n"
    )
    code, stdout, err = run("export", "--database-url", loaded, "--query", query, "-o", str(out), "-q")
    assert code == 0, err
    assert "4,500 rows written" in stdout
    with out.open(newline="", encoding="utf-8") as handle:
        got = list(csv.reader(handle))
    assert got[0] == ["n", "text_value", "arr", "nothing", "at"]
    assert len(got) == 4501
    assert got[1] == ["1", '1,"x"', '{"a b",NULL}', "", "2007-12-19T12:35:00+00:00"]
    assert got[-1][0] == "4500"


def test_export_jsonl_of_a_bi_view(loaded: str, tmp_path: Path) -> None:
    out = tmp_path / "cables.jsonl"
    query = "SELECT reference_id, created, tag_count, paragraph_count FROM bi.cables"
    code, _, err = run("export", "--database-url", loaded, "-c", query, "--format", "jsonl", "-o", str(out), "-q")
    assert code == 0, err
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 1
    row = json.loads(lines[0])
    assert row["reference_id"] == "07BAKU9515" and row["created"].startswith("2007-")
    assert isinstance(row["tag_count"], int) and isinstance(row["paragraph_count"], int)


def test_export_is_read_only_and_leaves_no_file_on_error(loaded: str, tmp_path: Path) -> None:
    out = tmp_path / "x.csv"
    for query in (
        "DELETE FROM cable RETURNING id",
        "WITH gone AS (DELETE FROM cable RETURNING id) SELECT * FROM gone",
        "SELECT setval('cable_id_seq', 1000)",
    ):
        code, _, err = run("export", "--database-url", loaded, "-c", query, "-o", str(out))
        assert code == 1 and "SELECT" in err and "Traceback" not in err, err
        assert not out.exists()
    code, _, err = run("export", "--database-url", loaded, "-c", "SELECT nonsense FROM bi.cables", "-o", str(out))
    assert code == 1 and "nonsense" in err and "cabledb psql" in err
    assert not out.exists()
    code, _, err = run("export", "--database-url", loaded, "-c", "SELECT 1", "-o", str(tmp_path / "no" / "x.csv"))
    assert code == 1 and "cannot write" in err
    from tests.test_sql_bi import rows

    assert rows(loaded, "SELECT count(*) FROM cable") == [(1,)]


def test_search_format_csv_and_jsonl(loaded: str) -> None:
    code, stdout, err = run("search", "--database-url", loaded, "Azerbaijan", "--format", "csv")
    assert code == 0, err
    got = list(csv.reader(io.StringIO(stdout)))
    assert got[0] == ["reference_id", "rank", "created", "origin", "classification", "subject", "snippet"]
    assert [r[0] for r in got[1:]] == ["07BAKU9515"]
    code, stdout, err = run("search", "--database-url", loaded, "Azerbaijan", "--format", "jsonl")
    assert code == 0, err
    assert [json.loads(line)["reference_id"] for line in stdout.splitlines()] == ["07BAKU9515"]
