"""What is in the database: counts per table, per classification and per year; and the rejected records."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from psycopg import sql

from cabledb import tables
from cabledb.db import Database, value
from cabledb.load.runs import RUN_IS_LIVE

#: Tables reported by ``cabledb stats``, in the order shown: cable, the tables of a cable, then the others; every
#: cabledb table but the import's machinery (:func:`cabledb.tables.stats_tables`).
TABLES = tuple(tables.stats_tables())


@dataclass
class Stats:
    tables: dict[str, int] = field(default_factory=dict)
    by_classification: list[tuple[str, int]] = field(default_factory=list)
    by_year: list[tuple[int | None, int]] = field(default_factory=list)
    references_resolved: int = 0
    references_to_cables: int = 0
    runs_unfinished: int = 0  # running now, or killed and not yet marked by a later import
    runs_running: int = 0  # of those, held by an import that is still at work

    def to_dict(self) -> dict[str, Any]:
        return {
            "tables": self.tables,
            "by_classification": dict(self.by_classification),
            "by_year": {str(y) if y is not None else "unknown": n for y, n in self.by_year},
            "references": {"to_cables": self.references_to_cables, "resolved": self.references_resolved},
            "unfinished_import_runs": self.runs_unfinished,
            "running_import_runs": self.runs_running,
        }


def collect(db: Database) -> Stats:
    s = Stats()
    with db.connect() as conn:
        for table in TABLES:
            s.tables[table] = int(value(conn, sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table))))
        s.by_classification = [
            (str(code), int(n))
            for code, n in conn.execute(
                "SELECT coalesce(l.code, 'UNKNOWN'), count(c.id) FROM cable c"
                " LEFT JOIN classification_level l ON l.id = c.classification_id"
                " GROUP BY l.code, l.rank ORDER BY l.rank NULLS LAST"
            )
        ]
        s.by_year = [
            (int(y) if y is not None else None, int(n))
            for y, n in conn.execute(
                "SELECT extract(year FROM created AT TIME ZONE 'UTC')::int AS y, count(*) FROM cable"
                " GROUP BY y ORDER BY y NULLS LAST"
            )
        ]
        [(to_cables, resolved)] = conn.execute(
            "SELECT count(*), count(target_cable_id) FROM cable_reference WHERE kind = 'cable'"
        ).fetchall()
        s.references_to_cables, s.references_resolved = int(to_cables), int(resolved)
        [(unfinished, running)] = conn.execute(
            f"SELECT count(*), count(*) FILTER (WHERE {RUN_IS_LIVE}) FROM import_run r WHERE status = 'running'"
        ).fetchall()
        s.runs_unfinished, s.runs_running = int(unfinished), int(running)
    return s


@dataclass
class ErrorRow:
    id: int
    run_id: int
    source: str
    position: str
    reason: str
    raw_size: int
    raw: bytes | None


def list_errors(
    db: Database, run: int | None = None, limit: int | None = None, with_raw: bool = False
) -> list[ErrorRow]:
    """Rejected records, newest run first; all runs unless ``run`` is given."""
    query = (
        "SELECT id, run_id, source, position, reason, raw_size, "
        + ("raw" if with_raw else "NULL")
        + " FROM import_error WHERE (CAST(%(run)s AS integer) IS NULL OR run_id = %(run)s) ORDER BY run_id DESC, id"
        + (" LIMIT %(limit)s" if limit else "")
    )
    params: dict[str, Any] = {"run": run}
    if limit:
        params["limit"] = limit
    with db.connect() as conn:
        return [ErrorRow(*row) for row in conn.execute(query, params)]


def last_run(db: Database) -> int | None:
    with db.connect() as conn:
        last = value(conn, "SELECT max(id) FROM import_run")
    return int(last) if last is not None else None
