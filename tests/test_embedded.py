"""The embedded PostgreSQL, with real processes: initdb once for the module, then starts and stops.

Other cabledb processes are real ``python -c`` children holding a session on the same home, so that the holder
file, the flock and the stale-PID handling are exercised the way two terminals would.
"""

from __future__ import annotations

import os
import select
import signal
import socket
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from cabledb.embedded import EmbeddedServer, default_home
from cabledb.errors import ConfigError, DatabaseError

pytestmark = pytest.mark.db

REPO = Path(__file__).resolve().parents[1]

# A second cabledb process: holds a session until it reads a line on stdin (or is killed).
HOLDER_CODE = textwrap.dedent(
    """
    import sys
    from cabledb.embedded import EmbeddedServer

    with EmbeddedServer().session() as url:
        print(url, flush=True)
        sys.stdin.readline()
    """
)


class Holder:
    """A child process that holds a session on ``home`` (found through CABLEDB_HOME)."""

    def __init__(self, home: Path) -> None:
        pythonpath = os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))
        env = {**os.environ, "CABLEDB_HOME": str(home), "PYTHONPATH": pythonpath}
        self.proc = subprocess.Popen(
            [sys.executable, "-c", HOLDER_CODE],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=REPO,
            env=env,
        )
        assert self.proc.stdout is not None
        ready, _, _ = select.select([self.proc.stdout], [], [], 60)
        line = self.proc.stdout.readline() if ready else ""
        if not line.startswith("postgresql://"):
            self.kill()
            pytest.fail(f"holder did not start a session: {self._stderr()}")
        self.url = line.strip()

    @property
    def pid(self) -> int:
        return self.proc.pid

    def release(self) -> None:
        """End the session normally and check the child exited cleanly."""
        assert self.proc.stdin is not None
        self.proc.stdin.write("\n")
        self.proc.stdin.close()
        returncode = self.proc.wait(timeout=60)
        stderr = self._stderr()
        assert returncode == 0, stderr

    def kill(self) -> None:
        """SIGKILL, as a crash would: the session's exit code never runs."""
        self.proc.kill()
        self.proc.wait(timeout=60)
        self._stderr()

    def _stderr(self) -> str:
        for stream in (self.proc.stdin, self.proc.stdout):
            if stream is not None and not stream.closed:
                stream.close()
        assert self.proc.stderr is not None
        if self.proc.poll() is None:
            return "(still running)"
        text = self.proc.stderr.read()
        self.proc.stderr.close()
        return text


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def child_pids(parent: int) -> list[int]:
    """PIDs of the children of ``parent``, from /proc (Linux)."""
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rpartition(")")[2].split()
            except OSError:
                continue
            if int(fields[1]) == parent:
                pids.append(int(entry.name))
    return pids


def current_database(url: str) -> str:
    with psycopg.connect(url) as conn:
        row = conn.execute("SELECT current_database()").fetchone()
    assert row is not None
    return str(row[0])


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    # Never in the checkout (DESIGN.md): a temporary CABLEDB_HOME per module.
    return tmp_path_factory.mktemp("cabledb-home")


@pytest.fixture(scope="module")
def initialized(home: Path) -> Iterator[EmbeddedServer]:
    server = EmbeddedServer(home)
    server.initialize()  # the one initdb of this module
    yield server
    server.stop(force=True)


@pytest.fixture
def server(initialized: EmbeddedServer) -> Iterator[EmbeddedServer]:
    """The module's server, stopped before and after each test."""
    initialized.stop(force=True)
    yield initialized
    initialized.stop(force=True)


def test_default_home_follows_cabledb_home(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("CABLEDB_HOME", str(tmp_path / "x"))
    assert default_home() == tmp_path / "x"
    assert EmbeddedServer().pgdata == (tmp_path / "x" / "pgdata").resolve()


def test_initialize_is_idempotent(server: EmbeddedServer) -> None:
    assert server.is_initialized()
    version_file = server.pgdata / "PG_VERSION"
    assert version_file.read_text().strip() == "18"
    before = version_file.stat().st_mtime_ns
    server.initialize()
    assert version_file.stat().st_mtime_ns == before
    assert not (server.home / "pgdata.initdb").exists()
    assert not server.status().running


def test_session_starts_and_stops_the_server(server: EmbeddedServer) -> None:
    with server.session() as url:
        status = server.status()
        assert status.running
        assert status.port is None  # socket only
        assert not status.persistent
        assert status.holders == (os.getpid(),)
        assert url == status.url == server.url()
        assert current_database(url) == "cabledb"
        assert server.tcp_url() is None
    status = server.status()
    assert not status.running
    assert status.holders == ()


def test_nested_sessions_in_one_process(server: EmbeddedServer) -> None:
    with server.session():
        with server.session() as url:
            assert server.status().holders == (os.getpid(), os.getpid())
        assert server.status().running
        assert current_database(url) == "cabledb"
    assert not server.status().running


def test_concurrent_sessions_keep_it_running_until_the_last_leaves(server: EmbeddedServer) -> None:
    with server.session() as url:  # this process starts it
        holder = Holder(server.home)  # a second process joins
        assert holder.url == url
        assert set(server.status().holders) == {os.getpid(), holder.pid}
    # The starter left first: the other process still uses the server.
    assert server.status().running
    assert current_database(holder.url) == "cabledb"
    holder.release()  # the last holder out stops it
    assert not server.status().running


def test_persistent_start_survives_sessions_until_stop(server: EmbeddedServer) -> None:
    status = server.start(persistent=True)
    assert status.running and status.persistent
    with server.session() as url:
        assert current_database(url) == "cabledb"
    assert server.status().running
    holder = Holder(server.home)
    holder.release()
    assert server.status().persistent
    assert server.stop() is True
    assert not server.status().running
    assert server.stop() is False


def test_tcp_port_needs_a_password(server: EmbeddedServer, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("PGPASSWORD", raising=False)
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "no-pgpass"))
    port = free_port()
    status = server.start(port=port, persistent=True)
    assert status.port == port
    assert server.start(port=port).port == port  # same port: a no-op
    tcp_url = server.tcp_url()
    assert tcp_url == f"postgresql://postgres@127.0.0.1:{port}/cabledb"
    assert f"port={port}" in server.url()  # the socket is named after the TCP port
    assert current_database(server.url()) == "cabledb"
    # The server answers on TCP, and asks for a password that postgres does not have: scram for host connections.
    with pytest.raises(psycopg.OperationalError, match="no password supplied"):
        psycopg.connect(tcp_url, connect_timeout=10)
    with pytest.raises(DatabaseError, match="already runs on TCP port") as excinfo:
        server.start(port=free_port())
    assert excinfo.value.hint and "stop" in excinfo.value.hint
    assert server.stop()


