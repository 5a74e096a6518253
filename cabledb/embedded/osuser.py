"""The OS user that runs PostgreSQL when cabledb itself runs as root.

PostgreSQL refuses to run as root. So, as root, cabledb creates a system user ``cabledb-pg`` once, gives it the
data directory, the socket directory and the log, and adds traverse-only permission (``o+x``, never read) to the
parent directories of the cabledb home and of the binaries that lack it, so that this user can reach them. Clients
still connect as root, over the Unix socket, which root can always reach. As any other user, none of this happens:
the server runs as the user who runs cabledb.
"""

from __future__ import annotations

import logging
import os
import pwd
import shlex
import stat
import subprocess
from dataclasses import dataclass
from pathlib import Path

from cabledb.embedded.binaries import bin_dir
from cabledb.errors import ConfigError

logger = logging.getLogger(__name__)

#: OS user that runs the server when cabledb itself runs as root.
PG_OS_USER = "cabledb-pg"


@dataclass(frozen=True)
class OsUser:
    """The uid and gid the PostgreSQL programs run as."""

    uid: int
    gid: int


def server_user(home: Path) -> OsUser | None:
    """The OS user to run PostgreSQL as for this home: None (ourselves) unless we are root.

    As root, the user is created on first use, and ``home`` and the binaries are made reachable by it.
    """
    if os.geteuid() != 0:
        return None
    owner = ensure_os_user()
    home.mkdir(mode=0o700, parents=True, exist_ok=True)
    grant_traverse(home)
    grant_traverse(bin_dir())
    return owner


def ensure_os_user() -> OsUser:
    """The OS user that runs the server when we are root, created on first use."""
    try:
        entry = pwd.getpwnam(PG_OS_USER)
    except KeyError:
        cmd = ["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", PG_OS_USER]
        logger.info("creating OS user %s to run PostgreSQL (it refuses to run as root)", PG_OS_USER)
        try:
            result = subprocess.run(cmd, capture_output=True, text=True, check=False)
        except FileNotFoundError as exc:
            raise ConfigError(
                f"PostgreSQL cannot run as root and `useradd` is missing to create the OS user {PG_OS_USER}",
                hint=f"create a system user named {PG_OS_USER} yourself, or run cabledb as a non-root user",
            ) from exc
        try:  # another process may have created it at the same time
            entry = pwd.getpwnam(PG_OS_USER)
        except KeyError:
            raise ConfigError(
                f"could not create the OS user {PG_OS_USER}: {result.stderr.strip()}",
                hint=f"create it yourself with `{shlex.join(cmd)}`, or run cabledb as a non-root user",
            ) from None
    return OsUser(entry.pw_uid, entry.pw_gid)


def grant_traverse(path: Path) -> None:
    """Let other users pass through ``path`` and its parents (o+x only: they still cannot list them)."""
    for directory in (path, *path.parents):
        mode = directory.stat().st_mode
        if not mode & stat.S_IXOTH:
            logger.info("adding o+x to %s so that %s can reach the data directory", directory, PG_OS_USER)
            directory.chmod(stat.S_IMODE(mode) | stat.S_IXOTH)


def chown_tree(path: Path, owner: OsUser) -> None:
    """Give ``path`` (recursively) to the server's OS user, if it does not own it already."""
    if not path.exists() or path.stat().st_uid == owner.uid:
        return
    os.chown(path, owner.uid, owner.gid, follow_symlinks=False)
    for root, dirs, files in os.walk(path):
        for name in (*dirs, *files):
            os.chown(os.path.join(root, name), owner.uid, owner.gid, follow_symlinks=False)
