"""Release history as text for people: ``cabledb releases`` and ``cabledb history ID`` (like ``git log -p`` for
one cable). Every value from the database passes through :func:`cabledb.display.printable`; color only when asked
(on a terminal)."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from itertools import groupby
from typing import Any

from cabledb.display import printable
from cabledb.history.views import CableHistory

Style = Callable[..., str]


def _plain(value: str, **_: Any) -> str:
    return value


def format_releases(rows: list[dict[str, Any]]) -> str:
    """The releases as a table, in order."""
    if not rows:
        return "No release in the database yet: import one, e.g. cabledb import cablegate-201012041409.tar.xz"
    head = ("release", "published (UTC)", "cables", "new", "changed", "unchanged", "withdrawn")
    table = [
        (
            printable(r["release"]),
            r["published_at"].strftime("%Y-%m-%d %H:%M") if r["published_at"] else "-",
            f"{r['cable_count']:,}",
            f"{r['new_count']:,}",
            f"{r['changed_count']:,}",
            f"{r['unchanged_count']:,}",
            "-" if r["withdrawn_count"] is None else f"{r['withdrawn_count']:,}",
        )
        for r in rows
    ]
    widths = [max(len(h), *(len(row[i]) for row in table)) for i, h in enumerate(head)]
    lines = []
    for row in (head, *table):
        cells = [c.ljust(w) if i < 2 else c.rjust(w) for i, (c, w) in enumerate(zip(row, widths, strict=True))]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)


def _where(change: dict[str, Any]) -> str:
    if change["part"] == "paragraph" and change["paragraph_number"] is not None:
        return f"paragraph {change['paragraph_number']}"
    return str(change["part"])


def format_history(history: CableHistory, *, style: Style | None = None) -> str:
    """The versions of a cable, then each release that changed it with its changes: removed text marked ``-``
    (red), added text ``+`` (green)."""
    st = style or _plain
    out: list[str] = []
    rid = history.reference_id
    count = len(history.versions)
    out.append(st(f"{rid}: {count} version{'s' if count != 1 else ''}", bold=True))
    for v in history.versions:
        span = printable(v["first_release"] or "-")
        if v["last_release"] and v["last_release"] != v["first_release"]:
            span += f" .. {printable(v['last_release'])}"
        notes = [f"{v['release_count']} release{'s' if v['release_count'] != 1 else ''}"]
        if v["redaction_count"]:
            notes.append(f"{v['redaction_count']} redaction{'s' if v['redaction_count'] != 1 else ''}")
        if v["is_current"]:
            notes.append("current")
        out.append(f"  version {v['version']}  {span}  ({', '.join(notes)})")
    if not history.changes:
        out.append("")
        out.append("No change between the releases that carry it.")
    for (release, previous), group in groupby(history.changes, key=lambda c: (c["release"], c["previous_release"])):
        changes = list(group)
        kinds = sorted({c["change"] for c in changes})
        out.append("")
        out.append(st(f"release {printable(release)}", fg="yellow", bold=True) + f" (after {printable(previous)})")
        out.append(f"  {len(changes)} change{'s' if len(changes) != 1 else ''}: {', '.join(kinds)}")
        for c in changes:
            out.append(st(f"@@ {_where(c)}: {c['change']} @@", fg="cyan"))
            for sign, text, color in (("-", c["removed_text"], "red"), ("+", c["added_text"], "green")):
                if text:
                    for line in textwrap.wrap(printable(text), 100) or [""]:
                        out.append(st(f"{sign} {line}", fg=color))
    return "\n".join(out)
