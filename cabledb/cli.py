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
from cabledb.errors import CabledbError

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
            message = f"Error: {exc.message}"
            if exc.hint:
                message += f"\n  Fix: {exc.hint}"
            click.echo(message, err=True)
            ctx.exit(1)
        except KeyboardInterrupt:
            click.echo("Interrupted.", err=True)
            ctx.exit(130)
        except Exception as exc:  # noqa: BLE001 - the last line of defence: never show a traceback by default
            if _DEBUG:
                traceback.print_exc()
            click.echo(
                f"Internal error: {type(exc).__name__}: {exc}\n  Fix: run again with --debug and report the traceback.",
                err=True,
            )
            ctx.exit(2)


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


def main() -> None:
    """Entry point of the ``cabledb`` script."""
    cli(prog_name="cabledb")


def _register(module: str) -> None:
    """Commands live next to the code they drive; each module adds its commands to ``cli``."""
    __import__(module)


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
@click.argument("paths", nargs=-1, required=True, type=click.Path(allow_dash=True))
def parse(fmt: str, reference_id: str | None, created: str | None, pretty: bool, paths: tuple[str, ...]) -> None:
    """Parse cables and print every part of each as JSON Lines, one object per cable.

    PATHS are files, directories, archives (.tar.xz, .zip, .gz, ...) or - for standard input. A cables.csv file
    gives one line per row. Inputs that hold no cable are reported on standard error, and the exit status is 1.

    \b
    Examples:
      cabledb parse 07BAKU1515.txt --pretty
      cabledb parse cables.csv | jq .subject
      cat cable.txt | cabledb parse --reference-id 07BAKU1515 --created 2007-12-19 -
    """
    from cabledb.parse import ParseError, parse_cable
    from cabledb.sources import iter_records

    failed = 0
    out = sys.stdout
    for record in iter_records(paths, format=fmt):
        if record.error:
            failed += 1
            click.echo(f"cabledb: {record.source} ({record.position}): {record.error}", err=True)
            continue
        try:
            cable = parse_cable(record.data, format=record.format, reference_id=reference_id, created=created)
        except ParseError as exc:
            failed += 1
            click.echo(f"cabledb: {record.source} ({record.position}): {exc.message}", err=True)
            continue
        for note in record.notes:
            cable.note(note)
        out.write(json.dumps(cable.to_dict(), ensure_ascii=False, indent=2 if pretty else None))
        out.write("\n")
    out.flush()
    if failed:
        click.echo(f"cabledb: {failed} input(s) held no readable cable.", err=True)
        raise SystemExit(1)


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


_ = Callable  # typing helper kept for the command modules
