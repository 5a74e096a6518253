"""Who and when: the reference id, the dates, the classification and the origin of a cable, from the metadata of
its page or row, else from its banner and routing header."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from cabledb.parse.banner import Banner
from cabledb.parse.classification import split_classification
from cabledb.parse.data import fm_name_to_station, stations
from cabledb.parse.dates import parse_metadata_datetime
from cabledb.parse.header import Header
from cabledb.parse.ids import canonical_id, make_id, split_id
from cabledb.parse.notes import Notes

#: The longest origin the parser derives itself (from an FM line).
_MAX_ORIGIN = 128


@dataclass(slots=True)
class Identity:
    reference_id: str | None = None
    canonical_id: str | None = None
    created: datetime | None = None
    released: datetime | None = None
    classification: str | None = None
    caveats: list[str] = field(default_factory=list)
    classification_raw: str | None = None
    origin: str | None = None


def _origin_from_fm(fm: str) -> str | None:
    name = " ".join(fm.split("//")[0].split())
    station = fm_name_to_station().get(name)
    if station:
        return stations()[station].origin
    for prefix, kind in (("AMEMBASSY ", "Embassy "), ("AMCONSUL ", "Consulate "), ("USMISSION ", "Mission ")):
        if name.startswith(prefix):
            return kind + name[len(prefix) :].title()
    return None


def read_identity(
    meta: dict[str, str], h: Header | None, b: Banner | None, line_caveats: list[str], notes: Notes
) -> Identity:
    """The metadata's values first; what they lack from the banner (and the caveat lines under it) and the
    header."""
    out = Identity()
    from_ = h.from_ if h else None

    # Dates: the page's or row's values; else the date-time group.
    if meta.get("created"):
        out.created = parse_metadata_datetime(meta["created"])
        if out.created is None:
            notes.add(f"created value {meta['created']!r} is not a date")
    if out.created is None and h is not None and h.dtg_time is not None:
        out.created = h.dtg_time
    if meta.get("released"):
        out.released = parse_metadata_datetime(meta["released"])

    # Reference id: given, or derived from the banner (or DE line) and the date-time group.
    rid = (meta.get("reference_id") or "").strip()
    if rid:
        out.reference_id = rid
        canon, note = canonical_id(rid)
        out.canonical_id = canon
        if note:
            notes.add(note)
    else:
        station = b.station if b and b.station else None
        if station is None and from_:
            station = fm_name_to_station().get(" ".join(from_.split()))
        serial = b.serial if b and b.serial else (h.de_serial if h else None)
        year = int(b.year) if b and b.year else (out.created.year if out.created is not None else None)
        if station and serial and year is not None:
            out.reference_id = out.canonical_id = make_id(year, station, serial)
            notes.add(f"reference id {out.reference_id} derived from the banner and the date")
    if out.canonical_id and b and b.station and b.serial:
        parts = split_id(out.canonical_id)
        if parts and (parts[1], parts[2]) != (b.station, b.serial):
            notes.add(f"the banner names {b.station_words} {b.serial}, the reference id is {out.canonical_id}")

    # Classification: the metadata's string, else the banner, else the security line of the header.
    raw = (meta.get("classification") or "").strip()
    if raw:
        level, caveats = split_classification(raw)
        out.classification_raw = raw.upper()
        out.classification, out.caveats = level, caveats
        if level is None:
            notes.add(f"classification {raw!r} not understood")
    if b is not None:
        if out.classification is None:
            out.classification = b.level
        for c in [*b.caveats, *line_caveats]:
            if c not in out.caveats:
                out.caveats.append(c)
        if b.level and out.classification and b.level != out.classification:
            notes.add(f"the banner says {b.level}, the metadata {out.classification}")
    if out.classification is None and h is not None and h.security:
        out.classification = h.security
    if out.classification_raw is None and out.classification:
        out.classification_raw = "//".join([out.classification, *out.caveats])

    # Origin: the metadata's, else the station's name, else the FM line.
    out.origin = (meta.get("origin") or "").strip() or None
    if out.origin is None:
        parts = split_id(out.canonical_id) if out.canonical_id else None
        station = parts[1] if parts else None
        if station and station in stations():
            out.origin = stations()[station].origin
        elif from_:
            out.origin = _origin_from_fm(from_)
            if out.origin and len(out.origin) > _MAX_ORIGIN:
                notes.add(f"the FM line names an origin of {len(out.origin)} characters; ignored it")
                out.origin = None
    return out
