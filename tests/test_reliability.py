"""Reliability on real PostgreSQL: killed imports, a database lost mid-import, concurrent imports, failed runs,
and secrets kept out of messages. benchmarks/crash.py runs the kill test at full length (10 kills per server)."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from contextlib import suppress
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest
from click.testing import CliRunner

from cabledb.cli import cli
from cabledb.db import IMPORT_LOCK_KEY
from tests.conftest import (
    CORPUS_IMPORT_SECONDS,
    CSV_SAMPLE,
    HTML_ARCHIVE,
    REPO,
    SEED_TEXT,
    DatabaseFactory,
    _with_database,
    need,
    table_checksums,
)

pytestmark = [pytest.mark.db, pytest.mark.slow]

#: Kills per server in the suite (benchmarks/crash.py does 10).
KILLS = int(os.environ.get("CABLEDB_TEST_KILLS", "3"))


def corpus() -> list[str]:
    return [str(need(path)) for path in (HTML_ARCHIVE, CSV_SAMPLE, SEED_TEXT)]


def cabledb(*args: str, env: dict[str, str] | None = None, **kwargs: object) -> subprocess.Popen[str]:
    """``cabledb ARGS`` in a process of its own (and its own process group, with its workers)."""
    return subprocess.Popen(
        [sys.executable, "-m", "cabledb", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, **(env or {})},
        start_new_session=True,
        cwd=REPO,
        **kwargs,  # type: ignore[arg-type]
    )


def finish(proc: subprocess.Popen[str], timeout: float = 600) -> tuple[int, str, str]:
    out, err = proc.communicate(timeout=timeout)
    return proc.returncode, out, err


def rows(url: str, query: str) -> list[tuple[object, ...]]:
    with psycopg.connect(url) as conn:
        return conn.execute(query.encode()).fetchall()


def unfinished_runs(url: str) -> int:
    """What ``cabledb stats`` counts as unfinished import runs."""
    proc = subprocess.run([sys.executable, "-m", "cabledb", "stats", "--json", "--database-url", url],
                          capture_output=True, text=True, cwd=REPO, timeout=120)  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    return int(json.loads(proc.stdout)["unfinished_import_runs"])


def wait_for_cables(url: str, proc: subprocess.Popen[str], timeout: float = 120) -> None:
    """Until the import has committed cables (it runs with small batches, so most are still to come)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and proc.poll() is None:
        with suppress(psycopg.Error), psycopg.connect(url, connect_timeout=5) as conn:
            if conn.execute("SELECT count(*) FROM cable").fetchone() != (0,):
                return
        time.sleep(0.1)
    pytest.fail(f"the import committed no cable within {timeout} s (exit status {proc.poll()})")


def ends_within(proc: subprocess.Popen[str], seconds: float) -> tuple[int, str, str]:
    """The exit status and output of a command that must end within ``seconds``; its process group is killed
    otherwise, and the test fails."""
    try:
        return finish(proc, timeout=seconds)
    except subprocess.TimeoutExpired:
        with suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        _, err = proc.communicate()
        pytest.fail(f"still running after {seconds} s; stderr so far: {err[-2000:]}")


def group_gone(pgid: int, timeout: float = 15) -> bool:
    """Whether every process of the group (the import and its workers) has ended within the timeout."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            os.killpg(pgid, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.1)
    return False


# -- crashes ------------------------------------------------------------------------------------------------------


def test_killed_imports_end_like_an_uninterrupted_one(
    databases: DatabaseFactory, corpus_url: str, corpus_checksums: dict[str, tuple[int, str]]
) -> None:
    """SIGKILL at random moments, then the same import again: every table equals an uninterrupted import's."""
    inputs = corpus()
    expected = corpus_checksums
    full = CORPUS_IMPORT_SECONDS[corpus_url] + 1  # the command's start-up
    rng = random.Random(20261128)
    for i in range(KILLS):
        # The default batch size, then a small one: many batches commit, so that kills land between commits too.
        options = ["-q", "--batch-size", "2000" if i % 2 == 0 else "150"]
        url = databases.fresh()
        proc = cabledb("import", *options, "--database-url", url, *inputs)
        time.sleep(rng.uniform(0.5, full * 0.95))
        proc.kill()  # SIGKILL to the command only, as `kill -9 PID` does: its workers must notice and stop
        proc.communicate()
        assert group_gone(proc.pid), "worker processes outlived the killed import"
        killed = rows(url, "SELECT status, finished_at FROM import_run")
        assert killed in ([], [("running", None)]) or killed[0][0] == "finished"
        code, _, err = finish(cabledb("import", *options, "--database-url", url, *inputs))
        assert code == 0, err
        assert table_checksums(url) == expected
        statuses = [r[0] for r in rows(url, "SELECT status FROM import_run ORDER BY id")]
        # The killed run could not mark itself; the second import found its lock free and marked it.
        assert statuses in (["finished"], ["interrupted", "finished"], ["finished", "finished"]), statuses
        assert unfinished_runs(url) == 0


