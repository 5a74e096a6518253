"""Reading inputs: files, directories, archives and stdin, as a stream of raw records.

Every input becomes :class:`RawRecord` objects: one per WikiLeaks page or plain-text cable, and one per row of a
``cables.csv`` file, which is streamed (the full dump is 1.7 GB). Archives (``.tar``, ``.tar.gz``, ``.tgz``,
``.tar.xz``, ``.tar.bz2``, ``.zip``, ``.gz``) are read in place, never unpacked to disk; nested archives are read
too, up to a depth limit. Formats and compressions are detected from the content, never from file names.

A record that cannot even be read (a CSV row with the wrong number of columns, a member that is too large, an
unreadable file) still comes out, with ``error`` set and its raw bytes kept, so that the importer can record it.
Nothing here raises for bad input; only a path that does not exist raises :class:`SourceError`.
"""

from __future__ import annotations

import bz2
import csv
import gzip
import io
import lzma
import os
import sys
import tarfile
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, BinaryIO

from cabledb.errors import CabledbError, SourceError
from cabledb.parse.formats import CSV_COLUMNS, CSV_FIELD_LIMIT, detect_format, read_csv_rows
from cabledb.parse.text import decode_bytes

#: A single page or text cable larger than this is rejected rather than parsed (real pages are under 1 MB).
MAX_DOCUMENT_BYTES = 64 * 1024 * 1024
#: Archives inside archives are followed this deep.
MAX_NESTING = 3
#: How much of a file is looked at to detect its format.
SNIFF_BYTES = 64 * 1024

_MAGIC = (
    (b"\x1f\x8b", "gzip"),
    (b"\xfd7zXZ\x00", "xz"),
    (b"BZh", "bz2"),
    (b"PK\x03\x04", "zip"),
    (b"PK\x05\x06", "zip"),
)


@dataclass(slots=True)
class RawRecord:
    """One cable as read from an input, before parsing."""

    source: str  # the file path, "archive.tar.xz!cable/2007/12/07BAKU1515.html", or "<stdin>"
    position: str  # "row 12, line 340", "member 17", "file"
    format: str  # "html" | "csv" | "text" (detected or forced)
    text: str | None = None  # html/text: the decoded document
    fields: list[str] | None = None  # csv: the 8 fields of the row
    raw_bytes: bytes = b""  # the bytes as read (documents), kept for rejects
    error: str | None = None  # why the record cannot be parsed at all
    notes: list[str] = field(default_factory=list)  # e.g. how the text was decoded
    raw_text: str | None = None  # csv rows: the row's text as read (surrogate-escaped), encoded on demand

    @property
    def raw(self) -> bytes:
        """The record's bytes exactly as they were in the input."""
        if self.raw_text is not None:
            return self.raw_text.encode("utf-8", "surrogateescape")
        return self.raw_bytes

    @property
    def data(self) -> str | list[str]:
        """What :func:`cabledb.parse.parse_cable` takes."""
        if self.fields is None and self.raw_text is not None and self.format == "csv":
            self.fields = _row_fields(self.raw_text)
        if self.fields is not None:
            return self.fields
        return self.text or ""

    def compact(self) -> RawRecord:
        """Drop what can be read again from ``raw_text`` (a CSV row's fields), to send the record to another
        process cheaply."""
        if self.raw_text is not None and self.error is None:
            self.fields = None
        return self


def _row_fields(raw_text: str) -> list[str]:
    """The fields of one CSV row from its text (as :func:`_from_csv` read them)."""
    csv.field_size_limit(CSV_FIELD_LIMIT)
    row = next(csv.reader(io.StringIO(raw_text, newline=""), escapechar="\\", doublequote=False, strict=False), [])
    if not raw_text.isascii() and not _valid_utf8(raw_text):
        row = [f.encode("utf-8", "surrogateescape").decode("utf-8", "replace") for f in row]
    return row


def iter_records(paths: Iterable[str | os.PathLike[str]], *, format: str = "auto") -> Iterator[RawRecord]:
    """Yield the raw records of every input. ``"-"`` is standard input.

    >>> next(iter_records(["cable.txt"])).format  # doctest: +SKIP
    'text'
    """
    for path in paths:
        spec = os.fspath(path)
        if spec == "-":
            yield from _from_stream(sys.stdin.buffer, "<stdin>", format, depth=0)
            continue
        p = Path(spec)
        if not p.exists():
            raise SourceError(f"{spec}: no such file or directory", hint="check the path")
        if p.is_dir():
            yield from _from_directory(p, format)
        else:
            yield from _from_file(p, format)


