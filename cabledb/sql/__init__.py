"""SQL files for views and functions, applied by the migrations (Alembic's "replaceable objects")."""

from __future__ import annotations

from importlib import resources


def read(name: str) -> str:
    """The text of ``cabledb/sql/<name>``."""
    return resources.files("cabledb.sql").joinpath(name).read_text(encoding="utf-8")
