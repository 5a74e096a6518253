"""The parse result: :class:`ParsedCable` and its parts, as plain dataclasses.

``ParsedCable.to_dict()`` gives the JSON object that ``cabledb parse`` prints. Its keys are a public
interface (docs/parse.md); every key is always present, with ``None`` or an empty list when the cable
does not have that part.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

#: Recipient kinds, in the order they appear in a routing header.
RECIPIENT_KINDS = ("to", "info")
#: Tag kinds. ``unknown`` is a token that is in no glossary and does not look like a person's name.
TAG_KINDS = ("subject", "geo", "program", "person", "organization", "unknown")
#: Reference kinds.
REFERENCE_KINDS = ("cable", "email", "telcon", "report", "document", "other")


@dataclass(slots=True)
class Recipient:
    """One addressee of a cable: ``TO RUEHC/SECSTATE WASHDC PRIORITY 4500``."""

    kind: str  # "to" | "info"
    route: str | None  # routing indicator, "RUEHC"; None on old cables without one
    name: str  # "SECSTATE WASHDC"
    precedence: str | None  # "PRIORITY"; taken from the date-time group when the line has none
    mcn: str | None  # message control number, "4500"
    excluded: list[str] = field(default_factory=list)  # XMT exclusions of a collective

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "route": self.route,
            "name": self.name,
            "precedence": self.precedence,
            "mcn": self.mcn,
            "excluded": list(self.excluded),
        }


@dataclass(slots=True)
class Tag:
    """One TAGS code, ``PGOV`` (subject) or ``AJ`` (geo), or a person tag ``CLINTON, HILLARY``."""

    code: str
    kind: str

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "kind": self.kind}


@dataclass(slots=True)
class Reference:
    """One item of the ``REF:`` block. ``value`` is the canonical cable id for cables."""

    bullet: str | None  # "A", "B", ... or None
    kind: str
    value: str | None
    text: str  # the item as written

    def to_dict(self) -> dict[str, Any]:
        return {"bullet": self.bullet, "kind": self.kind, "value": self.value, "text": self.text}


@dataclass(slots=True)
class ClassifiedBy:
    """One classifier of a ``Classified By:`` statement: who classified the cable, and under which reasons of the
    executive order. ``Classified By: Acting DCM John Smith, Jr., EAP/CM, for reasons 1.4 (b) and (d).`` →
    name ``John Smith, Jr.``, title ``Acting DCM``, office ``EAP/CM``, reasons ``["1.4(b)", "1.4(d)"]``."""

    name: str | None  # the person, without titles, offices or marks; initials and suffixes kept
    title: str | None  # the job title as written: "Ambassador", "Acting Deputy Chief of Mission", "POLOFF"
    office: str | None = None  # an office beside the title: "EAP/CM", "NEA/I", "STATE, EXEC"
    reasons: list[str] = field(default_factory=list)  # ["1.4(b)", "1.4(d)"]
    raw: str = ""  # the statement as written, from its keyword to the end of its reasons, on one line

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "title": self.title,
            "office": self.office,
            "reasons": list(self.reasons),
            "raw": self.raw,
        }


@dataclass(slots=True)
class Paragraph:
    """One numbered (or, before the first number, unnumbered) paragraph of the body."""

    number: int | None
    classification: str | None  # the portion mark as written inside the parentheses: "C", "S/NF", "SBU"
    heading: str | None  # an unnumbered heading line just before the paragraph
    text: str  # without the number and the mark; page markers removed, split lines kept

    def to_dict(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "classification": self.classification,
            "heading": self.heading,
            "text": self.text,
        }


@dataclass(slots=True)
class ParsedCable:
    """Every part of one cable. Built by :func:`cabledb.parse.parse_cable`."""

    reference_id: str | None = None
    canonical_id: str | None = None
    created: datetime | None = None
    released: datetime | None = None
    origin: str | None = None
    from_: str | None = None
    classification: str | None = None
    caveats: list[str] = field(default_factory=list)
    classification_raw: str | None = None  # as published: "SECRET//NOFORN", or the banner's words
    transmission_id: str | None = None
    precedence: str | None = None
    dtg: str | None = None
    recipients: list[Recipient] = field(default_factory=list)
    section: int | None = None
    section_count: int | None = None
    executive_order: str | None = None
    declassify_on: date | None = None
    declassify_raw: str | None = None
    tags: list[Tag] = field(default_factory=list)
    subject: str | None = None
    references: list[Reference] = field(default_factory=list)
    classifiers: list[ClassifiedBy] = field(default_factory=list)  # every classifier, in order
    summary: str | None = None
    comment: str | None = None
    paragraphs: list[Paragraph] = field(default_factory=list)
    signed_by: list[str] = field(default_factory=list)
    is_partial: bool = False
    header: str = ""
    body: str = ""
    source_format: str | None = None  # "html" | "csv" | "text"
    anomalies: list[str] = field(default_factory=list)

    @property
    def classified_by(self) -> ClassifiedBy | None:
        """The first classifier (most cables have one)."""
        return self.classifiers[0] if self.classifiers else None

    @property
    def station(self) -> str | None:
        """The station of the canonical id: ``07BAKU1515`` → ``BAKU``."""
        from cabledb.parse.ids import split_id

        parts = split_id(self.canonical_id) if self.canonical_id else None
        return parts[1] if parts else None

    def to_dict(self) -> dict[str, Any]:
        """The JSON object of ``cabledb parse``: every key always present."""
        return {
            "reference_id": self.reference_id,
            "canonical_id": self.canonical_id,
            "created": _iso(self.created),
            "released": _iso(self.released),
            "origin": self.origin,
            "from": self.from_,
            "classification": self.classification,
            "caveats": list(self.caveats),
            "classification_raw": self.classification_raw,
            "transmission_id": self.transmission_id,
            "precedence": self.precedence,
            "dtg": self.dtg,
            "recipients": [r.to_dict() for r in self.recipients],
            "section": self.section,
            "section_count": self.section_count,
            "executive_order": self.executive_order,
            "declassify_on": self.declassify_on.isoformat() if self.declassify_on else None,
            "declassify_raw": self.declassify_raw,
            "tags": [t.to_dict() for t in self.tags],
            "subject": self.subject,
            "references": [r.to_dict() for r in self.references],
            "classified_by": self.classified_by.to_dict() if self.classified_by else None,
            "classifiers": [c.to_dict() for c in self.classifiers],
            "summary": self.summary,
            "comment": self.comment,
            "paragraphs": [p.to_dict() for p in self.paragraphs],
            "signed_by": list(self.signed_by),
            "is_partial": self.is_partial,
            "header": self.header,
            "body": self.body,
            "source_format": self.source_format,
            "anomalies": list(self.anomalies),
        }


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None
