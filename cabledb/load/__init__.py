"""Importing: inputs in, cables, versions and rejects out, one pipeline in small modules.

- :mod:`~cabledb.load.pipeline`: :func:`import_paths` and the run's :class:`ImportResult`;
- :mod:`~cabledb.load.runs`: the import runs (``import_run``), their advisory locks, how they ended;
- :mod:`~cabledb.load.workers`: the worker processes, routing by reference id, death of the parent, draining;
- :mod:`~cabledb.load.batch`: one batch: prepare, skip unchanged, parse, classify; its :class:`Counts`;
- :mod:`~cabledb.load.writer`: COPY, merge, versions and rejects of a batch in one transaction;
- :mod:`~cabledb.load.dimensions`: tags, offices, origins, caveats and the tag glossary;
- :mod:`~cabledb.load.deferral`: the keys and indexes a first import drops and rebuilds.

The names below are imported on first use, so that importing one module of the package stays cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from cabledb.load.batch import Counts
    from cabledb.load.pipeline import ImportResult, import_paths

__all__ = ["Counts", "ImportResult", "import_paths"]

_LAZY = {
    "import_paths": "cabledb.load.pipeline",
    "ImportResult": "cabledb.load.pipeline",
    "Counts": "cabledb.load.batch",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'cabledb.load' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
