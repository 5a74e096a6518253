"""Release history on real PostgreSQL: the 20 shared torrent builds imported in order and in reverse order give one
history, which matches the builds read independently; small fixtures of our own for redactions, restorations,
withdrawn cables and the backfill of migration 0013."""

from __future__ import annotations

import tarfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psycopg
import pytest

from cabledb.db import Database
from cabledb.history import mask_count, version_key
from cabledb.load.pipeline import import_paths
from cabledb.load.writer import clean_text
from cabledb.parse import extract_source
from tests.conftest import CORPUS, DB_TARGETS, DatabaseFactory, need, table_checksums

RELEASES = CORPUS / "releases"
HISTORY_TABLES = ("release", "content_version", "cable_appearance", "cable_change", "release_sighting")
#: The cable table but the file each text was first read from (two builds with one text: whichever came first).
CABLES = (
    "SELECT md5(string_agg(r::text, '|' ORDER BY r::text)) FROM (SELECT to_jsonb(c)"
    " - '{id,origin_id,classification_id,import_run_id,updated_at,source}'::text[] AS r FROM cable c) x"
)
VIEWS = {
    "releases": "SELECT * FROM bi.releases",
    "cable_versions": "SELECT * FROM bi.cable_versions ORDER BY reference_id, version",
    "cable_changes": "SELECT * FROM bi.cable_changes",
}


def rows(url: str, query: str, *args: Any) -> list[tuple[Any, ...]]:
    with psycopg.connect(url) as conn:
        return conn.execute(query.encode(), args or None).fetchall()


def run_import(url: str, paths: list[Path | str], **kwargs: Any) -> Any:
    db = Database(url, embedded=False)
    try:
        return import_paths(db, [str(p) for p in paths], **kwargs)
    finally:
        db.dispose()


# -- the shared builds --------------------------------------------------------------------------------------------


@dataclass
class Expected:
    """What the builds hold, read without the database: per cable, its distinct versions in order of first build,
    each with the builds that carry it, and its mask count."""

    builds: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    versions: dict[str, list[tuple[bytes, list[str], int]]] = field(default_factory=dict)


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[Path], Expected]:
    """The builds extracted once into directories named after them (the release of each page comes from its
    directory), and what they hold."""
    archives = sorted(need(RELEASES).glob("cablegate-*.tar.xz"))
    root = tmp_path_factory.mktemp("builds")
    expected = Expected()
    dirs: list[Path] = []
    for archive in archives:
        name = archive.name.removesuffix(".tar.xz")
        target = root / name
        expected.builds.append(name)
        with tarfile.open(archive) as tar:
            tar.extractall(target, filter="data")
        dirs.append(target)
        pages = sorted(p for p in target.rglob("*.html"))
        expected.counts[name] = len(pages)
        for page in pages:
            source = extract_source(page.read_bytes())
            rid = source.metadata["reference_id"]
            header, body = clean_text(source.header), clean_text(source.body)
            key = version_key(header, body)
            versions = expected.versions.setdefault(rid, [])
            for k, names, _ in versions:
                if k == key:
                    names.append(name)
                    break
            else:
                versions.append((key, [name], mask_count(header) + mask_count(body)))
    return dirs, expected


def _one_server(databases: DatabaseFactory) -> None:
    """The 20 builds are imported on one server only (the external one when there is one): the history code is
    the same on both, and the imports take most of this module's time."""
    if databases.label == "embedded" and "external" in DB_TARGETS:
        pytest.skip("the shared builds are imported on the external server")


@pytest.fixture(scope="module")
def in_order(databases: DatabaseFactory, builds: tuple[list[Path], Expected]) -> str:
    _one_server(databases)
    url = databases.fresh()
    result = run_import(url, list(builds[0]))
    assert result.rejected == 0
    return url


@pytest.fixture(scope="module")
def reverse_order(databases: DatabaseFactory, builds: tuple[list[Path], Expected]) -> str:
    _one_server(databases)
    url = databases.fresh()
    # In reverse, and the newest build in a run of its own: a release inserted before all the others.
    run_import(url, builds[0][-1:])
    result = run_import(url, builds[0][-2::-1])
    assert result.rejected == 0
    return url