def test_start_failure_quotes_the_server_log(server: EmbeddedServer) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(DatabaseError, match="Address already in use") as excinfo:
            server.start(port=port)
    assert "last lines of" in excinfo.value.message
    assert excinfo.value.hint and "port" in excinfo.value.hint
    assert not server.status().running


def test_socket_only_server_refuses_a_port_change(server: EmbeddedServer) -> None:
    with server.session(), pytest.raises(DatabaseError, match="Unix socket only"):
        server.start(port=free_port())


def test_killed_holder_is_dropped(server: EmbeddedServer) -> None:
    holder = Holder(server.home)  # the child starts the server (auto mode)
    assert server.status().holders == (holder.pid,)
    holder.kill()  # its session never ends: the server runs on, orphaned
    status = server.status()
    assert status.running
    assert status.holders == ()
    assert str(holder.pid) not in (server.home / "holders").read_text().split()
    # The next command adopts the orphan and, as the last one out, stops it.
    with server.session() as url:
        assert current_database(url) == "cabledb"
    assert not server.status().running


def test_stop_refuses_while_another_process_holds_it(server: EmbeddedServer) -> None:
    holder = Holder(server.home)
    with pytest.raises(DatabaseError, match=str(holder.pid)) as excinfo:
        server.stop()
    assert excinfo.value.hint and "--force" in excinfo.value.hint
    assert server.status().running
    assert server.stop(force=True) is True
    assert not server.status().running
    holder.release()  # its session ends cleanly although the server is gone


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="finds the backends in /proc")
def test_stale_postmaster_pid_does_not_block_start(server: EmbeddedServer) -> None:
    server.start()
    status = server.status()
    assert status.pid is not None
    children = child_pids(status.pid)
    assert children  # checkpointer, walwriter, ...
    os.kill(status.pid, signal.SIGKILL)  # a crash: postmaster.pid and the socket lock stay behind
    deadline = time.monotonic() + 30
    # Its children notice and exit; wait for them, or the new server finds the old shared memory still in use.
    while any(Path(f"/proc/{pid}").exists() for pid in children) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert (server.pgdata / "postmaster.pid").exists()
    assert not server.status().running
    with server.session() as url:
        assert current_database(url) == "cabledb"
    assert not server.status().running


def test_data_dir_of_another_major_is_refused(tmp_path: Path) -> None:
    pgdata = tmp_path / "home" / "pgdata"
    pgdata.mkdir(parents=True)
    (pgdata / "PG_VERSION").write_text("16\n")
    server = EmbeddedServer(tmp_path / "home")
    with pytest.raises(DatabaseError, match="PostgreSQL 16") as excinfo:
        server.start()
    assert excinfo.value.hint and "pg_upgrade" in excinfo.value.hint


def test_long_home_puts_the_socket_under_tmp(tmp_path: Path) -> None:
    server = EmbeddedServer(tmp_path / ("deep" * 30))
    status = server.status()
    assert not status.running
    assert status.socket_dir.parent == Path("/tmp")
    assert len(str(status.socket_dir / ".s.PGSQL.65535")) < 100
    assert not server.home.exists()  # status() creates nothing


def test_comma_in_home_puts_the_socket_under_tmp(tmp_path: Path) -> None:
    # libpq reads host=a,b as two hosts.
    assert EmbeddedServer(tmp_path / "a,b").status().socket_dir.parent == Path("/tmp")


def test_home_that_pg_ctl_cannot_quote_is_refused(tmp_path: Path) -> None:
    server = EmbeddedServer(tmp_path / "a$b")
    with pytest.raises(ConfigError, match="pg_ctl") as excinfo, server.session():
        pass
    assert excinfo.value.hint and "CABLEDB_HOME" in excinfo.value.hint
    assert not server.home.exists()


def test_bad_port_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as excinfo:
        EmbeddedServer(tmp_path).start(port=70000)
    assert excinfo.value.hint
