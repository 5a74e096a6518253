"""Parse a US diplomatic cable, in any of its published forms, into a :class:`ParsedCable`.

Pure Python, no database: ``parse_cable`` runs a pipeline of small steps, one concern each (format, routing
header, banner, preamble, tags, references, classified-by, paragraphs, signature). Odd input never raises: it
becomes an entry in ``ParsedCable.anomalies``. Only input that holds no cable at all raises :class:`ParseError`.

>>> cable = parse_cable(open("07BAKU1515.txt").read())   # doctest: +SKIP
>>> cable.canonical_id, cable.classification, [t.code for t in cable.tags]   # doctest: +SKIP
('07BAKU1515', 'CONFIDENTIAL', ['PGOV', 'PINR', 'PREL', 'IR', 'AJ'])
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from datetime import date, datetime
from functools import cache
from importlib import resources

from cabledb.errors import ParseError
from cabledb.parse import patterns as P
from cabledb.parse.body import (
    Banner,
    find_banner,
    find_full_copy,
    find_keywordless_tags,
    normalize_caveat,
    normalize_level,
    parse_preamble,
)
from cabledb.parse.classified import parse_classified_by
from cabledb.parse.data import fm_name_to_station, stations
from cabledb.parse.dates import find_date, parse_metadata_datetime, two_digit_year
from cabledb.parse.formats import FORMATS, CableSource, detect_format, extract
from cabledb.parse.header import Header, parse_header
from cabledb.parse.ids import canonical_id, make_id, split_id
from cabledb.parse.model import (
    ClassifiedBy,
    Paragraph,
    ParsedCable,
    Recipient,
    Reference,
    Tag,
)
from cabledb.parse.paragraphs import find_comment, find_summary, first_paragraph_offset, parse_paragraphs
from cabledb.parse.references import parse_references
from cabledb.parse.tags import parse_tags
from cabledb.parse.text import decode_bytes, normalize_newlines

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
    "split_classification",
]


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


# Bodies shorter than this with no banner, no keyword and no paragraph are not cables.
_MIN_CABLE_CHARS = 20


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
    """Parse one cable: a WikiLeaks page, a ``cables.csv`` row (its text, or its 8 fields) or plain text.

    The keyword arguments supply metadata that the input lacks (they never override the page's or row's own).
    The year of ``created`` is the default year of references such as ``REF: BAKU 1495``.

    Raises :class:`ParseError` only when the input holds no cable at all.
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
        if not data.strip():
            raise ParseError("the input is empty")
        if _is_binary(data):
            raise ParseError("the input is binary data, not text")
        fmt = detect_format(data) if format == "auto" else format
        source = extract(data, fmt)
        nuls = data.count("\x00")
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


#: Metadata no real cable comes near: the longest reference id of the release has 35 characters, the longest origin
#: 27, the longest classification string 35. Longer values are damage (a cables.csv row whose columns shifted, a
#: body in the reference id column); they are ignored with a note, and the cable is read from its text. The database
#: indexes these values (and their caveats), and could not index a value this long either.
_MAX_METADATA = {"reference_id": 64, "origin": 128, "classification": 128, "created": 64, "released": 64}
#: The longest address (office name and routing indicator) of the shared corpus has 142 characters.
_MAX_ADDRESS = 256
#: The longest origin the parser derives itself (from an FM line).
_MAX_ORIGIN = 128

_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0e-\x1f\ufffd]")


