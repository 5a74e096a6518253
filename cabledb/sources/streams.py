"""One input stream, sniffed: an archive or compressed file (:mod:`cabledb.sources.archives`), a ``cables.csv``
dump (:mod:`cabledb.sources.cables_csv`) or one document (a page or a text cable), decoded.

Formats and compressions are detected from the content, never from file names.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import IO, BinaryIO

from cabledb.parse.formats import HEAD_CHARS, detect_format, format_from_head
from cabledb.parse.text import decode_bytes, utf16_codec
from cabledb.sources import archives
from cabledb.sources.cables_csv import read_csv
from cabledb.sources.records import MAX_RECORD_BYTES, SNIFF_BYTES, RawRecord, too_large


class Peekable(io.RawIOBase):
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


def read_stream(
    stream: IO[bytes], source: str, fmt: str, *, depth: int, seekable: IO[bytes] | None = None
) -> Iterator[RawRecord]:
    """Sniff a binary stream: an archive, a compressed file, a CSV dump or one document. ``seekable`` is the file
    itself when it can seek (a zip is then read in place)."""
    head = stream.read(SNIFF_BYTES)
    kind = archives.compression(head)
    if kind in ("zip", "7z"):
        members = archives.zip_members if kind == "zip" else archives.sevenzip_members
        yield from archives.read_seekable(_whole(head, stream), source, fmt, depth, seekable, kind, members)
        return
    unsupported = next(((what, fix) for magic, what, fix in archives.UNSUPPORTED if head.startswith(magic)), None)
    if unsupported is not None:
        what, fix = unsupported
        yield RawRecord(source, "file", fmt, raw_bytes=head, error=f"format not supported: {what}; {fix}")
        return
    if kind is not None or archives.is_tar(head):
        if depth >= archives.MAX_NESTING:
            yield RawRecord(
                source, "file", fmt, raw_bytes=head, error=f"archive nested deeper than {archives.MAX_NESTING} levels"
            )
            return
        yield from archives.read_compressed(_whole(head, stream), head, kind, source, fmt, depth)
        return
    codec = utf16_codec(head)  # None: ASCII stays ASCII (UTF-8, Windows-1252), which is all the sniff needs
    detected = _sniff_format(head, codec) if fmt == "auto" else fmt
    if detected == "csv":
        yield from read_csv(_whole(head, stream), source, codec)
        return
    # A document is read straight from the stream: through the Peekable and a 1 MB buffer, a 70 KB page cost
    # five times as much to read as to decode.
    data = head + _read_upto(stream, MAX_RECORD_BYTES + 1 - len(head))
    yield from document(source, "file", data, fmt)


def _whole(head: bytes, stream: IO[bytes]) -> BinaryIO:
    """The stream again from its start, for the readers of archives and CSV files."""
    return io.BufferedReader(Peekable(head, stream), buffer_size=1 << 20)


def _sniff_format(head: bytes, codec: str | None) -> str:
    """:func:`detect_format` of the decoded sniff: most inputs are told by their first 2,048 characters (a page's
    ``<!DOCTYPE``, a CSV row's start), which the first 8 KB decode to; only the others decode all 64 KB."""
    start = head[:8192].decode(codec or "utf-8", "replace")
    # Past the last characters, which a sequence cut at 8 KB can garble:
    if len(head) > 8192 and len(start) > HEAD_CHARS + 4:
        told = format_from_head(start)
        if told is not None:
            return told
    return detect_format(head.decode(codec or "utf-8", "replace"))


def _read_upto(stream: IO[bytes], limit: int) -> bytes:
    """At most ``limit`` bytes, to the end of the stream (a short read is not its end: 0 bytes is)."""
    parts: list[bytes] = []
    while limit > 0:
        chunk = stream.read(min(limit, 1 << 20))
        if not chunk:
            break
        parts.append(chunk)
        limit -= len(chunk)
    return b"".join(parts)


def document(source: str, position: str, data: bytes, fmt: str) -> Iterator[RawRecord]:
    """One page or text cable (or, in an encoding the sniff does not read, a CSV file)."""
    if len(data) > MAX_RECORD_BYTES:
        yield RawRecord(source, position, fmt, raw_bytes=data[:SNIFF_BYTES], error=too_large("file"))
        return
    if not data or data.isspace():  # not data.strip(): no copy of the page
        yield RawRecord(source, position, fmt, raw_bytes=data, error="the file is empty")
        return
    text, note = decode_bytes(data)
    detected = detect_format(text) if fmt == "auto" else fmt
    if detected == "csv":
        # CSV text that only decoding revealed (UTF-32, say): read its rows from the decoded text, so none is
        # lost. Their raw bytes are then the UTF-8 of the row.
        for record in read_csv(io.BytesIO(text.encode("utf-8")), source, None):
            if note:
                record.notes.insert(0, note)
            yield record
        return
    record = RawRecord(source, position, detected, text=text, raw_bytes=data)
    if note:
        record.notes.append(note)
    yield record