@pytest.mark.slow
def test_any_import_order_gives_one_history(in_order: str, reverse_order: str) -> None:
    for view, query in VIEWS.items():
        assert rows(in_order, query) == rows(reverse_order, query), view
    a, b = table_checksums(in_order), table_checksums(reverse_order)
    for table in HISTORY_TABLES:
        assert a[table] == b[table], table
    assert a["release_sighting"][0] == 0
    assert rows(in_order, CABLES) == rows(reverse_order, CABLES)  # the current texts: the most complete ones


@pytest.mark.slow
def test_releases_are_the_builds_in_order_with_their_counts(in_order: str, builds: tuple[list[Path], Expected]) -> None:
    expected = builds[1]
    got = rows(
        in_order,
        "SELECT release, cable_count, new_count, changed_count, unchanged_count, withdrawn_count FROM bi.releases",
    )
    assert [r[0] for r in got] == expected.builds
    assert [r[1] for r in got] == [expected.counts[b] for b in expected.builds]
    assert all(r[2] + r[3] + r[4] == r[1] and r[5] is None for r in got)
    assert got[0][2] == got[0][1]  # the first release: every cable new


@pytest.mark.slow
def test_one_version_per_distinct_text_with_its_first_and_last_release(
    in_order: str, builds: tuple[list[Path], Expected]
) -> None:
    expected = builds[1]
    got: dict[str, list[tuple[Any, ...]]] = {}
    for rid, version, first, last, count, masks in rows(
        in_order,
        "SELECT reference_id, version, first_release, last_release, release_count, redaction_count"
        " FROM bi.cable_versions ORDER BY reference_id, version",
    ):
        got.setdefault(rid, []).append((version, first, last, count, masks))
    want = {
        rid: [(n, names[0], names[-1], len(names), masks) for n, (_, names, masks) in enumerate(versions, start=1)]
        for rid, versions in expected.versions.items()
    }
    assert got == want
    assert sum(len(v) > 1 for v in want.values()) >= 20  # the builds do change cables


@pytest.mark.slow
def test_known_cables(in_order: str) -> None:
    def versions(rid: str) -> list[tuple[Any, ...]]:
        return rows(
            in_order,
            "SELECT version, first_release, last_release, release_count, is_current, redaction_count"
            " FROM bi.cable_versions WHERE reference_id = %s ORDER BY version",
            rid,
        )

    def changes(rid: str) -> list[tuple[Any, ...]]:
        return rows(
            in_order,
            "SELECT release, previous_release, part, paragraph_number, change, removed_text, added_text"
            " FROM bi.cable_changes WHERE reference_id = %s",
            rid,
        )

    # Redacted (its name lower-cased with the whole cable in one build), then back: version 1 again.
    kabul = versions("10KABUL693")
    assert [v[:4] for v in kabul[:2]] == [
        (1, "cablegate-201011301701", "cablegate-201012030601", 4),
        (2, "cablegate-201012011944", "cablegate-201012021401", 3),
    ]
    assert kabul[0][4] and len(kabul) == 3
    kabul_changes = changes("10KABUL693")
    assert (
        "cablegate-201012011944",
        "cablegate-201012011021",
        "paragraph",
        1,
        "redacted",
        "Abdul Rahman Jan (ARJ) in Helmand,",
        "xxxxxxxxxxxx",
    ) in kabul_changes
    assert any(c[0] == "cablegate-201012030601" and c[4] == "unredacted" for c in kabul_changes)
    # Whole paragraphs redacted in one build, restored in the next but one.
    state = versions("10STATE17263")
    assert [v[:5] for v in state] == [
        (1, "cablegate-201011301701", "cablegate-201012221759", 18, True),
        (2, "cablegate-201012041811", "cablegate-201012051016", 2, False),
    ]
    kinds = {(c[0], c[4]) for c in changes("10STATE17263")}
    assert ("cablegate-201012041811", "redacted") in kinds and ("cablegate-201012060010", "unredacted") in kinds
    london = versions("08LONDON929")
    assert [v[:4] for v in london] == [
        (1, "cablegate-201012011021", "cablegate-201012221759", 17),
        (2, "cablegate-201012030601", "cablegate-201012030601", 1),
    ]
    # A name redacted: the current text is still the unredacted one (fewer masks wins).
    assert versions("09BEIJING2438") == [
        (1, "cablegate-201011301701", "cablegate-201012020501", 5, True, 0),
        (2, "cablegate-201012021401", "cablegate-201012221759", 15, False, 1),
    ]
    assert changes("09BEIJING2438") == [
        ("cablegate-201012021401", "cablegate-201012020501", "paragraph", 2, "redacted", "Li Guofu", "XXXXXXXXXXXX")
    ]
    subject = changes("07STATE164120")
    assert [(c[0], c[2], c[4], c[6]) for c in subject] == [
        ("cablegate-201012041409", "subject", "redacted", "XXXXXXXXXXXX")
    ]
    assert "RYZHKOV" in subject[0][5]
    assert changes("05LIMA2158") == [
        ("cablegate-201012221759", "cablegate-201012151222", "paragraph", 7, "redacted", "Antesana,s", "XXXXXXXXXXXX")
    ]
    assert [v[4] for v in versions("05LIMA2158")] == [True, False]


