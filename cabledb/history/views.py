"""Reading release history for people: the releases, one cable's versions and changes, one version's text.

Everything reads the ``bi`` views (``bi.releases``, ``bi.cable_versions``, ``bi.cable_changes``), the public
interface; values reach PostgreSQL as parameters only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import psycopg

from cabledb.db import Database, dict_rows, value
from cabledb.errors import CabledbError

_NO_HISTORY = "import releases first, e.g.: cabledb import cablegate-201012041409.tar.xz"


def releases(db: Database) -> list[dict[str, Any]]:
    """The releases in order (publication time, then name), with their counts.

    Example::

        with open_database() as db:
            for r in releases(db):
                print(r["release"], r["changed_count"])
    """
    with db.connect() as conn:
        return dict_rows(conn, "SELECT * FROM bi.releases")


@dataclass
class CableHistory:
    """One cable's versions (``bi.cable_versions`` rows, without their text) and changes, in release order."""

    reference_id: str
    versions: list[dict[str, Any]] = field(default_factory=list)
    changes: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"reference_id": self.reference_id, "versions": self.versions, "changes": self.changes}


def _reference_id(conn: psycopg.Connection[Any], reference_id: str) -> str:
    """The reference id as stored (a canonical id finds its cable too), or a clear error."""
    rid = reference_id.strip()
    found = value(
        conn,
        "(SELECT reference_id FROM content_version WHERE reference_id = %(rid)s LIMIT 1)"
        " UNION ALL (SELECT reference_id FROM cable WHERE canonical_id = upper(%(rid)s) LIMIT 1) LIMIT 1",
        rid=rid[:64],
    )
    if found is None:
        raise CabledbError(
            f"no release history for {rid[:64]!r} in the database",
            hint="check the reference id (e.g. 10KABUL693); " + _NO_HISTORY,
        )
    return str(found)


def cable_history(db: Database, reference_id: str) -> CableHistory:
    """The versions of one cable and what changed between consecutive releases that carry it.

    Example::

        with open_database() as db:
            h = cable_history(db, "09BEIJING2438")
            print(len(h.versions), [c["change"] for c in h.changes])
    """
    with db.connect() as conn:
        rid = _reference_id(conn, reference_id)
        history = CableHistory(rid)
        history.versions = dict_rows(
            conn,
            "SELECT version, first_release, last_release, release_count, is_current, redaction_count"
            " FROM bi.cable_versions WHERE reference_id = %(rid)s ORDER BY version",
            rid=rid,
        )
        history.changes = dict_rows(
            conn,
            "SELECT release, previous_release, part, paragraph_number, change, removed_text, added_text"
            " FROM bi.cable_changes WHERE reference_id = %(rid)s",
            rid=rid,
        )
    return history


def version_text(
    db: Database, reference_id: str, *, version: int | None = None, release: str | None = None
) -> dict[str, Any]:
    """One version of a cable, by its number (``bi.cable_versions.version``) or by a release that carried it:
    ``version, first_release, last_release, is_current, header, body``.

    Example::

        with open_database() as db:
            print(version_text(db, "09BEIJING2438", release="cablegate-201011301701")["body"])
    """
    if (version is None) == (release is None):
        raise CabledbError("give a version number or a release name, not both", hint="e.g. --version 1")
    with db.connect() as conn:
        rid = _reference_id(conn, reference_id)
        columns = "version, first_release, last_release, release_count, is_current, redaction_count, header, body"
        if version is not None:
            found = dict_rows(
                conn,
                f"SELECT {columns} FROM bi.cable_versions WHERE reference_id = %(rid)s AND version = %(v)s",
                rid=rid,
                v=version,
            )
            if not found:
                count = value(conn, "SELECT count(*) FROM content_version WHERE reference_id = %(rid)s", rid=rid)
                raise CabledbError(
                    f"{rid} has no version {version}: it has {count} version{'s' if count != 1 else ''}",
                    hint=f"list them with: cabledb history {rid}",
                )
            return found[0]
        found = dict_rows(
            conn,
            f"""
            SELECT {", ".join("b." + c for c in columns.split(", "))}
              FROM bi.cable_versions b
              JOIN content_version cv ON cv.reference_id = b.reference_id AND cv.header = b.header
                                     AND cv.body = b.body
              JOIN cable_appearance a ON a.content_version_id = cv.id
              JOIN release r ON r.id = a.release_id
             WHERE b.reference_id = %(rid)s AND r.name = %(release)s
            """,
            rid=rid,
            release=release,
        )
        if not found:
            known = value(conn, "SELECT 1 FROM release WHERE name = %(r)s", r=release)
            if known is None:
                raise CabledbError(f"no release {release!r} in the database", hint="list them with: cabledb releases")
            raise CabledbError(
                f"release {release} does not carry {rid}", hint=f"see the releases that do with: cabledb history {rid}"
            )
        return found[0]
