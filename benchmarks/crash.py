"""Crash safety at full length: killed imports, a lost database, concurrent imports, on the shared corpus.

    python benchmarks/crash.py                       # 10 kills on each server, 3 losses, 3 concurrent pairs
    python benchmarks/crash.py --kills 10 --targets service --service-url postgresql://postgres@127.0.0.1:5432/postgres

1. **kills**: an uninterrupted import gives the reference checksums (one per table, ids replaced by natural keys:
   tests/conftest.py LOGICAL_ROWS). Then, --kills times, into a fresh database: ``cabledb import`` killed with
   SIGKILL at a random moment (the command only, as ``kill -9 PID`` does), the same import run again, and the
   checksums compared. It prints when each kill landed, how many cables were in by then, the state the killed run
   was left in, and whether the tables matched.
2. **lost database**: an import into the embedded default while ``cabledb server stop --force`` stops its server;
   the exit status and the message; the same import again once the server is back (it starts by itself).
3. **concurrency**: two imports started together on overlapping inputs, compared with one import of the union.
4. **stops**: Ctrl-C (SIGINT to the process group), SIGTERM, or ``cabledb db downgrade base`` beside the import,
   once cables are loading: how long the import took to end, its exit status and its lines, how its run was left,
   and whether the same import then gives the uninterrupted tables. The lost database is also lost by a
   ``kill -9`` of the embedded postmaster.

The suite runs shorter versions of the same checks (tests/test_reliability.py).
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg import sql

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from cabledb.embedded import EmbeddedServer  # noqa: E402
from tests.conftest import CSV_SAMPLE, HTML_ARCHIVE, SEED_TEXT, table_checksums  # noqa: E402

INPUTS = [str(HTML_ARCHIVE), str(CSV_SAMPLE), str(SEED_TEXT)]


def cabledb(*args: str, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "cabledb", *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, env={**os.environ, **(env or {})}, cwd=REPO)  # fmt: skip


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    proc = cabledb(*args, env=env)
    out, err = proc.communicate()
    return proc.returncode, out, err


def with_db(url: str, name: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path="/" + name))


class Server:
    """Fresh, migrated databases on one server."""

    def __init__(self, admin_url: str) -> None:
        self.admin_url = admin_url
        self.created: list[str] = []

    def fresh(self) -> str:
        name = f"cabledb_crash_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(self.admin_url, autocommit=True) as conn:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        self.created.append(name)
        url = with_db(self.admin_url, name)
        code, _, err = run("db", "upgrade", "--database-url", url)
        assert code == 0, err
        return url

    def drop_all(self) -> None:
        with psycopg.connect(self.admin_url, autocommit=True) as conn:
            for name in self.created:
                conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


@contextmanager
def target(name: str, service_url: str, work: Path) -> Iterator[Server]:
    if name == "service":
        server = Server(service_url)
        try:
            yield server
        finally:
            server.drop_all()
        return
    home = work / f"home-{uuid.uuid4().hex[:8]}"
    with EmbeddedServer(home).session() as url:
        yield Server(with_db(url, "postgres"))


def count(url: str, query: str) -> list[tuple[object, ...]]:
    with psycopg.connect(url) as conn:
        return conn.execute(query.encode()).fetchall()


def kills(server: Server, n: int, seed: int, batch_size: int) -> int:
    """SIGKILL at n random moments of an import with this batch size (a small one commits many batches, so that
    kills land between commits too), the same import again, and the tables compared."""
    options = ("-q", "--batch-size", str(batch_size))
    durations = []
    for _ in range(2):  # the second one warm, as the killed ones will be
        reference = server.fresh()
        start = time.monotonic()
        code, _, err = run("import", *options, "--database-url", reference, *INPUTS)
        assert code == 0, err
        durations.append(time.monotonic() - start)
    full = durations[-1]
    expected = table_checksums(reference)
    print(f"  uninterrupted import: {full:.1f} s; kills at random moments between 0.3 s and then")
    rng = random.Random(seed)
    equal = 0
    for i in range(1, n + 1):
        url = server.fresh()
        proc = cabledb("import", *options, "--database-url", url, *INPUTS)
        at = rng.uniform(0.3, full)
        time.sleep(at)
        proc.kill()
        proc.communicate()
        cables = count(url, "SELECT count(*) FROM cable")[0][0]
        state = count(url, "SELECT status FROM import_run ORDER BY id")
        start = time.monotonic()
        code, _, err = run("import", *options, "--database-url", url, *INPUTS)
        again = time.monotonic() - start
        same = code == 0 and table_checksums(url) == expected
        equal += same
        left = state[0][0] if state else "not started"
        print(f"  kill {i:>2} at {at:5.1f} s: {cables:>5} cables in, killed run {left}"
              f"; import again {again:5.1f} s: tables {'equal' if same else 'DIFFERENT'}")  # fmt: skip
    print(f"  {equal}/{n} equal to the uninterrupted import")
    return equal


def embedded_checksums(env: dict[str, str]) -> tuple[int, dict[str, tuple[int, str]]]:
    """The cable count and table checksums of the embedded database of this CABLEDB_HOME (kept up meanwhile)."""
    assert run("server", "start", env=env)[0] == 0
    url = run("db", "url", env=env)[1].strip()
    return int(count(url, "SELECT count(*) FROM cable")[0][0]), table_checksums(url)  # type: ignore[call-overload]


def lost(work: Path, n: int, how: str = "stop") -> int:
    """Stop the embedded server (or kill its postmaster) at moments spread over an import, bring it back, and
    import again."""
    reference_env = {"CABLEDB_HOME": str(work / "lost-reference"), "CABLEDB_DATABASE_URL": ""}
    assert run("stats", env=reference_env)[0] == 0  # initialized and migrated, as each lost one is before its import
    start = time.monotonic()
    assert run("import", "-q", *INPUTS, env=reference_env)[0] == 0
    full = time.monotonic() - start
    _, expected = embedded_checksums(reference_env)
    run("server", "stop", "--force", env=reference_env)
    print(f"  uninterrupted import: {full:.1f} s")
    ok = 0
    for i in range(1, n + 1):
        env = {"CABLEDB_HOME": str(work / f"lost-{uuid.uuid4().hex[:8]}"), "CABLEDB_DATABASE_URL": ""}
        assert run("stats", env=env)[0] == 0  # initialized and migrated
        proc = cabledb("import", "-q", *INPUTS, env=env)
        # From 3 s on: earlier, the import is still starting the server (a stop then finds nothing to stop).
        at = 3.0 + (i - 1) * (full * 0.75 - 3.0) / max(n - 1, 1)
        time.sleep(at)
        while not (Path(env["CABLEDB_HOME"]) / "pgdata" / "postmaster.pid").exists():
            time.sleep(0.1)
        stopped = time.monotonic()
        if how == "stop":
            run("server", "stop", "--force", env=env)
        else:
            os.kill(int((Path(env["CABLEDB_HOME"]) / "pgdata" / "postmaster.pid").read_text().split()[0]), 9)
        _, err = proc.communicate()
        took = time.monotonic() - stopped
        message = err.strip().splitlines()
        kept, _ = embedded_checksums(env)
        code, out, _ = run("import", "-q", *INPUTS, env=env)
        _, after = embedded_checksums(env)
        same = after == expected
        print(
            f"  loss {i} at {at:4.1f} s: ended after {took:4.1f} s, exit status {proc.returncode}, "
            f"{len(message)} line(s):"
        )
        for line in message:
            print(f"          {line}")
        print(f"          {kept} cables were kept; import again: exit status {code}, {out.strip()}; tables "
              f"{'equal' if same else 'DIFFERENT'}")  # fmt: skip
        ok += proc.returncode == 1 and len(message) <= 2 and code == 0 and same
        run("server", "stop", "--force", env=env)
    return ok


def stops(server: Server, n: int, kinds: list[str]) -> int:
    """Stop an import in each of these ways, n times each, once cables are loading: Ctrl-C (SIGINT to its process
    group), SIGTERM, or `cabledb db downgrade base` beside it (which must wait for it). How long it took to end,
    its exit status and message, how its run was left, and whether the same import then gives the uninterrupted
    tables."""
    reference = server.fresh()
    assert run("import", "-q", "--database-url", reference, *INPUTS)[0] == 0
    expected = table_checksums(reference)
    ok = 0
    for kind in kinds:
        for i in range(1, n + 1):
            url = server.fresh()
            proc = subprocess.Popen([sys.executable, "-m", "cabledb", "import", "-q", "--batch-size", "100",
                                     "--database-url", url, *INPUTS], stdout=subprocess.PIPE,
                                    stderr=subprocess.PIPE, text=True, cwd=REPO, start_new_session=True)  # fmt: skip
            started = time.monotonic()
            while count(url, "SELECT count(*) FROM cable")[0][0] == 0 and proc.poll() is None:
                time.sleep(0.1)
            at = time.monotonic() - started
            other = None
            if kind == "Ctrl-C":
                os.killpg(proc.pid, signal.SIGINT)
            elif kind == "SIGTERM":
                proc.send_signal(signal.SIGTERM)
            else:
                other = cabledb("db", "downgrade", "base", "--database-url", url)
            stopped = time.monotonic()
            _, err = proc.communicate()
            took = time.monotonic() - stopped
            lines = err.strip().splitlines()
            status = count(url, "SELECT status FROM import_run ORDER BY id") if other is None else "(dropped)"
            note = ""
            if other is not None:
                _, other_err = other.communicate()
                waited = "waited for the import" if "waiting for an import" in other_err else "DID NOT WAIT"
                note = f"; the downgrade {waited}, exit status {other.returncode}"
                assert run("db", "upgrade", "--database-url", url)[0] == 0
            code, _, _ = run("import", "-q", "--database-url", url, *INPUTS)
            same = code == 0 and table_checksums(url) == expected
            print(f"  {kind} {i} at {at:4.1f} s: ended after {took:4.1f} s, exit status {proc.returncode}, "
                  f"{len(lines)} line(s): {lines[0] if lines else ''}{note}")  # fmt: skip
            print(f"          run left {status}; import again: tables {'equal' if same else 'DIFFERENT'}")
            ok += same and took < 30 and (len(lines) == 1 if other is None else proc.returncode == 0)
    return ok


def concurrent(server: Server, n: int) -> int:
    html, csv, text = INPUTS
    union = server.fresh()
    assert run("import", "-q", "--database-url", union, html, csv, text)[0] == 0
    expected = table_checksums(union)
    ok = 0
    for i in range(1, n + 1):
        url = server.fresh()
        first = cabledb("import", "-q", "--database-url", url, html, csv)
        second = cabledb("import", "-q", "--database-url", url, csv, text, html)
        results = [(p.wait(), p.communicate()) for p in (first, second)]
        codes = [code for code, _ in results]
        same = table_checksums(url) == expected
        verdict = "equal" if same else "DIFFERENT"
        print(f"  pair {i}: exit statuses {codes}, tables {verdict} to one import of the union")
        ok += codes == [0, 0] and same
    return ok


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--kills", type=int, default=10, help="kills per server and batch size")
    ap.add_argument("--batch-sizes", type=int, nargs="*", default=[2000, 150],
                    help="batch sizes of the killed imports (2000 is the default of cabledb import)")  # fmt: skip
    ap.add_argument("--losses", type=int, default=3)
    ap.add_argument("--pairs", type=int, default=3)
    ap.add_argument("--stops", type=int, default=3, help="Ctrl-C, SIGTERM and concurrent downgrades per server")
    ap.add_argument("--stop-kinds", nargs="*", choices=["Ctrl-C", "SIGTERM", "downgrade"],
                    default=["Ctrl-C", "SIGTERM", "downgrade"])  # fmt: skip
    ap.add_argument("--loss-kinds", nargs="*", choices=["stop", "kill"], default=["stop", "kill"])
    ap.add_argument("--targets", nargs="*", choices=["embedded", "service"], default=["embedded", "service"])
    ap.add_argument("--service-url", default="postgresql://postgres@127.0.0.1:5432/postgres")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    for path in INPUTS:
        if not Path(path).exists():
            sys.exit(f"{path} is absent: this benchmark needs the shared corpus (../shared/corpus)")
    with tempfile.TemporaryDirectory(prefix="cabledb-crash-") as tmp:
        work = Path(tmp)
        for name in args.targets:
            with target(name, args.service_url, work) as server:
                version = count(server.admin_url, "SHOW server_version")[0][0]
                for batch_size in args.batch_sizes:
                    print(f"\n{name} (PostgreSQL {version}): {args.kills} kills, --batch-size {batch_size}")
                    kills(server, args.kills, args.seed, batch_size)
                if args.stops:
                    kinds = args.stop_kinds
                    print(f"{name}: {args.stops} stops of each kind ({', '.join(kinds)})")
                    print(f"  {stops(server, args.stops, kinds)}/{args.stops * len(kinds)} as promised")
                print(f"{name}: {args.pairs} concurrent pairs")
                print(f"  {concurrent(server, args.pairs)}/{args.pairs} pairs equal")
        for how in args.loss_kinds if args.losses else ():
            what = "server stop --force" if how == "stop" else "kill -9 of the postmaster"
            print(f"\nembedded: {args.losses} losses of the server during an import ({what})")
            ok = lost(work, args.losses, how)
            print(f"  {ok}/{args.losses} ended with one error message, and a second run gave the uninterrupted tables")


if __name__ == "__main__":
    main()
