"""Full-text search latency: top-20 searches through cabledb_search() on a large database.

    python benchmarks/query.py --database-url postgresql://postgres@127.0.0.1:5432/cabledb_query_bench
    python benchmarks/query.py --database-url URL --import /tmp/cabledb-bench/cables-251287-seed1.csv
    python benchmarks/query.py --embedded-home /tmp/cabledb-query --import /tmp/cabledb-bench/cables-251287-seed1.csv

With --embedded-home, the database is the embedded server's under that CABLEDB_HOME (started for the run, and
kept there for later runs). With --import, the file is imported first (into the database, migrated first) unless
the database already holds cables. The scale file comes from make_corpus.py (see benchmarks/import.py).

For a fixed list of real queries (rare, medium and common words, phrases, exclusions, OR, filters) it runs each one
--repeat times after a warm-up, and prints the number of matches, the median and the 95th percentile latency of
cabledb_search() (top 20, snippets included), of cabledb_search_facets() (the facets of the same search), and, for
comparison, of the naive way: ts_rank_cd over every match of the full document, then the top 20.

Then the BI queries: every ```sql query of docs/sql.md and docs/bi.md, the two exports of docs/bi.md, and the
queries of issue 14's finding 5 (a tag filter with ILIKE on bi.cables, avg(paragraph_count) per origin, a full read
of bi.cables through COPY), each --bi-repeat times after a warm-up (a query whose warm-up takes over 5 s is timed
once, that run), with their p50 and p95. --json FILE writes every figure.
"""

from __future__ import annotations

import argparse
import json
import os
import re
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
FACETS = (
    "SELECT * FROM cabledb_search_facets(%(q)s, origin => %(origin)s, tag => %(tag)s,"
    " classification => %(classification)s, since => %(since)s::date, until => %(until)s::date, max_values => 10)"
)

#: Issue 14, finding 5: what took 3.6 to 13 s at 100,000 cables. "full read" goes through COPY (what an extract
#: costs the server and the wire, without building Python objects).
ISSUE_QUERIES: list[tuple[str, str]] = [
    ("issue: tags ILIKE '%IR%' on bi.cables", "SELECT count(*) FROM bi.cables WHERE tags ILIKE '%IR%'"),
    ("issue: avg(paragraph_count) per origin",
     "SELECT origin, avg(paragraph_count) FROM bi.cables GROUP BY origin ORDER BY 2 DESC"),
    ("issue: full read of bi.cables (COPY)", "COPY (SELECT * FROM bi.cables) TO STDOUT"),
    ("issue: bi.cables page (LIMIT 1000)", "SELECT * FROM bi.cables LIMIT 1000"),
]  # fmt: skip
_SQL_BLOCK = re.compile(r"```sql\n(.*?)```", re.S)
_EXPORT = re.compile(r'^cabledb export -c "(.*?)"', re.M)
#: --before: what migration 0014 replaced, as temporary objects of the benchmark's session: the search function of
#: 0006 (whole-body snippets), the facets function of 0012, and bi.cables and bi.tag_glossary computed per row (as
#: 0007 and 0011 left them).
SQL = REPO / "cabledb" / "sql"
_BI_BEFORE = re.compile(r"\bbi\.(cables|tag_glossary)\b(?!_)")


def create_before(conn: psycopg.Connection[Any]) -> None:
    search = (SQL / "search_0006.sql").read_text().replace(" cabledb_search(", " pg_temp.cabledb_search(")
    conn.execute(
        search.replace("LANGUAGE plpgsql STABLE\n", "LANGUAGE plpgsql STABLE SET search_path = public\n").encode()
    )
    facets = (SQL / "facets_0012.sql").read_text().split("CREATE OR REPLACE FUNCTION bi.search_facets")[0]
    conn.execute(facets.replace("public.cabledb_search_facets", "pg_temp.cabledb_search_facets").encode())
    cables = (SQL / "classifiers_0007.sql").read_text().split("CREATE OR REPLACE VIEW bi.cables AS")[1].split(";")[0]
    cables = cables.replace("    c.classification,\n", "    c.classification AS classification_marking,\n", 1)
    conn.execute(f"CREATE TEMP VIEW cables AS {cables}".encode())
    conn.execute(
        "CREATE TEMP VIEW tag_glossary AS SELECT t.code AS tag, t.kind, t.description,"
        " (SELECT count(*) FROM cable_tag ct WHERE ct.tag_id = t.id)::integer AS cable_count FROM tag t"
    )


