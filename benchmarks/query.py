"""Full-text search latency: top-20 searches through cabledb_search() on a large database.

    python benchmarks/query.py --database-url postgresql://postgres@127.0.0.1:5432/cabledb_query_bench
    python benchmarks/query.py --database-url URL --import /tmp/cabledb-bench/cables-251287-seed1.csv
    python benchmarks/query.py --embedded-home /tmp/cabledb-query --import /tmp/cabledb-bench/cables-251287-seed1.csv

With --embedded-home, the database is the embedded server's under that CABLEDB_HOME (started for the run, and
kept there for later runs). With --import, the file is imported first (into the database, migrated first) unless
the database already holds cables. The scale file comes from make_corpus.py (see benchmarks/import.py).

For a fixed list of real queries (rare, medium and common words, phrases, exclusions, OR, filters) it runs each one
--repeat times after a warm-up, and prints the number of matches, the median and the 95th percentile latency of
cabledb_search() (top 20, snippets included), and, for comparison, of the naive way: ts_rank_cd over every match of
the full document, then the top 20. The last line is the p95 over every timed search.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import psycopg

REPO = Path(__file__).resolve().parents[1]

#: (label, kind, query, filters): words chosen from the real cables, from rare to very common.
QUERIES: list[tuple[str, str, str, dict[str, Any]]] = [
    ("centrifuges", "rare", "centrifuges", {}),
    ("whaling", "rare", "whaling", {}),
    ("lockerbie", "rare", "Lockerbie", {}),
    ("corruption", "medium", "corruption", {}),
    ("pipeline", "medium", "pipeline", {}),
    ("election", "medium", "election", {}),
    ("minister", "common", "minister", {}),
    ("government", "common", "government", {}),
    ("embassy", "common", "embassy", {}),
    ('"human rights"', "phrase", '"human rights"', {}),
    ('"prime minister"', "phrase", '"prime minister"', {}),
    ('"nuclear program"', "phrase", '"nuclear program"', {}),
    ("iran -nuclear", "exclusion", "iran -nuclear", {}),
    ("whaling OR centrifuges", "or", "whaling OR centrifuges", {}),
    ("oil, origin", "filter", "oil", {"origin": "Embassy Tripoli"}),
    ("government, tag + since", "filter", "government", {"tag": "PGOV", "since": "2009-01-01"}),
    ("nuclear, SECRET", "filter", "nuclear", {"classification": "SECRET"}),
    ("minister, until 1990", "filter", "minister", {"until": "1989-12-31"}),
]

SEARCH = (
    "SELECT * FROM cabledb_search(%(q)s, origin => %(origin)s, tag => %(tag)s, classification => %(classification)s,"
    " since => %(since)s::date, until => %(until)s::date, max_results => 20)"
)
# The naive way, for comparison (no filters): rank every match on the full document, then snippets for the top 20.
NAIVE = """
    WITH q AS (SELECT websearch_to_tsquery('english', %(q)s) AS tsq),
    top AS (SELECT s.cable_id, ts_rank_cd(s.document, q.tsq, 1) AS rank
              FROM cable_search s, q WHERE s.document @@ q.tsq ORDER BY rank DESC LIMIT 20)
    SELECT c.reference_id, top.rank, ts_headline('english', c.body, q.tsq)
      FROM top JOIN cable c ON c.id = top.cable_id, q ORDER BY top.rank DESC
"""
COUNT = "SELECT count(*) FROM cable_search WHERE document @@ websearch_to_tsquery('english', %(q)s)"


def timed(conn: psycopg.Connection[Any], query: str, params: dict[str, Any], repeat: int) -> list[float]:
    for _ in range(2):
        conn.execute(query, params).fetchall()  # warm-up: plans and pages in cache
    out = []
    for _ in range(repeat):
        start = time.perf_counter()
        conn.execute(query, params).fetchall()
        out.append((time.perf_counter() - start) * 1000)
    return out


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20, method="inclusive")[-1] if len(values) > 1 else values[0]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    target = ap.add_mutually_exclusive_group(required=True)
    target.add_argument("--database-url")
    target.add_argument("--embedded-home", type=Path, help="use the embedded server with this CABLEDB_HOME")
    ap.add_argument("--import", dest="import_path", type=Path, help="import this file first if the database is empty")
    ap.add_argument("--repeat", type=int, default=20)
    ap.add_argument("--naive-repeat", type=int, default=3)
    args = ap.parse_args()
    if args.embedded_home:
        sys.path.insert(0, str(REPO))
        from cabledb.embedded import EmbeddedServer

        args.embedded_home.mkdir(parents=True, exist_ok=True)
        os.environ["CABLEDB_HOME"] = str(args.embedded_home)
        with EmbeddedServer(args.embedded_home).session() as url:
            args.database_url = url
            run(args)
    else:
        run(args)


def run(args: argparse.Namespace) -> None:
    with psycopg.connect(args.database_url, autocommit=True) as conn:
        try:
            cables = conn.execute("SELECT count(*) FROM cable").fetchone()[0]  # type: ignore[index]
        except psycopg.errors.UndefinedTable:
            cables = 0
    if not cables and args.import_path:
        cabledb = [sys.executable, "-m", "cabledb"]
        subprocess.run([*cabledb, "db", "upgrade", "--database-url", args.database_url], check=True)
        subprocess.run([*cabledb, "import", "--quiet", "--database-url", args.database_url, str(args.import_path)],
                       check=True)  # fmt: skip
    with psycopg.connect(args.database_url, autocommit=True) as conn:
        cables = conn.execute("SELECT count(*) FROM cable").fetchone()[0]  # type: ignore[index]
        version = conn.execute("SHOW server_version").fetchone()[0]  # type: ignore[index]
        print(f"PostgreSQL {version}, {cables:,} cables, top-20 searches, {args.repeat} runs each after a warm-up\n")
        print(f"{'query':<28} {'kind':<10} {'matches':>8} {'p50 ms':>8} {'p95 ms':>8} {'naive p95 ms':>13}")
        every: list[float] = []
        rows = []
        for label, kind, q, filters in QUERIES:
            params = {"q": q, "origin": None, "tag": None, "classification": None, "since": None, "until": None}
            params.update(filters)
            matches = conn.execute(COUNT, params).fetchone()[0]  # type: ignore[index]
            times = timed(conn, SEARCH, params, args.repeat)
            every += times
            naive = p95(timed(conn, NAIVE, params, args.naive_repeat)) if not filters else None
            row = {
                "query": label,
                "kind": kind,
                "matches": matches,
                "p50_ms": round(statistics.median(times), 1),
                "p95_ms": round(p95(times), 1),
                "naive_p95_ms": round(naive, 1) if naive is not None else None,
            }
            rows.append(row)
            naive_text = f"{naive:13.1f}" if naive is not None else f"{'-':>13}"
            print(f"{label:<28} {kind:<10} {matches:>8,} {row['p50_ms']:>8.1f} {row['p95_ms']:>8.1f} {naive_text}")
        print(f"\np95 over all {len(every)} searches: {p95(every):.1f} ms (target: under 100 ms)")
        print(json.dumps({"postgres": version, "cables": cables, "p95_ms": round(p95(every), 1), "queries": rows}))


if __name__ == "__main__":
    main()