@pytest.mark.slow
def test_every_added_mask_is_a_redacted_change(in_order: str) -> None:
    """Every pair of consecutive releases where a cable gained masks has a redacted row for it."""
    gained = rows(
        in_order,
        """
        WITH seq AS (
            SELECT a.reference_id, r.name, v.redaction_count,
                   lag(v.redaction_count) OVER w AS before, lag(v.id) OVER w AS before_id, v.id
              FROM cable_appearance a JOIN release r ON r.id = a.release_id
              JOIN content_version v ON v.id = a.content_version_id
            WINDOW w AS (PARTITION BY a.reference_id ORDER BY r.published_at NULLS LAST, r.name)
        )
        SELECT reference_id, name FROM seq WHERE redaction_count > before ORDER BY 1, 2
        """,
    )
    redacted = set(rows(in_order, "SELECT reference_id, release FROM bi.cable_changes WHERE change = 'redacted'"))
    assert gained and all(tuple(g) in redacted for g in gained)


@pytest.mark.slow
def test_importing_a_build_again_changes_nothing(
    databases: DatabaseFactory, in_order: str, builds: tuple[list[Path], Expected]
) -> None:
    url = databases.copy(in_order)
    before = table_checksums(url)
    result = run_import(url, [builds[0][7]])
    assert result.inserted == result.updated == 0
    assert table_checksums(url) == before


# -- small fixtures of our own ------------------------------------------------------------------------------------

HEADER = "R 121530Z MAR 08\nFM AMEMBASSY BEIJING\nTO RUEHC/SECSTATE WASHDC 4500"
BODY = """C O N F I D E N T I A L BEIJING 002438

SIPDIS

E.O. 12958: DECL: 09/15/2034
TAGS: PREL PGOV CH
SUBJECT: MEETING WITH VICE MINISTER ON TRADE

1. (C) Summary: The vice minister met the Ambassador on trade.
End Summary.

2. (C) Vice Minister Li Guofu said that the talks had gone well
and that a second round would follow in October.

HUNTSMAN
"""
OTHER = BODY.replace("BEIJING 002438", "BEIJING 002439").replace("Li Guofu", "Wang Qishan")


def cable_file(directory: Path, name: str, body: str) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / name
    path.write_text(HEADER + "\n\n" + body)
    return path


@pytest.fixture
def fixtures(tmp_path: Path) -> dict[str, list[Path]]:
    """Three releases of two cables: the second redacts a name of 08BEIJING2438 and lacks 08BEIJING2439; the
    third restores the name."""
    redacted = BODY.replace("Li Guofu", "XXXXXXXXXXXX")
    out: dict[str, list[Path]] = {}
    for release, body, other in (
        ("cablegate-201012011200", BODY, True),
        ("cablegate-201012021200", redacted, False),
        ("cablegate-201012031200", BODY.replace("talks had gone well\nand", "talks had gone\nwell and"), True),
    ):
        paths = [cable_file(tmp_path / release, "a.txt", body)]
        if other:
            paths.append(cable_file(tmp_path / release, "b.txt", OTHER))
        out[release] = paths
    return out


def _history(url: str) -> dict[str, list[tuple[Any, ...]]]:
    return {view: rows(url, query) for view, query in VIEWS.items()}


