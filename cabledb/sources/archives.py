"""Archives and compressed files, read in place and never unpacked to disk.

``.tar`` (plain or compressed), ``.zip``, ``.7z`` and single compressed files (``.gz``, ``.xz``, ``.bz2``,
``.zst``) are read member by member; archives inside archives are read too, up to :data:`MAX_NESTING` levels.
Member names (even ``../x`` or ``/etc/x``) are only labels; links, devices and FIFOs are rejected, never followed.
A zip or 7z inside another archive (or on stdin) needs seeking: it is copied to an anonymous temporary file, up to
:data:`MAX_SPOOL_BYTES`. Formats that are recognised but not read (RAR, LZ4, ...) are rejected with what to do
instead (:data:`UNSUPPORTED`).
"""

from __future__ import annotations

import bz2
import gzip
import io
import lzma
import sys
import tarfile
import zipfile
import zlib
from collections.abc import Callable, Iterator
from typing import IO, BinaryIO

if sys.version_info >= (3, 14):
    from compression import zstd as zstd
else:
    from backports import zstd as zstd

from cabledb.sources import streams
from cabledb.sources.records import SNIFF_BYTES, RawRecord

#: A zip inside another archive (or on stdin) must be copied to a temporary file to be read (zip needs seeking);
#: larger ones are rejected rather than copied, so that a decompression bomb cannot fill the disk.
MAX_SPOOL_BYTES = 2 * 1024 * 1024 * 1024
#: Archives inside archives are followed this deep.
MAX_NESTING = 3

MAGIC = (
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
UNSUPPORTED = (
    (b"Rar!\x1a\x07", "a RAR archive", "unpack it (unrar x FILE, or 7z x FILE) and import the files"),
    (b"\x04\x22\x4d\x18", "an LZ4 stream", "decompress it (lz4 -d FILE) and import the result"),
    (b"\x1f\x9d", "a Unix compress (.Z) stream", "decompress it (uncompress FILE) and import the result"),
    (b"LZIP", "an lzip stream", "decompress it (lzip -d FILE) and import the result"),
    (b"MSCF", "a Microsoft cabinet (.cab)", "unpack it (cabextract FILE) and import the files"),
)


def compression(head: bytes) -> str | None:
    for magic, name in MAGIC:
        if head.startswith(magic):
            return name
    return None


def is_tar(head: bytes) -> bool:
    return len(head) >= 262 and head[257:262] == b"ustar"


def read_compressed(
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
    rest = streams.Peekable(inner_head, inner)
    if is_tar(inner_head):
        yield from _from_tar(io.BufferedReader(rest, buffer_size=1 << 20), source, fmt, depth)
        return
    label = f"{source}!{kind}" if kind else source
    count = 0
    try:
        for record in streams.read_stream(io.BufferedReader(rest, buffer_size=1 << 20), label, fmt, depth=depth + 1):
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
            yield from streams.read_stream(fh, label, fmt, depth=depth + 1)
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


def read_seekable(
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


def sevenzip_members(fh: IO[bytes], source: str, fmt: str, depth: int) -> Iterator[RawRecord]:
    """Each member of a 7z archive that can seek, read as it is decompressed (:mod:`cabledb.sevenzip`)."""
    # Imported here, not with this module: py7zr and its codecs are a tenth of the start-up of `cabledb parse`
    # (about 22 ms), and only a 7z archive needs them.
    from cabledb import sevenzip

    index = 0
    try:
        for index, member in enumerate(sevenzip.members(fh), start=1):
            label = f"{source}!{member.name}"
            if member.stream is None:
                yield RawRecord(label, f"member {index}", fmt, error=member.refused)
            elif depth >= MAX_NESTING:
                yield RawRecord(label, f"member {index}", fmt, error="archive nested too deep")
            else:
                yield from streams.read_stream(member.stream, label, fmt, depth=depth + 1)
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


def zip_members(fh: IO[bytes], source: str, fmt: str, depth: int) -> Iterator[RawRecord]:
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
                    yield from streams.read_stream(member, label, fmt, depth=depth + 1)
            except (*_DAMAGE, NotImplementedError, RuntimeError) as exc:
                yield RawRecord(label, f"member {index}", fmt, error=f"cannot read the member: {exc}")
