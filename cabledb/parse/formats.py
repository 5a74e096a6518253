"""The three published forms of a cable, reduced to one shape: header text, body text and metadata.

- **html**: a WikiLeaks cable page (``cable/2007/12/07BAKU1515.html``): a metadata table, then ``<pre>`` blocks
  with the routing header and the body.
- **csv**: one row of the ``cables.csv`` dump: row number, created, reference id, origin, classification,
  references, header, body.
- **text**: a plain-text rendering: routing header, a blank line, the body.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass, field

from cabledb.errors import ParseError
from cabledb.parse import patterns as P
from cabledb.parse.text import html_block_to_text, html_fragment_to_text, normalize_newlines

FORMATS = ("html", "csv", "text")

#: The 8 columns of cables.csv.
CSV_COLUMNS = ("row", "created", "reference_id", "origin", "classification", "references", "header", "body")

#: A CSV field may be this large (the csv module's default of 128 KB is too small for some bodies).
CSV_FIELD_LIMIT = 256 * 1024 * 1024
_field_limit_raised = False


def csv_rows(text: str) -> list[list[str]]:
    """Every row of ``cables.csv`` text (every field quoted, quotes escaped with a backslash, never doubled): the
    one setup of the csv module, used by the streaming reader of dumps and by :func:`parse_cable` on a row's text.
    Raises :class:`csv.Error` for quoting the module cannot read.

    The csv module's field limit is process-wide: it is raised once, to :data:`CSV_FIELD_LIMIT`, and never
    lowered (a program that set a higher one keeps it).
    """
    global _field_limit_raised
    if not _field_limit_raised:
        if csv.field_size_limit() < CSV_FIELD_LIMIT:
            csv.field_size_limit(CSV_FIELD_LIMIT)
        _field_limit_raised = True
    return list(csv.reader(io.StringIO(text, newline=""), escapechar="\\", doublequote=False, strict=False))


_TH_NAMES = {
    "reference id": "reference_id",
    "reference": "reference_id",
    "created": "created",
    "released": "released",
    "classification": "classification",
    "origin": "origin",
}


@dataclass(slots=True)
class CableSource:
    """A cable before parsing: raw header and body text plus the metadata its container gave."""

    format: str
    header: str
    body: str
    metadata: dict[str, str] = field(default_factory=dict)
    is_partial: bool = False
    notes: list[str] = field(default_factory=list)


def detect_format(text: str) -> str:
    """Detect the format from the content (never from a file name).

    >>> detect_format('"1","12/28/1966 18:48","66BUENOSAIRES2481", ...')
    'csv'
    """
    told = format_from_head(text)
    if told is not None:
        return told
    lowered = text[:HEAD_CHARS].lstrip("\ufeff \t\r\n")[:512].lower()
    if P.HTML_TABLE.search(text, 0, 400_000) or ("<pre" in lowered and "</pre>" in text.lower()):
        return "html"
    return "text"


#: How much of a text :func:`format_from_head` reads.
HEAD_CHARS = 2048


def format_from_head(text: str) -> str | None:
    """The format when the first :data:`HEAD_CHARS` characters of the text tell it (a CSV row's start, a page's
    opening markup), else None: :func:`detect_format` then searches further."""
    head = text[:HEAD_CHARS].lstrip("\ufeff \t\r\n")
    if P.CSV_ROW_START.match(head):
        return "csv"
    lowered = head[:512].lower()
    if head.startswith("<") and (
        "<html" in lowered or "<!doctype" in lowered or "<pre" in lowered or "<table" in lowered or "<div" in lowered
    ):
        return "html"
    return None


def extract(text: str | Sequence[str], fmt: str) -> CableSource:
    """Reduce one cable in the given format to a :class:`CableSource`. Raises ParseError when it holds no cable."""
    if not isinstance(text, str):
        return extract_csv_fields(text)
    if fmt == "html":
        return extract_html(text)
    if fmt == "csv":
        return extract_csv_text(text)
    return extract_text(text)


def _pre_blocks(page: str, pos: int) -> tuple[list[str], bool]:
    """The contents of the ``<pre>`` blocks after ``pos``, and whether the last one is cut short (a truncated
    page: its text runs to the end of the page). Plain ``str.find`` is ten times faster than a regular expression
    over a 70 KB page, and cannot backtrack; upper-case markup is found on a lower-cased copy."""
    blocks, cut = _find_pre(page, page, pos)
    if not blocks and "<PRE" in page.upper():
        blocks, cut = _find_pre(page, page.lower(), pos)
    return blocks, cut


def _find_pre(page: str, haystack: str, pos: int) -> tuple[list[str], bool]:
    blocks: list[str] = []
    while True:
        start = haystack.find("<pre", pos)
        if start < 0:
            return blocks, False
        open_end = haystack.find(">", start)
        close = haystack.find("</pre>", open_end) if open_end >= 0 else -1
        if close < 0:
            # The page ends inside the block: keep what there is of it.
            if open_end >= 0 and page[open_end + 1 :].strip():
                blocks.append(page[open_end + 1 :])
            return blocks, True
        blocks.append(page[open_end + 1 : close])
        pos = close + 6


def html_metadata(page: str) -> tuple[dict[str, str], bool, int]:
    """The metadata of a WikiLeaks cable page (``<table class='cable'>``): the values by name, whether the table
    was found, and where it ends."""
    meta: dict[str, str] = {}
    start = page.rfind("<table class='cable'>")
    m = P.HTML_TABLE.match(page, start) if start >= 0 else P.HTML_TABLE.search(page)
    if not m:
        return meta, False, 0
    end = page.find("</table>", m.end())
    if end < 0:
        end_m = P.HTML_TABLE_END.search(page, m.end())
        end = end_m.start() if end_m else len(page)
    table = page[m.end() : end]
    names, cells = _table_cells(table)
    keys = [_TH_NAMES.get(html_fragment_to_text(th).lower()) for th in names]
    if keys and len(cells) == len(keys):
        for name, cell in zip(keys, cells, strict=True):
            if name:
                meta[name] = html_fragment_to_text(cell)
    return meta, True, end


def _table_cells(table: str) -> tuple[list[str], list[str]]:
    """The header cells of a table and its first row of as many data cells, read in one pass over its tags: a cell
    runs to the next cell or row tag, so that unclosed tags cost nothing more."""
    heads: list[str] = []
    row: list[str] = []
    cell_start: int | None = None
    cell_kind = ""
    for t in P.HTML_TABLE_TAG.finditer(table):
        if cell_start is not None:
            (heads if cell_kind == "th" else row).append(table[cell_start : t.start()])
            cell_start = None
        if t.group(2).lower() == "tr":
            if heads and len(row) == len(heads):
                return heads, row
            row = []
        elif not t.group(1):
            cell_start, cell_kind = t.end(), t.group(2).lower()
    if cell_start is not None:
        (heads if cell_kind == "th" else row).append(table[cell_start:])
    return heads, row


def extract_html(page: str) -> CableSource:
    """A WikiLeaks cable page: metadata from ``<table class='cable'>`` (mapped by the ``<th>`` names, because
    later builds dropped ``Released``), then the ``<pre>`` blocks."""
    meta, found, pos = html_metadata(page)
    pre_blocks, cut = _pre_blocks(page, pos)
    blocks = [html_block_to_text(b) for b in pre_blocks]
    notes: list[str] = []
    if cut:
        notes.append("the page is cut short inside a <pre> block; read its text up to the cut")
    elif page.rfind("</html>") < 0 and page.rfind("</HTML>") < 0 and "<html" in page[:1024].lower():
        notes.append("the page ends before </html> (cut short?)")
    if not blocks:
        if not found:
            raise ParseError("the HTML page holds no cable (no <table class='cable'> and no <pre> block)")
        notes.append("the page has a metadata table but no <pre> block with the cable text")
        return CableSource("html", "", "", meta, is_partial=True, notes=notes)
    is_partial = False
    if P.PARTIAL_EXTRACT.search(blocks[0][:400]):
        is_partial = True
        header, body = "", "\n\n".join(blocks[1:])
    elif len(blocks) == 1 and cut and _is_header_line(blocks[0].lstrip("\n").split("\n", 1)[0]):
        # Cut inside the routing header block: what there is of it is the header, and the body is lost.
        header, body = blocks[0], ""
    elif len(blocks) == 1:
        is_partial = True
        header, body = "", blocks[0]
        if not cut:
            notes.append("the page has one <pre> block only; read it as the body of a partial extract")
    else:
        header, body = blocks[0], "\n\n".join(blocks[1:])
        if len(blocks) > 2:
            notes.append(f"the page has {len(blocks)} <pre> blocks; the ones after the second were joined to the body")
    if not found and not meta:
        notes.append("the page has no metadata table")
    return CableSource("html", header, body, meta, is_partial=is_partial, notes=notes)


def read_csv_rows(text: str) -> list[list[str]]:
    """Rows of cables.csv text, or :class:`ParseError` when its quoting cannot be read."""
    try:
        return csv_rows(text)
    except csv.Error as exc:
        raise ParseError(f"the CSV text cannot be read: {exc}") from None


def extract_csv_text(text: str) -> CableSource:
    rows = [r for r in read_csv_rows(text) if r]
    if not rows:
        raise ParseError("the CSV text holds no row")
    source = extract_csv_fields(rows[0])
    if len(rows) > 1:
        source.notes.append(f"the CSV text holds {len(rows)} rows; parsed the first (read the file to get all)")
    return source


def extract_csv_fields(fields: Sequence[str]) -> CableSource:
    """One ``cables.csv`` row, already split into its 8 fields."""
    if len(fields) != len(CSV_COLUMNS):
        raise ParseError(
            f"the CSV row has {len(fields)} columns, expected {len(CSV_COLUMNS)} "
            "(row, created, reference id, origin, classification, references, header, body)"
        )
    meta = {name: value.strip() for name, value in zip(CSV_COLUMNS[:6], fields[:6], strict=True)}
    header = normalize_newlines(fields[6])
    body = normalize_newlines(fields[7])
    if not header.strip() and not body.strip():
        raise ParseError("the CSV row has an empty header and an empty body")
    return CableSource("csv", header, body, meta, is_partial=not header.strip())


def _is_header_line(line: str) -> bool:
    s = line.strip()
    return bool(
        P.TRANSMISSION_ID.match(s)
        or P.DE_LINE.match(s)
        or P.ZNY_LINE.match(s)
        or P.DTG_LINE.match(s)
        or P.FM_LINE.match(s)
        or s.startswith(("TO ", "INFO ", "XMT ", "TO:", "INFO:"))
        or P.TO_LINE.match(s)
    )


def extract_text(text: str) -> CableSource:
    """A plain-text cable: the routing header is the run of header lines (``VZCZC...``, ``DE``, ``ZNY``, the
    date-time group, ``FM``, ``TO``, ``INFO`` and the address lines under them) at the top; the body starts at
    the first blank line after them, or at the classification banner."""
    text = normalize_newlines(text)
    lines = text.split("\n")
    i = 0
    while i < len(lines) and not lines[i].strip():
        i += 1
    if i >= len(lines):
        raise ParseError("the text is empty")
    if not _is_header_line(lines[i]):
        return CableSource("text", "", text.strip("\n"))
    start = i
    while i < len(lines):
        line = lines[i]
        if not line.strip():
            # A blank line ends the header once the address part started; before it (after VZCZC, say) it is
            # just spacing.
            j = i + 1
            while j < len(lines) and not lines[j].strip():
                j += 1
            if j < len(lines) and _is_header_line(lines[j]) and not P.BANNER.match(lines[j].strip()):
                i = j
                continue
            break
        if P.BANNER.match(line.strip()) and not _is_header_line(line):
            break
        i += 1
    header = "\n".join(lines[start:i]).strip("\n")
    body = "\n".join(lines[i:]).strip("\n")
    return CableSource("text", header, body)
