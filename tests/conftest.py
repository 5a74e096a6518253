"""Shared test fixtures: where the shared corpus is, and helpers to read it.

Tests that use ``../shared/corpus`` skip cleanly when it is absent (set ``CABLEDB_SHARED`` to point elsewhere).
"""

from __future__ import annotations

import os
import tarfile
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("CABLEDB_SHARED", REPO.parent / "shared"))
CORPUS = SHARED / "corpus"
HTML_ARCHIVE = CORPUS / "cablegate-html-dev.tar.xz"
CSV_SAMPLE = CORPUS / "cables-sample.csv"
SEED_TEXT = CORPUS / "text" / "07BAKU1515.txt"


def need(path: Path) -> Path:
    """Skip the test when a shared corpus file is absent."""
    if not path.exists():
        pytest.skip(f"shared corpus file {path} is absent")
    return path


@cache
def html_pages() -> list[tuple[str, str]]:
    """All (member name, page text) of the shared HTML archive, read once per test session."""
    pages: list[tuple[str, str]] = []
    with tarfile.open(need(HTML_ARCHIVE), "r:xz") as tar:
        for member in tar:
            if member.isfile():
                fh = tar.extractfile(member)
                assert fh is not None
                pages.append((member.name, fh.read().decode("utf-8")))
    return pages


@pytest.fixture(scope="session")
def corpus_pages() -> Iterator[list[tuple[str, str]]]:
    need(HTML_ARCHIVE)
    yield html_pages()


# -- databases ----------------------------------------------------------------------------------------------------
#
# The suite runs against the embedded default (a server started for the test session under a temporary
# CABLEDB_HOME), and also against CABLEDB_TEST_DATABASE_URL when it is set (CI points it at the machine's
# PostgreSQL 15). Each test that loads data gets a fresh database created from a template that was migrated once.

import itertools  # noqa: E402
import uuid  # noqa: E402

import psycopg  # noqa: E402
from psycopg import sql  # noqa: E402
from sqlalchemy import ARRAY, Table  # noqa: E402

from cabledb import tables  # noqa: E402

DB_TARGETS = ["embedded"] + (["external"] if os.environ.get("CABLEDB_TEST_DATABASE_URL") else [])


def _with_database(url: str, name: str) -> str:
    """The same server URL with another database name (works for TCP and Unix-socket URLs)."""
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "/" + name, parts.query, parts.fragment))


class DatabaseFactory:
    """Creates fresh, migrated databases on one server."""

    def __init__(self, admin_url: str, label: str) -> None:
        self.admin_url = admin_url
        self.label = label
        self.prefix = f"cabledb_t{os.getpid()}_{uuid.uuid4().hex[:6]}"
        self.counter = itertools.count()
        self.created: list[str] = []
        self.template = f"{self.prefix}_tpl"
        self._create(self.template, template=None)
        from cabledb.db import Database

        db = Database(_with_database(admin_url, self.template), embedded=False)
        db.upgrade("head")
        db.dispose()

    def _admin(self) -> psycopg.Connection[object]:
        return psycopg.connect(self.admin_url, autocommit=True)

    def _create(self, name: str, template: str | None) -> str:
        with self._admin() as conn:
            query = sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name))
            if template:
                query = sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(sql.Identifier(name), sql.Identifier(template))
            conn.execute(query)
        self.created.append(name)
        return _with_database(self.admin_url, name)

    def fresh(self, *, migrated: bool = True) -> str:
        """A new database: migrated (from the template) or empty."""
        name = f"{self.prefix}_{next(self.counter)}"
        return self._create(name, self.template if migrated else None)

    def copy(self, url: str) -> str:
        """A new database with the content of the one at ``url`` (which must have no open connection)."""
        name = f"{self.prefix}_{next(self.counter)}"
        from urllib.parse import urlsplit

        return self._create(name, urlsplit(url).path.lstrip("/"))

    def drop_all(self) -> None:
        with self._admin() as conn:
            for name in reversed(self.created):
                conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


@pytest.fixture(scope="session")
def embedded_home() -> Iterator[Path]:
    """A temporary CABLEDB_HOME for the whole session; the CLI's embedded default uses it too. It is not under
    pytest's base temporary directory: as root, the server runs as another OS user that must traverse the parents
    of its data directory, and every pytest session that starts on the machine sets /tmp/pytest-of-root back to
    0700, which stopped the server of a session already running (PANIC: could not open pg_control)."""
    import shutil
    import tempfile

    home = Path(tempfile.mkdtemp(prefix="cabledb-test-home-"))
    old = os.environ.get("CABLEDB_HOME")
    os.environ["CABLEDB_HOME"] = str(home)
    yield home
    if old is None:
        os.environ.pop("CABLEDB_HOME", None)
    else:
        os.environ["CABLEDB_HOME"] = old
    shutil.rmtree(home, ignore_errors=True)


@pytest.fixture(scope="session")
def embedded_url(embedded_home: Path) -> Iterator[str]:
    """The embedded server, running for the whole session; yields the URL of its 'cabledb' database."""
    from cabledb.embedded import EmbeddedServer

    with EmbeddedServer(embedded_home).session() as url:
        yield url


