"""The E.O. line: ``E.O. 12958: DECL: 12/18/2017`` → executive order 12958, declassify on 2017-12-18, raw value
``12/18/2017``. Rules without a date (``OADR``, ``X1``, ``25X1``, ``1.6X1``) keep their raw value only."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from cabledb.parse import patterns as P
from cabledb.parse.dates import find_date
from cabledb.parse.notes import Notes


@dataclass(slots=True)
class Declassification:
    executive_order: str | None = None
    declassify_on: date | None = None
    declassify_raw: str | None = None


def read_declassification(eo: str | None, notes: Notes) -> Declassification:
    """Read the value of the E.O. line (without its ``E.O.`` keyword)."""
    out = Declassification()
    if not eo:
        return out
    text = " ".join(eo.split())
    m = P.EO_NUMBER.match(text.lstrip(" .:"))
    if m:
        out.executive_order = m.group(1)
        text = text.lstrip(" .:")[m.end() :]
    text = text.strip(" :;,.")
    dm = P.DECL_VALUE.search(text)
    raw = dm.group(1).strip(" :;,.") if dm and dm.group(1).strip() else text
    out.declassify_raw = raw or None
    if raw and P.DECL_DOWNGRADE.match(raw):
        notes.add(f"{raw!r} is a downgrade instruction, not a declassification date")
    elif raw and dm is None and P.DECLASSIFIED_ON.search(raw):
        # "E.O. 12958: AS AMENDED; DECLASSIFIED JUNE 21, 2006" (72TEHRAN1164): when the cable was declassified, not
        # a date to declassify it on.
        notes.add(f"{raw[:60]!r} records a declassification, not a date to declassify on")
    elif raw:
        out.declassify_on = find_date(raw)
        if out.declassify_on is None and not P.DECL_RULE.match(raw):
            notes.add(f"declassification value {raw[:40]!r} has no date")
    return out
