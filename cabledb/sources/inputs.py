"""Paths to records: files, directories and standard input.

Every path is checked before the first record comes out. Directories are walked in name order; links inside them
are not followed; what is not a regular file (a FIFO, a socket, a device) is a rejected record, never opened. An
input that fails while it is read (an I/O error) keeps the records read before the error, and a rejected record
says what happened.
"""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from cabledb.errors import SourceError
from cabledb.parse.formats import detect_format
from cabledb.sources import archives
from cabledb.sources.records import SNIFF_BYTES, RawRecord, display_path
from cabledb.sources.streams import read_stream


def iter_records(paths: Iterable[str | os.PathLike[str]], *, format: str = "auto") -> Iterator[RawRecord]:
    """Yield the raw records of every input. ``"-"`` is standard input.

    Every path is checked before the first record comes out: an empty one, or one that does not exist, raises
    :class:`SourceError`. Anything that is neither a regular file nor a directory (a FIFO, a socket, a device) is
    a rejected record, never opened, since opening a FIFO waits for a writer for ever.

    >>> next(iter_records(["cable.txt"])).format  # doctest: +SKIP
    'text'
    """
    for item in _inputs(paths, format, defer_up_to=-1):
        assert isinstance(item, RawRecord)
        yield item


def iter_inputs(
    paths: Iterable[str | os.PathLike[str]], *, format: str = "auto", defer_up_to: int
) -> Iterator[RawRecord | Path]:
    """:func:`iter_records`, but a regular file of at most ``defer_up_to`` bytes comes out as its path, unread:
    :func:`read_file` reads it, in the worker process that parses it. The process that walks the inputs then
    reads no page, and sends no page to another process (``cabledb parse`` spent a fifth of its CPU time on
    sending decoded pages to its workers). Larger files (a CSV dump, an archive), standard input and what is not a
    regular file are read here, as :func:`iter_records` reads them."""
    return _inputs(paths, format, defer_up_to=defer_up_to)


def read_file(path: Path, format: str = "auto") -> Iterator[RawRecord]:
    """The records of one file that :func:`iter_inputs` left unread, as :func:`iter_records` reads a file."""
    return _from_file(path, format)


def _inputs(paths: Iterable[str | os.PathLike[str]], fmt: str, *, defer_up_to: int) -> Iterator[RawRecord | Path]:
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
            yield from _read_errors(read_stream(sys.stdin.buffer, "<stdin>", fmt, depth=0), "<stdin>", fmt)
        elif os.path.isdir(spec):
            yield from _from_directory(Path(spec), fmt, defer_up_to)
        else:
            yield from _file_or_path(Path(spec), fmt, defer_up_to)


def _file_or_path(path: Path, fmt: str, defer_up_to: int) -> Iterator[RawRecord | Path]:
    """A small regular file as its path (to be read where it is parsed), anything else read now. A compressed file
    or an archive is read now whatever its size (a small one can unpack to any number of records, which are dealt
    out in batches), and so is a file whose first bytes cannot be read (the error is reported as reading reports
    it)."""
    if defer_up_to >= 0 and _small_document(path, defer_up_to):
        yield path
    else:
        yield from _from_file(path, fmt)


def _small_document(path: Path, limit: int) -> bool:
    try:
        with _open_regular(path) as fh:
            if os.fstat(fh.fileno()).st_size > limit:
                return False
            head = fh.read(_MAGIC_BYTES)
    except (OSError, _NotAFile):
        return False
    return archives.compression(head) is None and not archives.is_tar(head)


#: Enough of a file for every magic number of :mod:`~cabledb.sources.archives` (a tar's is at offset 257).
_MAGIC_BYTES = 512


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
            if (
                archives.compression(head)
                or archives.is_tar(head)
                or detect_format(head.decode("utf-8", "replace")) == "csv"
            ):
                return None
            total += 1
    return total


def _is_csv(head: bytes) -> bool:
    return detect_format(head.decode("utf-8", "replace")) == "csv"


def _from_directory(root: Path, fmt: str, defer_up_to: int) -> Iterator[RawRecord | Path]:
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
            yield from _file_or_path(path, fmt, defer_up_to)
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
        yield from _read_errors(read_stream(fh, label, fmt, depth=0, seekable=fh), label, fmt)


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
