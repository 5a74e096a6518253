"""Parse a US diplomatic cable, in any of its published forms, into a :class:`ParsedCable`.

Pure Python, no database: :func:`parse_cable` runs a pipeline of small steps, one concern each (format, routing
header, banner, preamble, tags, references, classified-by, paragraphs, summary and comment, signature), written out
in :mod:`cabledb.parse.pipeline`. Odd input never raises: it becomes an entry in ``ParsedCable.anomalies``. Only
input in which no part of a cable is recognised raises :class:`ParseError`.

>>> cable = parse_cable(open("07BAKU1515.txt").read())   # doctest: +SKIP
>>> cable.canonical_id, cable.classification, [t.code for t in cable.tags]   # doctest: +SKIP
('07BAKU1515', 'CONFIDENTIAL', ['PGOV', 'PINR', 'PREL', 'IR', 'AJ'])
"""

from cabledb.errors import ParseError
from cabledb.parse.classification import split_classification
from cabledb.parse.formats import FORMATS, CableSource, detect_format
from cabledb.parse.model import ClassifiedBy, Paragraph, ParsedCable, Recipient, Reference, Tag
from cabledb.parse.pipeline import extract_source, parse_cable, parse_source, parser_version, read_reference_id

__all__ = [
    "FORMATS",
    "CableSource",
    "ClassifiedBy",
    "Paragraph",
    "ParseError",
    "ParsedCable",
    "Recipient",
    "Reference",
    "Tag",
    "detect_format",
    "extract_source",
    "parse_cable",
    "parse_source",
    "parser_version",
    "read_reference_id",
    "split_classification",
]