@pytest.mark.parametrize("how", ["server stop --force", "kill -9 postmaster"])
def test_database_lost_mid_import(tmp_path: Path, how: str) -> None:
    """The embedded server stopped, or its postmaster killed, during an import: a short error and exit status 1
    within 30 s; once it is back, the same import completes with the same tables as an uninterrupted one."""
    inputs = corpus()
    env = {"CABLEDB_HOME": str(tmp_path / "home"), "CABLEDB_DATABASE_URL": ""}
    try:
        # Initialized and migrated first: the stats calls below would otherwise migrate it beside the import (which
        # then waits for them, and says so).
        assert finish(cabledb("stats", env=env))[0] == 0
        # Small batches: cables are committed early, and the server stops while most are still to come (with full
        # job queues, which once left the import blocked for ever).
        proc = cabledb("import", "-q", "--batch-size", "100", *inputs, env=env)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:  # until cables are loading
            status = subprocess.run([sys.executable, "-m", "cabledb", "stats", "--json"], capture_output=True,
                                    text=True, env={**os.environ, **env}, cwd=REPO)  # fmt: skip
            if status.returncode == 0 and '"cable": 0' not in status.stdout:
                break
            time.sleep(0.2)
        if how == "server stop --force":
            stop = subprocess.run([sys.executable, "-m", "cabledb", "server", "stop", "--force"],
                                  capture_output=True, text=True, env={**os.environ, **env}, cwd=REPO)  # fmt: skip
            assert stop.returncode == 0, stop.stderr
        else:
            postmaster = int((tmp_path / "home" / "pgdata" / "postmaster.pid").read_text().split()[0])
            os.kill(postmaster, signal.SIGKILL)
        code, _, err = ends_within(proc, 30)
        assert code == 1, err
        lines = err.strip().splitlines()
        assert lines[0].startswith("Error: ") and "database" in lines[0], err
        assert len(lines) <= 2 and all(line.startswith("  Fix: ") for line in lines[1:]), err
        assert "Traceback" not in err
        assert group_gone(proc.pid)

        code, _, err = finish(cabledb("import", "-q", *inputs, env=env))  # the server starts again by itself
        assert code == 0, err
        url = subprocess.run([sys.executable, "-m", "cabledb", "db", "url"], capture_output=True, text=True,
                             env={**os.environ, **env}, cwd=REPO).stdout.strip()  # fmt: skip
        server = cabledb("server", "start", env=env)  # keep it up while we compare
        assert finish(server)[0] == 0
        parts = urlsplit(url)
        with psycopg.connect(urlunsplit(parts._replace(path="/postgres")), autocommit=True) as conn:
            conn.execute("CREATE DATABASE reference")
        reference = urlunsplit(parts._replace(path="/reference"))
        assert finish(cabledb("db", "upgrade", "--database-url", reference, env=env))[0] == 0
        code, _, err = finish(cabledb("import", "-q", "--database-url", reference, *inputs, env=env))
        assert code == 0, err
        assert table_checksums(url) == table_checksums(reference)
        # The server may stop after the run was recorded as finished, while the command still ran its last steps.
        # A run that could not be marked failed (the server was gone) is marked interrupted by the second import.
        assert rows(url, "SELECT status FROM import_run ORDER BY id") in (
            [("interrupted",), ("finished",)],
            [("failed",), ("finished",)],
            [("finished",), ("finished",)],
        )
    finally:
        subprocess.run([sys.executable, "-m", "cabledb", "server", "stop", "--force"], capture_output=True,
                       env={**os.environ, **env}, cwd=REPO)  # fmt: skip


