"""cabledb/tables.py: the table and column lists derived from the models, and the loader's use of them (no database)."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

from sqlalchemy import Table

from cabledb import roles, stats, tables
from cabledb.load import deferral, writer
from cabledb.models import Base
from cabledb.parse import parse_cable

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "cable-illustrative.txt"


def names(ts: list[Table]) -> set[str]:
    return {t.name for t in ts}


def test_the_tables_of_a_cable_follow_the_rules() -> None:
    parts = {"cable_caveat", "cable_recipient", "cable_tag", "paragraph", "cable_reference", "cable_classifier"}
    assert names(tables.part_tables()) == parts
    derived = {"cable_search", "cable_tag_row", "cable_facet"}  # computed by SQL, replaced with its parts
    assert names(tables.cable_tables()) == parts | derived | {"cable_version"}
    assert set(deferral.DEFERRABLE_TABLES) == parts | derived | {"cable"}
    assert set(writer.PARTS) == parts
    for table, columns in writer.PARTS.items():
        assert columns[0] == "cable_id", table
    assert "target_cable_id" not in writer.PARTS["cable_reference"]  # resolved by value after the load


def test_cable_columns_leave_the_id_and_the_run_bookkeeping_out() -> None:
    columns = set(writer.CABLE_COLUMNS)
    assert columns == {c.name for c in tables.CABLE.columns} - {"id", "import_run_id", "updated_at"}


def test_the_loader_says_where_every_cable_column_comes_from() -> None:
    """_cable_row names every derived column (a new column of cable fails here, not in the middle of an import)."""
    cable = parse_cable(EXAMPLE.read_text())
    dims = SimpleNamespace(origins={}, levels={})
    row = writer.Writer._cable_row(
        SimpleNamespace(dims=dims),  # type: ignore[arg-type]
        writer.LoadedCable(cable, "example", b"hash"),
    )
    assert len(row) == len(writer.CABLE_COLUMNS)
    assert dict(zip(writer.CABLE_COLUMNS, row, strict=True))["reference_id"] == cable.reference_id


def test_readers_read_every_table_but_the_machinery_and_the_raw_bytes() -> None:
    everything = set(Base.metadata.tables)
    assert set(roles.READABLE) == everything - {"deferred_object", "release_sighting"} | set(writer.SUMMARIES)
    assert roles.READABLE["import_error"] is not None and "raw" not in roles.READABLE["import_error"]
    assert {t for t, columns in roles.READABLE.items() if columns is not None} == {"import_error"}


def test_stats_count_every_table_but_the_machinery() -> None:
    assert set(stats.TABLES) == set(Base.metadata.tables) - {"deferred_object", "release_sighting"}
    assert stats.TABLES[0] == "cable"
