"""The record every input becomes, before parsing, and the limits that bound it.

A :class:`RawRecord` is one WikiLeaks page, one plain-text cable, one ``cables.csv`` row, or an input that cannot
be read at all (``error`` set, its raw bytes kept for the import's rejects).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TypeVar

T = TypeVar("T")

#: A page, text cable or CSV row larger than this is rejected rather than parsed, and only its first
#: :data:`SNIFF_BYTES` are kept. The largest page of the shared corpus is 139 KB (its body 66 KB); a record a
#: hundred times larger is damage (a runaway field, a decompression bomb), and would cost the database dearly.
MAX_RECORD_BYTES = 16 * 1024 * 1024
#: How much of a file is looked at to detect its format.
SNIFF_BYTES = 64 * 1024


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
    raw_codec: str = "utf-8"  # how raw_text encodes back to the input's bytes (utf-16-le/-be for UTF-16 files)

    @property
    def raw(self) -> bytes:
        """The record's bytes exactly as they were in the input."""
        if self.raw_text is not None:
            return self.raw_text.encode(self.raw_codec, "surrogateescape" if self.raw_codec == "utf-8" else "replace")
        return self.raw_bytes

    @property
    def data(self) -> str | list[str]:
        """What :func:`cabledb.parse.parse_cable` takes."""
        if self.fields is None and self.raw_text is not None and self.format == "csv":
            from cabledb.sources.cables_csv import row_fields  # the CSV reader builds records

            self.fields = row_fields(self.raw_text)
        if self.fields is not None:
            return self.fields
        return self.text or ""

    def compact(self) -> RawRecord:
        """Drop what can be read again from ``raw_text`` (a CSV row's fields), to send the record to another
        process cheaply."""
        if self.raw_text is not None and self.error is None:
            self.fields = None
        return self


def batches(items: Iterable[T], size: int, *, keep_raw: bool = True) -> Iterator[list[T]]:
    """The items in lists of ``size`` (the last may be shorter), each record compacted for a worker process; with
    ``keep_raw=False`` without its raw bytes, for a consumer that reports why a record failed but keeps nothing.
    Other items (the paths :func:`~cabledb.sources.iter_inputs` leaves unread) pass as they are."""
    batch: list[T] = []
    for item in items:
        if isinstance(item, RawRecord):
            if not keep_raw:
                item.raw_bytes = b""
            item.compact()
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def display_path(path: str | os.PathLike[str]) -> str:
    """A path as text that can be stored and printed: bytes that are not UTF-8 (which Python keeps as surrogate
    escapes) become ``\\xNN``.

    >>> display_path(os.fsdecode(b"caf\\xe9.txt"))
    'caf\\\\xe9.txt'
    """
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def too_large(what: str) -> str:
    mb = MAX_RECORD_BYTES // (1024 * 1024)
    return f"the {what} is larger than {mb} MB; no cable is this large (the first {SNIFF_BYTES // 1024} KB are kept)"
