"""Reading inputs: files, directories, archives and stdin, as a stream of raw records.

Every input becomes :class:`RawRecord` objects: one per WikiLeaks page or plain-text cable, and one per row of a
``cables.csv`` file, which is streamed (the full dump is 1.7 GB). The package reads in four steps, one module each:

- :mod:`~cabledb.sources.inputs`: paths to streams (files, directories, ``-``), and what is not a regular file;
- :mod:`~cabledb.sources.streams`: a stream sniffed by its content (never its name), and a document decoded;
- :mod:`~cabledb.sources.archives`: tar, zip, 7z and compressed files, read in place, nested up to a limit;
- :mod:`~cabledb.sources.cables_csv`: the ``cables.csv`` dump, cut into rows and each row read alone;

with the record type and its limits in :mod:`~cabledb.sources.records`.

A record that cannot even be read (a CSV row with the wrong number of columns or broken quoting, a record or
member that is too large, a link inside an archive, an unreadable file) still comes out, with ``error`` set and its
raw bytes kept, so that the importer can record it; so does a FIFO, socket or device, which is never opened.
Nothing here raises for bad input; only a path that is empty or does not exist raises :class:`SourceError`. Memory
stays bounded whatever the input: no record is held beyond :data:`MAX_RECORD_BYTES`, and the stream is read in
blocks of 1 MB (docs/reliability.md, "Hostile input").
"""

from cabledb.sources.archives import MAX_NESTING, MAX_SPOOL_BYTES, zstd
from cabledb.sources.cables_csv import reference_id_hint
from cabledb.sources.inputs import count_hint, iter_inputs, iter_records, read_file
from cabledb.sources.records import MAX_RECORD_BYTES, SNIFF_BYTES, RawRecord, batches, display_path

__all__ = [
    "MAX_NESTING",
    "MAX_RECORD_BYTES",
    "MAX_SPOOL_BYTES",
    "SNIFF_BYTES",
    "RawRecord",
    "batches",
    "count_hint",
    "display_path",
    "iter_inputs",
    "iter_records",
    "read_file",
    "reference_id_hint",
    "zstd",
]
