"""The cost of release history: importing the shared torrent builds with history against without it.

    python benchmarks/history.py [--releases ../shared/corpus/releases] [--url postgresql://postgres@127.0.0.1:5432/postgres]
                                 [--rounds 1] [--workers 2]

For each round, and both ways (history recorded, and ``import_paths(..., history=False)``), it creates a fresh
migrated database on the server of ``--url``, imports every build in order in one ``import_paths`` call (each
archive is its own release), then the last build again (a release that changes nothing: a re-import), and drops the
database. It prints the best times, the overhead ratio of history, and the phases that history adds (the workers'
``sightings`` and the final ``history``).
"""

from __future__ import annotations

import argparse
import sys
import time
import uuid
from pathlib import Path

import psycopg
from psycopg import sql

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from cabledb.db import Database
from cabledb.load.pipeline import import_paths

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "releases"


def _with_database(url: str, name: str) -> str:
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "/" + name, parts.query, parts.fragment))


def one(admin: str, builds: list[str], *, history: bool, workers: int) -> tuple[float, float, dict[str, float]]:
    """Seconds of the import of all builds and of the re-import of the last, and the phase times of the first."""
    name = f"cabledb_bench_history_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    db = Database(_with_database(admin, name), embedded=False)
    try:
        db.upgrade("head")
        start = time.monotonic()
        first = import_paths(db, builds, workers=workers, history=history)
        first_seconds = time.monotonic() - start
        start = time.monotonic()
        import_paths(db, builds[-1:], workers=workers, history=history)
        again = time.monotonic() - start
        return first_seconds, again, first.timings
    finally:
        db.dispose()
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--releases", type=Path, default=DEFAULT)
    ap.add_argument("--url", default="postgresql://postgres@127.0.0.1:5432/postgres", help="a server's admin URL")
    ap.add_argument("--rounds", type=int, default=1)
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args()
    builds = [str(p) for p in sorted(args.releases.glob("cablegate-*.tar.xz"))]
    if not builds:
        sys.exit(f"no cablegate-*.tar.xz in {args.releases}: pass --releases DIR (the shared corpus's releases/)")
    best: dict[bool, tuple[float, float]] = {}
    phases: dict[bool, dict[str, float]] = {}
    for _ in range(args.rounds):
        for history in (False, True):
            first, again, timings = one(args.url, builds, history=history, workers=args.workers)
            old = best.get(history)
            if old is None or first < old[0]:
                best[history] = (first, min(again, old[1]) if old else again)
                phases[history] = timings
    for history in (False, True):
        first, again = best[history]
        label = "with history" if history else "without history"
        print(f"{label:>16}: {len(builds)} builds in {first:6.1f} s, the last build again in {again:5.1f} s")
    ratio = best[True][0] / best[False][0]
    again_ratio = best[True][1] / best[False][1]
    added = {k: v for k, v in phases[True].items() if k in ("sightings", "history")}
    print(f"overhead of history: x{ratio:.2f} on the builds, x{again_ratio:.2f} on a re-import; phases {added}")


if __name__ == "__main__":
    main()
