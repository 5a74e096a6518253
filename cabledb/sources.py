"""Reading inputs: files, directories, archives and stdin, as a stream of raw records.

Every input becomes :class:`RawRecord` objects: one per WikiLeaks page or plain-text cable, and one per row of a
``cables.csv`` file, which is streamed (the full dump is 1.7 GB). Archives (``.tar``, ``.tar.gz``, ``.tgz``,
``.tar.xz``, ``.tar.bz2``, ``.zip``, ``.7z``, ``.gz``, ``.zst``) are read in place, never unpacked to disk; nested
archives are read too, up to a depth limit. Formats and compressions are detected from the content, never from
file names; formats that are recognised but not read (RAR, LZ4, ...) are rejected with what to do instead.

A record that cannot even be read (a CSV row with the wrong number of columns or broken quoting, a record or
member that is too large, a link inside an archive, an unreadable file) still comes out, with ``error`` set and its
raw bytes kept, so that the importer can record it; so does a FIFO, socket or device, which is never opened.
Nothing here raises for bad input; only a path that is empty or does not exist raises :class:`SourceError`. Memory
stays bounded whatever the input: no record is held beyond :data:`MAX_RECORD_BYTES`, and the stream is read in
blocks of 1 MB (docs/reliability.md, "Hostile input").
"""

from __future__ import annotations

import bz2
import csv
import gzip
import io
import lzma
import os
import re
import stat
import sys
import tarfile
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, BinaryIO

if sys.version_info >= (3, 14):
    from compression import zstd
else:
    from backports import zstd

from cabledb import sevenzip
from cabledb.errors import SourceError
from cabledb.parse.formats import CSV_COLUMNS, CSV_FIELD_LIMIT, detect_format
from cabledb.parse.text import decode_bytes, utf16_codec

#: A page, text cable or CSV row larger than this is rejected rather than parsed, and only its first
#: :data:`SNIFF_BYTES` are kept. The largest page of the shared corpus is 139 KB (its body 66 KB); a record a
#: hundred times larger is damage (a runaway field, a decompression bomb), and would cost the database dearly.
MAX_RECORD_BYTES = 16 * 1024 * 1024
#: A zip inside another archive (or on stdin) must be copied to a temporary file to be read (zip needs seeking);
#: larger ones are rejected rather than copied, so that a decompression bomb cannot fill the disk.
MAX_SPOOL_BYTES = 2 * 1024 * 1024 * 1024
#: Archives inside archives are followed this deep.
MAX_NESTING = 3
#: How much of a file is looked at to detect its format.
SNIFF_BYTES = 64 * 1024