def _is_binary(text: str) -> bool:
    """Noise, not text: more than a twentieth of the first 4 KB are control characters or decoding failures.
    Random bytes give an eighth (read as cp1252); cables none, or a few NULs where a file was damaged. A sample of
    1 KB with a tenth as the bound let about one noise file in a hundred through."""
    sample = text[:4096]
    return len(_CONTROL_CHARS.findall(sample)) > max(8, len(sample) // 20)


def split_classification(value: str) -> tuple[str | None, list[str]]:
    """``SECRET//NOFORN`` → (SECRET, [NOFORN]); ``UNCLASSIFIED//FOR OFFICIAL USE ONLY`` → (UNCLASSIFIED,
    [FOR OFFICIAL USE ONLY])."""
    parts = [p.strip() for p in value.upper().split("//")]
    level = normalize_level(parts[0]) if parts and parts[0] else None
    caveats: list[str] = []
    for part in parts[1:]:
        for word in part.split("/") if "/" in part else [part]:
            caveat = normalize_caveat(word) or word.strip()
            if caveat and caveat not in caveats:
                caveats.append(caveat)
    return level, caveats


def parse_source(source: CableSource) -> ParsedCable:
    """Run the pipeline on an extracted :class:`CableSource`."""
    cable = ParsedCable(
        header=source.header,
        body=source.body,
        is_partial=source.is_partial,
        source_format=source.format,
    )
    for note in source.notes:
        cable.note(note)
    header = _header(cable)
    banner, ref_text = _body(cable)
    _metadata(cable, source.metadata, header, banner)
    _references(cable, ref_text)
    if not _has_cable(cable):
        raise ParseError("the input holds no cable: no metadata, routing header, banner, TAGS, subject or text")
    return cable


def _has_cable(cable: ParsedCable) -> bool:
    return bool(
        cable.reference_id
        or cable.recipients
        or cable.from_
        or cable.dtg
        or cable.tags
        or cable.subject
        or cable.classification
        or (cable.paragraphs and len(cable.body.strip()) >= _MIN_CABLE_CHARS and _looks_like_cable_text(cable))
    )


def _looks_like_cable_text(cable: ParsedCable) -> bool:
    """Free text with no cable parts: accept it only if it has the shape of telegram text (numbered
    paragraphs or a signature)."""
    return any(p.number is not None for p in cable.paragraphs) or bool(cable.signed_by)


# -- header ---------------------------------------------------------------------------------------------------


def _header(cable: ParsedCable) -> Header | None:
    if not cable.header.strip():
        return None
    h = parse_header(cable.header)
    cable.transmission_id = h.transmission_id
    cable.precedence = h.precedence
    cable.dtg = h.dtg
    cable.from_ = h.from_
    cable.recipients = [r for r in h.recipients if len(r.name) + len(r.route or "") <= _MAX_ADDRESS]
    if len(cable.recipients) < len(h.recipients):
        longest = max(len(r.name) + len(r.route or "") for r in h.recipients)
        cable.note(
            f"an address (routing indicator and office) of {longest} characters"
            f" (no real one has over {_MAX_ADDRESS}); dropped it"
        )
    for a in h.anomalies:
        cable.note(a)
    return h


# -- body -----------------------------------------------------------------------------------------------------


def _strip_pre_banner(body: str, cable: ParsedCable) -> str:
    """Drop what the newspaper-sourced pages put before the body proper (09ASUNCION617, 06BERN1593)."""
    m = P.HEADER_ENDS_MARK.search(body, 0, 20_000) if body.find("eader ends", 0, 20_000) >= 0 else None
    if m:
        cable.note("the body repeats the header up to a '--- header ends ---' line; skipped it")
        body = body[m.end() :]
    continued = body.count("\\\n")
    if continued > 3 and continued * 3 > body.count("\n"):
        lines = body.split("\n")
        cable.note("lines of the body end in backslashes (a database dump); removed them")
        body = "\n".join(ln[:-1] if ln.endswith("\\") else ln for ln in lines)
    return body


def _body(cable: ParsedCable) -> tuple[Banner | None, str | None]:
    text = _strip_pre_banner(normalize_newlines(cable.body), cable)
    banner, bstart, bend = find_banner(text)
    teaser: str | None = None
    if banner is not None:
        full, fstart, fend = find_full_copy(text, banner, bend)
        if full is not None:
            cable.note("the body holds a teaser cut short with '...' and then the full cable; read the full copy")
            teaser = text[bend:fstart]
            banner, bstart, bend = full, fstart, fend
        junk = text[:bstart].strip()
        if junk and teaser is None:
            cable.note(f"text before the classification banner: {junk[:60]!r}")
        after = text[bend:]
        cable.section, cable.section_count = banner.section, banner.section_count
    else:
        after = text
        if text.strip():
            cable.note("no classification banner at the top of the body")
    first = first_paragraph_offset(after)
    preamble_text = after if first is None else after[:first]
    main_text = "" if first is None else after[first:]
    pre = parse_preamble(preamble_text)
    if teaser is not None:
        # The full copy of a teaser page may have lost its SUBJECT or REF lines (05DUSHANBE1648): fill them in.
        early = parse_preamble(teaser)
        for name in ("eo", "tags", "subject", "ref", "classby"):
            if getattr(pre, name) is None and getattr(early, name) is not None:
                setattr(pre, name, getattr(early, name))
    # Caveat words on lines of their own after the banner: "SIPDIS", "NOFORN", "SENSITIVE" (10KABUL348).
    if banner is not None:
        head = preamble_text[: pre.spans[0][1]] if pre.spans else preamble_text[:400]
        for word in _caveat_lines(head):
            if word not in banner.caveats:
                banner.caveats.append(word)
    anomalies: list[str] = list(pre.notes)
    if pre.eo:
        _decl(cable, pre.eo)
    if pre.tags is None:
        found = find_keywordless_tags(preamble_text)
        if found is not None:
            anomalies.append(f"TAGS line without its keyword: {found.strip()!r}")
            pre.tags = found
    if pre.tags is not None:
        cable.tags = parse_tags(pre.tags, anomalies)
    if pre.subject:
        cable.subject = _subject(pre.subject)
    classby = pre.classby
    if classby is None and main_text:
        m = P.CLASSIFIED_BY.search(main_text)
        if m:
            line_end = main_text.find("\n\n", m.end())
            classby = main_text[m.end() : line_end if line_end >= 0 else m.end() + 300]
    if classby:
        cable.classified_by = parse_classified_by(classby, anomalies)
    rest = pre.intro + ("\n\n" + main_text if main_text else "")
    cable.paragraphs, cable.signed_by = parse_paragraphs(rest, anomalies)
    cable.summary = find_summary(cable.paragraphs)
    cable.comment = find_comment(cable.paragraphs)
    for a in anomalies:
        cable.note(a)
    return banner, pre.ref


def _caveat_lines(text: str) -> list[str]:
    out: list[str] = []
    for line in text.split("\n"):
        word = line.strip().strip(".")
        if not word or len(word) > 40:
            continue
        caveat = normalize_caveat(word)
        if caveat:
            out.append(caveat)
    return out


def _subject(value: str) -> str:
    """Multi-line subjects joined into one line, without a ``(C)`` mark."""
    text = " ".join(value.split())
    m = P.SUBJECT_MARK.match(text)
    if m:
        text = text[m.end() :]
    return text.strip() or value.strip()


def _decl(cable: ParsedCable, eo: str) -> None:
    """``E.O. 12958: DECL: 12/18/2017`` → 12958, 2017-12-18, raw ``12/18/2017``."""
    text = " ".join(eo.split())
    m = P.EO_NUMBER.match(text.lstrip(" .:"))
    if m:
        cable.executive_order = m.group(1)
        text = text.lstrip(" .:")[m.end() :]
    text = text.strip(" :;,.")
    dm = P.DECL_VALUE.search(text)
    raw = dm.group(1).strip(" :;,.") if dm and dm.group(1).strip() else text
    cable.declassify_raw = raw or None
    if raw and P.DECL_DOWNGRADE.match(raw):
        cable.note(f"{raw!r} is a downgrade instruction, not a declassification date")
    elif raw:
        cable.declassify_on = find_date(raw)
        if cable.declassify_on is None and not P.DECL_RULE.match(raw):
            cable.note(f"declassification value {raw[:40]!r} has no date")


# -- metadata -------------------------------------------------------------------------------------------------


def _origin_from_fm(fm: str) -> str | None:
    name = " ".join(fm.split("//")[0].split())
    station = fm_name_to_station().get(name)
    if station:
        return stations()[station].origin
    for prefix, kind in (("AMEMBASSY ", "Embassy "), ("AMCONSUL ", "Consulate "), ("USMISSION ", "Mission ")):
        if name.startswith(prefix):
            return kind + name[len(prefix) :].title()
    return None


def _metadata(cable: ParsedCable, meta: dict[str, str], h: Header | None, b: Banner | None) -> None:
    dtg_time = h.dtg_time if h else None

    # Dates: the page's or row's values; else the date-time group.
    if meta.get("created"):
        cable.created = parse_metadata_datetime(meta["created"])
        if cable.created is None:
            cable.note(f"created value {meta['created']!r} is not a date")
    if cable.created is None and dtg_time is not None:
        cable.created = dtg_time
    if meta.get("released"):
        cable.released = parse_metadata_datetime(meta["released"])

    # Reference id: given, or derived from the banner (or DE line) and the date-time group.
    rid = (meta.get("reference_id") or "").strip()
    if rid:
        cable.reference_id = rid
        canon, note = canonical_id(rid)
        cable.canonical_id = canon
        if note:
            cable.note(note)
    else:
        station = b.station if b and b.station else None
        if station is None and cable.from_:
            station = fm_name_to_station().get(" ".join(cable.from_.split()))
        serial = b.serial if b and b.serial else (h.de_serial if h else None)
        year = None
        if b and b.year:
            year = int(b.year)
        elif cable.created is not None:
            year = cable.created.year
        if station and serial and year is not None:
            cable.reference_id = cable.canonical_id = make_id(year, station, serial)
            cable.note(f"reference id {cable.reference_id} derived from the banner and the date")
    if cable.canonical_id and b and b.station and b.serial:
        parts = split_id(cable.canonical_id)
        if parts and (parts[1], parts[2]) != (b.station, b.serial):
            cable.note(f"the banner names {b.station_words} {b.serial}, the reference id is {cable.canonical_id}")

    # Classification: the metadata's string, else the banner, else the security line of the header.
    raw = (meta.get("classification") or "").strip()
    if raw:
        level, caveats = split_classification(raw)
        cable.classification_raw = raw.upper()
        cable.classification, cable.caveats = level, caveats
        if level is None:
            cable.note(f"classification {raw!r} not understood")
    if b is not None:
        if cable.classification is None:
            cable.classification = b.level
        for c in b.caveats:
            if c not in cable.caveats:
                cable.caveats.append(c)
        if b.level and cable.classification and b.level != cable.classification:
            cable.note(f"the banner says {b.level}, the metadata {cable.classification}")
    if cable.classification is None and h is not None and h.security:
        cable.classification = h.security
    if cable.classification_raw is None and cable.classification:
        cable.classification_raw = "//".join([cable.classification, *cable.caveats])

    # Origin: the metadata's, else the station's name, else the FM line.
    cable.origin = (meta.get("origin") or "").strip() or None
    if cable.origin is None:
        station = cable.station
        if station and station in stations():
            cable.origin = stations()[station].origin
        elif cable.from_:
            cable.origin = _origin_from_fm(cable.from_)
            if cable.origin and len(cable.origin) > _MAX_ORIGIN:
                cable.note(f"the FM line names an origin of {len(cable.origin)} characters; ignored it")
                cable.origin = None


def _references(cable: ParsedCable, ref_text: str | None) -> None:
    """References need the citing cable's year: from ``created``, else from the reference id."""
    if not ref_text:
        return
    year = cable.created.year if cable.created else None
    if year is None and cable.canonical_id:
        parts = split_id(cable.canonical_id)
        year = two_digit_year(int(parts[0])) if parts else None
    anomalies: list[str] = []
    cable.references = parse_references(ref_text, year, anomalies)
    for a in anomalies:
        cable.note(a)