def test_a_redaction_and_its_restoration_in_any_order(
    database_url: str, databases: DatabaseFactory, fixtures: dict[str, list[Path]]
) -> None:
    names = sorted(fixtures)
    for name in names:
        run_import(database_url, fixtures[name], workers=0, complete=True)
    versions = rows(
        database_url,
        "SELECT reference_id, version, first_release, last_release, release_count,"
        " is_current, redaction_count FROM bi.cable_versions ORDER BY 1, 2",
    )
    assert versions == [
        ("08BEIJING2438", 1, names[0], names[2], 2, True, 0),  # the rewrapped text of the third is the same version
        ("08BEIJING2438", 2, names[1], names[1], 1, False, 1),
        ("08BEIJING2439", 1, names[0], names[2], 2, True, 0),
    ]
    assert rows(
        database_url,
        "SELECT release, previous_release, part, paragraph_number, change, removed_text,"
        " added_text FROM bi.cable_changes",
    ) == [
        (names[1], names[0], "paragraph", 2, "redacted", "Li Guofu", "XXXXXXXXXXXX"),
        (names[2], names[1], "paragraph", 2, "unredacted", "XXXXXXXXXXXX", "Li Guofu"),
    ]
    assert rows(database_url, "SELECT * FROM bi.releases") == [
        (names[0], *rows(database_url, "SELECT published_at FROM release ORDER BY name")[0], 2, 2, 0, 0, 0),
        (names[1], *rows(database_url, "SELECT published_at FROM release ORDER BY name")[1], 1, 0, 1, 0, 1),
        (names[2], *rows(database_url, "SELECT published_at FROM release ORDER BY name")[2], 2, 1, 1, 0, 0),
    ]
    # The same releases in another order, into another database: the same history.
    other = databases.fresh()
    for name in (names[2], names[0], names[1]):
        run_import(other, fixtures[name], workers=0, complete=True)
    assert _history(other) == _history(database_url)
    # Again: nothing changes.
    before = table_checksums(database_url)
    run_import(database_url, fixtures[names[1]], workers=0)
    assert table_checksums(database_url) == before


def test_the_release_of_an_input(database_url: str, tmp_path: Path) -> None:
    text = cable_file(tmp_path / "plain", "a.txt", BODY)
    run_import(database_url, [text], workers=0)
    run_import(database_url, [cable_file(tmp_path / "more", "b.txt", OTHER)], workers=0, release="my release")
    got = rows(
        database_url,
        "SELECT r.name, r.kind, r.published_at, a.reference_id FROM release r"
        " JOIN cable_appearance a ON a.release_id = r.id ORDER BY r.name",
    )
    run = rows(database_url, "SELECT min(id) FROM import_run")[0][0]
    assert got == [(f"import run {run}", "run", None, "08BEIJING2438"), ("my release", "given", None, "08BEIJING2439")]


def test_a_killed_import_leaves_sightings_that_the_next_run_replaces(
    database_url: str, fixtures: dict[str, list[Path]]
) -> None:
    first = sorted(fixtures)[0]
    with psycopg.connect(database_url, autocommit=True) as conn:
        run = conn.execute(
            "INSERT INTO import_run (inputs, cabledb_version, status) VALUES ('{}', 'x', 'interrupted') RETURNING id"
        ).fetchone()[0]  # type: ignore[index]
        conn.execute(
            "INSERT INTO release_sighting (run_id, release_name, release_kind, reference_id, version_key, text_hash)"
            " VALUES (%s, 'cablegate-209901011200', 'build', '08BEIJING2438', '\\x00', '\\x00')",
            (run,),
        )
    run_import(database_url, fixtures[first], workers=0)
    assert rows(database_url, "SELECT count(*) FROM release_sighting") == [(0,)]
    assert rows(database_url, "SELECT name FROM release") == [(first,)]


def test_migration_backfills_one_version_per_cable(databases: DatabaseFactory, fixtures: dict[str, list[Path]]) -> None:
    url = databases.fresh()
    run_import(url, fixtures[sorted(fixtures)[0]], workers=0)
    db = Database(url, embedded=False)
    try:
        db.downgrade("0012")
        db.upgrade("head")
    finally:
        db.dispose()
    run = rows(url, "SELECT max(id) FROM import_run")[0][0]
    assert rows(url, "SELECT release, cable_count, new_count FROM bi.releases") == [(f"import run {run}", 2, 2)]
    assert rows(url, "SELECT reference_id, version, is_current FROM bi.cable_versions ORDER BY 1") == [
        ("08BEIJING2438", 1, True),
        ("08BEIJING2439", 1, True),
    ]
    # The build imported again finds the same versions.
    run_import(url, fixtures[sorted(fixtures)[0]], workers=0)
    assert rows(url, "SELECT count(*) FROM content_version") == [(2,)]


