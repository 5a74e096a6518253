"""The example queries of ``docs/sql.md`` and the results shown under them.

Each query is a ```` ```sql ```` block followed by a Markdown table: the rows it returns on the shared corpus.
``python -m tests.sql_docs --update URL`` runs every query on URL (a database holding the shared corpus, imported
as the test suite does) and rewrites the tables; the test suite checks that they are current.
"""

from __future__ import annotations

import argparse
import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import psycopg

DOC = Path(__file__).resolve().parents[1] / "docs" / "sql.md"

# A query, then text, then the table (header, rule and rows) up to the first line that is not a table row.
_BLOCK = re.compile(r"```sql\n(?P<sql>.*?)```\n(?P<between>(?:(?!```|\|)[^\n]*\n)*?)(?P<table>(?:\|[^\n]*\|\n)+)", re.S)


@dataclass
class Example:
    sql: str
    table: str  # the Markdown table as written in the doc
    start: int  # where the table starts and ends in the doc
    end: int


def examples(text: str) -> list[Example]:
    return [Example(m["sql"], m["table"], m.start("table"), m.end("table")) for m in _BLOCK.finditer(text)]


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, float | Decimal):
        return str(value)
    return str(value).replace("|", "\\|").replace("\n", " ")


def run(conn: psycopg.Connection[tuple[object, ...]], query: str) -> str:
    """The Markdown table of what ``query`` returns."""
    cur = conn.execute(query.encode())
    assert cur.description is not None
    names = [col.name for col in cur.description]
    lines = ["| " + " | ".join(names) + " |", "|" + "---|" * len(names)]
    lines += ["| " + " | ".join(_cell(v) for v in row) + " |" for row in cur.fetchall()]
    return "\n".join(lines) + "\n"


def update(url: str, doc: Path = DOC) -> int:
    text = doc.read_text()
    with psycopg.connect(url, autocommit=True) as conn:
        parts, pos = [], 0
        for ex in examples(text):
            parts += [text[pos : ex.start], run(conn, ex.sql)]
            pos = ex.end
    doc.write_text("".join(parts) + text[pos:])
    return len(examples(text))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--update", metavar="URL", required=True, help="database holding the shared corpus")
    args = ap.parse_args()
    print(f"{update(args.update)} results rewritten in {DOC}")


if __name__ == "__main__":
    main()
