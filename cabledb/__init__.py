"""cabledb: a relational database of US diplomatic cables.

The library API: :func:`parse_cable` turns a cable (WikiLeaks HTML page, ``cables.csv`` row or plain text)
into a :class:`ParsedCable`.
"""

from cabledb.errors import CabledbError, ParseError
from cabledb.parse import ParsedCable, parse_cable

__version__ = "0.1.0"

__all__ = ["CabledbError", "ParseError", "ParsedCable", "__version__", "parse_cable"]
