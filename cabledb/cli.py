"""The ``cabledb`` command line. Each command parses its options, calls one library function, and prints.

Errors: a :class:`CabledbError` becomes a one-line message with a hint and exit status 1; anything unexpected
becomes a one-line "internal error" message (exit status 2). ``--debug`` shows the traceback instead.
"""

from __future__ import annotations

import json
import sys
import traceback
from collections.abc import Callable
from typing import Any

import click

from cabledb import __version__
from cabledb.config import DEFAULT_BATCH_SIZE
from cabledb.display import json_line, printable
from cabledb.errors import CabledbError, Interrupted
from cabledb.parse.model import TAG_KINDS

_DEBUG = False


class CabledbGroup(click.Group):
    """A click group that turns errors into one-line messages."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.exceptions.Abort, SystemExit):
            raise
        except CabledbError as exc:
            if _DEBUG:
                traceback.print_exc()
            message = f"Error: {printable(exc.message, multiline=True)}"
            if exc.hint:
                message += f"\n  Fix: {printable(exc.hint)}"
            click.echo(message, err=True)
            ctx.exit(1)
        except KeyboardInterrupt as exc:
            # Ctrl-C, or SIGTERM (see main): one line, and the status a shell gives a command killed by it.
            stop = exc if isinstance(exc, Interrupted) else Interrupted()
            click.echo(
                f"Interrupted by {stop.how}" + (f": {printable(stop.message)}" if stop.message else "."), err=True
            )
            ctx.exit(128 + stop.signum)
        except BrokenPipeError:
            # The reader went away (cabledb stats | head): stop quietly, as Unix tools do.
            import os

            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            ctx.exit(0)
        except Exception as exc:
            if _DEBUG:
                traceback.print_exc()
            known = _known_error(exc)
            if known is not None:
                click.echo(known, err=True)
                ctx.exit(1)
            click.echo(
                f"Internal error: {type(exc).__name__}: {exc}\n  Fix: run again with --debug and report the traceback.",
                err=True,
            )
            ctx.exit(2)


def _known_error(exc: Exception) -> str | None:
    """A one-line message for errors that are not cabledb's own but have a plain cause: the database refused a
    statement (its first line only: no SQL, no detail), or a file could not be read or written."""
    if isinstance(exc, OSError) and exc.strerror:
        where = f"{exc.filename}: " if exc.filename else ""
        return f"Error: {where}{exc.strerror}"
    module = type(exc).__module__
    if module.startswith(("psycopg", "sqlalchemy")):
        from cabledb.db import failure
        from cabledb.errors import first_line

        orig = getattr(exc, "orig", None) or exc
        if isinstance(orig, Exception) and type(orig).__module__.startswith("psycopg"):
            lost = failure(orig)
            if lost.message.startswith("lost the connection"):
                return f"Error: {lost.message}\n  Fix: check that the database server runs, then run the command again"
            return f"Error: the database refused the command: {first_line(orig)}"
    return None


@click.group(cls=CabledbGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 110})
@click.version_option(__version__, prog_name="cabledb")
@click.option("--debug", is_flag=True, help="Show tracebacks of errors.")
def cli(debug: bool) -> None:
    """cabledb: a relational database of US diplomatic cables.

    \b
    Examples:
      cabledb import cablegate-html.tar.xz      # load cables into the database
      cabledb parse 07BAKU1515.txt --pretty     # show how one cable is read
      cabledb stats                             # what is in the database
    """
    global _DEBUG
    _DEBUG = debug
    if debug:
        import logging

        logging.getLogger("psycopg").setLevel(logging.WARNING)


def main() -> None:
    """Entry point of the ``cabledb`` script."""
    import logging
    import signal

    def terminate(signum: int, _: Any) -> None:
        # Clean up as after Ctrl-C (the import marks its run interrupted), then exit 128 + signum.
        raise Interrupted(signum)

    signal.signal(signal.SIGTERM, terminate)
    signal.signal(signal.SIGHUP, terminate)
    # psycopg logs notes such as "error ignored terminating <Pipeline>" when a connection is lost: the one line
    # that says what happened is enough (--debug shows them).
    logging.getLogger("psycopg").setLevel(logging.CRITICAL)
    cli(prog_name="cabledb")


# -- parse ----------------------------------------------------------------------------------------------------


def _created_option(_: click.Context, __: click.Parameter, value: str | None) -> str | None:
    if value is None:
        return None
    from cabledb.parse.dates import parse_metadata_datetime

    if parse_metadata_datetime(value) is None:
        raise click.BadParameter(f"{value!r} is not a date; use ISO 8601, e.g. 2007-12-19 or 2007-12-19T12:35")
    return value


@cli.command()
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["auto", "html", "csv", "text"]),
    default="auto",
    show_default=True,
    help="Input format; auto detects it from the content.",
)
@click.option("--reference-id", help="Reference id for input that lacks one (plain text).")
@click.option(
    "--created",
    callback=_created_option,
    help="Date of the cable for input that lacks one; its year dates references such as 'REF: BAKU 1495'.",
)
@click.option("--pretty", is_flag=True, help="Indent the JSON (one object per cable, still one after another).")
@click.option(
    "--workers",
    type=click.IntRange(1, 64),
    default=None,
    help="Processes that parse (default: one per core, at most 8); output keeps input order.",
)
@click.argument("paths", nargs=-1, required=True, type=click.Path(allow_dash=True))
def parse(
    fmt: str, reference_id: str | None, created: str | None, pretty: bool, workers: int | None, paths: tuple[str, ...]
) -> None:
    """Parse cables and print every part of each as JSON Lines, one object per cable.

    PATHS are files, directories, archives (.tar.xz, .zip, .gz, ...) or - for standard input. A cables.csv file
    gives one line per row. Inputs that hold no cable are reported on standard error, and the exit status is 1.

    \b
    Examples:
      cabledb parse 07BAKU1515.txt --pretty
      cabledb parse cables.csv | jq .subject
      cat cable.txt | cabledb parse --reference-id 07BAKU1515 --created 2007-12-19 -
    """
    from cabledb.jsonlines import Options, write_jsonl

    options = Options(format=fmt, reference_id=reference_id, created=created, pretty=pretty)
    failed = write_jsonl(
        paths,
        sys.stdout,
        options,
        lambda message: click.echo(f"cabledb: {printable(message)}", err=True),
        workers=workers,
    )
    if failed:
        click.echo(f"cabledb: {failed} input(s) held no readable cable.", err=True)
        raise SystemExit(1)


# -- shared options -------------------------------------------------------------------------------------------


def database_option(fn: Callable[..., Any]) -> Callable[..., Any]:
    """``--database-url``: shared by every command that uses the database."""
    return click.option(
        "--database-url",
        metavar="URL",
        help="PostgreSQL URL (postgresql://user:pw@host:5432/db). Default: $CABLEDB_DATABASE_URL, else the "
        "embedded database under $CABLEDB_HOME.",
    )(fn)


def _show_progress(quiet: bool) -> bool:
    return not quiet and sys.stderr.isatty()


# -- import ---------------------------------------------------------------------------------------------------


@cli.command("import")
@database_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["auto", "html", "csv", "text"]),
    default="auto",
    show_default=True,
    help="Input format; auto detects it from the content of each file.",
)
@click.option(
    "--batch-size",
    type=click.IntRange(1, 100_000),
    default=DEFAULT_BATCH_SIZE,
    show_default=True,
    help="Cables per transaction.",
)
@click.option(
    "--workers",
    type=click.IntRange(0, 64),
    default=None,
    help="Parser processes (default: one per core; 0 parses in this process).",
)
@click.option(
    "--release",
    metavar="NAME",
    help="The release the inputs belong to (default: the build or cables.csv their path names, else the run's).",
)
@click.option(
    "--complete",
    is_flag=True,
    help="The inputs are the whole release: cables of the release before it that it lacks count as withdrawn.",
)
@click.option("--quiet", "-q", is_flag=True, help="No progress bar, only the summary line (and errors).")
@click.option("--timings", is_flag=True, help="Also print the seconds spent in each phase (on stderr, as JSON).")
@click.argument("paths", nargs=-1, required=True, type=click.Path(allow_dash=True))
def import_(
    database_url: str | None,
    fmt: str,
    batch_size: int,
    workers: int | None,
    release: str | None,
    complete: bool,
    quiet: bool,
    timings: bool,
    paths: tuple[str, ...],
) -> None:
    """Import cables from files, directories, archives or - (stdin) into the database.

    Formats (WikiLeaks pages, cables.csv, plain text) and compressions (.tar.xz, .tgz, .zip, .gz, ...) are detected
    from the content. Re-running an import changes nothing: unchanged cables are skipped, changed ones updated.
    Records that cannot be imported are kept with the reason (see cabledb errors); the exit status is then 1.

    Every cable read belongs to a release (see cabledb releases, cabledb history): --release NAME names it;
    otherwise an archive or directory named after a WikiLeaks build (cablegate-201012041409.tar.xz) is that build,
    a cables.csv file names itself, and any other input is the release of its import run.

    \b
    Examples:
      cabledb import cablegate-html.tar.xz
      cabledb import cables.csv --database-url postgresql://me@db.example.org/cables
      cabledb import cablegate-201012041409.tar.xz cablegate-201012051016.tar.xz --complete
      cabledb import --release "Guardian 2010-11-28" guardian/
      cat cable.txt | cabledb import -
    """
    from cabledb.db import open_database
    from cabledb.load.pipeline import import_paths

    with open_database(database_url, create_schema=True) as db:
        bar = _progress_bar(paths, enabled=_show_progress(quiet))
        try:
            result = import_paths(
                db,
                list(paths),
                format=fmt,
                batch_size=batch_size,
                workers=workers,
                progress=bar.update if bar else None,
                release=release,
                complete=complete,
            )
        finally:
            if bar:
                bar.close()
    click.echo(result.summary())
    if timings:
        click.echo("timings: " + json.dumps(result.timings), err=True)
    if result.rejected:
        for sample in result.reject_samples:
            click.echo(f"  rejected: {printable(sample)}", err=True)
        click.echo(
            f"{result.rejected} record(s) were rejected and kept with their reason; "
            f"list them with: cabledb errors --run {result.run_id}",
            err=True,
        )
        raise SystemExit(1)


def _progress_bar(paths: tuple[str, ...], *, enabled: bool) -> Any:
    if not enabled:
        return None
    from tqdm import tqdm

    from cabledb.sources import count_hint

    return tqdm(total=count_hint(paths), unit=" cables", desc="importing", file=sys.stderr, dynamic_ncols=True)


# -- stats and errors -----------------------------------------------------------------------------------------


@cli.command()
@database_option
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of tables.")
def stats(database_url: str | None, as_json: bool) -> None:
    """Counts per table, per classification and per year.

    \b
    Example:
      cabledb stats
    """
    from cabledb.db import open_database
    from cabledb.stats import collect

    with open_database(database_url) as db:
        s = collect(db)
    if as_json:
        click.echo(json.dumps(s.to_dict(), indent=2))
        return
    click.echo("Rows per table:")
    for table, n in s.tables.items():
        click.echo(f"  {table:<22}{n:>10}")
    click.echo("Cables per classification:")
    for level, n in s.by_classification:
        click.echo(f"  {printable(level):<22}{n:>10}")
    click.echo("Cables per year:")
    for year, n in s.by_year:
        click.echo(f"  {year if year is not None else 'unknown':<22}{n:>10}")
    click.echo(
        f"References to cables: {s.references_to_cables}, resolved to a cable in the database: {s.references_resolved}"
    )
    if s.runs_running:
        click.echo(f"Import runs still at work: {s.runs_running}")
    if s.runs_unfinished > s.runs_running:
        click.echo(
            f"Import runs killed before they ended: {s.runs_unfinished - s.runs_running} (the next import "
            "marks them interrupted; run the same import again to complete what they left)"
        )


@cli.command()
@database_option
@click.option(
    "--run",
    "run_id",
    type=click.IntRange(1, 2**31 - 1),
    help="Only this import run (see the summary line of cabledb import).",
)
@click.option("--last", is_flag=True, help="Only the latest import run.")
@click.option("--limit", type=click.IntRange(1), help="At most this many records.")
@click.option("--raw", "show_raw", is_flag=True, help="Also print each record's raw bytes (as text).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON Lines.")
def errors(
    database_url: str | None, run_id: int | None, last: bool, limit: int | None, show_raw: bool, as_json: bool
) -> None:
    """List the records that imports rejected, with their source, position and reason.

    \b
    Examples:
      cabledb errors --last
      cabledb errors --run 3 --raw
    """
    from cabledb.db import open_database
    from cabledb.stats import last_run, list_errors

    with open_database(database_url) as db:
        if last:
            run_id = last_run(db)
        rows = list_errors(db, run_id, limit, with_raw=show_raw)
    for row in rows:
        if as_json:
            obj = {
                "id": row.id,
                "run": row.run_id,
                "source": row.source,
                "position": row.position,
                "reason": row.reason,
                "raw_size": row.raw_size,
            }
            if show_raw and row.raw is not None:
                obj["raw"] = row.raw.decode("utf-8", "replace")
            click.echo(json_line(obj))
            continue
        click.echo(
            f"run {row.run_id}  {printable(row.source)} ({printable(row.position)}): {printable(row.reason)}"
            f"  [{row.raw_size} bytes]"
        )
        if show_raw and row.raw is not None:
            click.echo(printable(row.raw.decode("utf-8", "replace"), multiline=True))
    if not rows and not as_json:
        click.echo("No rejected records.")


# -- db -------------------------------------------------------------------------------------------------------


@cli.group()
def db() -> None:
    """Manage the database schema (Alembic migrations) and show the connection URL.

    \b
    Examples:
      cabledb db upgrade
      cabledb db current --database-url postgresql://me@localhost/cables
    """


@db.command("upgrade")
@database_option
@click.argument("revision", default="head")
def db_upgrade(database_url: str | None, revision: str) -> None:
    """Upgrade the schema to REVISION (default: head, the latest).

    \b
    Example:
      cabledb db upgrade
    """
    from cabledb.db import open_database

    with open_database(database_url, check_schema=False) as database:
        database.upgrade(revision)
        click.echo(f"{database.display_url}: at revision {database.current_revision()}")


@db.command("downgrade")
@database_option
@click.argument("revision")
def db_downgrade(database_url: str | None, revision: str) -> None:
    """Downgrade the schema to REVISION (base removes every cabledb table).

    \b
    Example:
      cabledb db downgrade base
    """
    from cabledb.db import open_database

    with open_database(database_url, check_schema=False) as database:
        database.downgrade(revision)
        click.echo(f"{database.display_url}: at revision {database.current_revision() or 'base'}")


@db.command("current")
@database_option
def db_current(database_url: str | None) -> None:
    """Show the schema revision of the database and the latest one.

    \b
    Example:
      cabledb db current
    """
    from cabledb.db import head_revision, open_database

    with open_database(database_url, check_schema=False) as database:
        current = database.current_revision()
        missing = database.deferred_missing()
    head = head_revision()
    state = "up to date" if current == head else "behind: run cabledb db upgrade"
    if missing:
        state += (
            f"; but {missing} indexes and constraints that an interrupted first import dropped are missing:"
            " run cabledb db upgrade, or the same import again, to rebuild them"
        )
    click.echo(f"current: {current or 'base (empty)'}  head: {head}  ({state})")


@db.command("history")
def db_history() -> None:
    """List the migrations, newest first.

    \b
    Example:
      cabledb db history
    """
    from alembic.script import ScriptDirectory

    from cabledb.db import alembic_config

    for script in ScriptDirectory.from_config(alembic_config()).walk_revisions():
        click.echo(f"{script.revision}  {(script.doc or '').splitlines()[0] if script.doc else ''}")


@db.command("url")
@database_option
@click.option("--show-password", is_flag=True, help="Show the password instead of ***.")
def db_url(database_url: str | None, show_password: bool) -> None:
    """Print the connection URL of the database cabledb uses (for psql and BI tools).

    For the embedded database this is the Unix-socket URL; start it with cabledb server start --port N to reach it
    over TCP.

    \b
    Example:
      psql "$(cabledb db url)"
    """
    from cabledb.config import redact, resolve

    target = resolve(database_url)
    if target.url is not None:
        click.echo(printable(target.url if show_password else redact(target.url)))
        return
    from cabledb.embedded import EmbeddedServer

    server = EmbeddedServer()
    status = server.status()
    click.echo(server.url())
    if status.port and server.tcp_url():
        click.echo(f"over TCP (BI tools): {server.tcp_url()}", err=True)
    if not status.running:
        click.echo("note: the embedded server is not running; start it with: cabledb server start", err=True)


@db.command("create-reader")
@database_option
@click.argument("name")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input (one line).")
@click.option(
    "--statement-timeout",
    default="60s",
    show_default=True,
    help="The role's default statement timeout (a session can change it: see docs/bi.md).",
)
@click.option(
    "--connection-limit",
    type=click.IntRange(1, 10_000),
    default=15,
    show_default=True,
    help="Connections the role may hold at once (enforced by PostgreSQL).",
)
def db_create_reader(
    database_url: str | None, name: str, password_stdin: bool, statement_timeout: str, connection_limit: int
) -> None:
    """Create, or update, a login role NAME that can only read: for BI tools and analysts.

    It can SELECT the bi views (later ones too) and the normalized tables, but not the raw bytes of rejected
    records; it cannot create or change anything, nor hold more than --connection-limit connections; its sessions
    start read-only with a statement timeout (defaults, which a session can change). Without --password-stdin, a
    new role gets a generated password, printed once.

    \b
    Examples:
      cabledb db create-reader metabase
      printf '%s\\n' "$PW" | cabledb db create-reader analyst --password-stdin
    """
    from cabledb.db import open_database
    from cabledb.roles import create_reader

    password = None
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
        if not password:
            raise click.UsageError("no password on standard input")
    with open_database(database_url) as database:
        reader = create_reader(database, name, password, statement_timeout, connection_limit)
    click.echo(f"{'created' if reader.created else 'updated'} read-only role {reader.name}")
    if reader.password:
        click.echo(f"password: {reader.password}  (shown once; change it with --password-stdin)")
    if reader.relying_roles:
        click.echo(
            f"note: CONNECT on this database stays granted to PUBLIC, because the roles "
            f"{', '.join(reader.relying_roles)} reach it only that way; grant them CONNECT, then run this "
            "again to revoke it",
            err=True,
        )
    if reader.other_databases:
        click.echo(
            f"note: {reader.name} can also connect to the databases {', '.join(reader.other_databases)} "
            "(CONNECT is granted to PUBLIC there); only the server's owner can stop that: REVOKE CONNECT ON "
            "DATABASE ... FROM PUBLIC, or a pg_hba.conf line for this database only (docs/bi.md)",
            err=True,
        )


# -- docs, tags, search, show ---------------------------------------------------------------------------------


@cli.group()
def docs() -> None:
    """Generate documentation from the database itself.

    \b
    Example:
      cabledb docs schema --output docs/schema.md
    """


@docs.command("schema")
@database_option
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="Write to this file instead of stdout.")
def docs_schema(database_url: str | None, output: str | None) -> None:
    """Write the schema reference (tables, views, columns, keys, comments, a mermaid diagram) as Markdown.

    \b
    Example:
      cabledb docs schema --output docs/schema.md
    """
    from pathlib import Path

    from cabledb.db import open_database
    from cabledb.errors import ConfigError
    from cabledb.schema_docs import collect, render

    with open_database(database_url) as database:
        text = render(collect(database), database.current_revision())
    if output:
        try:
            Path(output).write_text(text, encoding="utf-8")
        except OSError as exc:
            raise ConfigError(
                f"cannot write {output}: {exc.strerror or exc}",
                hint="give a file in a directory that exists and that you can write to",
            ) from None
        click.echo(f"wrote {output}")
    else:
        click.echo(text, nl=False)


@cli.command()
@database_option
@click.option("--unknown", is_flag=True, help="Only the tags outside the glossary (kind unknown).")
@click.option("--kind", type=click.Choice(TAG_KINDS))
@click.option("--json", "as_json", is_flag=True, help="Print JSON Lines.")
def tags(database_url: str | None, unknown: bool, kind: str | None, as_json: bool) -> None:
    """List TAGS codes with their kind, description and number of cables.

    \b
    Examples:
      cabledb tags --unknown
      cabledb tags --kind program
    """
    from cabledb.db import open_database
    from cabledb.query import tag_glossary

    with open_database(database_url) as database:
        rows = tag_glossary(database, "unknown" if unknown else kind)
    for code, k, description, count in rows:
        if as_json:
            click.echo(json_line({"code": code, "kind": k, "description": description, "cables": count}))
        else:
            click.echo(f"{printable(code):<24} {k:<13} {count:>7}  {printable(description)}")


@cli.command()
@database_option
@click.argument("query")
@click.option("--origin", help="Only cables from this post (name like 'Embassy Baku', or station like BAKU).")
@click.option("--tag", help="Only cables with this TAGS code, e.g. PGOV.")
@click.option("--classification", help="Only this level, e.g. SECRET, or string, e.g. SECRET//NOFORN.")
@click.option("--since", type=click.DateTime(["%Y-%m-%d"]), help="Only cables sent on or after this date.")
@click.option("--until", type=click.DateTime(["%Y-%m-%d"]), help="Only cables sent on or before this date.")
@click.option("--limit", type=click.IntRange(1, 1000), default=20, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print JSON Lines (the same as --format jsonl).")
@click.option(
    "--format",
    "out_format",
    type=click.Choice(["text", "csv", "jsonl"]),
    default="text",
    show_default=True,
    help="csv (with a header row, for spreadsheets) or jsonl: one line per hit, with the snippet.",
)
@click.option(
    "--facets", "with_facets", is_flag=True, help="Also count the matching cables per year, origin, tag and level."
)
@click.option("--redacted", is_flag=True, help="Only cables that some release redacted (see cabledb history).")
@click.option(
    "--earlier-versions",
    is_flag=True,
    help="Also cables whose earlier versions match (a name a later build blacked out), ranked last.",
)
def search(
    database_url: str | None,
    query: str,
    origin: str | None,
    tag: str | None,
    classification: str | None,
    since: Any,
    until: Any,
    limit: int,
    as_json: bool,
    out_format: str,
    with_facets: bool,
    redacted: bool,
    earlier_versions: bool,
) -> None:
    """Full-text search, best matches first, with a highlighted snippet for each.

    QUERY uses web-search syntax: words, "exact phrases", -excluded words and OR. The same search is the SQL
    function cabledb_search(query).

    \b
    Examples:
      cabledb search '"nuclear program" iran -israel'
      cabledb search corruption --origin 'Embassy Baku' --since 2008-01-01 --limit 5
      cabledb search '"arms sales"' --limit 1000 --format csv > hits.csv
      cabledb search corruption --facets --limit 5
      cabledb search Kabul --redacted
      cabledb search '"Li Guofu"' --earlier-versions
    """
    from cabledb.db import open_database
    from cabledb.query import FACETS, SearchHit
    from cabledb.query import facets as run_facets
    from cabledb.query import search as run_search

    if with_facets and out_format == "csv":
        raise CabledbError("--facets has no CSV form", hint="use --facets with --format jsonl, or without --format")
    filters: dict[str, Any] = {
        "origin": origin,
        "tag": tag,
        "classification": classification,
        "since": since.date() if since else None,
        "until": until.date() if until else None,
    }
    counts: dict[str, Any] | None = None
    with open_database(database_url) as database:
        hits = run_search(database, query, limit=limit, redacted=redacted, earlier_versions=earlier_versions, **filters)
        if with_facets:
            counts = run_facets(database, query, **filters)
    if out_format == "csv":
        from cabledb.export import write_rows

        columns = list(SearchHit.COLUMNS)
        write_rows(sys.stdout, columns, ([hit.to_dict()[c] for c in columns] for hit in hits), "csv")
        return
    as_json = as_json or out_format == "jsonl"
    tty = sys.stdout.isatty()
    for hit in hits:
        if as_json:
            click.echo(json_line(hit.to_dict()))
            continue
        date = hit.created.date().isoformat() if hit.created else "?"
        title = click.style(hit.reference_id, bold=True) if tty else hit.reference_id
        click.echo(
            f"{title}  {date}  {printable(hit.origin or '?')}  {printable(hit.classification)}  (rank {hit.rank:.3f})"
        )
        if hit.subject:
            click.echo(f"  {printable(hit.subject)}")
        snippet = printable(hit.snippet)
        if tty:
            parts = snippet.split("**")
            snippet = "".join(click.style(p, bold=True) if i % 2 else p for i, p in enumerate(parts))
        click.echo(f"  {snippet}")
        click.echo()
    if not hits and not as_json:
        click.echo("No cable matches.")
    if counts is not None:
        if as_json:
            click.echo(json_line({"facets": counts}))
        else:
            click.echo(f"{counts['total']:,} matching cables")
            for name in FACETS:
                values = ", ".join(f"{printable(v)} ({n:,})" for v, n in counts[name])
                click.echo(f"  {name}: {values or '-'}")


@cli.command()
@database_option
@click.option("--query", "-c", "query", required=True, help="The SQL query whose result to export (a SELECT).")
@click.option(
    "--format",
    "out_format",
    type=click.Choice(["csv", "jsonl"]),
    default="csv",
    show_default=True,
    help="csv (a header row, for spreadsheets) or jsonl (one JSON object per row).",
)
@click.option(
    "--output",
    "-o",
    required=True,
    type=click.Path(dir_okay=False, allow_dash=True),
    help="The file to write ('-' for standard output).",
)
@click.option("--quiet", "-q", is_flag=True, help="No progress display, only the summary line.")
def export(database_url: str | None, query: str, out_format: str, output: str, quiet: bool) -> None:
    """Export the result of an SQL query to a CSV or JSON Lines file, streamed (any size).

    The query runs read-only, through a server-side cursor: rows go to the file as they come.

    \b
    Examples:
      cabledb export --query "SELECT * FROM bi.cables WHERE origin = 'Embassy Baku'" -o baku.csv
      cabledb export -c "SELECT reference_id, subject FROM bi.cables" --format jsonl -o cables.jsonl
    """
    from cabledb.db import open_database
    from cabledb.export import export_query

    show = _show_progress(quiet)
    bar: Any = None
    if show:
        from tqdm import tqdm

        bar = tqdm(unit=" rows", desc="exporting", file=sys.stderr, dynamic_ncols=True)
    try:
        with open_database(database_url) as database:
            count = export_query(database, query, output, out_format, bar.update if bar else None)
    finally:
        if bar is not None:
            bar.close()
    if output != "-":
        click.echo(f"{count:,} rows written to {printable(output)}")


@cli.command()
@database_option
@click.argument("reference_id")
@click.option("--json", "as_json", is_flag=True, help="Print the cable as JSON.")
@click.option("--version", "version", type=click.IntRange(1), help="The text of this version (see cabledb history).")
@click.option("--release", metavar="NAME", help="The text as this release had it (see cabledb releases).")
def show(database_url: str | None, reference_id: str, as_json: bool, version: int | None, release: str | None) -> None:
    """Show one cable: metadata, addressees, tags with descriptions, paragraphs with their marks, the cables it
    cites and the cables that cite it. With --version N or --release NAME: the text as that version or release
    had it.

    \b
    Examples:
      cabledb show 07BAKU1515
      cabledb show 07BAKU1515 --json | jq .cited_by
      cabledb show 09BEIJING2438 --version 1
      cabledb show 09BEIJING2438 --release cablegate-201011301701
    """
    from cabledb.db import open_database
    from cabledb.query import show as load_view

    if version is not None or release is not None:
        from cabledb.history.views import version_text

        if version is not None and release is not None:
            raise click.UsageError("give --version or --release, not both")
        with open_database(database_url) as database:
            found = version_text(database, reference_id, version=version, release=release)
        if as_json:
            click.echo(json_line({"reference_id": reference_id.strip(), **found}, indent=2, default=str))
            return
        span = found["first_release"] or "-"
        if found["last_release"] != found["first_release"]:
            span += f" .. {found['last_release']}"
        current = ", current" if found["is_current"] else ""
        click.echo(f"{printable(reference_id.strip())} version {found['version']}: {printable(span)}{current}")
        click.echo()
        click.echo(printable(found["header"], multiline=True))
        click.echo()
        click.echo(printable(found["body"], multiline=True))
        return
    with open_database(database_url) as database:
        view = load_view(database, reference_id)
    if as_json:
        click.echo(json_line(view.to_dict(), indent=2, default=str))
        return
    click.echo(_format_view(view))


@cli.command()
@database_option
@click.option("--json", "as_json", is_flag=True, help="Print JSON Lines.")
def releases(database_url: str | None, as_json: bool) -> None:
    """The releases cables were imported from, in order, with the cables each carried: new, changed and unchanged
    against the release before it, and withdrawn (for releases imported with --complete).

    \b
    Examples:
      cabledb releases
      cabledb releases --json | jq -r 'select(.changed_count > 0) | .release'
    """
    from cabledb.db import open_database
    from cabledb.history.render import format_releases
    from cabledb.history.views import releases as load_releases

    with open_database(database_url) as database:
        rows = load_releases(database)
    if as_json:
        for row in rows:
            click.echo(json_line(row, default=str))
        return
    click.echo(format_releases(rows))


@cli.command()
@database_option
@click.argument("reference_id")
@click.option("--json", "as_json", is_flag=True, help="Print the versions and changes as JSON.")
def history(database_url: str | None, reference_id: str, as_json: bool) -> None:
    """The versions of one cable across releases and, for each release that changed it, what it redacted, restored
    or edited: removed text marked - (red), added text + (green), like git log -p.

    \b
    Examples:
      cabledb history 09BEIJING2438
      cabledb history 10STATE17263 | less -R
      cabledb history 05LIMA2158 --json | jq '.changes[] | select(.change == "redacted")'
    """
    from cabledb.db import open_database
    from cabledb.history.render import format_history
    from cabledb.history.views import cable_history

    with open_database(database_url) as database:
        found = cable_history(database, reference_id)
    if as_json:
        click.echo(json_line(found.to_dict(), indent=2, default=str))
        return
    click.echo(format_history(found, style=click.style if sys.stdout.isatty() else None))


def _safe(value: Any, *, multiline: bool = False) -> Any:
    """Text values (in lists and rows too) made printable (see cabledb.display)."""
    from cabledb.display import printable

    if isinstance(value, str):
        return printable(value, multiline=multiline)
    if isinstance(value, list):
        return [_safe(v) for v in value]
    if isinstance(value, dict):
        return {k: _safe(v, multiline=k == "text") for k, v in value.items()}  # paragraphs keep their lines
    return value


def _format_view(raw: Any) -> str:
    from cabledb.query import CableView

    parts = ("recipients", "tags", "paragraphs", "classifiers", "references", "cited_by", "versions")
    view = CableView(_safe(raw.meta), **{part: _safe(getattr(raw, part)) for part in parts})
    m = view.meta
    out = [f"{m['reference_id']}  {m['classification'] or ''}", f"Subject:    {m['subject'] or ''}"]
    created = m["created"].strftime("%Y-%m-%d %H:%M UTC") if m["created"] else "?"
    out.append(f"From:       {m['origin'] or ''} ({m['from_line'] or ''}), {created}")
    if m["precedence"] or m["dtg"]:
        out.append(f"Precedence: {m['precedence'] or ''}  DTG {m['dtg'] or ''}")
    for kind in ("to", "info"):
        rec = [r for r in view.recipients if r["kind"] == kind]
        if rec:
            names = [f"{r['office']}" + (f" ({r['precedence']})" if r["precedence"] else "") for r in rec]
            out.append(f"{kind.upper() + ':':<11} " + "; ".join(names))
    if view.tags:
        out.append(
            "Tags:       "
            + ", ".join(f"{t['code']} ({t['description']})" if t["description"] else t["code"] for t in view.tags)
        )
    if m["declassify_raw"] or m["executive_order"]:
        out.append(f"E.O.:       {m['executive_order'] or ''}  declassify: {m['declassify_raw'] or ''}")
    for k in view.classifiers:
        who = ", ".join(x for x in (k["name"], k["title"], k["office"]) if x)
        out.append(f"Classified: {who}  {', '.join(k['reasons'] or [])}".rstrip())
    if view.references:
        out.append("References:")
        for r in view.references:
            found = f" -> {r['found_reference_id']}: {r['found_subject'] or ''}" if r["found_reference_id"] else ""
            bullet = f"{r['bullet']}. " if r["bullet"] else ""
            out.append(f"  {bullet}[{r['kind']}] {r['text']}{found}")
    out.append("")
    for p in view.paragraphs:
        if p["heading"]:
            out.append(f"  -- {p['heading']} --")
        number = f"{p['number']}. " if p["number"] is not None else ""
        mark = f"({p['classification']}) " if p["classification"] else ""
        out.append(f"{number}{mark}{p['text']}")
        out.append("")
    if m["signed_by"]:
        out.append(", ".join(m["signed_by"]))
    if view.cited_by:
        out.append("")
        out.append("Cited by:")
        for c in view.cited_by:
            when = c["created"].date().isoformat() if c["created"] else "?"
            out.append(f"  {c['reference_id']}  {when}  {c['subject'] or ''}")
    out.append("")
    out.extend(_format_versions(view.versions))
    return "\n".join(out)


def _format_versions(versions: list[dict[str, Any]]) -> list[str]:
    """Where the text shown came from, and every other content stored for the same reference id."""
    out = []
    if len(versions) > 1:
        out.append(
            f"Versions:   {len(versions)} different contents of this cable are stored. The one shown is the "
            "most complete (a routing header, then the longest body), which says nothing of which is genuine: "
            'compare their sources (docs/reliability.md, "Copies").'
        )
    else:
        out.append("Versions:   1 (no other content of this cable was imported)")
    for v in versions:
        when = v["stored_at"].strftime("%Y-%m-%d %H:%M") if v["stored_at"] else "?"
        header = "routing header, " if v["has_header"] else "no routing header, "
        out.append(
            f"  {v['version']:<8} import run {v['import_run'] or '?'}, {when}, {header}body {v['body_bytes']:,} "
            f"bytes: {v['source'] or '?'}"
        )
    return out


# -- server ---------------------------------------------------------------------------------------------------


@cli.group()
def server() -> None:
    """Keep the embedded PostgreSQL running, so that psql and BI tools can connect.

    \b
    Examples:
      cabledb server start --port 5433
      cabledb server status
      cabledb server stop
    """


@server.command("start")
@click.option("--port", type=click.IntRange(1024, 65535), help="Also listen on TCP 127.0.0.1:PORT (for BI tools).")
def server_start(port: int | None) -> None:
    """Start the embedded server and keep it running after cabledb exits.

    \b
    Example:
      cabledb server start --port 5433
    """
    from cabledb.db import open_database
    from cabledb.embedded import EmbeddedServer

    srv = EmbeddedServer()
    srv.initialize()
    status = srv.start(port=port, persistent=True)
    with open_database(None):
        pass  # migrate it now, so that readers find the schema
    click.echo(f"running (pid {status.pid}), data in {srv.pgdata}")
    click.echo(f"  cabledb and psql: {srv.url()}")
    if srv.tcp_url():
        click.echo(f"  TCP for BI tools: {srv.tcp_url()} (create a login role with: cabledb db create-reader NAME)")


@server.command("stop")
@click.option("--force", is_flag=True, help="Stop it even while other cabledb commands use it.")
def server_stop(force: bool) -> None:
    """Stop the embedded server.

    \b
    Example:
      cabledb server stop
    """
    from cabledb.embedded import EmbeddedServer

    stopped = EmbeddedServer().stop(force=force)
    click.echo("stopped" if stopped else "not running")


@server.command("status")
def server_status() -> None:
    """Show whether the embedded server runs, where its data is and how to connect.

    \b
    Example:
      cabledb server status
    """
    from cabledb.embedded import EmbeddedServer

    srv = EmbeddedServer()
    st = srv.status()
    click.echo(f"data directory: {srv.pgdata} ({'initialized' if srv.is_initialized() else 'not initialized yet'})")
    if not st.running:
        click.echo("not running (cabledb starts it for each command; cabledb server start keeps it up)")
        return
    click.echo(f"running (pid {st.pid}){', kept up by cabledb server start' if st.persistent else ''}")
    click.echo(f"  socket URL: {srv.url()}")
    if st.port:
        click.echo(f"  TCP: 127.0.0.1:{st.port}")


# -- psql -----------------------------------------------------------------------------------------------------


@cli.command(context_settings={"ignore_unknown_options": True})
@database_option
@click.argument("psql_args", nargs=-1, type=click.UNPROCESSED)
def psql(database_url: str | None, psql_args: tuple[str, ...]) -> None:
    """Open psql on the database (extra arguments go to psql).

    \b
    Examples:
      cabledb psql
      cabledb psql -c "SELECT origin, count(*) FROM bi.cables GROUP BY 1 ORDER BY 2 DESC LIMIT 10"
    """
    import os
    import shutil
    import subprocess

    from cabledb.config import without_password
    from cabledb.db import open_database
    from cabledb.embedded import psql_executable
    from cabledb.errors import ConfigError

    exe = psql_executable() or shutil.which("psql")
    if not exe:
        raise ConfigError(
            "psql was not found", hint="install the PostgreSQL client (e.g. apt install postgresql-client)"
        )
    with open_database(database_url) as database:
        # The password goes through the environment, not the command line, where ps would show it to every user.
        conninfo, password = without_password(database.url)
        env = dict(os.environ)
        if password is not None:
            env["PGPASSWORD"] = password
        code = subprocess.call([exe, conninfo, *psql_args], env=env)
    raise SystemExit(code)


def command_names() -> list[str]:
    """All command paths, for the help tests: ``["parse", "db upgrade", ...]``."""
    names: list[str] = []

    def walk(group: click.Group, prefix: str) -> None:
        for name, cmd in sorted(group.commands.items()):
            names.append(prefix + name)
            if isinstance(cmd, click.Group):
                walk(cmd, prefix + name + " ")

    walk(cli, "")
    return names