def count_hint(paths: Iterable[str | os.PathLike[str]]) -> int | None:
    """The number of files under the inputs, when they are plain files in directories (for a progress total);
    None when it cannot be known cheaply (archives, CSV dumps, stdin)."""
    total = 0
    for path in paths:
        spec = os.fspath(path)
        if spec == "-":
            return None
        p = Path(spec)
        files = [p] if p.is_file() else [f for f in p.rglob("*") if f.is_file()] if p.is_dir() else []
        for f in files:
            with f.open("rb") as fh:
                head = fh.read(SNIFF_BYTES)
            if _compression(head) or _is_tar(head) or detect_format(head.decode("utf-8", "replace")) == "csv":
                return None
            total += 1
    return total


def _from_directory(root: Path, fmt: str) -> Iterator[RawRecord]:
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for name in sorted(filenames):
            path = Path(dirpath) / name
            if path.is_symlink() or not path.is_file():
                continue
            yield from _from_file(path, fmt)


def _from_file(path: Path, fmt: str) -> Iterator[RawRecord]:
    try:
        fh = path.open("rb")
    except OSError as exc:
        yield RawRecord(str(path), "file", fmt, error=f"cannot read the file: {exc.strerror or exc}")
        return
    with fh:
        yield from _from_stream(fh, str(path), fmt, depth=0)


def _compression(head: bytes) -> str | None:
    for magic, name in _MAGIC:
        if head.startswith(magic):
            return name
    return None


def _is_tar(head: bytes) -> bool:
    return len(head) >= 262 and head[257:262] == b"ustar"


class _Peekable(io.RawIOBase):
    """A binary stream with its first bytes read ahead (stdin cannot seek)."""

    def __init__(self, head: bytes, rest: IO[bytes]) -> None:
        self._head = head
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        if self._head:
            n = min(len(buffer), len(self._head))
            buffer[:n] = self._head[:n]
            self._head = self._head[n:]
            return n
        data = self._rest.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def _from_stream(stream: IO[bytes], source: str, fmt: str, *, depth: int) -> Iterator[RawRecord]:
    """Sniff a binary stream: an archive, a compressed file, a CSV dump or one document."""
    head = stream.read(SNIFF_BYTES)
    whole: BinaryIO = io.BufferedReader(_Peekable(head, stream), buffer_size=1 << 20)
    kind = _compression(head)
    if kind == "zip":
        yield from _from_zip(whole, source, fmt, depth)
        return
    if kind is not None or _is_tar(head):
        if depth >= MAX_NESTING:
            yield RawRecord(
                source, "file", fmt, raw_bytes=head, error=f"archive nested deeper than {MAX_NESTING} levels"
            )
            return
        yield from _from_compressed(whole, head, kind, source, fmt, depth)
        return
    text_head = head.decode("utf-8", "replace")
    detected = detect_format(text_head) if fmt == "auto" else fmt
    if detected == "csv":
        yield from _from_csv(whole, source)
        return
    data = whole.read(MAX_DOCUMENT_BYTES + 1)
    yield _document(source, "file", data, fmt)


def _document(source: str, position: str, data: bytes, fmt: str) -> RawRecord:
    """One page or text cable."""
    if len(data) > MAX_DOCUMENT_BYTES:
        return RawRecord(
            source,
            position,
            fmt,
            raw_bytes=data[:SNIFF_BYTES],
            error=f"larger than {MAX_DOCUMENT_BYTES // (1024 * 1024)} MB; no cable page is this large",
        )
    if not data.strip():
        return RawRecord(source, position, fmt, raw_bytes=data, error="the file is empty")
    text, note = decode_bytes(data)
    detected = detect_format(text) if fmt == "auto" else fmt
    record = RawRecord(source, position, detected, text=text, raw_bytes=data)
    if note:
        record.notes.append(note)
    if detected == "csv":
        # A single CSV row given as a document: split it here.
        try:
            rows = read_csv_rows(text)
        except CabledbError as exc:
            record.error = exc.message
            return record
        if len(rows) == 1:
            record.fields = rows[0]
            record.text = None
            if len(rows[0]) != len(CSV_COLUMNS):
                record.error = _columns_error(len(rows[0]))
    return record


def _columns_error(n: int) -> str:
    return f"the CSV row has {n} columns, expected {len(CSV_COLUMNS)} (quoting is broken or a field is missing)"


