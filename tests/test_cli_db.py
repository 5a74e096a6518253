"""Database selection and the db/server/psql commands."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from cabledb.cli import cli
from cabledb.config import redact, resolve, sqlalchemy_url
from cabledb.errors import ConfigError

pytestmark = pytest.mark.db

REPO = Path(__file__).resolve().parents[1]


def run(*args: str, input: str | None = None, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = CliRunner(env=env).invoke(cli, list(args), input=input)
    return result.exit_code, result.stdout, result.stderr


def test_url_resolution_order(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CABLEDB_DATABASE_URL", raising=False)
    assert resolve(None).embedded
    monkeypatch.setenv("CABLEDB_DATABASE_URL", "postgresql://a@h/env")
    assert resolve(None).url == "postgresql://a@h/env"
    assert resolve("postgresql://b@h/cli").url == "postgresql://b@h/cli"
    with pytest.raises(ConfigError, match="not a PostgreSQL URL"):
        resolve("sqlite:///x.db")


def test_urls_are_accepted_as_they_are_and_passwords_hidden() -> None:
    assert sqlalchemy_url("postgresql://u:p@h:5432/d") == "postgresql+psycopg://u:p@h:5432/d"
    assert redact("postgresql://u:s3cret@h:5432/d") == "postgresql://u:***@h:5432/d"
    code, out, _ = run("db", "url", "--database-url", "postgresql://u:s3cret@h:5432/d")
    assert code == 0 and "s3cret" not in out and "***" in out
    code, out, _ = run("db", "url", "--show-password", "--database-url", "postgresql://u:s3cret@h:5432/d")
    assert "s3cret" in out


def test_password_is_not_in_errors() -> None:
    code, _, err = run("stats", "--database-url", "postgresql://u:s3cret@127.0.0.1:1/d")
    assert code == 1 and "s3cret" not in err and "***" in err


def test_embedded_default_readme_flow(embedded_url: str) -> None:
    """The README's main job: an import into the embedded default (no URL), then stats."""
    env = {"CABLEDB_DATABASE_URL": ""}
    examples = sorted(str(p) for p in (REPO / "examples").glob("*illustrative*"))
    code, out, err = run("import", "--quiet", *examples, env=env)
    assert code == 0, err
    code, out, err = run("stats", env=env)
    assert code == 0 and "cable " in out, err
    code, out, _ = run("db", "current", env=env)
    assert "up to date" in out
    code, out, _ = run("db", "url", env=env)
    assert out.startswith("postgresql://postgres@/cabledb?host=")
    code, out, _ = run("server", "status", env=env)
    assert code == 0 and "running" in out


def test_db_history_lists_the_migrations() -> None:
    code, out, _ = run("db", "history")
    assert code == 0 and "0001" in out and "0003" in out


def test_psql_runs_a_query_on_bi_cables(database_url: str) -> None:
    run("import", "-q", "--database-url", database_url, str(REPO / "examples" / "cable-illustrative.txt"))
    import subprocess
    import sys

    proc = subprocess.run(
        [sys.executable, "-m", "cabledb", "psql", "--database-url", database_url, "-tA", "-c",
         "SELECT reference_id FROM bi.cables"],
        capture_output=True, text=True, env={**os.environ}, timeout=120,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "07BAKU9515"
