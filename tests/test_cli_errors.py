"""Every command, given bad arguments, says what is wrong on one line with the fix: never a traceback, never an
"Internal error", always a non-zero exit status. And no output of any command, in success or in error, shows the
password of the database URL."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from click.testing import CliRunner

from cabledb.cli import cli, command_names
from cabledb.db import head_revision

pytestmark = pytest.mark.db

REPO = Path(__file__).resolve().parents[1]
SAMPLE = str(REPO / "examples" / "cable-illustrative.txt")
#: A query of 50,000 words: PostgreSQL's stack overflowed on it, and the error printed 100 KB of SQL.
HUGE_QUERY = " ".join(f"word{i}" for i in range(50_000))

#: (command, arguments, standard input). ``{url}`` stands for a fresh migrated database.
BAD_ARGUMENTS: list[tuple[str, list[str], str | None]] = [
    ("parse", ["parse", "/nonexistent/x.txt"], None),
    ("parse", ["parse", ""], None),
    ("parse", ["parse", "--created", "bogus", SAMPLE], None),
    ("import", ["import", "--database-url", "{url}", "/nonexistent/x.txt"], None),
    ("import", ["import", "--database-url", "{url}", ""], None),
    ("import", ["import", "--batch-size", "0", SAMPLE], None),
    ("import", ["import", "--format", "pdf", SAMPLE], None),
    ("import", ["import", "--database-url", "{url}", "--release", " ", SAMPLE], None),
    ("import", ["import", "--database-url", "{url}", "--release", "x" * 300, SAMPLE], None),
    ("releases", ["releases", "--database-url", "{url}", "extra"], None),
    ("releases", ["releases", "--database-url", "postgresql://postgres@127.0.0.1:1/cables"], None),
    ("history", ["history", "--database-url", "{url}", "NOSUCH"], None),
    ("history", ["history", "--database-url", "{url}"], None),
    ("stats", ["stats", "--database-url", "postgresql://u@[::1/cables"], None),
    ("stats", ["stats", "--database-url", "mysql://u@localhost/cables"], None),
    ("stats", ["stats", "--database-url", "host=localhost dbname=cables"], None),
    ("stats", ["stats", "--database-url", "postgresql://u:pw@localhost:port/cables"], None),
    ("stats", ["stats", "--database-url", "postgresql://postgres@127.0.0.1:1/cables"], None),
    ("errors", ["errors", "--database-url", "{url}", "--run", "abc"], None),
    ("errors", ["errors", "--database-url", "{url}", "--run", "99999999999"], None),
    ("errors", ["errors", "--database-url", "{url}", "--limit", "0"], None),
    ("db", ["db", "nonsense"], None),
    ("db upgrade", ["db", "upgrade", "--database-url", "{url}", "9999"], None),
    ("db upgrade", ["db", "upgrade", "--database-url", "{url}", "0001"], None),
    ("db downgrade", ["db", "downgrade", "--database-url", "{url}", "nonsense"], None),
    ("db downgrade", ["db", "downgrade", "--database-url", "{url}"], None),
    ("db current", ["db", "current", "--database-url", "postgresql://postgres@127.0.0.1:1/cables"], None),
    ("db history", ["db", "history", "extra"], None),
    ("db url", ["db", "url", "--database-url", "postgresql://u@[::1/cables"], None),
    ("db create-reader", ["db", "create-reader", "--database-url", "{url}", "r1", "--statement-timeout", "bogus"],
     None),
    ("db create-reader", ["db", "create-reader", "--database-url", "{url}", "r1", "--statement-timeout", "-5"], None),
    ("db create-reader", ["db", "create-reader", "--database-url", "{url}", "bad name"], None),
    ("db create-reader", ["db", "create-reader", "--database-url", "{url}", "r1", "--password-stdin"], ""),
    ("docs", ["docs", "nonsense"], None),
    ("docs schema", ["docs", "schema", "--database-url", "{url}", "-o", "/nonexistent/x.md"], None),
    ("docs schema", ["docs", "schema", "--database-url", "{url}", "-o", "/"], None),
    ("tags", ["tags", "--database-url", "{url}", "--kind", "bogus"], None),
    ("search", ["search", "--database-url", "{url}", ""], None),
    ("search", ["search", "--database-url", "{url}", HUGE_QUERY], None),
    ("search", ["search", "--database-url", "{url}", "x", "--since", "bogus"], None),
    ("export", ["export", "--database-url", "{url}", "-c", "SELECT nonsense", "-o", "/nonexistent/dir/x.csv"], None),
    ("export", ["export", "--database-url", "{url}", "-c", "", "-o", "-"], None),
    ("export", ["export", "--database-url", "{url}", "-c", "SELECT 1", "-o", "-", "--format", "xml"], None),
    ("search", ["search", "--database-url", "{url}", "x", "--limit", "0"], None),
    ("show", ["show", "--database-url", "{url}", "NOSUCH"], None),
    ("show", ["show", "--database-url", "{url}", "X" * 100_000], None),
    ("show", ["show", "--database-url", "{url}", "09BEIJING2438", "--version", "0"], None),
    ("show", ["show", "--database-url", "{url}", "09BEIJING2438", "--version", "1"], None),
    ("show", ["show", "--database-url", "{url}", "09BEIJING2438", "--release", "nope"], None),
    ("show", ["show", "--database-url", "{url}", "09BEIJING2438", "--version", "1", "--release", "x"], None),
    ("server", ["server", "nonsense"], None),
    ("server start", ["server", "start", "--port", "80"], None),
    ("server stop", ["server", "stop", "extra"], None),
    ("server status", ["server", "status", "extra"], None),
    ("psql", ["psql", "--database-url", "postgresql://u@[::1/cables"], None),
]  # fmt: skip


def test_the_table_covers_every_command() -> None:
    assert {command for command, _, _ in BAD_ARGUMENTS} == set(command_names())


@pytest.mark.parametrize(("command", "args", "stdin"), BAD_ARGUMENTS, ids=[f"{c}-{i}" for i, (c, _, _) in
                                                                             enumerate(BAD_ARGUMENTS)])  # fmt: skip
def test_bad_arguments_give_one_line_and_the_fix(database_url: str, command: str, args: list[str],
                                                 stdin: str | None) -> None:  # fmt: skip
    result = CliRunner().invoke(cli, [a.replace("{url}", database_url) for a in args], input=stdin)
    output = result.output
    assert result.exit_code not in (0, None), output
    assert "Internal error" not in output and "Traceback" not in output, output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert len(output) < 2_000, output[:2000]
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error: ")]
    assert len(errors) == 1, result.stderr
    if not result.stderr.startswith("Usage: "):  # click's usage errors are its own: usage, then the error
        lines = result.stderr.splitlines()
        assert len(lines) <= 2 and lines[0].startswith("Error: "), result.stderr
        assert lines[1:] == [] or lines[1].startswith("  Fix: "), result.stderr


# -- passwords ----------------------------------------------------------------------------------------------------

PASSWORD = "Kn0wn-s3cr3t-Pa55"


def with_password(url: str, form: str) -> str:
    """The database URL with the known password: in the user part, in the query, or written wrongly."""
    parts = urlsplit(url)
    user, _, host = parts.netloc.rpartition("@")
    if form == "user part":
        return urlunsplit(parts._replace(netloc=f"{user}:{PASSWORD}@{host}"))
    if form == "query":
        return urlunsplit(parts._replace(query=(parts.query + "&" if parts.query else "") + f"password={PASSWORD}"))
    if form == "unescaped @":
        return urlunsplit(parts._replace(netloc=f"{user}:{PASSWORD[:5]}@{PASSWORD[5:]}@{host}"))
    if form == "unescaped /":
        return f"{parts.scheme}://{user}:{PASSWORD[:5]}/{PASSWORD[5:]}@{host}{parts.path}"
    if form == "keyword form":
        return f"host=127.0.0.1 port=5432 user=postgres password={PASSWORD} dbname=cables"
    if form == "unreachable":
        return f"postgresql://postgres:{PASSWORD}@127.0.0.1:1/cables"
    assert form == "bad IPv6 host"
    return f"postgresql://postgres:{PASSWORD}@[::1/cables"


FORMS = ["user part", "query", "unescaped @", "unescaped /", "keyword form", "unreachable", "bad IPv6 host"]

#: Every command with arguments that work (given a database with the example cables).
EVERY_COMMAND = [
    ["parse", SAMPLE], ["import", "-q", SAMPLE], ["stats"], ["errors", "--raw"], ["db", "upgrade"],
    ["db", "downgrade", head_revision()], ["db", "current"], ["db", "history"], ["db", "url"],
    ["db", "create-reader", "pw_test_reader", "--password-stdin"], ["docs", "schema"], ["tags"],
    ["search", "ministry"], ["show", "07BAKU9515"], ["server", "status"],
]  # fmt: skip


@pytest.mark.parametrize("form", FORMS)
def test_no_output_of_any_command_shows_the_password(database_url: str, form: str) -> None:
    """Every command (server start and stop aside: they take no URL), with the URL given as an option and in the
    environment, with --debug tracebacks on: its standard output and error never hold the password."""
    url = with_password(database_url, form)
    seen: list[str] = []
    for args in EVERY_COMMAND:
        for how in ("option", "environment"):
            env = {"CABLEDB_DATABASE_URL": url if how == "environment" else ""}
            extra = ["--database-url", url] if how == "option" and args[0] not in ("parse", "server") else []
            if args[:2] == ["db", "history"]:
                extra = []
            result = CliRunner(env=env).invoke(cli, ["--debug", *args, *extra], input="reader-pw\n")
            seen.append(result.output)
            assert PASSWORD not in result.output, (args, how, result.output)
            assert PASSWORD[5:] not in result.output and PASSWORD[:5] + "/" not in result.output, (args, result.output)
    if form in ("user part", "query"):
        assert any("07BAKU9515" in out for out in seen)  # the commands worked


def test_psql_gets_the_password_through_the_environment(database_url: str) -> None:
    """`cabledb psql` put the whole URL on psql's command line, where `ps` shows it to every user of the machine."""
    url = with_password(database_url, "user part")
    proc = subprocess.run(
        [sys.executable, "-m", "cabledb", "psql", "--database-url", url, "-tA", "-c",
         "\\! tr '\\0' ' ' < /proc/$PPID/cmdline"],
        capture_output=True, text=True, env={**os.environ}, timeout=120, cwd=REPO,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert "psql" in proc.stdout and "dbname=" in proc.stdout, proc.stdout
    assert PASSWORD not in proc.stdout + proc.stderr