#: A BI query whose warm-up run takes longer than this is timed once (that run).
SLOW_SECONDS = 5.0


def bi_queries() -> list[tuple[str, str]]:
    """(label, SQL): the documented queries, then the issue's."""
    out = []
    for doc in ("sql.md", "bi.md"):
        text = (REPO / "docs" / doc).read_text()
        for n, block in enumerate(_SQL_BLOCK.findall(text), 1):
            out.append((f"{doc} #{n}: {' '.join(block.split())[:60]}", block))
        for n, block in enumerate(_EXPORT.findall(text), 1):
            out.append((f"{doc} export #{n}: {block[:55]}", block))
    return out + ISSUE_QUERIES


def time_bi(conn: psycopg.Connection[Any], query: str, repeat: int, timeout_s: int) -> dict[str, Any]:
    """p50/p95 of one BI query (all rows read), or the error (a timeout) it ended with."""
    conn.execute(f"SET statement_timeout = '{timeout_s}s'")

    def once() -> tuple[float, int]:
        start = time.perf_counter()
        if query.lstrip().upper().startswith("COPY"):
            n = 0
            with conn.cursor().copy(query.encode()) as copy:
                for block in copy:
                    n += bytes(block).count(b"\n")
        else:
            n = len(conn.execute(query.encode()).fetchall())
        return (time.perf_counter() - start) * 1000, n

    try:
        first, n = once()
        times = [first] if first > SLOW_SECONDS * 1000 else [once()[0] for _ in range(repeat)]
    except psycopg.errors.QueryCanceled:
        return {"rows": None, "runs": 0, "p50_ms": None, "p95_ms": None, "error": f"over {timeout_s} s"}
    finally:
        conn.execute("RESET statement_timeout")
    return {"rows": n, "runs": len(times), "p50_ms": round(statistics.median(times), 1),
            "p95_ms": round(p95(times), 1), "error": None}  # fmt: skip


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
    ap.add_argument("--naive-repeat", type=int, default=3, help="0: do not time the naive way")
    ap.add_argument("--facets-repeat", type=int, help="runs of each facets query (default: --repeat; 0: none)")
    ap.add_argument("--bi-repeat", type=int, default=5, help="runs of each BI query (0: no BI queries)")
    ap.add_argument("--bi-timeout", type=int, default=120, help="seconds a BI query may take")
    ap.add_argument("--only", choices=("search", "bi"), help="time only the searches (with facets) or the BI queries")
    ap.add_argument("--json", type=Path, help="also write every figure to this file")
    ap.add_argument(
        "--before",
        action="store_true",
        help="also time what migration 0014 replaced (the search of 0006, the facets of 0012, the per-row bi.cables"
        " and bi.tag_glossary), each right before the current one, in the same session",
    )
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
        revision = conn.execute("SELECT version_num FROM alembic_version").fetchone()[0]  # type: ignore[index]
        report: dict[str, Any] = {"postgres": version, "cables": cables, "revision": revision}
        print(f"PostgreSQL {version}, {cables:,} cables, schema revision {revision}\n")
        if args.before:
            create_before(conn)
        if args.only != "bi":
            report.update(time_searches(conn, args))
        if args.only != "search" and args.bi_repeat > 0:
            report["bi"] = time_bi_queries(conn, args)
    print(json.dumps(report))
    if args.json:
        args.json.write_text(json.dumps(report, indent=1) + "\n")


