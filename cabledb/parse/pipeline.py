"""``parse_cable``: one entry point, a flat list of steps.

Each step reads one part of the cable from its text (and from parts read before it, which it never changes) and
returns that part; what is odd goes into one :class:`~cabledb.parse.notes.Notes`. Odd input never raises. Only
input in which no part of a cable is recognised raises :class:`ParseError`: a fragment (only a Classified-By
line, only a REF list, only a summary) yields what it holds.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import date, datetime
from functools import cache
from importlib import resources

from cabledb.errors import ParseError
from cabledb.parse import patterns as P
from cabledb.parse.classification import caveat_lines
from cabledb.parse.classified import find_statements, fits_the_date, read_classifiers
from cabledb.parse.dates import two_digit_year
from cabledb.parse.declassification import read_declassification
from cabledb.parse.formats import FORMATS, CableSource, detect_format, extract
from cabledb.parse.header import Header, parse_header
from cabledb.parse.ids import split_id
from cabledb.parse.layout import Layout, read_layout
from cabledb.parse.metadata import Identity, read_identity
from cabledb.parse.model import ClassifiedBy, ParsedCable, Recipient, Reference, Tag
from cabledb.parse.notes import Notes
from cabledb.parse.paragraphs import parse_paragraphs
from cabledb.parse.preamble import KINDS, Preamble, read_preamble
from cabledb.parse.references import parse_references
from cabledb.parse.sections import find_comment, find_summary
from cabledb.parse.subject import read_subject
from cabledb.parse.tags import find_keywordless_tags, parse_tags
from cabledb.parse.text import decode_bytes, normalize_newlines


@cache
def parser_version() -> str:
    """A fingerprint of the parser: its code and its data files. The database stores it with every cable, so that
    an import by a newer parser re-parses cables whose raw text has not changed (``cabledb import`` counts them as
    re-parsed)."""
    h = hashlib.blake2b(digest_size=6)
    root = resources.files("cabledb")
    for folder, suffix in (("parse", ".py"), ("data", ".csv")):
        for entry in sorted(root.joinpath(folder).iterdir(), key=lambda e: e.name):
            if entry.name.endswith(suffix):
                h.update(entry.name.encode())
                h.update(entry.read_bytes())
    return h.hexdigest()


def parse_cable(
    data: str | bytes | Sequence[str],
    *,
    format: str = "auto",
    reference_id: str | None = None,
    created: str | datetime | date | None = None,
    released: str | datetime | date | None = None,
    origin: str | None = None,
    classification: str | None = None,
) -> ParsedCable:
    """Parse one cable: a WikiLeaks page, a ``cables.csv`` row (its text, or its 8 fields), plain text, or a
    fragment of a cable.

    The keyword arguments supply metadata that the input lacks (they never override the page's or row's own).
    The year of ``created`` is the default year of references such as ``REF: BAKU 1495``.

    >>> parse_cable("Classified By: Ambassador Anne E. Derse for reasons 1.4 (b) and (d).").classified_by.name
    'Anne E. Derse'

    Raises :class:`ParseError` only when no part of a cable is recognised.
    """
    source = extract_source(
        data,
        format=format,
        reference_id=reference_id,
        created=created,
        released=released,
        origin=origin,
        classification=classification,
    )
    return parse_source(source)


#: Metadata no real cable comes near: the longest reference id of the release has 35 characters, the longest origin
#: 27, the longest classification string 35. Longer values are damage (a cables.csv row whose columns shifted, a
#: body in the reference id column); they are ignored with a note, and the cable is read from its text. The database
#: indexes these values (and their caveats), and could not index a value this long either.
_MAX_METADATA = {"reference_id": 64, "origin": 128, "classification": 128, "created": 64, "released": 64}
#: The longest address (office name and routing indicator) of the shared corpus has 142 characters.
_MAX_ADDRESS = 256


#: The bytes of :data:`~cabledb.parse.patterns.CONTROL_CHARS` that are ASCII: \x00-\x08 and \x0e-\x1f.
_CONTROL_BYTES = bytes(range(0x09)) + bytes(range(0x0E, 0x20))


def _is_binary(text: str) -> bool:
    """Noise, not text: more than a twentieth of the first 4 KB are control characters or decoding failures.
    Random bytes give an eighth (read as cp1252); cables none, or a few NULs where a file was damaged. A sample of
    1 KB with a tenth as the bound let about one noise file in a hundred through."""
    sample = text[:4096]
    bound = max(8, len(sample) // 20)
    if sample.isascii():
        # Counted by bytes.translate, ten times faster than the regular expression (no U+FFFD in ASCII).
        raw = sample.encode("ascii")
        return len(raw) - len(raw.translate(None, _CONTROL_BYTES)) > bound
    return len(P.CONTROL_CHARS.findall(sample)) > bound


def extract_source(
    data: str | bytes | Sequence[str],
    *,
    format: str = "auto",
    reference_id: str | None = None,
    created: str | datetime | date | None = None,
    released: str | datetime | date | None = None,
    origin: str | None = None,
    classification: str | None = None,
) -> CableSource:
    """The first step of :func:`parse_cable`: decode, detect the format and cut the input into metadata, header
    and body. Cheap; the importer uses it to recognise unchanged cables before parsing them."""
    notes: list[str] = []
    if isinstance(data, bytes | bytearray):
        text, note = decode_bytes(bytes(data))
        if note:
            notes.append(note)
        data = text
    if format != "auto" and format not in FORMATS:
        raise ParseError(f"unknown format {format!r}", hint="use auto, html, csv or text")
    if isinstance(data, str):
        if not data or data.isspace():  # not data.strip(): no copy of a 70 KB page
            raise ParseError("the input is empty")
        if _is_binary(data):
            raise ParseError("the input is binary data, not text")
        fmt = detect_format(data) if format == "auto" else format
        source = extract(data, fmt)
        nuls = data.count("\x00") if "\x00" in data else 0  # ``in`` is a fast search, count() is not
    else:
        source = extract(data, "csv")
        nuls = sum(f.count("\x00") for f in data)
    if nuls:
        # normalize_newlines drops them from the header and body, and here from the metadata: PostgreSQL text cannot
        # hold them, and the importer looks reference ids up before parsing.
        notes.append(f"the input holds {nuls} NUL character{'s' if nuls > 1 else ''} (damage); removed")
        source.metadata = {k: v.replace("\x00", "") for k, v in source.metadata.items()}
    for key, limit in _MAX_METADATA.items():
        given = source.metadata.get(key)
        if given and len(given) > limit:
            del source.metadata[key]
            name = key.replace("_", " ")
            notes.append(f"the {name} given is {len(given)} characters long (no real one has over {limit}); ignored it")
    source.notes[:0] = notes
    extra = {
        "reference_id": reference_id,
        "created": created,
        "released": released,
        "origin": origin,
        "classification": classification,
    }
    for key, value in extra.items():
        if value is not None and not source.metadata.get(key):
            source.metadata[key] = value if isinstance(value, str) else value.isoformat()
    return source


# -- the steps ------------------------------------------------------------------------------------------------


def _header(text: str, notes: Notes) -> Header | None:
    return parse_header(text, notes) if text.strip() else None


def _recipients(header: Header | None, notes: Notes) -> list[Recipient]:
    if header is None:
        return []
    kept = [r for r in header.recipients if len(r.name) + len(r.route or "") <= _MAX_ADDRESS]
    if len(kept) < len(header.recipients):
        longest = max(len(r.name) + len(r.route or "") for r in header.recipients)
        notes.add(
            f"an address (routing indicator and office) of {longest} characters"
            f" (no real one has over {_MAX_ADDRESS}); dropped it"
        )
    return kept


def _preamble(layout: Layout, notes: Notes) -> Preamble:
    pre = read_preamble(layout.preamble, notes)
    if layout.teaser is not None:
        # The full copy of a teaser page may have lost its SUBJECT or REF lines (05DUSHANBE1648): fill them in.
        early = read_preamble(layout.teaser, Notes())
        for name in KINDS:
            if getattr(pre, name) is None and getattr(early, name) is not None:
                setattr(pre, name, getattr(early, name))
    return pre


def _line_caveats(layout: Layout, pre: Preamble) -> list[str]:
    """Caveat words on lines of their own after the banner: "SIPDIS", "NOFORN", "SENSITIVE" (10KABUL348)."""
    if layout.banner is None:
        return []
    head = layout.preamble[: pre.spans[0][1]] if pre.spans else layout.preamble[:400]
    return [c for c in caveat_lines(head) if c not in layout.banner.caveats]


def _tags(layout: Layout, pre: Preamble, notes: Notes) -> list[Tag]:
    value = pre.tags
    if value is None:
        value = find_keywordless_tags(layout.preamble)
        if value is not None:
            notes.add(f"TAGS line without its keyword: {value.strip()!r}")
    return parse_tags(value, notes) if value is not None else []


def _statements(layout: Layout, pre: Preamble) -> list[str]:
    """The Classified-By statements: the preamble's, then any in the text (at its end, or a second one)."""
    found = [pre.classby] if pre.classby else []
    for _, statement in find_statements(pre.intro + "\n\n" + layout.main):
        found.append(statement)
    return found


