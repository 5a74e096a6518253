"""Result sets to files: CSV for spreadsheets, JSON Lines for programs, streamed, of any size.

A query runs in a read-only transaction and is read through a server-side cursor, a few thousand rows at a time,
so that neither the server nor cabledb holds the whole result. CSV has a header row, ``\\r\\n`` line ends (what
spreadsheets expect) and NULL as an empty field; arrays are written as ``{a,b}`` in CSV (PostgreSQL's own text form)
and as lists in JSON; dates and times as ISO 8601; bytes as hex.
"""

from __future__ import annotations

import csv
import datetime as dt
import decimal
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, TextIO

import psycopg

from cabledb.db import Database
from cabledb.display import json_line
from cabledb.errors import CabledbError

FORMATS = ("csv", "jsonl")
#: Rows fetched from the server per round trip.
FETCH_ROWS = 2000


def _json_value(value: Any) -> Any:
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value).hex()
    if isinstance(value, (list, tuple)):
        return [_json_value(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _json_value(v) for k, v in value.items()}
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


def _csv_value(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value).hex()
    if isinstance(value, (list, tuple)):
        return "{" + ",".join(_array_item(v) for v in value) + "}"
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def _array_item(value: Any) -> str:
    if value is None:
        return "NULL"
    text = str(_csv_value(value))
    if text == "" or any(c in text for c in ',{}"\\ ') or text.upper() == "NULL":
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return text


def write_rows(
    out: TextIO,
    columns: Sequence[str],
    rows: Iterable[Sequence[Any]],
    fmt: str,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Write rows with these column names as ``csv`` or ``jsonl``; return how many were written."""
    if fmt not in FORMATS:
        raise CabledbError(f"unknown export format {fmt!r}", hint="use --format csv or --format jsonl")
    count = 0
    writer = csv.writer(out) if fmt == "csv" else None
    if writer is not None:
        writer.writerow(columns)
    for row in rows:
        if writer is not None:
            writer.writerow([_csv_value(v) for v in row])
        else:
            out.write(json_line({c: _json_value(v) for c, v in zip(columns, row, strict=True)}) + "\n")
        count += 1
        if progress is not None and count % 1000 == 0:
            progress(1000)
    if progress is not None and count % 1000:
        progress(count % 1000)
    return count


def export_query(db: Database, query: str, output: str, fmt: str, progress: Callable[[int], None] | None = None) -> int:
    """Run one SQL query read-only and stream its result to the file ``output`` (``-``: standard output); return
    the number of rows. A failed export leaves no file behind."""
    if output == "-":
        return _export(db, query, sys.stdout, fmt, progress)
    try:
        handle = open(output, "w", encoding="utf-8", newline="")  # noqa: SIM115  (closed below, removed on failure)
    except OSError as exc:
        raise CabledbError(
            f"cannot write {output}: {exc.strerror or exc}", hint="give a path in a writable directory"
        ) from None
    try:
        with handle:
            return _export(db, query, handle, fmt, progress)
    except BaseException:
        Path(output).unlink(missing_ok=True)  # no half-written file that looks like a result
        raise


def _export(db: Database, query: str, out: TextIO, fmt: str, progress: Callable[[int], None] | None) -> int:
    if not query.strip():
        raise CabledbError("the export query is empty", hint='give --query "SELECT ... FROM bi.cables ..."')
    conn = db.connect(application_name="cabledb export")
    try:
        with conn.transaction():
            conn.execute("SET TRANSACTION READ ONLY")
            with conn.cursor(name="cabledb_export") as cur:
                cur.itersize = FETCH_ROWS
                cur.execute(query.encode())  # the user's own SQL, run read-only
                if cur.description is None:
                    raise CabledbError("the export query returns no rows", hint="export a SELECT (or WITH ... SELECT)")
                columns = [d.name for d in cur.description]
                return write_rows(out, columns, _iterate(cur), fmt, progress)
    except psycopg.errors.ReadOnlySqlTransaction as exc:
        raise CabledbError(
            f"the export query tried to change the database: {exc.diag.message_primary or exc}",
            hint="export runs read-only: give a SELECT",
        ) from None
    except psycopg.Error as exc:
        message = (exc.diag.message_primary if isinstance(exc, psycopg.errors.DatabaseError) else None) or str(exc)
        raise CabledbError(
            f"the export query failed: {message.strip().splitlines()[0] if message.strip() else exc}",
            hint="give one SELECT (export runs it read-only, through a cursor); check it with: cabledb psql -c '...'",
        ) from None
    finally:
        conn.close()


def _iterate(cur: psycopg.Cursor[Any]) -> Iterator[Sequence[Any]]:
    yield from cur