@pytest.mark.parametrize("how", ["Ctrl-C", "SIGTERM"])
def test_interrupted_import_says_one_line_and_marks_its_run(
    databases: DatabaseFactory, corpus_checksums: dict[str, tuple[int, str]], how: str
) -> None:
    """Ctrl-C (SIGINT to the whole process group, as a terminal sends it) or SIGTERM (to the command) mid-import:
    within 30 s, one line on stderr, exit status 130 or 143, no worker left, the run marked interrupted; then the
    same import completes with the tables of an uninterrupted one."""
    inputs = corpus()
    url = databases.fresh()
    proc = cabledb("import", "-q", "--batch-size", "100", "--database-url", url, *inputs)
    wait_for_cables(url, proc)
    if how == "Ctrl-C":
        os.killpg(proc.pid, signal.SIGINT)
    else:
        proc.send_signal(signal.SIGTERM)
    code, out, err = ends_within(proc, 30)
    assert code == (130 if how == "Ctrl-C" else 143), err
    run_id = rows(url, "SELECT max(id) FROM import_run")[0][0]
    assert err.splitlines() == [
        f"Interrupted by {how}: import run {run_id} is marked interrupted; the batches it finished are kept: run the "
        "same import again to complete it"
    ], err
    assert out == "" and group_gone(proc.pid)
    assert rows(url, "SELECT status, message FROM import_run") == [("interrupted", f"interrupted by {how}")]
    code, _, err = finish(cabledb("import", "-q", "--database-url", url, *inputs))
    assert code == 0, err
    assert table_checksums(url) == corpus_checksums
    assert rows(url, "SELECT status FROM import_run ORDER BY id") == [("interrupted",), ("finished",)]
    assert unfinished_runs(url) == 0


def test_downgrade_waits_for_a_running_import(
    databases: DatabaseFactory, corpus_url: str, corpus_checksums: dict[str, tuple[int, str]]
) -> None:
    """`cabledb db downgrade base` during an import waits for it, saying so, instead of dropping the tables under
    it (the import used to hang); the import finishes, then the downgrade runs, and an upgrade and the same import
    give the tables of an uninterrupted one."""
    inputs = corpus()
    url = databases.fresh()
    importer = cabledb("import", "-q", "--batch-size", "100", "--database-url", url, *inputs)
    wait_for_cables(url, importer)
    downgrade = cabledb("db", "downgrade", "base", "--database-url", url)
    code, _, err = ends_within(importer, CORPUS_IMPORT_SECONDS[corpus_url] * 3 + 60)
    assert code == 0, err
    code, out, err = ends_within(downgrade, 60)
    assert code == 0, err
    assert "cabledb: waiting for an import of this database (server process" in err and "Traceback" not in err, err
    assert out.strip().endswith("at revision base")
    assert finish(cabledb("db", "upgrade", "--database-url", url))[0] == 0
    code, _, err = finish(cabledb("import", "-q", "--database-url", url, *inputs))
    assert code == 0, err
    assert table_checksums(url) == corpus_checksums


def test_import_waits_for_a_migration(database_url: str) -> None:
    """An import started while a migration holds the lock waits for it, and says so."""
    sample = str(REPO / "examples" / "cable-illustrative.txt")
    with psycopg.connect(database_url, autocommit=True, application_name="cabledb migration") as migration:
        migration.execute("SELECT pg_advisory_lock(%s)", (IMPORT_LOCK_KEY,))
        proc = cabledb("import", "-q", "--database-url", database_url, sample)
        time.sleep(3)
        assert proc.poll() is None, proc.communicate()
        assert rows(database_url, "SELECT count(*) FROM import_run") == [(0,)]
    code, out, err = ends_within(proc, 60)
    assert code == 0, err
    assert "cabledb: waiting for a migration of this database (server process" in err, err
    assert "1 inserted" in out