def time_searches(conn: psycopg.Connection[Any], args: argparse.Namespace) -> dict[str, Any]:
    facets_repeat = args.repeat if args.facets_repeat is None else args.facets_repeat
    print(f"Top-20 searches with snippets, and their facets: {args.repeat} runs each after a warm-up")
    print(f"{'query':<28} {'kind':<10} {'matches':>8} {'p50 ms':>8} {'p95 ms':>8} {'naive p95':>10}"
          f" {'facets p50':>11} {'facets p95':>11}")  # fmt: skip
    every: list[float] = []
    every_facets: list[float] = []
    rows = []
    for label, kind, q, filters in QUERIES:
        params = {"q": q, "origin": None, "tag": None, "classification": None, "since": None, "until": None}
        params.update(filters)
        matches = conn.execute(COUNT, params).fetchone()[0]  # type: ignore[index]
        search_before = timed(conn, SEARCH.replace("cabledb_search", "pg_temp.cabledb_search"), params,
                              args.repeat) if args.before else []  # fmt: skip
        times = timed(conn, SEARCH, params, args.repeat)
        every += times
        naive = p95(timed(conn, NAIVE, params, args.naive_repeat)) if not filters and args.naive_repeat else None
        before = timed(conn, FACETS.replace("cabledb_search_facets", "pg_temp.cabledb_search_facets"), params,
                       facets_repeat) if facets_repeat and args.before else []  # fmt: skip
        facets = timed(conn, FACETS, params, facets_repeat) if facets_repeat else []
        every_facets += facets
        row = {
            "query": label,
            "kind": kind,
            "matches": matches,
            "p50_ms": round(statistics.median(times), 1),
            "p95_ms": round(p95(times), 1),
            "naive_p95_ms": round(naive, 1) if naive is not None else None,
            "facets_p50_ms": round(statistics.median(facets), 1) if facets else None,
            "facets_p95_ms": round(p95(facets), 1) if facets else None,
            "before_p50_ms": round(statistics.median(search_before), 1) if search_before else None,
            "before_p95_ms": round(p95(search_before), 1) if search_before else None,
            "facets_before_p50_ms": round(statistics.median(before), 1) if before else None,
            "facets_before_p95_ms": round(p95(before), 1) if before else None,
        }
        rows.append(row)

        def cell(value: float | None, width: int) -> str:
            return f"{value:{width}.1f}" if value is not None else f"{'-':>{width}}"

        cells = f"{cell(row['naive_p95_ms'], 10)} {cell(row['facets_p50_ms'], 11)} {cell(row['facets_p95_ms'], 11)}"
        if search_before:
            cells += f" (before: search {row['before_p50_ms']} / {row['before_p95_ms']}"
            cells += f", facets {row['facets_before_p50_ms']} / {row['facets_before_p95_ms']})"
        print(f"{label:<28} {kind:<10} {matches:>8,} {row['p50_ms']:>8.1f} {row['p95_ms']:>8.1f} {cells}")
    print(f"\np95 over all {len(every)} searches: {p95(every):.1f} ms (target: under 50 ms)")
    if every_facets:
        print(f"p95 over all {len(every_facets)} facet queries: {p95(every_facets):.1f} ms (target: under 200 ms)")
    return {
        "p95_ms": round(p95(every), 1),
        "facets_p95_ms": round(p95(every_facets), 1) if every_facets else None,
        "queries": rows,
    }


def time_bi_queries(conn: psycopg.Connection[Any], args: argparse.Namespace) -> list[dict[str, Any]]:
    print(f"\nBI queries: {args.bi_repeat} runs each after a warm-up (one run when the warm-up took over"
          f" {SLOW_SECONDS:.0f} s), every row read")  # fmt: skip
    print(f"{'query':<70} {'rows':>8} {'runs':>5} {'p50 ms':>9} {'p95 ms':>9}")
    out = []
    for label, query in bi_queries():
        old = _BI_BEFORE.sub(r"pg_temp.\1", query) if args.before else query
        before = time_bi(conn, old, args.bi_repeat, args.bi_timeout) if old != query else None
        row = {"query": label, **time_bi(conn, query, args.bi_repeat, args.bi_timeout), "before": before}
        out.append(row)
        if row["error"]:
            print(f"{label:<70} {'-':>8} {'-':>5} {row['error']:>19}")
        else:
            print(f"{label:<70} {row['rows']:>8,} {row['runs']:>5} {row['p50_ms']:>9.1f} {row['p95_ms']:>9.1f}", end="")
            if before:
                print(f"  (0012: {before['p50_ms']} / {before['p95_ms']} ms, {before['runs']} runs)", end="")
            print()
    slowest = max((r["p95_ms"] for r in out if r["p95_ms"] is not None), default=0.0)
    failed = sum(1 for r in out if r["error"])
    print(f"\nslowest BI query p95: {slowest:.1f} ms, {failed} timed out (target: every one under 1,000 ms)")
    return out


if __name__ == "__main__":
    main()
