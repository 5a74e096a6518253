"""cabledb: a relational database of US diplomatic cables.

The library API, each with an example in its docstring:

- :func:`parse_cable` turns a cable (WikiLeaks HTML page, ``cables.csv`` row or plain text) into a
  :class:`ParsedCable`;
- :func:`open_database` opens the database (the embedded server when no URL is given);
- :func:`import_paths` imports files, directories or archives into it;
- :func:`search` runs a full-text search, :func:`show` returns one cable with everything about it.

Example::

    import cabledb

    with cabledb.open_database("postgresql://localhost/cables") as db:
        cabledb.import_paths(db, ["cables.csv"])
        for hit in cabledb.search(db, "oil pipeline", limit=5):
            print(hit.reference_id, cabledb.show(db, hit.reference_id).meta["subject"])

The database functions are imported on first use, so that ``import cabledb`` (and ``parse_cable``) does not load
SQLAlchemy and psycopg.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cabledb.errors import CabledbError, ParseError
from cabledb.parse import ParsedCable, parse_cable

if TYPE_CHECKING:
    from cabledb.db import open_database
    from cabledb.load.pipeline import import_paths
    from cabledb.query import search, show

__version__ = "0.1.0"

__all__ = [
    "CabledbError",
    "ParseError",
    "ParsedCable",
    "__version__",
    "import_paths",
    "open_database",
    "parse_cable",
    "search",
    "show",
]

#: The lazily imported names of the API and the module that defines each.
_LAZY = {
    "open_database": "cabledb.db",
    "import_paths": "cabledb.load.pipeline",
    "search": "cabledb.query",
    "show": "cabledb.query",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'cabledb' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