@pytest.mark.skipif(os.geteuid() != 0, reason="mounting a small file system needs root")
def test_full_disk_ends_the_import(databases: DatabaseFactory, corpus_checksums: dict[str, tuple[int, str]]) -> None:
    """The database's disk fills up mid-import (a tablespace on a small tmpfs): one line that says so, exit status
    1, within 30 s of the failure; with space again, the same import completes with the tables of an uninterrupted
    one."""
    inputs = corpus()
    name = f"{databases.prefix}_full"
    space = f"{name}_space"
    mount = Path(tempfile.mkdtemp(prefix="cabledb-full-", dir="/tmp"))
    with psycopg.connect(databases.admin_url, autocommit=True) as admin:
        owner = Path(admin.execute("SELECT current_setting('data_directory')").fetchone()[0]).stat()  # type: ignore[index]
        size = admin.execute("SELECT pg_database_size(%s)", (databases.template,)).fetchone()[0]  # type: ignore[index]
    subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size + (12 << 20)},mode=0700", "tmpfs", str(mount)],
                   check=True)  # fmt: skip
    try:
        os.chown(mount, owner.st_uid, owner.st_gid)
        mount.chmod(0o700)
        mount.parent.chmod(mount.parent.stat().st_mode | 0o001)
        with psycopg.connect(databases.admin_url, autocommit=True) as admin:
            admin.execute(f"CREATE TABLESPACE {space} LOCATION '{mount}'".encode())
            admin.execute(f"CREATE DATABASE {name} TEMPLATE {databases.template} TABLESPACE {space}".encode())
        url = _with_database(databases.admin_url, name)
        started = time.monotonic()
        proc = cabledb("import", "-q", "--batch-size", "100", "--database-url", url, *inputs)
        code, _, err = ends_within(proc, 300)
        assert code == 1, err
        lines = err.strip().splitlines()
        assert lines[0].startswith("Error: the import stopped: the database server's disk is full: "), err
        assert len(lines) == 2 and lines[1].startswith("  Fix: free space on the disk of the database server"), err
        assert group_gone(proc.pid)
        took = time.monotonic() - started
        subprocess.run(["mount", "-o", "remount,size=2g", str(mount)], check=True)
        code, _, err = finish(cabledb("import", "-q", "--database-url", url, *inputs))
        assert code == 0, err
        assert table_checksums(url) == corpus_checksums
        assert [r[0] for r in rows(url, "SELECT status FROM import_run ORDER BY id")][-1] == "finished"
        assert unfinished_runs(url) == 0
        print(f"the full disk ended the import after {took:.1f} s")
    finally:
        with psycopg.connect(databases.admin_url, autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)".encode())
            admin.execute(f"DROP TABLESPACE IF EXISTS {space}".encode())
        subprocess.run(["umount", str(mount)], check=False)
        mount.rmdir()


def test_first_commands_on_a_new_embedded_home_migrate_it_once(tmp_path: Path) -> None:
    """Two commands that find the embedded database new at the same moment: one migrates, the other waits."""
    env = {"CABLEDB_HOME": str(tmp_path / "home"), "CABLEDB_DATABASE_URL": ""}
    try:
        procs = [cabledb("stats", env=env) for _ in range(3)]
        for proc in procs:
            code, _, err = finish(proc)
            assert code == 0 and "Traceback" not in err, err
    finally:
        subprocess.run([sys.executable, "-m", "cabledb", "server", "stop", "--force"], capture_output=True,
                       env={**os.environ, **env}, cwd=REPO)  # fmt: skip


# -- concurrency --------------------------------------------------------------------------------------------------


