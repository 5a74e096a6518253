"""The pieces the input readers share: one CSV reader setup, one Windows-1252 fallback, and the cheap reference-id
lookups the importer routes records by (they must agree with a whole parse)."""

from __future__ import annotations

import csv

import pytest

from cabledb.parse import ParseError, extract_source, parse_source, read_reference_id
from cabledb.parse.formats import CSV_FIELD_LIMIT, csv_rows
from cabledb.parse.text import decode_bytes, repair_escaped
from cabledb.sources import reference_id_hint
from cabledb.sources.cables_csv import read_row
from tests.conftest import CORPUS, need


def test_csv_rows_raises_the_field_limit_once_and_never_lowers_it() -> None:
    old = csv.field_size_limit()
    try:
        csv.field_size_limit(CSV_FIELD_LIMIT * 2)  # another library's higher limit
        body = "x" * (200 * 1024)  # above the csv module's default of 128 KB
        assert csv_rows(f'"1","{body}"') == [["1", body]]
        assert csv.field_size_limit() == CSV_FIELD_LIMIT * 2
    finally:
        csv.field_size_limit(old)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (b"caf\xe9", "café"),  # Windows-1252 alone
        ("café ".encode() + b"\x93quoted\x94", "café “quoted”"),  # UTF-8 with a few Windows-1252 bytes
        (b"\x81", "\ufffd"),  # a byte Windows-1252 leaves undefined
        (b"plain", "plain"),
    ],
)
def test_a_csv_row_and_a_document_read_bytes_that_are_not_utf8_alike(raw: bytes, expected: str) -> None:
    escaped = raw.decode("utf-8", "surrogateescape")
    assert repair_escaped(escaped)[0] == expected == decode_bytes(raw)[0]
    rows, closed, recoded = read_row('"' + escaped + '"\n')
    assert rows == [[expected]] and closed and recoded == (not _is_utf8(raw))


def _is_utf8(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        ('"1","12/19/2007 12:35","07BAKU1515","Embassy Baku",', "07BAKU1515"),
        ('  "7","1/1/1970 0:00"," 70STATE1 ","x"', "70STATE1"),
        ('"2","date with \\" quote","09STATE1234","x"', "09STATE1234"),
        ('"3","only two fields"', ""),
    ],
)
def test_reference_id_hint_reads_the_third_column(row: str, expected: str) -> None:
    assert reference_id_hint(row) == expected


def test_read_reference_id_agrees_with_a_whole_parse(corpus_pages: list[tuple[str, str]]) -> None:
    """Routing by the cheap lookup is only right if it gives what the parse gives: checked on every shared page
    with its metadata dropped (so that the id is derived from the banner and header, as for plain text)."""
    checked = 0
    for name, page in corpus_pages:
        source, whole = extract_source(page, format="html"), extract_source(page, format="html")
        source.metadata, whole.metadata = {}, {}
        try:
            expected = parse_source(whole).reference_id
        except ParseError:  # a page that holds nothing once its metadata is gone
            continue
        assert read_reference_id(source) == expected, name
        checked += expected is not None
    assert checked > 2000


def test_read_reference_id_of_the_text_rendering() -> None:
    path = CORPUS / "text" / "07BAKU1515.txt"
    need(path)
    source = extract_source(path.read_text(encoding="utf-8"), format="text")
    assert read_reference_id(source) == parse_source(source).reference_id == "07BAKU1515"