def _from_compressed(
    stream: BinaryIO, head: bytes, kind: str | None, source: str, fmt: str, depth: int
) -> Iterator[RawRecord]:
    """A tar (plain or compressed) or a single compressed file (``cables.csv.gz``)."""
    # The decompressors wrap the input stream, which the caller closes.
    inner: IO[bytes]
    if kind is None:
        inner = stream
    elif kind == "gzip":
        inner = gzip.GzipFile(fileobj=stream)  # type: ignore[assignment]
    elif kind == "xz":
        inner = lzma.LZMAFile(stream)  # noqa: SIM115
    else:
        inner = bz2.BZ2File(stream)
    try:
        inner_head = inner.read(SNIFF_BYTES)
    except (OSError, EOFError, lzma.LZMAError) as exc:
        yield RawRecord(source, "file", fmt, raw_bytes=head, error=f"the {kind} data is corrupt: {exc}")
        return
    rest = _Peekable(inner_head, inner)
    if _is_tar(inner_head):
        yield from _from_tar(io.BufferedReader(rest, buffer_size=1 << 20), source, fmt, depth)
        return
    label = f"{source}!{kind}" if kind else source
    yield from _from_stream(io.BufferedReader(rest, buffer_size=1 << 20), label, fmt, depth=depth + 1)


def _from_tar(stream: BinaryIO, source: str, fmt: str, depth: int) -> Iterator[RawRecord]:
    """Members of a tar stream, read in order, without extracting anything. Links, devices and directories are
    skipped; member names (even ``../x``) are only labels."""
    try:
        tar = tarfile.open(fileobj=stream, mode="r|")  # noqa: SIM115 - a stream, closed with the input
    except tarfile.TarError as exc:
        yield RawRecord(source, "file", fmt, error=f"not a readable tar archive: {exc}")
        return
    index = 0
    try:
        for member in tar:
            if not member.isfile():
                continue
            index += 1
            label = f"{source}!{member.name}"
            if member.size > MAX_DOCUMENT_BYTES and not member.name.lower().endswith((".csv", ".gz", ".xz", ".bz2")):
                yield RawRecord(label, f"member {index}", fmt, error=f"member of {member.size} bytes is too large")
                continue
            fh = tar.extractfile(member)
            if fh is None:
                continue
            yield from _from_stream(fh, label, fmt, depth=depth + 1)
    except (tarfile.TarError, OSError, EOFError, lzma.LZMAError, zipfile.BadZipFile) as exc:
        yield RawRecord(source, f"after member {index}", fmt, error=f"the archive is damaged: {exc}")


def _from_zip(stream: BinaryIO, source: str, fmt: str, depth: int) -> Iterator[RawRecord]:
    """Members of a zip archive. Zip needs seeking: a zip on stdin is spooled to a temporary file first."""
    import tempfile

    with tempfile.TemporaryFile() as tmp:
        while chunk := stream.read(1 << 20):
            tmp.write(chunk)
        tmp.seek(0)
        try:
            archive = zipfile.ZipFile(tmp)
        except zipfile.BadZipFile as exc:
            yield RawRecord(source, "file", fmt, error=f"not a readable zip archive: {exc}")
            return
        with archive:
            for index, info in enumerate(archive.infolist(), start=1):
                if info.is_dir():
                    continue
                label = f"{source}!{info.filename}"
                if depth >= MAX_NESTING:
                    yield RawRecord(label, f"member {index}", fmt, error="archive nested too deep")
                    continue
                try:
                    with archive.open(info) as fh:
                        yield from _from_stream(fh, label, fmt, depth=depth + 1)
                except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, RuntimeError) as exc:
                    yield RawRecord(label, f"member {index}", fmt, error=f"cannot read the member: {exc}")


def _from_csv(stream: BinaryIO, source: str) -> Iterator[RawRecord]:
    """Stream the rows of a ``cables.csv`` dump. The raw text of each row is kept for rejects."""
    csv.field_size_limit(CSV_FIELD_LIMIT)
    text = io.TextIOWrapper(stream, encoding="utf-8", errors="surrogateescape", newline="")
    consumed: list[str] = []

    def lines() -> Iterator[str]:
        for line in text:
            consumed.append(line)
            yield line

    reader = csv.reader(lines(), escapechar="\\", doublequote=False, strict=False)
    row_no = 0
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            raw = "".join(consumed)
            consumed.clear()
            row_no += 1
            yield RawRecord(source, f"row {row_no}, line {reader.line_num}", "csv", raw_text=raw, error=str(exc))
            continue
        raw = "".join(consumed)
        consumed.clear()
        if not row or (len(row) == 1 and not row[0].strip()):
            continue
        row_no += 1
        record = RawRecord(source, f"row {row_no}, line {reader.line_num}", "csv", raw_text=raw)
        if not raw.isascii() and not _valid_utf8(raw):
            row = [f.encode("utf-8", "surrogateescape").decode("utf-8", "replace") for f in row]
            record.notes.append("the row is not valid UTF-8; undecodable bytes were replaced")
        record.fields = row
        if len(row) != len(CSV_COLUMNS):
            record.error = _columns_error(len(row))
        yield record


def _valid_utf8(text: str) -> bool:
    """False when decoding left surrogate escapes (bytes that are not UTF-8) in the text."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
