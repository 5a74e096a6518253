"""Importing: inputs in, cables, versions and rejects out, one pipeline in small modules.

- :mod:`~cabledb.load.pipeline`: :func:`import_paths` and the run's :class:`ImportResult`;
- :mod:`~cabledb.load.runs`: the import runs (``import_run``), their advisory locks, how they ended;
- :mod:`~cabledb.load.workers`: the worker processes, routing by reference id, death of the parent, draining;
- :mod:`~cabledb.load.batch`: one batch: prepare, skip unchanged, parse, classify; its :class:`Counts`;
- :mod:`~cabledb.load.writer`: COPY, merge, versions and rejects of a batch in one transaction;
- :mod:`~cabledb.load.dimensions`: tags, offices, origins, caveats and the tag glossary;
- :mod:`~cabledb.load.deferral`: the keys and indexes a first import drops and rebuilds.

Import what you need from its module (``from cabledb.load.pipeline import import_paths``; the library API
also offers it as :func:`cabledb.import_paths`): the package itself imports nothing, so that one module of it
stays cheap to import.
"""
