"""Release history (issue 13): the releases cables were imported from (release), every distinct text of every
cable (content_version), which version each release carried (cable_appearance), what changed between consecutive
releases (cable_change), the sightings an import records before turning them into history (release_sighting), the
version key and redaction masks of each cable's current text (cable.version_key, cable.redaction_count: a text
with fewer masks is now preferred as current), and the views bi.releases, bi.cable_versions and
bi.cable_changes (cabledb/sql/history_0013.sql). cabledb_search() gains the parameters redacted and
earlier_versions, with defaults (cabledb/sql/search_0013.sql).

Backfill: each stored cable gets one version, its stored header and body, in one release per import run that made
it current ("import run N"); cable.version_key and cable.redaction_count are filled in. The version keys are
computed in Python, by the same function as the importer's (cabledb.history.version_key), so that a build imported
later finds these versions again.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-02
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from cabledb.history.diff import mask_count, version_key
from cabledb.history.store import text_hash
from cabledb.sql import read

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

#: The parameters of cabledb_search() from this revision on (search_0013.sql).
SEARCH_ARGS = "(text, text, text, text, date, date, integer, boolean, boolean)"
#: Cables read per round trip of the backfill.
CHUNK = 2000


def upgrade() -> None:
    op.create_table(
        "release_sighting",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False, comment="Sighting id."),
        sa.Column("run_id", sa.Integer(), nullable=False, comment="The import run (import_run.id)."),
        sa.Column("release_name", sa.Text(), nullable=False, comment="The release the input belongs to."),
        sa.Column("release_kind", sa.Text(), nullable=False, comment="build, file, given or run."),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True, comment="From the build name."),
        sa.Column("reference_id", sa.Text(), nullable=False, comment="The cable's reference id."),
        sa.Column("version_key", sa.LargeBinary(), nullable=False, comment="Its version key."),
        sa.Column("text_hash", sa.LargeBinary(), nullable=False, comment="Hash of its header and body."),
        sa.Column("header", sa.Text(), nullable=True, comment="Its header, when the version may be new."),
        sa.Column("body", sa.Text(), nullable=True, comment="Its body, when the version may be new."),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_release_sighting")),
        comment="Import bookkeeping: each cable an import run read, with its release and version key, written by the workers and turned into release history at the end of the run (then deleted).",
    )
    op.create_index("ix_release_sighting_run_id", "release_sighting", ["run_id"], unique=False)
    op.create_table(
        "content_version",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False, comment="Version id (internal)."),
        sa.Column("reference_id", sa.Text(), nullable=False, comment="The cable's reference id (cable.reference_id)."),
        sa.Column(
            "version_key",
            sa.LargeBinary(),
            nullable=False,
            comment="blake2b of the header and body without whitespace and ¶ anchors: the version's identity.",
        ),
        sa.Column(
            "text_hash",
            sa.LargeBinary(),
            nullable=False,
            comment="Hash of header and body as stored; of several texts with one key, the smallest hash is kept, so that the stored text does not depend on import order.",
        ),
        sa.Column("header", sa.Text(), nullable=False, comment="Routing header of this version."),
        sa.Column("body", sa.Text(), nullable=False, comment="Body of this version."),
        sa.Column(
            "redaction_count",
            sa.Integer(),
            nullable=False,
            comment="Redaction masks (XXXXXXXXXXXX) in header and body.",
        ),
        sa.Column(
            "first_seen_run_id", sa.Integer(), nullable=True, comment="The import run that first stored this version."
        ),
        sa.ForeignKeyConstraint(
            ["first_seen_run_id"], ["import_run.id"], name=op.f("fk_content_version_first_seen_run_id_import_run")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_content_version")),
        sa.UniqueConstraint("reference_id", "version_key", name=op.f("uq_content_version_reference_id_version_key")),
        comment="Every distinct text (header and body) of every cable: whitespace and the pages' paragraph anchors make no new version (cabledb.history.version_key).",
    )
    op.create_table(
        "release",
        sa.Column("id", sa.Integer(), sa.Identity(always=False), nullable=False, comment="Release id (internal)."),
        sa.Column(
            "name",
            sa.Text(),
            nullable=False,
            comment="Release name, e.g. cablegate-201012041409, cables.csv or 'import run 3'.",
        ),
        sa.Column(
            "published_at",
            sa.DateTime(timezone=True),
            nullable=True,
            comment="When it was published (from a build name, UTC); NULL when unknown.",
        ),
        sa.Column(
            "kind",
            sa.Text(),
            nullable=False,
            comment="build (a torrent build), file (cables.csv), given (--release NAME) or run (an import run).",
        ),
        sa.Column(
            "complete",
            sa.Boolean(),
            server_default=sa.text("false"),
            nullable=False,
            comment="Imported whole with --complete: a cable of the release before that it lacks was withdrawn.",
        ),
        sa.Column("cable_count", sa.Integer(), server_default="0", nullable=False, comment="Cables in this release."),
        sa.Column(
            "new_count",
            sa.Integer(),
            server_default="0",
            nullable=False,
            comment="Cables in this release and not in the release before it.",
        ),
        sa.Column(
            "changed_count",
            sa.Integer(),
            server_default="0",
            nullable=False,
            comment="Cables whose version differs from the one in the release before it.",
        ),
        sa.Column(
            "unchanged_count",
            sa.Integer(),
            server_default="0",
            nullable=False,
            comment="Cables with the same version as in the release before it.",
        ),
        sa.Column(
            "withdrawn_count",
            sa.Integer(),
            nullable=True,
            comment="Cables of the release before it that this one lacks; NULL unless the release is complete.",
        ),
        sa.Column(
            "import_run_id", sa.Integer(), nullable=True, comment="The import run that first recorded this release."
        ),
        sa.CheckConstraint("kind IN ('build', 'file', 'given', 'run')", name=op.f("ck_release_kind")),
        sa.ForeignKeyConstraint(["import_run_id"], ["import_run.id"], name=op.f("fk_release_import_run_id_import_run")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_release")),
        sa.UniqueConstraint("name", name=op.f("uq_release_name")),
        comment="The releases cables were imported from: WikiLeaks' torrent builds (cablegate-YYYYMMDDHHMM), a cables.csv file, a name given with cabledb import --release, or an import run's own release.",
    )
    op.create_table(
        "cable_appearance",
        sa.Column("release_id", sa.Integer(), nullable=False, comment="The release (release.id)."),
        sa.Column("reference_id", sa.Text(), nullable=False, comment="The cable's reference id."),
        sa.Column(
            "content_version_id",
            sa.BigInteger(),
            nullable=False,
            comment="The version the release carried (content_version.id).",
        ),
        sa.ForeignKeyConstraint(
            ["content_version_id"],
            ["content_version.id"],
            name=op.f("fk_cable_appearance_content_version_id_content_version"),
        ),
        sa.ForeignKeyConstraint(
            ["release_id"], ["release.id"], name=op.f("fk_cable_appearance_release_id_release"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("release_id", "reference_id", name=op.f("pk_cable_appearance")),
        comment="Which version of each cable each release carried.",
    )
    op.create_index("ix_cable_appearance_content_version_id", "cable_appearance", ["content_version_id"], unique=False)
    op.create_index("ix_cable_appearance_reference_id", "cable_appearance", ["reference_id"], unique=False)
    op.create_table(
        "cable_change",
        sa.Column("reference_id", sa.Text(), nullable=False, comment="The cable's reference id."),
        sa.Column("release_id", sa.Integer(), nullable=False, comment="The release with the new version."),
        sa.Column("position", sa.Integer(), nullable=False, comment="1, 2, ... in the order of the text."),
        sa.Column(
            "previous_release_id", sa.Integer(), nullable=False, comment="The release before it that carries the cable."
        ),
        sa.Column("part", sa.Text(), nullable=False, comment="header, subject, preamble, paragraph or signature."),
        sa.Column("paragraph_number", sa.Integer(), nullable=True, comment="The paragraph's number, if numbered."),
        sa.Column(
            "change",
            sa.Text(),
            nullable=False,
            comment="redacted (text became XXXXXXXXXXXX), unredacted (the reverse) or edited.",
        ),
        sa.Column("removed_text", sa.Text(), nullable=False, comment="The words the new version no longer has."),
        sa.Column("added_text", sa.Text(), nullable=False, comment="The words the new version has instead."),
        sa.CheckConstraint("change IN ('redacted', 'unredacted', 'edited')", name=op.f("ck_cable_change_change")),
        sa.CheckConstraint(
            "part IN ('header', 'subject', 'preamble', 'paragraph', 'signature')", name=op.f("ck_cable_change_part")
        ),
        sa.ForeignKeyConstraint(
            ["previous_release_id"],
            ["release.id"],
            name=op.f("fk_cable_change_previous_release_id_release"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["release_id"], ["release.id"], name=op.f("fk_cable_change_release_id_release"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("reference_id", "release_id", "position", name=op.f("pk_cable_change")),
        comment="What changed in a cable between two consecutive releases that carry it with different versions: one row per run of changed words and part of the cable.",
    )
    op.create_index("ix_cable_change_release_id", "cable_change", ["release_id"], unique=False)
    op.add_column(
        "cable",
        sa.Column(
            "version_key",
            sa.LargeBinary(),
            nullable=True,
            comment="Version key of header and body (content_version.version_key): which version is current.",
        ),
    )
    op.add_column(
        "cable",
        sa.Column(
            "redaction_count",
            sa.Integer(),
            nullable=True,
            comment="Redaction masks (XXXXXXXXXXXX) in header and body: of two texts, the one with fewer is current.",
        ),
    )
    # Stored uncompressed, as the cable text is (migration 0004): pglz at load time costs more than the disk.
    for table in ("content_version", "release_sighting"):
        for column in ("header", "body"):
            op.execute(f"ALTER TABLE {table} ALTER COLUMN {column} SET STORAGE EXTERNAL")
    op.execute(read("history_0013.sql"))
    # A new parameter list is a new function: the 7-parameter one goes first (calls would be ambiguous).
    op.execute("DROP FUNCTION public.cabledb_search(text, text, text, text, date, date, integer)")
    op.execute(read("search_0013.sql"))
    backfill(op.get_bind())


def backfill(conn: sa.Connection) -> None:
    """One version and one appearance per stored cable, in the release of the import run that made it current."""
    conn.execute(
        sa.text(
            "INSERT INTO release (name, kind, import_run_id) SELECT DISTINCT 'import run ' || import_run_id, 'run',"
            " import_run_id FROM cable WHERE import_run_id IS NOT NULL"
        )
    )
    last = 0
    while True:
        rows = conn.execute(
            sa.text(
                "SELECT id, reference_id, header, body, import_run_id FROM cable WHERE id > :last ORDER BY id"
                " LIMIT :chunk"
            ),
            {"last": last, "chunk": CHUNK},
        ).fetchall()
        if not rows:
            break
        last = rows[-1][0]
        keys = [
            {
                "id": cid,
                "rid": rid,
                "key": version_key(header, body),
                "hash": text_hash(header, body),
                "header": header,
                "body": body,
                "masks": mask_count(header) + mask_count(body),
                "run": run,
            }
            for cid, rid, header, body, run in rows
        ]
        conn.execute(sa.text("UPDATE cable SET version_key = :key, redaction_count = :masks WHERE id = :id"), keys)
        conn.execute(
            sa.text(
                "INSERT INTO content_version (reference_id, version_key, text_hash, header, body, redaction_count,"
                " first_seen_run_id) VALUES (:rid, :key, :hash, :header, :body, :masks, :run)"
                " ON CONFLICT (reference_id, version_key) DO NOTHING"
            ),
            keys,
        )
        conn.execute(
            sa.text(
                "INSERT INTO cable_appearance (release_id, reference_id, content_version_id)"
                " SELECT r.id, v.reference_id, v.id FROM content_version v"
                " JOIN cable c ON c.reference_id = v.reference_id AND c.version_key = v.version_key"
                " JOIN release r ON r.name = 'import run ' || c.import_run_id"
                " WHERE c.id = ANY(:ids) ON CONFLICT DO NOTHING"
            ),
            {"ids": [k["id"] for k in keys]},
        )
    conn.execute(
        sa.text(
            "UPDATE release r SET cable_count = n, new_count = n FROM (SELECT release_id, count(*) AS n"
            " FROM cable_appearance GROUP BY release_id) a WHERE a.release_id = r.id"
        )
    )


def downgrade() -> None:
    # cabledb_search() as 0006 made it and 0011 pinned its search_path.
    op.execute(f"DROP FUNCTION IF EXISTS public.cabledb_search{SEARCH_ARGS}")
    op.execute(read("search_0006.sql"))
    op.execute(
        "ALTER FUNCTION public.cabledb_search(text, text, text, text, date, date, integer)"
        " SET search_path = public, pg_temp"
    )
    for view in ("cable_changes", "cable_versions", "releases"):
        op.execute(f"DROP VIEW IF EXISTS bi.{view}")
    op.drop_column("cable", "redaction_count")
    op.drop_column("cable", "version_key")
    op.drop_index("ix_cable_change_release_id", table_name="cable_change")
    op.drop_table("cable_change")
    op.drop_index("ix_cable_appearance_reference_id", table_name="cable_appearance")
    op.drop_index("ix_cable_appearance_content_version_id", table_name="cable_appearance")
    op.drop_table("cable_appearance")
    op.drop_table("release")
    op.drop_table("content_version")
    op.drop_index("ix_release_sighting_run_id", table_name="release_sighting")
    op.drop_table("release_sighting")
