"""The classification banner at the top of a body: ``C O N F I D E N T I A L SECTION 01 OF 02 BAKU 001515``.

It gives the level, the caveats on its line, the section of a multi-section cable, and the station and serial of
the reference id. Pages that show a teaser cut short with ``...`` and then the whole cable again have two banners;
the second one starts the full copy (:func:`find_full_copy`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from cabledb.parse import patterns as P
from cabledb.parse.classification import normalize_caveat, normalize_level
from cabledb.parse.ids import station_from_words


@dataclass(slots=True)
class Banner:
    level: str | None = None
    caveats: list[str] = field(default_factory=list)
    section: int | None = None
    section_count: int | None = None
    station: str | None = None  # in id form: BUENOSAIRES
    station_words: str | None = None  # as written: BUENOS AIRES
    serial: str | None = None
    year: str | None = None
    text: str = ""


def find_banner(text: str, start: int = 0, limit: int = 3000) -> tuple[Banner | None, int, int]:
    """Find the classification banner near the top of a body. Returns it with its start and end offsets.

    A banner at the start of a line wins; else the first one in the first 3,000 characters (it follows junk
    such as ``Cable dated:2005-08-17T21:24:00]`` in 05LIMA3571)."""
    limit = min(len(text), start + limit)
    m = _at_line_start(text, start, limit) or next(
        (m for m in P.BANNER.finditer(text, start, limit) if _has_station(m)), None
    )
    if m is None:
        return None, 0, 0
    b = Banner(text=m.group(0).strip())
    b.level = normalize_level(m.group("level"))
    for word in P.CAVEAT_WORD.findall(m.group("caveats") or ""):
        caveat = normalize_caveat(word)
        if caveat and caveat not in b.caveats:
            b.caveats.append(caveat)
    if m.group("section"):
        b.section, b.section_count = int(m.group("section")), int(m.group("sections"))
    words = " ".join(m.group("station").split()).upper()
    b.station_words = words
    b.station = station_from_words(words) or _known_station_suffix(words)
    b.serial = str(int(m.group("serial")))
    b.year = m.group("year")
    return b, m.start(), m.end()


def find_full_copy(text: str, banner: Banner, end: int) -> tuple[Banner | None, int, int]:
    """The full copy of a cable after a teaser: 107 pages show the cable cut short with ``...`` and then the whole
    record again (03THEHAGUE1865, 02ROME1196). Returns the banner of the second copy, or (None, 0, 0)."""
    if banner.serial is None or "..." not in text:
        return None, 0, 0
    pos = text.find(banner.serial, end)
    while pos >= 0:
        line_start = text.rfind("\n", 0, pos) + 1
        window = max(end, line_start - 200)
        b, bstart, bend = find_banner(text, window, pos - window + 20)
        longer = len(text) - bstart > bstart  # the second copy must hold more than the teaser
        if b is not None and b.serial == banner.serial and longer and "..." in text[end:bstart]:
            return b, bstart, bend
        pos = text.find(banner.serial, pos + len(banner.serial))
    return None, 0, 0


def _has_station(m: re.Match[str]) -> bool:
    """``S E C R E T SECTION 01 OF 02 THE HAGUE`` reads fine; ``SECRET meeting 2010`` does not."""
    return station_from_words(m.group("station")) is not None or _known_station_suffix(m.group("station")) is not None


def _at_line_start(text: str, start: int, limit: int) -> re.Match[str] | None:
    """The first banner that starts a line between ``start`` and ``limit``. Trying the pattern at each line start
    costs a twentieth of a search through the text: most letters could begin a level word in either case."""
    pos = start if start == 0 or text[start - 1] == "\n" else text.find("\n", start, limit) + 1
    while start <= pos < limit:
        m = P.BANNER.match(text, pos, limit)
        if m and _has_station(m):
            return m
        newline = text.find("\n", pos, limit)
        if newline < 0:
            return None
        pos = newline + 1
    return None


def _known_station_suffix(words: str) -> str | None:
    """``SECTION 01 OF 02 THE HAGUE``: a station at the end of the words."""
    parts = words.upper().split()
    for k in range(1, len(parts)):
        st = station_from_words(" ".join(parts[k:]))
        if st:
            return st
    return None
