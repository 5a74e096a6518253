"""The dimension rows that cables point to: tags, offices, origins, caveats and classification levels.

Their ids are cached in memory, one cache per connection; values not seen before are inserted as they appear, in
sorted order and committed on their own (:meth:`cabledb.load.writer.Writer.write`), so that concurrent workers
neither wait long on each other nor deadlock.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import psycopg

from cabledb.parse import ParsedCable
from cabledb.parse.data import stations, tag_glossary


def ensure_glossary(conn: psycopg.Connection[Any]) -> None:
    """Every glossary code is a tag row, with its kind and description, so that the glossary is complete in SQL;
    a newer glossary corrects the rows (a code once unknown gets its kind). Run once per import, under the import
    lock."""
    with conn.transaction():
        rows = [(e.code, e.kind, e.description) for e in sorted(tag_glossary().values(), key=lambda e: e.code)]
        with conn.cursor() as cur:
            cur.executemany(
                "INSERT INTO tag (code, kind, description) VALUES (%s, %s, %s) ON CONFLICT (code) DO UPDATE"
                " SET kind = excluded.kind, description = excluded.description"
                " WHERE (tag.kind, tag.description) IS DISTINCT FROM (excluded.kind, excluded.description)",
                rows,
            )


@dataclass
class Dimensions:
    """The ids of the dimension rows, by value, as one connection has seen them."""

    tags: dict[str, int] = field(default_factory=dict)
    offices: dict[tuple[str, str | None], int] = field(default_factory=dict)
    origins: dict[str, int] = field(default_factory=dict)
    caveats: dict[str, int] = field(default_factory=dict)
    levels: dict[str, int] = field(default_factory=dict)

    @classmethod
    def read(cls, conn: psycopg.Connection[Any]) -> Dimensions:
        """Every dimension row stored."""
        with conn.transaction():
            return cls(
                levels=dict(conn.execute("SELECT code, id FROM classification_level").fetchall()),
                tags=dict(conn.execute("SELECT code, id FROM tag").fetchall()),
                caveats=dict(conn.execute("SELECT code, id FROM caveat").fetchall()),
                origins=dict(conn.execute("SELECT name, id FROM origin").fetchall()),
                offices={
                    (name, ri): oid
                    for name, ri, oid in conn.execute("SELECT name, routing_indicator, id FROM office").fetchall()
                },
            )

    def ensure(self, conn: psycopg.Connection[Any], cables: Sequence[ParsedCable]) -> None:
        """Insert the dimension values of these cables that are not stored yet, and cache their ids."""
        glossary = tag_glossary()
        kinds = {t.code: t.kind for cab in cables for t in cab.tags}
        _ids(
            conn,
            self.tags,
            kinds,
            "INSERT INTO tag (code, kind, description) VALUES (%s, %s, %s) ON CONFLICT (code) DO NOTHING",
            "SELECT code, id FROM tag WHERE code = ANY(%s)",
            lambda code: (code, kinds[code], glossary[code].description if code in glossary else None),
        )
        _ids(
            conn,
            self.caveats,
            {cv for cab in cables for cv in cab.caveats},
            "INSERT INTO caveat (code) VALUES (%s) ON CONFLICT (code) DO NOTHING",
            "SELECT code, id FROM caveat WHERE code = ANY(%s)",
            lambda code: (code,),
        )
        _ids(
            conn,
            self.origins,
            {cab.origin for cab in cables if cab.origin},
            "INSERT INTO origin (name, station, post_type, country_code, country) VALUES (%s, %s, %s, %s, %s)"
            " ON CONFLICT (name) DO NOTHING",
            "SELECT name, id FROM origin WHERE name = ANY(%s)",
            _origin_row,
        )
        offices = {(r.name, r.route) for cab in cables for r in cab.recipients}
        missing = sorted((o for o in offices if o not in self.offices), key=lambda o: (o[0], o[1] or ""))
        if missing:
            with conn.cursor() as cur:
                cur.executemany(
                    "INSERT INTO office (name, routing_indicator) VALUES (%s, %s) ON CONFLICT DO NOTHING", missing
                )
                names = [m[0] for m in missing]
                for name, ri, oid in cur.execute(
                    "SELECT name, routing_indicator, id FROM office WHERE name = ANY(%s)", (names,)
                ).fetchall():
                    self.offices[(name, ri)] = oid


def _ids(
    conn: psycopg.Connection[Any],
    cache: dict[Any, int],
    wanted: Iterable[Any],
    insert: str,
    select: str,
    row: Callable[[Any], tuple[Any, ...]],
) -> None:
    """Insert the missing dimension values and cache their ids."""
    missing = sorted({w for w in wanted if w not in cache}, key=str)
    if not missing:
        return
    with conn.cursor() as cur:
        cur.executemany(insert, [row(m) for m in missing])
        for key, oid in cur.execute(select, (missing,)).fetchall():
            cache[key] = oid


def _origin_row(name: str) -> tuple[str, str | None, str | None, str | None, str | None]:
    """The origin row of a post, from its name only (the first station of that name in the stations table), so
    that it does not depend on which cable introduced the post (an unknown post gets no station)."""
    st = next((s for s in stations().values() if s.origin == name), None)
    if st is None:
        return (name, None, None, None, None)
    return (name, st.station, st.post_type, st.country_code, st.country)


def tag_words(cable: ParsedCable) -> str:
    """The tags of a cable as words for full-text search: each code and its description, so that a search for
    "Azerbaijan" finds the cables tagged AJ (:data:`cabledb.load.writer.TAG_WORDS` in SQL)."""
    glossary = tag_glossary()
    return " ".join(f"{t.code} {glossary[t.code].description}" if t.code in glossary else t.code for t in cable.tags)
