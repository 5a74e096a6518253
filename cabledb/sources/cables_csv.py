"""``cables.csv``: the dump streamed row by row, whatever its size and its damage.

The full dump is 1.7 GB, so it is never read whole. It is cut into rows at the lines that start one
(:data:`cabledb.parse.patterns.CSV_ROW_CUT`), and each row is read alone with the csv module (one setup,
:func:`cabledb.parse.formats.csv_rows`): a row with broken quoting is rejected alone, with its text kept, and
reading goes on at the next. Bytes that are not UTF-8 are read as Windows-1252, once
(:func:`cabledb.parse.text.repair_escaped`).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import BinaryIO

from cabledb.parse import patterns as P
from cabledb.parse.formats import CSV_COLUMNS, csv_rows
from cabledb.parse.text import repair_escaped
from cabledb.sources.records import MAX_RECORD_BYTES, SNIFF_BYTES, RawRecord, too_large

#: A CSV stream is read in blocks of about this many characters, each ended at a line end: one regular
#: expression finds the row starts of a block, and a stream without line breaks (a runaway field, a bomb) cannot
#: fill memory.
_BLOCK = 1 << 20
#: Appended to a row's text to learn whether its last field was closed: when it was, the sentinel is a row of
#: its own; when a quote is still open, the sentinel's quote closes it and no such row comes out.
_SENTINEL_FIELD = "\ue000cabledb-end-of-row"
_SENTINEL = f'\r\n"{_SENTINEL_FIELD}"\r\n'


def _line_breaks(text: str) -> int:
    """Line ends, counted as ``wc -l`` and ``sed -n 12p`` count them (a lone CR is not one)."""
    return text.count("\n")


def read_csv(stream: BinaryIO, source: str, codec: str | None = None) -> Iterator[RawRecord]:
    """Stream the rows of a ``cables.csv`` dump, one record per row, with the raw text of each row kept for
    rejects. Rows are cut at the lines that start a row (:data:`cabledb.parse.patterns.CSV_ROW_CUT`), then each
    is read with the csv module: a row with broken quoting is rejected alone, and reading goes on at the next row.
    ``codec`` is the UTF-16 codec of a UTF-16 file; otherwise the text is UTF-8, with other bytes kept as
    surrogate escapes."""
    text = io.TextIOWrapper(
        stream, encoding=codec or "utf-8", errors="replace" if codec else "surrogateescape", newline=""
    )
    parts: list[str] = []  # the current row's text (only its first SNIFF_BYTES once it is too large)
    size = breaks = 0  # the current row's characters and line breaks
    oversized = ends_line = False
    row_no = lines_before = 0
    at_line_start = True

    def add(piece: str) -> None:
        nonlocal size, breaks, oversized, ends_line, parts
        if not piece:
            return
        breaks += _line_breaks(piece)
        ends_line = piece.endswith("\n")
        if oversized:
            return  # the rest of an oversized row, up to the next row: read and dropped
        parts.append(piece)
        size += len(piece)
        if size > MAX_RECORD_BYTES:
            oversized = True
            parts = ["".join(parts)[:SNIFF_BYTES]]

    def flush() -> RawRecord | None:
        nonlocal row_no, lines_before, parts, size, breaks, oversized
        raw = "".join(parts)
        if oversized:
            last_line = lines_before + breaks + (0 if ends_line else 1)
        else:
            last_line = lines_before + breaks - _line_breaks(raw[len(raw.rstrip()) :]) + 1
        lines_before += breaks
        was_oversized = oversized
        parts, size, breaks, oversized = [], 0, 0, False
        if not raw.strip():
            return None
        row_no += 1
        position = f"row {row_no}, line {last_line}"
        if was_oversized:
            return RawRecord(source, position, "csv", raw_text=raw, raw_codec=codec or "utf-8", error=too_large("row"))
        return _csv_record(source, position, raw, codec)

    while block := text.read(_BLOCK):
        if not block.endswith("\n"):
            block += text.readline(_BLOCK)  # end the block at a line end, so that no row start is cut in two
        cut = 0
        starts_row = at_line_start and block.startswith('"') and P.CSV_ROW_CUT.match(block)
        if starts_row and (record := flush()) is not None:
            yield record
        for start in _row_starts(block):
            add(block[cut:start])
            cut = start
            if (record := flush()) is not None:
                yield record
        add(block[cut:])
        at_line_start = block.endswith(("\n", "\r"))
    if (record := flush()) is not None:
        yield record


def _row_starts(block: str) -> list[int]:
    """Where rows start in a block of CSV text, but for its very start."""
    starts = [m.start() + 1 for m in P.CSV_ROW_AFTER_LF.finditer(block)]
    if '\r"' in block:  # a lone CR ends lines only in damaged files: rarely searched
        starts = sorted(starts + [m.start() + 1 for m in P.CSV_ROW_AFTER_CR.finditer(block)])
    return starts


def _csv_record(source: str, position: str, raw: str, codec: str | None) -> RawRecord:
    """One row's record, from the text between two row starts."""
    record = RawRecord(source, position, "csv", raw_text=raw, raw_codec=codec or "utf-8")
    try:
        rows, closed, recoded = read_row(raw)
    except csv.Error as exc:
        record.error = f"the CSV row cannot be read: {exc}"
        return record
    if codec:
        record.notes.append(f"decoded as {codec.upper()}")
    elif recoded:
        record.notes.append("the row is not valid UTF-8; the bytes that are not were read as Windows-1252")
    if not closed:
        record.error = (
            "the CSV row's quoting is broken: a quoted field is never closed (the row is cut short, or "
            "a quote inside a field is not escaped); reading went on at the next row"
        )
    elif len(rows) > 1:
        record.error = (
            f"the CSV row's quoting is broken (an unescaped quote?): it reads as {len(rows)} rows; "
            "reading went on at the next row"
        )
    elif rows:
        record.fields = rows[0]
        if len(rows[0]) != len(CSV_COLUMNS):
            record.error = _columns_error(len(rows[0]))
    return record


def read_row(raw: str) -> tuple[list[list[str]], bool, bool]:
    """The rows (blank ones left out) of one row's text, whether its last quote was closed, and whether bytes
    that are not UTF-8 (surrogate escapes) were read as Windows-1252, as :func:`decode_bytes` reads a document.
    A BOM at the start of the file is dropped."""
    text, recoded = repair_escaped(raw[1:] if raw.startswith("\ufeff") else raw)
    rows = _csv_rows(text + _SENTINEL)
    if rows and rows[-1] == [_SENTINEL_FIELD]:
        return rows[:-1], True, recoded
    return _csv_rows(text), False, recoded


def _csv_rows(text: str) -> list[list[str]]:
    return [row for row in csv_rows(text) if row and not (len(row) == 1 and not row[0].strip())]


def _columns_error(n: int) -> str:
    return f"the CSV row has {n} columns, expected {len(CSV_COLUMNS)} (quoting is broken or a field is missing)"


def row_fields(raw_text: str) -> list[str]:
    """The fields of one CSV row from its text (as :func:`read_csv` read them)."""
    rows, _, _ = read_row(raw_text)
    return rows[0] if rows else []


def reference_id_hint(raw_text: str) -> str:
    """A row's reference id read off its text without the csv module ("" when the row does not show one): the
    importer routes rows by it before they are parsed."""
    m = P.CSV_REFERENCE_ID.match(raw_text)
    return m.group(1).strip() if m else ""
