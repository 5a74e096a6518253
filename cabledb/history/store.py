"""Release history in the database: sightings written by the import's workers, turned into releases, versions,
appearances and changes once per import run.

- **Sightings.** For every cable it reads, a worker records a light row in ``release_sighting``: the release of
  the input, the reference id, the version key (:func:`~cabledb.history.diff.version_key`) and, only when the
  version may be new, its header and body. Cables stored unchanged are sighted too, without being parsed: a release
  that changes nothing still records that its cables appeared in it, for about the cost of a re-import.
- **An import run's own release** (inputs that name no release) holds only the versions no release carried
  before: importing the same unnamed input again changes nothing.
- **record_history** runs once at the end of the import, in one transaction: it upserts the releases, the new
  versions and the appearances, then computes the changes of the cables whose appearances changed, between
  consecutive releases that carry them (releases ordered by publication time, then name), and only for pairs not
  computed before. Inserting a release between two others recomputes the pairs around it, so importing releases in
  any order gives the same history. A killed import leaves sightings of a dead run, which the next run deletes: it
  reads its inputs again and sights them again.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import psycopg

from cabledb.history.diff import Change, diff_versions, mask_count, version_key
from cabledb.history.releases import Release
from cabledb.parse import ParseError, parse_source
from cabledb.parse.formats import CableSource
from cabledb.parse.model import ParsedCable

#: The order of releases: by publication time (releases without one last), then by name. Every query that
#: needs "the release before" uses it.
RELEASE_ORDER = "r.published_at NULLS LAST, r.name"


@dataclass(frozen=True, slots=True)
class Sighting:
    """One cable as a release carried it (``header`` and ``body`` as they will be stored)."""

    release: Release
    reference_id: str
    header: str
    body: str
    key: bytes | None = None  # its version key, when known (the stored cable's, for a cable read unchanged)


def text_hash(header: str, body: str) -> bytes:
    """The identity of a text exactly as stored (of several texts with one version key, the smallest is kept)."""
    return hashlib.blake2b((header + "\x1f" + body).encode("utf-8", "surrogatepass"), digest_size=16).digest()


def record_sightings(
    conn: psycopg.Connection[Any],
    run_id: int,
    sightings: Sequence[Sighting],
    sent: dict[tuple[str, bytes], bytes] | None = None,
) -> None:
    """COPY the sightings of one batch into ``release_sighting``, with the text only where the version is new (or
    a smaller text of a known one): one lookup of the batch's known versions, one COPY. ``sent`` remembers the
    texts this process already sent in this run (every occurrence of a cable goes to one worker), so that a cable
    that 20 builds carry unchanged has its text sent once, not 20 times."""
    if not sightings:
        return
    sent = {} if sent is None else sent
    keyed = [(s, s.key or version_key(s.header, s.body), text_hash(s.header, s.body)) for s in sightings]
    known: dict[tuple[str, bytes], bytes] = {
        (rid, bytes(key)): bytes(th)
        for rid, key, th in conn.execute(
            "SELECT reference_id, version_key, text_hash FROM content_version WHERE reference_id = ANY(%s)",
            (list({s.reference_id for s in sightings}),),
        ).fetchall()
    }
    with (
        conn.transaction(),
        conn.cursor() as cur,
        cur.copy(
            "COPY release_sighting (run_id, release_name, release_kind, published_at, reference_id, version_key,"
            " text_hash, header, body) FROM STDIN"
        ) as copy,
    ):
        for s, key, th in keyed:
            stored = known.get((s.reference_id, key))
            if stored is None:
                stored = sent.get((s.reference_id, key))
            with_text = stored is None or th < stored
            if with_text:
                sent[(s.reference_id, key)] = th
            copy.write_row(
                (
                    run_id,
                    s.release.name,
                    s.release.kind,
                    s.release.published_at,
                    s.reference_id,
                    key,
                    th,
                    s.header if with_text else None,
                    s.body if with_text else None,
                )
            )


@dataclass
class HistoryResult:
    releases: int = 0
    versions: int = 0
    appearances: int = 0
    pairs: int = 0
    changes: int = 0
    seconds: float = 0.0


def record_history(
    conn: psycopg.Connection[Any], run_id: int, *, complete: bool = False, given: Release | None = None
) -> HistoryResult:
    """Turn the sightings of import run ``run_id`` into releases, versions, appearances and changes, in one
    transaction; then delete every sighting. ``complete`` marks the run's releases complete (cables of the release
    before that they lack count as withdrawn). ``given`` is recorded even when no cable was sighted.

    Example::

        record_history(conn, result.run_id)
    """
    start = time.monotonic()
    out = HistoryResult()
    with conn.transaction():
        _drop_seen_in_run_releases(conn, run_id)
        releases = _upsert_releases(conn, run_id, complete=complete, given=given)
        out.releases = len(releases)
        out.versions = _upsert_versions(conn, run_id)
        changed = _upsert_appearances(conn, run_id)
        out.appearances = len(changed)
        if changed:
            out.pairs, out.changes = _update_changes(conn, changed)
        if releases:
            _update_counts(conn, releases)
        conn.execute("DELETE FROM release_sighting")
    out.seconds = time.monotonic() - start
    return out


def _drop_seen_in_run_releases(conn: psycopg.Connection[Any], run_id: int) -> None:
    """An import run's own release holds what the run brought that no release has: a version already carried by a
    release (an earlier one, or a named release of this run) is not in it. So importing the same unnamed input
    again changes nothing, as it always did, instead of adding a release that carries it again."""
    conn.execute(
        """
        DELETE FROM release_sighting s
         WHERE s.run_id = %(run)s AND s.release_kind = 'run'
           AND (EXISTS (SELECT 1 FROM cable_appearance a JOIN content_version v ON v.id = a.content_version_id
                         WHERE a.reference_id = s.reference_id AND v.version_key = s.version_key)
                OR EXISTS (SELECT 1 FROM release_sighting o
                            WHERE o.run_id = %(run)s AND o.release_kind <> 'run'
                              AND o.reference_id = s.reference_id AND o.version_key = s.version_key))
        """,
        {"run": run_id},
    )


def _upsert_releases(conn: psycopg.Connection[Any], run_id: int, *, complete: bool, given: Release | None) -> list[int]:
    rows: list[tuple[str, Any, str]] = [
        (name, published, kind)
        for name, published, kind in conn.execute(
            "SELECT DISTINCT ON (release_name) release_name, published_at, release_kind FROM release_sighting"
            " WHERE run_id = %s ORDER BY release_name",
            (run_id,),
        ).fetchall()
    ]
    if given is not None and given.name not in {r[0] for r in rows}:
        rows.append((given.name, given.published_at, given.kind))
    ids: list[int] = []
    for name, published, kind in rows:
        row = conn.execute(
            "INSERT INTO release (name, published_at, kind, complete, import_run_id) VALUES (%s, %s, %s, %s, %s)"
            " ON CONFLICT (name) DO UPDATE SET published_at = coalesce(release.published_at, excluded.published_at),"
            " complete = release.complete OR excluded.complete RETURNING id",
            (name, published, kind, complete, run_id),
        ).fetchone()
        assert row is not None
        ids.append(row[0])
    return ids


def _upsert_versions(conn: psycopg.Connection[Any], run_id: int) -> int:
    """Store the new versions; a known version keeps the smallest of its texts (any import order stores the same)."""
    rows = conn.execute(
        "SELECT DISTINCT ON (reference_id, version_key) reference_id, version_key, text_hash, header, body"
        " FROM release_sighting WHERE run_id = %s AND header IS NOT NULL"
        " ORDER BY reference_id, version_key, text_hash",
        (run_id,),
    ).fetchall()
    if not rows:
        return 0
    conn.execute(
        "CREATE TEMP TABLE stage_version (reference_id text, version_key bytea, text_hash bytea, header text,"
        " body text, redaction_count integer) ON COMMIT DROP"
    )
    with conn.cursor() as cur, cur.copy("COPY stage_version FROM STDIN") as copy:
        for rid, key, th, header, body in rows:
            copy.write_row((rid, key, th, header, body, mask_count(header) + mask_count(body)))
    cur = conn.execute(
        "INSERT INTO content_version (reference_id, version_key, text_hash, header, body, redaction_count,"
        " first_seen_run_id) SELECT reference_id, version_key, text_hash, header, body, redaction_count, %s"
        " FROM stage_version ON CONFLICT (reference_id, version_key) DO UPDATE SET text_hash = excluded.text_hash,"
        " header = excluded.header, body = excluded.body, redaction_count = excluded.redaction_count"
        " WHERE excluded.text_hash < content_version.text_hash",
        (run_id,),
    )
    return cur.rowcount


def _upsert_appearances(conn: psycopg.Connection[Any], run_id: int) -> list[tuple[str, int]]:
    """Record which version each release carried; returns the (reference id, release id) that are new or changed.
    A release that carries a cable twice carries its most complete version (the rule of the cable table)."""
    conn.execute(
        """
        CREATE TEMP TABLE stage_appearance ON COMMIT DROP AS
        SELECT DISTINCT r.id AS release_id, s.reference_id, v.id AS content_version_id
          FROM release_sighting s
          JOIN release r ON r.name = s.release_name
          JOIN content_version v ON v.reference_id = s.reference_id AND v.version_key = s.version_key
         WHERE s.run_id = %s
        """,
        (run_id,),
    )
    conn.execute(
        "INSERT INTO stage_appearance SELECT a.release_id, a.reference_id, a.content_version_id"
        " FROM cable_appearance a JOIN (SELECT DISTINCT release_id, reference_id FROM stage_appearance) s"
        " USING (release_id, reference_id)"
    )
    rows = conn.execute(
        """
        INSERT INTO cable_appearance (release_id, reference_id, content_version_id)
        SELECT DISTINCT ON (s.release_id, s.reference_id) s.release_id, s.reference_id, s.content_version_id
          FROM stage_appearance s JOIN content_version v ON v.id = s.content_version_id
         ORDER BY s.release_id, s.reference_id, (v.header <> '') DESC, v.redaction_count,
                  octet_length(v.body) DESC, v.version_key DESC
        ON CONFLICT (release_id, reference_id) DO UPDATE SET content_version_id = excluded.content_version_id
         WHERE cable_appearance.content_version_id <> excluded.content_version_id
        RETURNING reference_id, release_id
        """
    ).fetchall()
    return [(rid, rel) for rid, rel in rows]


def _update_changes(conn: psycopg.Connection[Any], changed: list[tuple[str, int]]) -> tuple[int, int]:
    """Bring cable_change up to date for the cables whose appearances changed: drop the pairs of releases that are
    no longer consecutive (or whose versions changed), diff the new pairs. Returns (pairs diffed, changes)."""
    conn.execute("CREATE TEMP TABLE stage_changed (reference_id text, release_id integer) ON COMMIT DROP")
    with conn.cursor() as cur, cur.copy("COPY stage_changed FROM STDIN") as copy:
        for row in changed:
            copy.write_row(row)
    conn.execute(
        f"""
        CREATE TEMP TABLE stage_pair ON COMMIT DROP AS
        SELECT reference_id, release_id, previous_release_id, content_version_id, previous_version_id FROM (
            SELECT a.reference_id, a.release_id, a.content_version_id,
                   lag(a.release_id) OVER w AS previous_release_id,
                   lag(a.content_version_id) OVER w AS previous_version_id
              FROM cable_appearance a JOIN release r ON r.id = a.release_id
             WHERE a.reference_id IN (SELECT reference_id FROM stage_changed)
            WINDOW w AS (PARTITION BY a.reference_id ORDER BY {RELEASE_ORDER})
        ) x
        WHERE previous_version_id IS NOT NULL AND previous_version_id <> content_version_id
        """
    )
    # A pair stays when it is still consecutive and neither of its releases changed version.
    conn.execute(
        """
        DELETE FROM cable_change c
         WHERE c.reference_id IN (SELECT reference_id FROM stage_changed)
           AND (NOT EXISTS (SELECT 1 FROM stage_pair p WHERE p.reference_id = c.reference_id
                              AND p.release_id = c.release_id AND p.previous_release_id = c.previous_release_id)
                OR EXISTS (SELECT 1 FROM stage_changed s WHERE s.reference_id = c.reference_id
                              AND s.release_id IN (c.release_id, c.previous_release_id)))
        """
    )
    todo = conn.execute(
        """
        SELECT p.reference_id, p.release_id, p.previous_release_id, p.previous_version_id, p.content_version_id
          FROM stage_pair p
         WHERE NOT EXISTS (SELECT 1 FROM cable_change c WHERE c.reference_id = p.reference_id
                             AND c.release_id = p.release_id)
         ORDER BY p.reference_id, p.release_id
        """
    ).fetchall()
    if not todo:
        return 0, 0
    texts = _texts(conn, {v for row in todo for v in row[3:]})
    parsed: dict[int, ParsedCable | None] = {}
    count = 0
    with (
        conn.cursor() as cur,
        cur.copy(
            "COPY cable_change (reference_id, release_id, position, previous_release_id, part, paragraph_number,"
            " change, removed_text, added_text) FROM STDIN"
        ) as copy,
    ):
        for rid, release_id, previous_id, old_id, new_id in todo:
            for position, ch in enumerate(_diff(texts, parsed, old_id, new_id), start=1):
                copy.write_row(
                    (
                        rid,
                        release_id,
                        position,
                        previous_id,
                        ch.part,
                        ch.paragraph_number,
                        ch.change,
                        ch.removed_text,
                        ch.added_text,
                    )
                )
                count += 1
    return len(todo), count


def _texts(conn: psycopg.Connection[Any], ids: Iterable[int]) -> dict[int, tuple[str, str]]:
    return {
        vid: (header, body)
        for vid, header, body in conn.execute(
            "SELECT id, header, body FROM content_version WHERE id = ANY(%s)", (list(ids),)
        ).fetchall()
    }


def parse_text(header: str, body: str) -> ParsedCable | None:
    """A stored version parsed again, to know where its parts start; None when the parser finds no cable in it."""
    try:
        return parse_source(CableSource("text", header, body))
    except ParseError:
        return None


def _diff(
    texts: dict[int, tuple[str, str]], parsed: dict[int, ParsedCable | None], old_id: int, new_id: int
) -> list[Change]:
    for vid in (old_id, new_id):
        if vid not in parsed:
            parsed[vid] = parse_text(*texts[vid])
    return diff_versions(parsed[old_id], parsed[new_id], old_text=texts[old_id], new_text=texts[new_id])


def _update_counts(conn: psycopg.Connection[Any], releases: list[int]) -> None:
    """The counts of the run's releases and of the releases just after them (their "release before" may have
    changed), against the release before each."""
    conn.execute(
        f"""
        WITH ordered AS (
            SELECT r.id, lag(r.id) OVER (ORDER BY {RELEASE_ORDER}) AS previous_id FROM release r
        ), target AS (
            SELECT id, previous_id FROM ordered WHERE id = ANY(%(ids)s) OR previous_id = ANY(%(ids)s)
        ), counts AS (
            SELECT t.id,
                   count(a.reference_id) AS cable_count,
                   count(a.reference_id) FILTER (WHERE p.reference_id IS NULL) AS new_count,
                   count(a.reference_id) FILTER (WHERE p.content_version_id <> a.content_version_id) AS changed_count,
                   count(a.reference_id) FILTER (WHERE p.content_version_id = a.content_version_id) AS unchanged_count
              FROM target t
              LEFT JOIN cable_appearance a ON a.release_id = t.id
              LEFT JOIN cable_appearance p ON p.release_id = t.previous_id AND p.reference_id = a.reference_id
             GROUP BY t.id
        )
        UPDATE release r
           SET cable_count = c.cable_count, new_count = c.new_count, changed_count = c.changed_count,
               unchanged_count = c.unchanged_count,
               withdrawn_count = CASE WHEN NOT r.complete THEN NULL
                                      ELSE (SELECT count(*) FROM cable_appearance p
                                             WHERE p.release_id = t.previous_id
                                               AND NOT EXISTS (SELECT 1 FROM cable_appearance a
                                                                WHERE a.release_id = r.id
                                                                  AND a.reference_id = p.reference_id)) END
          FROM counts c JOIN target t ON t.id = c.id
         WHERE r.id = c.id
        """,
        {"ids": releases},
    )