@pytest.fixture(scope="session", params=DB_TARGETS)
def databases(request: pytest.FixtureRequest) -> Iterator[DatabaseFactory]:
    """A factory of fresh databases, once on the embedded server and once on CABLEDB_TEST_DATABASE_URL."""
    if request.param == "embedded":
        admin = _with_database(request.getfixturevalue("embedded_url"), "postgres")
    else:
        admin = os.environ["CABLEDB_TEST_DATABASE_URL"]
    factory = DatabaseFactory(admin, request.param)
    yield factory
    factory.drop_all()


@pytest.fixture
def database_url(databases: DatabaseFactory) -> str:
    """A fresh, migrated database."""
    return databases.fresh()


#: Rows named after the import run that wrote them: an import run's own release is "import run 7" (bookkeeping).
_NAMED_BY_RUN = {"release": "CASE WHEN {t}.kind = 'run' THEN 'import run' ELSE {t}.name END"}


def _logical_rows(table: Table) -> str:
    """A query of one table's content as JSON rows: ids drawn from a sequence (which depend on timing: workers draw
    them concurrently) replaced by the natural key of the row they point to, and the run bookkeeping (run ids,
    timestamps) left out. Derived from the models, so that a new table or column is compared too."""
    drop: list[str] = []
    joins: list[str] = []
    keys: list[str] = []
    for n, column in enumerate(table.columns):
        target = tables.refers_to(column)
        if column.identity is not None or tables.is_bookkeeping(column) or target is not None:
            drop.append(column.name)
        if target is None or tables.is_bookkeeping(column):
            continue
        alias = f"k{n}"
        if isinstance(column.type, ARRAY):  # an array of ids (cable_facet.tag_ids): their natural keys, in order
            key = ", ".join(f"{alias}.{name}" for name in tables.natural_key(target))
            keys.append(
                f"'{column.name}', (SELECT jsonb_agg(jsonb_build_array({key}) ORDER BY {key}) FROM {target.name}"
                f" {alias} WHERE {alias}.id = ANY(t.{column.name}))"
            )
            continue
        if target.name in _NAMED_BY_RUN:
            key = _NAMED_BY_RUN[target.name].format(t=alias)
        else:
            key = ", ".join(f"{alias}.{name}" for name in tables.natural_key(target))
        joins.append(f" {'LEFT ' if column.nullable else ''}JOIN {target.name} {alias} ON {alias}.id = t.{column.name}")
        keys.append(f"'{column.name}', jsonb_build_array({key})")
    if table.name in _NAMED_BY_RUN:
        keys.append(f"'name', {_NAMED_BY_RUN[table.name].format(t='t')}")
    dropped = "'{" + ",".join(drop) + "}'::text[]"
    added = f" || jsonb_build_object({', '.join(keys)})" if keys else ""
    return f"SELECT to_jsonb(t) - {dropped}{added} FROM {table.name} t{''.join(joins)}"


#: Each table's content as JSON rows (:func:`_logical_rows`): every cabledb table but import_run (each run adds a row).
LOGICAL_ROWS = {table.name: _logical_rows(table) for table in tables.tables() if table.name != "import_run"}


def table_checksums(url: str) -> dict[str, tuple[int, str]]:
    """Row count and checksum of the logical content of every cabledb table but import_run (each run adds a
    row): equal checksums mean equal data, whatever ids the rows got."""
    out: dict[str, tuple[int, str]] = {}
    with psycopg.connect(url) as conn:
        for table, rows in LOGICAL_ROWS.items():
            query = f"SELECT count(*), coalesce(md5(string_agg(r::text, '|' ORDER BY r::text)), '') FROM ({rows}) x(r)"
            count, digest = conn.execute(query.encode()).fetchone()  # type: ignore[misc]
            out[table] = (count, digest)
    return out


@pytest.fixture(scope="session")
def corpus_url(databases: DatabaseFactory) -> str:
    """A database holding the whole shared corpus (HTML archive, cables.csv rows, plain text), imported once per
    server and test session. Tests only read it."""
    from cabledb.db import Database
    from cabledb.load.pipeline import import_paths

    inputs = [str(need(path)) for path in (HTML_ARCHIVE, CSV_SAMPLE, SEED_TEXT)]
    url = databases.fresh()
    db = Database(url, embedded=False)
    try:
        result = import_paths(db, inputs)
    finally:
        db.dispose()
    assert result.rejected == 0 and result.total == 2296 + 12 + 1
    CORPUS_IMPORT_SECONDS[url] = result.seconds
    return url


#: How long the import of corpus_url took, per database URL (the kill test spreads its kills over this time).
CORPUS_IMPORT_SECONDS: dict[str, float] = {}


@pytest.fixture(scope="session")
def corpus_checksums(corpus_url: str) -> dict[str, tuple[int, str]]:
    """The table checksums of one uninterrupted import of the shared corpus: what every other way of importing it
    (killed and run again, two imports at once, after a downgrade) must end with."""
    return table_checksums(corpus_url)
