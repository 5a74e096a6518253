"""The schema's tables and columns, as the code needs them, derived from the models (``Base.metadata``).

The models are the one description of the schema. What the loader writes, what ``cabledb stats`` counts and what a
read-only role may read are worked out here from them, by rules, so that a table or column added to the models
is picked up wherever the rule says it belongs, and nobody keeps a list in step by hand:

- **A cable's tables** lead with ``cable_id``, a foreign key to ``cable.id`` in their primary key (DESIGN.md).
- Of those, the **parts** (flag ``models.PART``) are copied by the loader from the parse result, and the
  **derived** ones (``models.DERIVED``: the full-text documents, the facets' rows, the rows of ``bi.cable_tags``)
  are computed by SQL; both are replaced when a cable's content changes. Any other table of a cable
  (``cable_version``) is kept.
- **Run bookkeeping columns** say which import run wrote a row and when: a foreign key to ``import_run``, or a
  server default of ``now()``. The loader leaves them to the run; comparisons of content ignore them.
- **Readers** may read every table but the import's machinery (``models.BOOKKEEPING``), and every column but the
  private ones (``models.PRIVATE``: the raw bytes of rejected records).

>>> [t.name for t in part_tables()]
['cable_caveat', 'cable_recipient', 'cable_tag', 'paragraph', 'cable_classifier', 'cable_reference']
"""

from __future__ import annotations

from sqlalchemy import Column, Table, UniqueConstraint
from sqlalchemy.sql import functions

from cabledb.models import Base, Cable, ImportRun

__all__ = [
    "CABLE",
    "cable_columns",
    "cable_tables",
    "copied_columns",
    "deferrable_tables",
    "is_bookkeeping",
    "natural_key",
    "part_tables",
    "private_columns",
    "readable_tables",
    "refers_to",
    "replaced_tables",
    "stats_tables",
    "tables",
]

CABLE: Table = Cable.__table__  # type: ignore[assignment]
_RUN: Table = ImportRun.__table__  # type: ignore[assignment]


#: The materialized view of migration 0014, which is no model: the rows of bi.cables. Every import refreshes it;
#: readers may read it. (What the search facets count was one too, until migration 0019 made it the derived table
#: cable_facet, which the loader writes.)
SUMMARIES = ("cable_summary",)


def tables() -> list[Table]:
    """Every cabledb table, in the order the models define them."""
    return list(Base.metadata.tables.values())


def cable_tables() -> list[Table]:
    """The tables that hold something of one cable: their primary key includes a foreign key to ``cable.id``."""
    return [
        t for t in tables() if any(fk.column.table is CABLE for col in t.primary_key.columns for fk in col.foreign_keys)
    ]


def part_tables() -> list[Table]:
    """The parts of a cable's parse result, which the loader copies: ``cable_caveat``, ``paragraph``, ..."""
    return [t for t in cable_tables() if t.info.get("part")]


def replaced_tables() -> list[Table]:
    """The tables of a cable whose rows are replaced when its content changes: the parts and the derived ones."""
    return [t for t in cable_tables() if t.info.get("part") or t.info.get("derived")]


def deferrable_tables() -> list[Table]:
    """The tables whose keys and indexes a first import defers: ``cable`` and the tables it fills for each one."""
    return [CABLE, *replaced_tables()]


def is_bookkeeping(column: Column[object]) -> bool:
    """Does this column record which import run wrote the row, or when (not what the row says)? A foreign key to
    ``import_run``, a ``now()`` default, or a column flagged ``models.BOOKKEEPING``."""
    if column.info.get("bookkeeping") or any(fk.column.table is _RUN for fk in column.foreign_keys):
        return True
    default = column.server_default
    return isinstance(getattr(default, "arg", None), functions.now)


def refers_to(column: Column[object]) -> Table | None:
    """The table whose id this column holds: through its foreign key, or by value (``models.REFERS_TO_CABLE``)."""
    fk = next(iter(column.foreign_keys), None)
    if fk is not None:
        return fk.column.table
    name = column.info.get("refers_to")
    return Base.metadata.tables[name] if name else None


def copied_columns(table: Table) -> list[str]:
    """The columns the loader writes with COPY, in table order: not an identity, not bookkeeping, and not resolved by
    value after the load."""
    return [
        c.name
        for c in table.columns
        if c.identity is None and c.computed is None and not is_bookkeeping(c) and "refers_to" not in c.info
    ]


def cable_columns() -> list[str]:
    """The columns of ``cable`` that come from the parse result (all but its id and the run's bookkeeping)."""
    return copied_columns(CABLE)


def natural_key(table: Table) -> list[str]:
    """The columns that identify a row apart from its id: the unique key that starts the earliest in the table,
    e.g. ``cable.reference_id``, ``tag.code``, ``office (name, routing_indicator)``."""
    order = {c.name: i for i, c in enumerate(table.columns)}
    keys = [
        [c.name for c in u.columns]
        for u in table.constraints
        if isinstance(u, UniqueConstraint) and not any(c.foreign_keys for c in u.columns)
    ]
    if not keys:
        raise ValueError(f"{table.name} has no unique key but its id")
    return min(keys, key=lambda k: [order[n] for n in k])


def private_columns(table: Table) -> list[str]:
    """The columns of ``table`` that readers may not read."""
    return [c.name for c in table.columns if c.info.get("private")]


def readable_tables() -> dict[str, list[str] | None]:
    """What a read-only role may read: each table with None (all of it) or the list of its readable columns."""
    out: dict[str, list[str] | None] = {}
    for t in tables():
        if t.info.get("bookkeeping"):
            continue
        private = private_columns(t)
        out[t.name] = [c.name for c in t.columns if c.name not in private] if private else None
    return out


def stats_tables() -> list[str]:
    """The tables ``cabledb stats`` counts, in the order shown: ``cable``, the tables of a cable, then the others
    (lookups, runs, rejected records); not the import's machinery."""
    ours = [CABLE, *cable_tables()]
    rest = [t for t in tables() if t not in ours]
    return [t.name for t in (*ours, *rest) if not t.info.get("bookkeeping")]
