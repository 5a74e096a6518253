"""The library API of ``cabledb/__init__.py``, each function against a real database."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import cabledb

pytestmark = pytest.mark.db

CABLE = """P 191235Z DEC 07
FM AMEMBASSY BAKU
TO RUEHC/SECSTATE WASHDC PRIORITY 4500
C O N F I D E N T I A L BAKU 001515
E.O. 12958: DECL: 12/18/2017
TAGS: PGOV AJ
SUBJECT: PIPELINE TALKS IN BAKU
1. (C) The minister discussed the zanzibarite pipeline.
DERSE
"""


def test_parse_import_search_show(database_url: str, tmp_path: Path) -> None:
    parsed = cabledb.parse_cable(CABLE)
    assert parsed.reference_id == "07BAKU1515"
    assert parsed.subject == "PIPELINE TALKS IN BAKU"

    (tmp_path / "07BAKU1515.txt").write_text(CABLE)
    with cabledb.open_database(database_url) as db:
        result = cabledb.import_paths(db, [str(tmp_path)], workers=1)
        assert (result.inserted, result.updated, result.rejected) == (1, 0, 0)

        hits = cabledb.search(db, "zanzibarite")
        assert [hit.reference_id for hit in hits] == ["07BAKU1515"]
        assert cabledb.search(db, "nosuchwordanywhere") == []

        view = cabledb.show(db, "07BAKU1515")
        assert view.meta["subject"] == "PIPELINE TALKS IN BAKU"
        assert [tag["code"] for tag in view.tags] == ["PGOV", "AJ"]
        with pytest.raises(cabledb.CabledbError):
            cabledb.show(db, "07BAKU9999")


def test_every_name_of_the_api_is_there_and_documented_with_an_example() -> None:
    for name in ("parse_cable", "import_paths", "open_database", "search", "show"):
        assert name in cabledb.__all__
        doc = getattr(cabledb, name).__doc__ or ""
        assert "xample" in doc or ">>>" in doc, name
    with pytest.raises(AttributeError):
        _ = cabledb.no_such_name  # type: ignore[attr-defined]


def test_importing_cabledb_does_not_load_the_database_layer() -> None:
    code = "import sys, cabledb; print('sqlalchemy' in sys.modules, 'psycopg' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False"]