def _year(identity: Identity) -> int | None:
    """The citing cable's year: from ``created``, else from the reference id."""
    if identity.created:
        return identity.created.year
    parts = split_id(identity.canonical_id) if identity.canonical_id else None
    return two_digit_year(int(parts[0])) if parts else None


def _dated(classifiers: list[ClassifiedBy], identity: Identity, notes: Notes) -> list[ClassifiedBy]:
    year = _year(identity)
    kept = [c for c in classifiers if fits_the_date(c, year)]
    for c in classifiers:
        if c not in kept:
            notes.add(f"{c.raw[:80]!r} cites E.O. 12958 (1995), not a {year} cable's; text of another cable, left out")
    return kept


def _references(ref: str | None, identity: Identity, notes: Notes) -> list[Reference]:
    """References need the citing cable's year: from ``created``, else from the reference id."""
    if not ref:
        return []
    return parse_references(ref, _year(identity), notes)


def parse_source(source: CableSource) -> ParsedCable:
    """Run the pipeline on an extracted :class:`CableSource`."""
    notes = Notes(source.notes)
    header = _header(source.header, notes)
    recipients = _recipients(header, notes)
    layout = read_layout(normalize_newlines(source.body), notes)
    pre = _preamble(layout, notes)
    caveats = _line_caveats(layout, pre)
    decl = read_declassification(pre.eo, notes)
    tags = _tags(layout, pre, notes)
    subject = read_subject(pre.subject, notes)
    classifiers = read_classifiers(_statements(layout, pre), notes)
    paragraphs, signed_by = parse_paragraphs(pre.intro + ("\n\n" + layout.main if layout.main else ""), notes)
    summary = find_summary(paragraphs)
    comment = find_comment(paragraphs)
    identity = read_identity(source.metadata, header, layout.banner, caveats, notes)
    classifiers = _dated(classifiers, identity, notes)
    references = _references(pre.ref, identity, notes)
    banner = layout.banner
    cable = ParsedCable(
        reference_id=identity.reference_id,
        canonical_id=identity.canonical_id,
        created=identity.created,
        released=identity.released,
        origin=identity.origin,
        from_=header.from_ if header else None,
        classification=identity.classification,
        caveats=identity.caveats,
        classification_raw=identity.classification_raw,
        transmission_id=header.transmission_id if header else None,
        precedence=header.precedence if header else None,
        dtg=header.dtg if header else None,
        recipients=recipients,
        section=banner.section if banner else None,
        section_count=banner.section_count if banner else None,
        executive_order=decl.executive_order,
        declassify_on=decl.declassify_on,
        declassify_raw=decl.declassify_raw,
        tags=tags,
        subject=subject,
        references=references,
        classifiers=classifiers,
        summary=summary,
        comment=comment,
        paragraphs=paragraphs,
        signed_by=signed_by,
        is_partial=source.is_partial,
        header=source.header,
        body=source.body,
        source_format=source.format,
        anomalies=list(notes),
    )
    if not _has_part(cable, pre):
        raise ParseError(
            "the input holds no cable: no metadata, routing header, banner, TAGS, subject, references,"
            " classification statement, summary or numbered paragraph"
        )
    return cable


def read_reference_id(source: CableSource) -> str | None:
    """The reference id :func:`parse_source` gives the same source, read from the metadata, the routing header and
    the banner only (a third of the work of a whole parse): the importer routes plain-text cables by it."""
    notes = Notes()
    header = _header(source.header, notes)
    layout = read_layout(normalize_newlines(source.body), notes)
    return read_identity(source.metadata, header, layout.banner, [], notes).reference_id


def _has_part(cable: ParsedCable, pre: Preamble) -> bool:
    """Whether any part of a cable was recognised (a fragment yields what it holds)."""
    return bool(
        cable.reference_id
        or cable.recipients
        or cable.from_
        or cable.dtg
        or cable.classification
        or cable.tags
        or cable.subject
        or cable.references
        or (pre.ref and P.REF_NONE.match(pre.ref))
        or cable.classifiers
        or cable.executive_order
        or cable.declassify_raw
        or cable.summary
        or cable.comment
        or any(p.number is not None for p in cable.paragraphs)
        or (cable.paragraphs and cable.signed_by)
    )
