"""Who uses the embedded server: the holder count in ``home/holders``, under ``flock`` on ``home/server.lock``.

Every cabledb command that uses the embedded server writes its PID into ``home/holders``; the last holder to leave
stops the server (unless ``cabledb server start`` made it persistent). PIDs of processes that died (``kill -9``)
are dropped whenever the file is read, so a crash never pins the server forever: the next command adopts it and
stops it when it is done.

The same ``flock`` serializes everything that changes the server's state (initdb, start, stop) across processes.
It is re-entrant within one :class:`Holders`, because the server's steps call each other under it (a start
initializes the data directory first). ``flock`` is released by the kernel when its holder dies, so a killed command
never leaves the lock taken. POSIX only (``fcntl``).
"""

from __future__ import annotations

import fcntl
import logging
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

logger = logging.getLogger(__name__)


def pid_alive(pid: int) -> bool:
    """True if a process with this PID exists and is not a zombie."""
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # it exists, under another user
    try:
        # A killed child that its parent has not reaped yet still answers kill(0); /proc knows better (Linux).
        stat_line = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return True
    return stat_line.rpartition(")")[2].split()[:1] != ["Z"]


class Holders:
    """The lock and the holders file of one cabledb home.

    >>> holders = Holders(Path("/tmp/cabledb-home"))  # doctest: +SKIP
    >>> with holders.locked():  # doctest: +SKIP
    ...     holders.add(os.getpid())
    """

    def __init__(self, home: Path) -> None:
        self.home = home
        self.lock_file = home / "server.lock"
        self.file = home / "holders"
        self._rlock = threading.RLock()
        self._depth = 0
        self._fd: int | None = None

    @contextmanager
    def locked(self) -> Iterator[None]:
        """Hold ``flock`` on home/server.lock; re-entrant within this object, exclusive across processes."""
        with self._rlock:
            if self._depth == 0:
                self.home.mkdir(mode=0o700, parents=True, exist_ok=True)
                fd = os.open(self.lock_file, os.O_RDWR | os.O_CREAT, 0o600)
                try:
                    try:
                        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    except BlockingIOError:
                        logger.info("waiting for another cabledb process to finish with %s", self.home)
                        fcntl.flock(fd, fcntl.LOCK_EX)
                except BaseException:
                    os.close(fd)
                    raise
                self._fd = fd
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
                if self._depth == 0 and self._fd is not None:
                    os.close(self._fd)  # closing releases the flock
                    self._fd = None

    def live(self) -> list[int]:
        """The holders whose processes are alive; dead ones are dropped from the file. Call under the lock."""
        holders = self._read()
        live = [pid for pid in holders if pid_alive(pid)]
        if live != holders:
            logger.info("dropping dead cabledb processes %s from the holders", sorted(set(holders) - set(live)))
            self._write(live)
        return live

    def add(self, pid: int) -> None:
        """Count ``pid`` once more (a process may hold nested sessions). Call under the lock."""
        self._write([*self.live(), pid])

    def remove(self, pid: int) -> list[int]:
        """Remove one entry of ``pid``; return the remaining holders. Call under the lock."""
        holders = self.live()
        if pid in holders:
            holders.remove(pid)
            self._write(holders)
        return holders

    def _read(self) -> list[int]:
        try:
            text = self.file.read_text()
        except FileNotFoundError:
            return []
        return [int(word) for word in text.split() if word.isdigit()]

    def _write(self, holders: list[int]) -> None:
        # Written aside and renamed, so that a reader never sees half a file.
        staging = self.file.with_name(self.file.name + ".new")
        staging.write_text("".join(f"{pid}\n" for pid in holders))
        os.replace(staging, self.file)