# -- the commands -------------------------------------------------------------------------------------------------


def test_the_commands(database_url: str, fixtures: dict[str, list[Path]]) -> None:
    from click.testing import CliRunner

    from cabledb.cli import cli

    def run(*args: str) -> str:
        result = CliRunner().invoke(cli, [args[0], "--database-url", database_url, *args[1:]])
        assert result.exit_code == 0, result.output
        return result.output

    names = sorted(fixtures)
    for name in names:
        run("import", "--quiet", "--workers", "0", "--complete", *map(str, fixtures[name]))
    run(
        "import",
        "--quiet",
        "--workers",
        "0",
        "--release",
        "my own",
        str(cable_file(Path(fixtures[names[0]][0]).parent / "x", "c.txt", OTHER)),
    )
    out = run("releases")
    assert out.splitlines()[0].split() == ["release", "published", "(UTC)", "cables", "new", "changed", "unchanged",
                                           "withdrawn"]  # fmt: skip
    assert out.splitlines()[2].split() == [names[1], "2010-12-02", "12:00", "1", "0", "1", "0", "1"]
    assert "my own" in out.splitlines()[-1]
    out = run("history", "08BEIJING2438")
    assert "08BEIJING2438: 2 versions" in out
    assert f"release {names[1]} (after {names[0]})" in out
    assert "@@ paragraph 2: redacted @@\n- Li Guofu\n+ XXXXXXXXXXXX" in out
    assert "\x1b[" not in out  # no color but on a terminal
    assert "Li Guofu" not in run("show", "08BEIJING2438", "--version", "2")
    assert "Li Guofu" in run("show", "08BEIJING2438", "--release", names[2])
    assert '"version": 2' in run("show", "08BEIJING2438", "--release", names[1], "--json")
    assert "08BEIJING2438" in run("search", "talks", "--redacted")
    assert "08BEIJING2439" not in run("search", "talks", "--redacted")
    assert "08BEIJING2439" in run("search", "talks")
    assert '"release"' in run("releases", "--json")
    assert '"changes"' in run("history", "08BEIJING2438", "--json")


def test_search_finds_earlier_versions(database_url: str, tmp_path: Path) -> None:
    """A name that only an earlier version has (the current text dropped it) is found with earlier_versions."""
    run_import(database_url, [cable_file(tmp_path / "cablegate-201012011200", "a.txt", BODY)], workers=0)
    edited = BODY.replace("Vice Minister Li Guofu said", "The Vice Minister of foreign trade and commerce said")
    run_import(database_url, [cable_file(tmp_path / "cablegate-201012021200", "a.txt", edited)], workers=0)
    query = "SELECT reference_id, rank < 0 FROM cabledb_search('guofu', earlier_versions => %s)"
    assert rows(database_url, query, False) == []
    assert rows(database_url, query, True) == [("08BEIJING2438", True)]
    from click.testing import CliRunner

    from cabledb.cli import cli

    found = CliRunner().invoke(cli, ["search", "--database-url", database_url, "Guofu", "--earlier-versions"])
    assert found.exit_code == 0 and "08BEIJING2438" in found.output, found.output


@pytest.mark.slow
def test_a_killed_import_of_the_builds_run_again_gives_the_same_history(
    databases: DatabaseFactory, in_order: str, builds: tuple[list[Path], Expected]
) -> None:
    """SIGKILL mid-import (after some batches committed, small batches), then the same import again: the same
    versions, releases and changes as an uninterrupted import."""
    import time

    from tests.test_reliability import cabledb, finish, group_gone, wait_for_cables

    url = databases.fresh()
    inputs = [str(p) for p in builds[0]]
    proc = cabledb("import", "-q", "--batch-size", "100", "--database-url", url, *inputs)
    wait_for_cables(url, proc)
    time.sleep(2)
    proc.kill()
    proc.communicate()
    assert group_gone(proc.pid)
    code, _, err = finish(cabledb("import", "-q", "--database-url", url, *inputs))
    assert code == 0, err
    for view, query in VIEWS.items():
        assert rows(url, query) == rows(in_order, query), view
    assert rows(url, "SELECT count(*) FROM release_sighting") == [(0,)]
