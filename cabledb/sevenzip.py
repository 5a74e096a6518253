"""Reading 7z archives member by member, as streams, in bounded memory (with py7zr).

WikiLeaks distributed the torrent builds of Cablegate as ``.7z`` (``cablegate-201012041409.7z``). py7zr decompresses
a whole archive in one call, handing each member's bytes to a writer; here that call runs in a thread whose writers
put the bytes into a small queue, and :func:`members` hands each member out as a stream that reads from the queue.
So a member is read while it is decompressed, never held whole (a ``cables.csv`` of 1.7 GB inside a 7z streams
like any other), and the thread waits while the reader is slow. Nothing is written to disk, and member names are
only labels.
"""

from __future__ import annotations

import io
import queue
import threading
from collections.abc import Iterator
from contextlib import suppress
from dataclasses import dataclass
from typing import IO, Any

import py7zr
from py7zr.io import Py7zIO, WriterFactory

from cabledb.errors import first_line

#: Chunks of decompressed data waiting for the reader (py7zr writes in pieces of up to a few MB at most).
QUEUE_CHUNKS = 8
#: Seconds between checks, while waiting on the queue, that the other side is still there.
POLL = 0.5


class Unreadable(Exception):
    """The archive cannot be read at all, or not past some point: the message says why."""


@dataclass
class Member:
    """One member: a ``stream`` to read (valid until the next member is asked for), or why it is ``refused``."""

    name: str
    stream: IO[bytes] | None = None
    refused: str | None = None


def members(fh: IO[bytes]) -> Iterator[Member]:
    """The members of a 7z archive (``fh`` must seek), in archive order: refused ones (links, names that leave
    the archive) first, then the files, each as a stream. Raises :class:`Unreadable` for an archive that cannot be
    opened or whose data is damaged."""
    try:
        archive = py7zr.SevenZipFile(fh, "r")
    except py7zr.PasswordRequired:
        raise Unreadable("the 7z archive is encrypted: unpack it with its password and import the files") from None
    except Exception as exc:  # py7zr raises many kinds for a damaged header
        raise Unreadable(f"not a readable 7z archive: {first_line(exc)}") from None
    with archive:
        if archive.needs_password():
            raise Unreadable("the 7z archive is encrypted: unpack it with its password and import the files")
        wanted: list[str] = []
        for info in archive.list():
            if info.is_directory:
                continue
            if not info.is_file:
                what = "a symbolic link" if info.is_symlink else "a special member"
                yield Member(info.filename, refused=f"{what}, not a file: links in archives are not followed")
            elif _leaves_archive(info.filename):
                yield Member(
                    info.filename,
                    refused="the member's name leaves the archive (../ or an absolute "
                    "path), which py7zr refuses to read; unpack the archive with 7z and import the files",
                )
            else:
                wanted.append(info.filename)
        if wanted:
            yield from _extracted(archive, wanted)


def _leaves_archive(name: str) -> bool:
    parts = name.replace("\\", "/").split("/")
    return name.startswith(("/", "\\")) or ".." in parts or (len(name) > 1 and name[1] == ":")


def _extracted(archive: py7zr.SevenZipFile, wanted: list[str]) -> Iterator[Member]:
    events: queue.Queue[tuple[str, Any]] = queue.Queue(maxsize=QUEUE_CHUNKS)
    stop = threading.Event()

    def put(event: tuple[str, Any]) -> None:
        while not stop.is_set():
            try:
                events.put(event, timeout=POLL)
                return
            except queue.Full:
                continue
        raise _Stopped

    def run() -> None:
        try:
            archive.extract(targets=wanted, factory=_Factory(put))
            put(("done", None))
        except _Stopped:
            pass
        except Exception as exc:
            with suppress(_Stopped):
                put(("error", exc))

    thread = threading.Thread(target=run, name="cabledb-7z", daemon=True)
    thread.start()
    try:
        while True:
            kind, value = _get(events, thread)
            if kind == "start":
                stream = _MemberStream(events, thread)
                yield Member(value, stream=io.BufferedReader(stream, buffer_size=1 << 20))
                stream.drain()
            elif kind == "error":
                raise Unreadable(f"the 7z data is damaged: {first_line(value)}")
            elif kind == "done":
                return
    finally:
        stop.set()  # the thread stops at its next write, if the reader stopped early
        thread.join(timeout=5)


def _get(events: queue.Queue[tuple[str, Any]], thread: threading.Thread) -> tuple[str, Any]:
    while True:
        try:
            return events.get(timeout=POLL)
        except queue.Empty:
            if not thread.is_alive() and events.empty():
                return ("error", RuntimeError("the 7z reader stopped without finishing"))


class _Stopped(Exception):
    """The reader went away: the extraction stops."""


class _MemberStream(io.RawIOBase):
    """The bytes of one member, as the extraction thread puts them into the queue."""

    def __init__(self, events: queue.Queue[tuple[str, Any]], thread: threading.Thread) -> None:
        self._events = events
        self._thread = thread
        self._chunk = b""
        self._ended = False

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        while not self._chunk and not self._ended:
            kind, value = _get(self._events, self._thread)
            if kind == "data":
                self._chunk = value
            elif kind == "end":
                self._ended = True
            else:  # an error: the caller sees a damaged stream
                self._ended = True
                raise OSError(f"the 7z data is damaged: {first_line(value)}")
        n = min(len(buffer), len(self._chunk))
        buffer[:n] = self._chunk[:n]
        self._chunk = self._chunk[n:]
        return n

    def drain(self) -> None:
        """Skip what the reader left of this member, up to the next one."""
        while not self._ended:
            self._chunk = b""
            self.readinto(bytearray(1 << 16))


class _Writer(Py7zIO):
    """Where py7zr writes one member: into the queue."""

    def __init__(self, put: Any) -> None:
        self._put = put
        self._size = 0

    def write(self, s: bytes | bytearray) -> int:
        self._put(("data", bytes(s)))
        self._size += len(s)
        return len(s)

    def read(self, size: int | None = None) -> bytes:
        return b""

    def seek(self, offset: int, whence: int = 0) -> int:
        return 0

    def seekable(self) -> bool:
        return False

    def flush(self) -> None:
        pass

    def size(self) -> int:
        return self._size

    def close(self) -> None:
        self._put(("end", None))


class _Factory(WriterFactory):
    def __init__(self, put: Any) -> None:
        self._put = put

    def create(self, filename: str) -> Py7zIO:
        self._put(("start", filename))
        return _Writer(self._put)