def test_concurrent_imports_of_overlapping_inputs(
    databases: DatabaseFactory, corpus_checksums: dict[str, tuple[int, str]]
) -> None:
    """Two imports started at once on overlapping inputs both finish (the second waits for the first): no
    duplicates, no deadlock, the same tables as one import of the union (corpus_url's)."""
    html, csv, text = corpus()
    url = databases.fresh()
    first = cabledb("import", "-q", "--database-url", url, html, csv)
    second = cabledb("import", "-q", "--database-url", url, csv, text, html)
    results = [finish(first), finish(second)]
    for code, _, err in results:
        assert code == 0, err
        assert "deadlock" not in err.lower() and "Error" not in err
    # The same tables as one import of the union, but the release history of the import runs themselves: which run
    # read a cable first depends on which import got the lock first (each run is its own release when its inputs
    # name none), so those releases, their appearances and the changes between them differ by design.
    by_run = {"release", "cable_appearance", "cable_change"}
    got = {k: v for k, v in table_checksums(url).items() if k not in by_run}
    assert got == {k: v for k, v in corpus_checksums.items() if k not in by_run}
    assert rows(url, "SELECT count(*) = count(DISTINCT reference_id) FROM cable") == [(True,)]
    assert rows(url, "SELECT count(*) FROM cable c WHERE NOT EXISTS (SELECT 1 FROM content_version v"
                " WHERE v.reference_id = c.reference_id AND v.version_key = c.version_key)") == [(0,)]  # fmt: skip
    assert rows(url, "SELECT status FROM import_run") == [("finished",), ("finished",)]


# -- failed runs and URLs -----------------------------------------------------------------------------------------


def test_an_import_that_fails_is_marked_failed(database_url: str, tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["import", "-q", "--database-url", database_url, str(tmp_path / "missing.csv")])
    assert result.exit_code == 1 and "Traceback" not in result.stderr
    assert "missing.csv" in result.stderr
    status, message = rows(database_url, "SELECT status, message FROM import_run")[0]
    assert status == "failed" and "missing.csv" in str(message)


def test_sqlalchemy_style_url_reaches_the_workers(database_url: str) -> None:
    url = database_url.replace("postgresql://", "postgresql+psycopg://", 1)
    sample = str(REPO / "examples" / "cables-illustrative.csv")
    result = CliRunner().invoke(cli, ["import", "-q", "--workers", "2", "--database-url", url, sample])
    assert result.exit_code == 0, result.stderr
    assert rows(database_url, "SELECT status FROM import_run") == [("finished",)]


@pytest.mark.parametrize("command", [["import", "-q", "x.csv"], ["stats"], ["search", "x"], ["db", "current"]])
def test_passwords_stay_out_of_errors(command: list[str]) -> None:
    url = "postgresql://alice:s3cr3t-pw@127.0.0.1:1/cables"
    for args in ([*command, "--database-url", url], command):
        proc = subprocess.run([sys.executable, "-m", "cabledb", "--debug", *args], capture_output=True, text=True,
                              env={**os.environ, "CABLEDB_DATABASE_URL": url}, cwd=REPO, timeout=120)  # fmt: skip
        assert proc.returncode != 0
        assert "s3cr3t-pw" not in proc.stdout + proc.stderr
        assert "alice:***@127.0.0.1:1" in proc.stderr or "127.0.0.1" in proc.stderr


def test_db_url_hides_the_password_unless_asked() -> None:
    url = "postgresql://alice:s3cr3t-pw@db.example.org/cables"
    hidden = CliRunner().invoke(cli, ["db", "url", "--database-url", url])
    assert hidden.exit_code == 0 and "s3cr3t-pw" not in hidden.stdout and "***" in hidden.stdout
    shown = CliRunner().invoke(cli, ["db", "url", "--database-url", url, "--show-password"])
    assert "s3cr3t-pw" in shown.stdout


def test_a_worker_that_finished_early_is_not_an_error(database_url: str, tmp_path: Path) -> None:
    """One worker gets a single cable, the other full batches (CSV rows are dealt out faster than they are
    loaded): the first ends its work while the import still waits to hand the other its end-of-work signal. That
    was taken for a worker that died ("a worker process of the import ended unexpectedly"; benchmarks/crash.py
    found it)."""
    import zlib

    from tests.test_hostile import csv_row

    def worker(serial: int) -> int:
        return zlib.crc32(f"07BAKU{serial}".encode()) % 2

    busy = [s for s in range(10000, 30000) if worker(s) == 1][:2500]
    idle = next(s for s in range(10000, 30000) if worker(s) == 0)
    dump = tmp_path / "cables.csv"
    dump.write_bytes(b"".join(csv_row(n, serial) for n, serial in enumerate([*busy, idle], start=1)))
    result = CliRunner().invoke(cli, ["import", "-q", "--workers", "2", "--batch-size", "500",
                                      "--database-url", database_url, str(dump)])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("2501 inserted"), result.output