_MAGIC = (
    (b"\x1f\x8b", "gzip"),
    (b"\xfd7zXZ\x00", "xz"),
    (b"BZh", "bz2"),
    (b"\x28\xb5\x2f\xfd", "zstd"),
    (b"PK\x03\x04", "zip"),
    (b"PK\x05\x06", "zip"),
    (b"7z\xbc\xaf\x27\x1c", "7z"),
)
#: Archive and compression formats that are recognised but not read, with what to do instead. They used to be
#: rejected as "binary data", which says nothing useful.
_UNSUPPORTED = (
    (b"Rar!\x1a\x07", "a RAR archive", "unpack it (unrar x FILE, or 7z x FILE) and import the files"),
    (b"\x04\x22\x4d\x18", "an LZ4 stream", "decompress it (lz4 -d FILE) and import the result"),
    (b"\x1f\x9d", "a Unix compress (.Z) stream", "decompress it (uncompress FILE) and import the result"),
    (b"LZIP", "an lzip stream", "decompress it (lzip -d FILE) and import the result"),
    (b"MSCF", "a Microsoft cabinet (.cab)", "unpack it (cabextract FILE) and import the files"),
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
    rows, _, _ = _read_row(raw_text)
    return rows[0] if rows else []


def iter_records(paths: Iterable[str | os.PathLike[str]], *, format: str = "auto") -> Iterator[RawRecord]:
    """Yield the raw records of every input. ``"-"`` is standard input.

    Every path is checked before the first record comes out: an empty one, or one that does not exist, raises
    :class:`SourceError`. Anything that is neither a regular file nor a directory (a FIFO, a socket, a device) is
    a rejected record, never opened, since opening a FIFO waits for a writer for ever.

    >>> next(iter_records(["cable.txt"])).format  # doctest: +SKIP
    'text'
    """
    specs = [os.fspath(path) for path in paths]
    for spec in specs:
        if spec == "":
            raise SourceError(
                "an empty path ('') was given",
                hint="name a file, a directory or - (standard input); an unset shell variable gives an empty argument",
            )
        if spec != "-" and not os.path.lexists(spec):
            raise SourceError(f"{display_path(spec)}: no such file or directory", hint="check the path")
    for spec in specs:
        if spec == "-":
            yield from _read_errors(_from_stream(sys.stdin.buffer, "<stdin>", format, depth=0), "<stdin>", format)
        elif os.path.isdir(spec):
            yield from _from_directory(Path(spec), format)
        else:
            yield from _from_file(Path(spec), format)


def display_path(path: str | os.PathLike[str]) -> str:
    """A path as text that can be stored and printed: bytes that are not UTF-8 (which Python keeps as surrogate
    escapes) become ``\\xNN``.

    >>> display_path(os.fsdecode(b"caf\\xe9.txt"))
    'caf\\\\xe9.txt'
    """
    return os.fsencode(path).decode("utf-8", "backslashreplace")


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
            try:
                fh = _open_regular(f)
                with fh:
                    head = fh.read(SNIFF_BYTES)
            except (OSError, _NotAFile):
                continue  # it is counted as a reject when it is read
            if _compression(head) or _is_tar(head) or detect_format(head.decode("utf-8", "replace")) == "csv":
                return None
            total += 1
    return total


def _from_directory(root: Path, fmt: str) -> Iterator[RawRecord]:
    """Every file under a directory, in name order. Links are not followed, and what is not a regular file is
    rejected with its reason, as a directory that cannot be read is."""
    unreadable: list[OSError] = []
    for dirpath, dirnames, filenames in os.walk(root, onerror=unreadable.append):
        dirnames.sort()
        for name in sorted(filenames):
            path = Path(dirpath) / name
            if path.is_symlink():
                yield RawRecord(
                    display_path(path),
                    "file",
                    fmt,
                    error="a symbolic link: links inside a directory are "
                    "not followed (name its target on the command line to import it)",
                )
                continue
            yield from _from_file(path, fmt)
        while unreadable:
            exc = unreadable.pop(0)
            yield RawRecord(
                display_path(exc.filename or root),
                "directory",
                fmt,
                error=f"cannot read the directory: {exc.strerror or exc}",
            )


class _NotAFile(Exception):
    """What :func:`_open_regular` found instead of a regular file."""


def _open_regular(path: Path) -> BinaryIO:
    """Open a regular file for reading. Anything else raises :class:`_NotAFile` with what it is, without waiting:
    the file is opened non-blocking (a FIFO would otherwise wait for a writer) and checked before it is read."""
    mode = os.stat(path).st_mode  # a socket cannot even be opened
    if not stat.S_ISREG(mode):
        raise _NotAFile(_kind(mode))
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise _NotAFile(_kind(mode))
        os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def _from_file(path: Path, fmt: str) -> Iterator[RawRecord]:
    label = display_path(path)
    try:
        fh = _open_regular(path)
    except _NotAFile as exc:
        yield RawRecord(
            label,
            "file",
            fmt,
            error=f"{exc}, not a file: only regular files, directories and - "
            "(standard input) are read; to read from a pipe, use: cat NAME | cabledb import -",
        )
        return
    except OSError as exc:
        yield RawRecord(label, "file", fmt, error=f"cannot read the file: {exc.strerror or exc}")
        return
    with fh:
        yield from _read_errors(_from_stream(fh, label, fmt, depth=0, seekable=fh), label, fmt)


def _read_errors(records: Iterator[RawRecord], label: str, fmt: str) -> Iterator[RawRecord]:
    """The records of one input, then, if reading it failed (an I/O error, ``/proc/self/mem``), a rejected record
    that says so: the records read before the error are kept, and the other inputs are read."""
    count = 0
    try:
        for record in records:
            count += 1
            yield record
    except OSError as exc:
        position = "file" if count == 0 else f"after record {count}"
        yield RawRecord(label, position, fmt, error=f"cannot read the file: {exc.strerror or exc}")


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


def _from_stream(
    stream: IO[bytes], source: str, fmt: str, *, depth: int, seekable: IO[bytes] | None = None
) -> Iterator[RawRecord]:
    """Sniff a binary stream: an archive, a compressed file, a CSV dump or one document. ``seekable`` is the file
    itself when it can seek (a zip is then read in place)."""
    head = stream.read(SNIFF_BYTES)
    whole: BinaryIO = io.BufferedReader(_Peekable(head, stream), buffer_size=1 << 20)
    kind = _compression(head)
    if kind in ("zip", "7z"):
        members = _zip_members if kind == "zip" else _7z_members
        yield from _from_seekable(whole, source, fmt, depth, seekable, kind, members)
        return
    unsupported = next(((what, fix) for magic, what, fix in _UNSUPPORTED if head.startswith(magic)), None)
    if unsupported is not None:
        what, fix = unsupported
        yield RawRecord(source, "file", fmt, raw_bytes=head, error=f"format not supported: {what}; {fix}")
        return
    if kind is not None or _is_tar(head):
        if depth >= MAX_NESTING:
            yield RawRecord(
                source, "file", fmt, raw_bytes=head, error=f"archive nested deeper than {MAX_NESTING} levels"
            )
            return
        yield from _from_compressed(whole, head, kind, source, fmt, depth)
        return
    codec = utf16_codec(head)  # None: ASCII stays ASCII (UTF-8, Windows-1252), which is all the sniff needs
    text_head = head.decode(codec or "utf-8", "replace")
    detected = detect_format(text_head) if fmt == "auto" else fmt
    if detected == "csv":
        yield from _from_csv(whole, source, codec)
        return
    data = whole.read(MAX_RECORD_BYTES + 1)
    yield from _document(source, "file", data, fmt)


def _document(source: str, position: str, data: bytes, fmt: str) -> Iterator[RawRecord]:
    """One page or text cable (or, in an encoding the sniff does not read, a CSV file)."""
    if len(data) > MAX_RECORD_BYTES:
        yield RawRecord(source, position, fmt, raw_bytes=data[:SNIFF_BYTES], error=_too_large("file"))
        return
    if not data.strip():
        yield RawRecord(source, position, fmt, raw_bytes=data, error="the file is empty")
        return
    text, note = decode_bytes(data)
    detected = detect_format(text) if fmt == "auto" else fmt
    if detected == "csv":
        # CSV text that only decoding revealed (UTF-32, say): read its rows from the decoded text, so none is
        # lost. Their raw bytes are then the UTF-8 of the row.
        for record in _from_csv(io.BytesIO(text.encode("utf-8")), source, None):
            if note:
                record.notes.insert(0, note)
            yield record
        return
    record = RawRecord(source, position, detected, text=text, raw_bytes=data)
    if note:
        record.notes.append(note)
    yield record


def _too_large(what: str) -> str:
    mb = MAX_RECORD_BYTES // (1024 * 1024)
    return f"the {what} is larger than {mb} MB; no cable is this large (the first {SNIFF_BYTES // 1024} KB are kept)"


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
    elif kind == "zstd":
        inner = zstd.ZstdFile(stream)  # type: ignore[assignment]
    else:
        inner = bz2.BZ2File(stream)
    try:
        inner_head = inner.read(SNIFF_BYTES)
    except (OSError, EOFError, lzma.LZMAError, zstd.ZstdError) as exc:
        yield RawRecord(source, "file", fmt, raw_bytes=head, error=f"the {kind} data is corrupt: {exc}")
        return
    rest = _Peekable(inner_head, inner)
    if _is_tar(inner_head):
        yield from _from_tar(io.BufferedReader(rest, buffer_size=1 << 20), source, fmt, depth)
        return
    label = f"{source}!{kind}" if kind else source
    count = 0
    try:
        for record in _from_stream(io.BufferedReader(rest, buffer_size=1 << 20), label, fmt, depth=depth + 1):
            count += 1
            yield record
    except _DAMAGE as exc:
        # The records before the damage are read; the raw bytes kept are the start of the compressed input.
        yield RawRecord(
            label, f"after record {count}", fmt, raw_bytes=head, error=f"the {kind} data is cut short or damaged: {exc}"
        )


#: Reads the members of a seekable archive: (file, source, format, depth) -> records.
_Members = Callable[[IO[bytes], str, str, int], Iterator[RawRecord]]
#: What a damaged archive or compressed stream raises while it is read.
_DAMAGE = (tarfile.TarError, OSError, EOFError, lzma.LZMAError, zlib.error, zipfile.BadZipFile, zstd.ZstdError)


def _from_tar(stream: BinaryIO, source: str, fmt: str, depth: int) -> Iterator[RawRecord]:
    """Members of a tar stream, read in order, without extracting anything: member names (even ``../x`` or
    ``/etc/x``) are only labels. Directories are skipped; links, devices and FIFOs are rejected (never followed),
    so that nothing in an archive vanishes without a trace. Each member is bounded as any input is."""
    try:
        tar = tarfile.open(fileobj=stream, mode="r|")  # noqa: SIM115 - a stream, closed with the input
    except tarfile.TarError as exc:
        yield RawRecord(source, "file", fmt, error=f"not a readable tar archive: {exc}")
        return
    index = 0
    try:
        for member in tar:
            if member.isdir():
                continue
            index += 1
            label = f"{source}!{member.name}"
            if not member.isfile():
                yield RawRecord(label, f"member {index}", fmt, error=_not_a_file(member))
                continue
            fh = tar.extractfile(member)
            if fh is None:
                continue
            yield from _from_stream(fh, label, fmt, depth=depth + 1)
    except _DAMAGE as exc:
        yield RawRecord(source, f"after member {index}", fmt, error=f"the archive is damaged: {exc}")


def _not_a_file(member: tarfile.TarInfo) -> str:
    if member.issym():
        return f"a symbolic link to {member.linkname!r}, not a file: links in archives are not followed"
    if member.islnk():
        return (
            f"a hard link to {member.linkname!r}, not a file: refused, because links in archives are never "
            "followed (a hard link has no data of its own, and may name a file outside the archive)"
        )
    kind = "device" if member.isdev() and not member.isfifo() else "FIFO" if member.isfifo() else "special member"
    return f"a {kind}, not a file: only regular files are read"


def _from_seekable(
    stream: BinaryIO, source: str, fmt: str, depth: int, seekable: IO[bytes] | None, kind: str, members: _Members
) -> Iterator[RawRecord]:
    """Members of an archive that needs seeking (zip, 7z): a file is read in place; an archive inside another one
    or on stdin is copied to an anonymous temporary file first, up to :data:`MAX_SPOOL_BYTES`."""
    import tempfile

    if seekable is not None and _rewind(seekable):
        yield from members(seekable, source, fmt, depth)
        return
    with tempfile.TemporaryFile() as tmp:
        size = 0
        while chunk := stream.read(1 << 20):
            size += len(chunk)
            if size > MAX_SPOOL_BYTES:
                tmp.seek(0)
                head = tmp.read(SNIFF_BYTES)
                gb = MAX_SPOOL_BYTES / (1024 * 1024 * 1024)
                yield RawRecord(
                    source,
                    "file",
                    fmt,
                    raw_bytes=head,
                    error=f"a {kind} archive inside another archive "
                    f"(or on stdin) larger than {gb:g} GB is not read; unpack it and import the {kind} "
                    f"file itself (the first {SNIFF_BYTES // 1024} KB are kept)",
                )
                return
            tmp.write(chunk)
        tmp.seek(0)
        yield from members(tmp, source, fmt, depth)


def _7z_members(fh: IO[bytes], source: str, fmt: str, depth: int) -> Iterator[RawRecord]:
    """Each member of a 7z archive that can seek, read as it is decompressed (:mod:`cabledb.sevenzip`)."""
    index = 0
    try:
        for index, member in enumerate(sevenzip.members(fh), start=1):
            label = f"{source}!{member.name}"
            if member.stream is None:
                yield RawRecord(label, f"member {index}", fmt, error=member.refused)
            elif depth >= MAX_NESTING:
                yield RawRecord(label, f"member {index}", fmt, error="archive nested too deep")
            else:
                yield from _from_stream(member.stream, label, fmt, depth=depth + 1)
    except (sevenzip.Unreadable, OSError) as exc:
        fh.seek(0)
        position = "file" if index == 0 else f"after member {index}"
        yield RawRecord(source, position, fmt, raw_bytes=fh.read(SNIFF_BYTES) if index == 0 else b"", error=str(exc))


def _rewind(fh: IO[bytes]) -> bool:
    """Seek a file back to its start; False when it cannot (a pipe)."""
    try:
        if not fh.seekable():
            return False
        fh.seek(0)
    except OSError:
        return False
    return True


def _zip_members(fh: IO[bytes], source: str, fmt: str, depth: int) -> Iterator[RawRecord]:
    """Each member of a zip archive that can seek. Member names (even ``../../x``) are only labels."""
    try:
        archive = zipfile.ZipFile(fh)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
        fh.seek(0)
        yield RawRecord(source, "file", fmt, raw_bytes=fh.read(SNIFF_BYTES), error=f"not a readable zip archive: {exc}")
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
                with archive.open(info) as member:
                    yield from _from_stream(member, label, fmt, depth=depth + 1)
            except (*_DAMAGE, NotImplementedError, RuntimeError) as exc:
                yield RawRecord(label, f"member {index}", fmt, error=f"cannot read the member: {exc}")


#: A line that starts a ``cables.csv`` row. No line inside a well-formed row can start with an unescaped quote
#: followed by digits and ``","`` (the quote would close a field and the digits would follow it), so a new row
#: starts at such a line even when the row before never closed its last quote: the damage stays in that row.
_ROW_START = re.compile(r'"\d{1,9}","')
#: The same after a line break. Two patterns with a literal first character, because the regular expression engine
#: scans for those fifty times faster than for a character class or a lookbehind (the dump is 1.7 GB).
_ROW_AFTER_LF = re.compile(r'\n"\d{1,9}","')
_ROW_AFTER_CR = re.compile(r'\r"\d{1,9}","')
#: A CSV stream is read in blocks of about this many characters, each ended at a line end: one regular
#: expression finds the row starts of a block, and a stream without line breaks (a runaway field, a bomb) cannot
#: fill memory.
_BLOCK = 1 << 20
#: Appended to a row's text to learn whether its last field was closed: when it was, the sentinel is a row of
#: its own; when a quote is still open, the sentinel's quote closes it and no such row comes out.
_SENTINEL_FIELD = "\ue000cabledb-end-of-row"
_SENTINEL = f'\r\n"{_SENTINEL_FIELD}"\r\n'
_ESCAPED_BYTE = re.compile("[\udc80-\udcff]")


def _line_breaks(text: str) -> int:
    """Line ends, counted as ``wc -l`` and ``sed -n 12p`` count them (a lone CR is not one)."""
    return text.count("\n")


def _from_csv(stream: BinaryIO, source: str, codec: str | None = None) -> Iterator[RawRecord]:
    """Stream the rows of a ``cables.csv`` dump, one record per row, with the raw text of each row kept for
    rejects. Rows are cut at the lines that start a row (:data:`_ROW_START`), then each is read with the csv
    module: a row with broken quoting is rejected alone, and reading goes on at the next row. ``codec`` is the
    UTF-16 codec of a UTF-16 file; otherwise the text is UTF-8, with other bytes kept as surrogate escapes."""
    text = io.TextIOWrapper(
        stream, encoding=codec or "utf-8", errors="replace" if codec else "surrogateescape", newline=""
    )
    parts: list[str] = []  # the current row's text (only its first SNIFF_BYTES once it is too large)
    size = breaks = 0  # the current row's characters and line breaks
    too_large = ends_line = False
    row_no = lines_before = 0
    at_line_start = True

    def add(piece: str) -> None:
        nonlocal size, breaks, too_large, ends_line, parts
        if not piece:
            return
        breaks += _line_breaks(piece)
        ends_line = piece.endswith("\n")
        if too_large:
            return  # the rest of an oversized row, up to the next row: read and dropped
        parts.append(piece)
        size += len(piece)
        if size > MAX_RECORD_BYTES:
            too_large = True
            parts = ["".join(parts)[:SNIFF_BYTES]]

    def flush() -> RawRecord | None:
        nonlocal row_no, lines_before, parts, size, breaks, too_large
        raw = "".join(parts)
        if too_large:
            last_line = lines_before + breaks + (0 if ends_line else 1)
        else:
            last_line = lines_before + breaks - _line_breaks(raw[len(raw.rstrip()) :]) + 1
        lines_before += breaks
        was_too_large = too_large
        parts, size, breaks, too_large = [], 0, 0, False
        if not raw.strip():
            return None
        row_no += 1
        position = f"row {row_no}, line {last_line}"
        if was_too_large:
            return RawRecord(source, position, "csv", raw_text=raw, raw_codec=codec or "utf-8", error=_too_large("row"))
        return _csv_record(source, position, raw, codec)

    while block := text.read(_BLOCK):
        if not block.endswith("\n"):
            block += text.readline(_BLOCK)  # end the block at a line end, so that no row start is cut in two
        cut = 0
        starts_row = at_line_start and block.startswith('"') and _ROW_START.match(block)
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
    starts = [m.start() + 1 for m in _ROW_AFTER_LF.finditer(block)]
    if '\r"' in block:  # a lone CR ends lines only in damaged files: rarely searched
        starts = sorted(starts + [m.start() + 1 for m in _ROW_AFTER_CR.finditer(block)])
    return starts


def _csv_record(source: str, position: str, raw: str, codec: str | None) -> RawRecord:
    """One row's record, from the text between two row starts."""
    record = RawRecord(source, position, "csv", raw_text=raw, raw_codec=codec or "utf-8")
    try:
        rows, closed, recoded = _read_row(raw)
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


def _read_row(raw: str) -> tuple[list[list[str]], bool, bool]:
    """The rows (blank ones left out) of one row's text, whether its last quote was closed, and whether bytes
    that are not UTF-8 (surrogate escapes) were read as Windows-1252, as :func:`decode_bytes` reads a document.
    A BOM at the start of the file is dropped."""
    text = raw[1:] if raw.startswith("\ufeff") else raw
    recoded = not text.isascii() and not _valid_utf8(text)
    if recoded:
        text = _ESCAPED_BYTE.sub(lambda m: bytes([ord(m.group()) - 0xDC00]).decode("cp1252", "replace"), text)
    rows = _csv_rows(text + _SENTINEL)
    if rows and rows[-1] == [_SENTINEL_FIELD]:
        return rows[:-1], True, recoded
    return _csv_rows(text), False, recoded


def _csv_rows(text: str) -> list[list[str]]:
    csv.field_size_limit(CSV_FIELD_LIMIT)
    reader = csv.reader(io.StringIO(text, newline=""), escapechar="\\", doublequote=False, strict=False)
    return [row for row in reader if row and not (len(row) == 1 and not row[0].strip())]


def _columns_error(n: int) -> str:
    return f"the CSV row has {n} columns, expected {len(CSV_COLUMNS)} (quoting is broken or a field is missing)"


def _valid_utf8(text: str) -> bool:
    """False when decoding left surrogate escapes (bytes that are not UTF-8) in the text."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
