"""Turning bytes and markup into clean text: encodings, line endings, HTML entities and tags."""

from __future__ import annotations

import codecs
import html

from cabledb.parse import patterns as P

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode_bytes(data: bytes) -> tuple[str, str | None]:
    """Decode input bytes; return the text and a note when the encoding was not plain UTF-8.

    Order: a byte-order mark wins; then UTF-16 without a BOM, recognised by its NUL bytes on every other position
    (tested before UTF-8, because UTF-16 of plain ASCII is valid UTF-8 full of NULs); then strict UTF-8 (nearly
    every file); then UTF-8 with every byte that is not UTF-8 read as Windows-1252, the legacy encoding of English
    text (latin-1 with printable characters where latin-1 has control codes), so that a UTF-8 text with a few cp1252
    bytes keeps its UTF-8 and a cp1252 text reads as cp1252. Statistical detectors guess wrong on short English
    texts (they read ``CAFÉ`` in cp1252 as Mac Roman), so none is used. Decoding never fails: bytes that cp1252
    leaves undefined become U+FFFD, and the raw bytes are kept by the caller.

    >>> decode_bytes("café".encode("cp1252"))[0]
    'café'
    """
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return data.decode(codec, errors="replace"), f"decoded as {codec.upper()} (byte-order mark)"
    utf16 = utf16_without_bom(data)
    if utf16:
        return data.decode(utf16, errors="replace"), f"decoded as {utf16.upper()} (no byte-order mark)"
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError:
        pass
    # UTF-8 where it is valid, each byte that is not read as Windows-1252: a UTF-8 text with a few cp1252 bytes
    # elsewhere keeps its UTF-8 ("CAFÉ", not "CAFÃ‰"), and a cp1252 text reads as cp1252.
    text = data.decode("utf-8", errors=_CP1252_REPAIR)
    if any(ord(c) > 0x7F for c in data.decode("utf-8", errors="ignore")):
        return text, "decoded as UTF-8 with some bytes that are not UTF-8, read as Windows-1252 (mixed encodings)"
    return text, "decoded as Windows-1252 (not valid UTF-8)"


def _repair_cp1252(error: UnicodeError) -> tuple[str, int]:
    """A codec error handler: the bytes that are not UTF-8, read as Windows-1252 (undefined ones as U+FFFD)."""
    assert isinstance(error, UnicodeDecodeError)
    bad = error.object[error.start : error.end]
    return bytes(bad).decode("cp1252", errors="replace"), error.end


_CP1252_REPAIR = "cabledb-cp1252-repair"
codecs.register_error(_CP1252_REPAIR, _repair_cp1252)


def repair_escaped(text: str) -> tuple[str, bool]:
    """Text decoded with ``surrogateescape`` (a ``cables.csv`` row read as UTF-8), with each byte that was not
    UTF-8 read as Windows-1252, as :func:`decode_bytes` reads a document; and whether there was any.

    >>> repair_escaped("caf" + b"\\xe9".decode("utf-8", "surrogateescape"))
    ('café', True)
    """
    if text.isascii():
        return text, False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", errors=_CP1252_REPAIR), True
    return text, False


def utf16_without_bom(data: bytes) -> str | None:
    """``utf-16-le`` or ``utf-16-be`` when the bytes look like UTF-16 text without a byte-order mark: NUL bytes on
    most odd (or even) positions and almost none on the others. English text in UTF-16 has a NUL in every
    character's high byte; UTF-8 text, even damaged, has NULs on both or neither.

    >>> utf16_without_bom("TAGS: PGOV".encode("utf-16-le"))
    'utf-16-le'
    """
    sample = data[:4000]
    if len(sample) < 4:
        return None
    even_nuls = sample[0::2].count(0)
    odd_nuls = sample[1::2].count(0)
    half = len(sample) // 2
    if odd_nuls > half * 0.6 and even_nuls < half * 0.1:
        return "utf-16-le"
    if even_nuls > half * 0.6 and odd_nuls < half * 0.1:
        return "utf-16-be"
    return None


def utf16_codec(head: bytes) -> str | None:
    """The UTF-16 codec of a stream from its first bytes, by byte-order mark or NUL pattern; None for encodings
    that keep ASCII as ASCII (UTF-8, Windows-1252). The BOM is not skipped: it decodes to U+FEFF."""
    if head.startswith(codecs.BOM_UTF32_LE):
        return None  # FF FE 00 00: UTF-32, which only decode_bytes reads
    if head.startswith(codecs.BOM_UTF16_LE):
        return "utf-16-le"
    if head.startswith(codecs.BOM_UTF16_BE):
        return "utf-16-be"
    return utf16_without_bom(head)


def normalize_newlines(text: str) -> str:
    """CRLF and lone CR become LF; NUL bytes are dropped (they only ever appear as damage)."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\x00" in text:
        text = text.replace("\x00", "")
    return text


def html_block_to_text(block: str) -> str:
    """The text of a ``<pre>`` block of a cable page: paragraph anchors become ``¶``, other tags go, entities
    are decoded. ``&#x000A;`` is WikiLeaks' newline (07BAKU1515)."""
    block = block.replace("&#x000A;", "\n")
    if "<" in block:
        # Removing the tags leaves the text of the links: the tag codes, and the "¶" of paragraph anchors.
        if P.HTML_BR_HINT.search(block):
            block = P.HTML_BR.sub("\n", block)
        block = P.HTML_TAG.sub("", block)
    if "&" in block:
        block = html.unescape(block)
    return normalize_newlines(block)


def html_fragment_to_text(fragment: str) -> str:
    """Text of a table cell: tags removed, entities decoded, whitespace collapsed."""
    text = P.HTML_TAG.sub(" ", fragment) if "<" in fragment else fragment
    if "&" in text:
        text = html.unescape(text)
    return " ".join(text.split())
