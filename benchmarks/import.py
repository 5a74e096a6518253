"""Import speed at scale, against the physical limit of moving the same bytes into PostgreSQL.

    python benchmarks/import.py --sizes 25000 100000 251287 --targets embedded service
    python benchmarks/import.py --sizes 25000 --targets service --service-url postgresql://postgres@127.0.0.1:5432/postgres
    python benchmarks/import.py --keep     # then benchmarks/query.py on the 251,287-cable databases it keeps

For each corpus size (written by make_corpus.py into --work, and kept there for later runs) and each target database
(a fresh one every time), it measures in one run:

1. floor: a raw ``COPY`` of the file into one 8-column text table (the file streamed from this process);
2. first import: ``cabledb import FILE`` into an empty, migrated database, until the command returns (every index
   and the full-text index included);
3. re-import: the same file again, every cable unchanged;
4. the peak resident memory of the cabledb process tree (the command and its parser processes), and the database
   size afterwards.

Targets: ``embedded`` is the embedded PostgreSQL (a fresh CABLEDB_HOME under --work); ``service`` is a server given by
--service-url (a fresh database is created on it and dropped afterwards). It prints each time, the ratios
first/floor and re-import/first, cables/s and MB/s, and the phase times that cabledb reports (--timings).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import psutil
import psycopg
from psycopg import sql

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from cabledb.embedded import EmbeddedServer  # noqa: E402

FLOOR_DDL = "CREATE TABLE floor (c1 text, c2 text, c3 text, c4 text, c5 text, c6 text, c7 text, c8 text)"
FLOOR_COPY = "COPY floor FROM STDIN WITH (FORMAT csv, QUOTE '\"', ESCAPE '\\')"


def corpus(work: Path, count: int, seed: int) -> Path:
    path = work / f"cables-{count}-seed{seed}.csv"
    if not path.exists():
        subprocess.run(
            [sys.executable, str(REPO / "benchmarks" / "make_corpus.py"), "--count", str(count), "--seed", str(seed),
             "--out", str(path)],
            check=True,
        )  # fmt: skip
    return path


class PeakMemory:
    """Samples the resident memory of a process and its children."""

    def __init__(self, pid: int) -> None:
        self.proc = psutil.Process(pid)
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                procs = [self.proc, *self.proc.children(recursive=True)]
                total = sum(p.memory_info().rss for p in procs if p.is_running())
                self.peak = max(self.peak, total)
            except psutil.Error:
                pass
            self._stop.wait(0.2)

    def stop(self) -> int:
        self._stop.set()
        self._thread.join()
        return self.peak


def run_import(url: str, path: Path, env: dict[str, str]) -> tuple[float, int, dict[str, float], str]:
    start = time.monotonic()
    proc = subprocess.Popen(
        [sys.executable, "-m", "cabledb", "import", "--quiet", "--timings", "--database-url", url, str(path)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )  # fmt: skip
    mem = PeakMemory(proc.pid)
    out, err = proc.communicate()
    elapsed = time.monotonic() - start
    peak = mem.stop()
    if proc.returncode != 0:
        raise SystemExit(f"import failed ({proc.returncode}):\n{out}\n{err}")
    phases: dict[str, float] = {}
    for line in err.splitlines():
        if line.startswith("timings: "):
            phases = json.loads(line[len("timings: ") :])
    return elapsed, peak, phases, out.strip()


def floor(url: str, path: Path) -> float:
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("DROP TABLE IF EXISTS floor")
        conn.execute(FLOOR_DDL)
        start = time.monotonic()
        with conn.cursor() as cur, cur.copy(FLOOR_COPY) as copy, path.open("rb") as fh:
            while chunk := fh.read(1 << 20):
                copy.write(chunk)
        elapsed = time.monotonic() - start
        conn.execute("DROP TABLE floor")
    return elapsed


def migrate(url: str, env: dict[str, str]) -> None:
    subprocess.run([sys.executable, "-m", "cabledb", "db", "upgrade", "--database-url", url], check=True, env=env,
                   stdout=subprocess.DEVNULL)  # fmt: skip


def server_version(url: str) -> str:
    with psycopg.connect(url) as conn:
        return str(conn.execute("SHOW server_version").fetchone()[0]).split()[0]  # type: ignore[index]


def measure(label: str, url: str, path: Path, count: int, env: dict[str, str]) -> dict[str, object]:
    migrate(url, env)
    floor_s = floor(url, path)
    first_s, first_mem, first_phases, first_out = run_import(url, path, env)
    again_s, again_mem, _, again_out = run_import(url, path, env)
    with psycopg.connect(url) as conn:
        size = conn.execute("SELECT pg_database_size(current_database())").fetchone()[0]  # type: ignore[index]
    mb = path.stat().st_size / 1e6
    row = {
        "target": label, "postgres": server_version(url), "cables": count, "file_mb": round(mb),
        "floor_s": round(floor_s, 1), "first_s": round(first_s, 1), "reimport_s": round(again_s, 1),
        "first/floor": round(first_s / floor_s, 2), "reimport/first": round(again_s / first_s, 3),
        "cables/s": round(count / first_s), "MB/s": round(mb / first_s, 1),
        "peak_mb": round(max(first_mem, again_mem) / 1e6), "db_mb": round(size / 1e6),
        "us/cable": round(first_s / count * 1e6), "phases": first_phases, "first": first_out, "again": again_out,
    }  # fmt: skip
    print(json.dumps(row), flush=True)
    return row


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[25_000, 100_000, 251_287])
    ap.add_argument("--targets", nargs="+", choices=["embedded", "service"], default=["embedded", "service"])
    service_url = os.environ.get("CABLEDB_BENCH_SERVICE_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
    ap.add_argument("--service-url", default=service_url)
    ap.add_argument("--work", type=Path, default=Path("/tmp/cabledb-bench"))
    ap.add_argument("--seed", type=int, default=1)
    keep_help = "keep the largest size's databases for benchmarks/query.py: WORK/home-kept and cabledb_bench_kept"
    ap.add_argument("--keep", action="store_true", help=keep_help)
    args = ap.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    env.pop("CABLEDB_DATABASE_URL", None)
    rows = []
    for count in args.sizes:
        path = corpus(args.work, count, args.seed)
        keep = args.keep and count == max(args.sizes)
        for target in args.targets:
            if target == "embedded":
                home = args.work / ("home-kept" if keep else f"home-{uuid.uuid4().hex[:8]}")
                subprocess.run(["rm", "-rf", str(home)], check=False)
                server = EmbeddedServer(home)
                env_t = {**env, "CABLEDB_HOME": str(home)}
                try:
                    with server.session() as url:
                        rows.append(measure("embedded", url, path, count, env_t))
                finally:
                    server.stop(force=True)
                    if not keep:
                        subprocess.run(["rm", "-rf", str(home)], check=False)
            else:
                name = "cabledb_bench_kept" if keep else f"cabledb_bench_{uuid.uuid4().hex[:8]}"
                with psycopg.connect(args.service_url, autocommit=True) as admin:
                    admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
                    admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
                url = args.service_url.rsplit("/", 1)[0] + "/" + name
                try:
                    rows.append(measure("service", url, path, count, env))
                finally:
                    if not keep:
                        with psycopg.connect(args.service_url, autocommit=True) as admin:
                            admin.execute(
                                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
                            )
    print()
    print("| target | PostgreSQL | cables | MB | floor s | first s | re-import s | first/floor | re-import/first |"
          " cables/s | MB/s | peak MB | DB MB |")  # fmt: skip
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['target']} | {r['postgres']} | {r['cables']} | {r['file_mb']} | {r['floor_s']} | {r['first_s']} |"
              f" {r['reimport_s']} | {r['first/floor']} | {r['reimport/first']} | {r['cables/s']} | {r['MB/s']} |"
              f" {r['peak_mb']} | {r['db_mb']} |")  # fmt: skip


if __name__ == "__main__":
    main()
