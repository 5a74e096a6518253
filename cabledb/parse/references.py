"""REF: the cables and other documents a cable cites.

``REF: BAKU 1495`` → one cable reference, ``07BAKU1495`` (the year comes from the citing cable). Bullets,
several items per line, stations with typos, 2- and 4-digit years before or after the serial,
``X AND 1234`` and non-cable items (e-mails, telcons, reports, documents) are all understood.
"""

from __future__ import annotations

import itertools
import re

from cabledb.parse import patterns as P
from cabledb.parse.ids import make_id, station_from_words
from cabledb.parse.model import Reference

_NONE_REF = re.compile(r"^\s*(?:NONE|N/A|NA)\W*$", re.I)


def split_items(value: str) -> list[tuple[str | None, str]]:
    """Split a REF block into ``(bullet, item text)`` pairs. WikiLeaks' ``¶`` anchors on bullets are dropped."""
    items: list[tuple[str | None, str]] = []
    for part in P.REF_SPLIT.split(value.replace("¶", "\n")):
        text = " ".join(part.split())
        if not text:
            continue
        for piece in _split_inline(text):
            m = P.REF_BULLET.match(piece)
            bullet = None
            if m and (m.group(1) or m.group(2)):
                letter = (m.group(1) or m.group(2)).upper()
                rest = piece[m.end() :]
                # "A. (A) BUENOS AIRES 002222": a bullet; "B. BAKU 1234" too. But "C 123" is no bullet.
                if rest:
                    bullet, piece = letter, rest.strip()
            piece = P.REF_DANGLING_BULLET.sub("", piece)
            if piece:
                items.append((bullet, piece))
    return items


def _split_inline(text: str) -> list[str]:
    """Bullets run together on one line: split where the letters follow in order (A, B, C ...), so that a
    middle initial (``JOHN A. SMITH``) is left alone."""
    first = P.REF_BULLET.match(text)
    if not first:
        return [text]
    expected = ord((first.group(1) or first.group(2)).upper()) + 1
    cuts = []
    for m in P.REF_INLINE_BULLET.finditer(text, first.end()):
        if ord(m.group(1)) == expected:
            cuts.append(m.start())
            expected += 1
    if not cuts:
        return [text]
    bounds = [0, *cuts, len(text)]
    return [text[a:b].strip(" ,") for a, b in itertools.pairwise(bounds) if text[a:b].strip(" ,")]


def _citations(text: str, default_year: int | None) -> list[tuple[str, str]]:
    """Cable citations in one item: ``[(canonical id, text as written), ...]``."""
    out: list[tuple[str, str]] = []
    for found in P.REF_ID.finditer(text):
        station_id = station_from_words(found.group(2))
        if station_id:
            out.append((make_id(found.group(1), station_id, found.group(3)), found.group(0)))
    if out:
        return out
    pos = 0
    while pos < len(text):
        m = P.REF_CABLE.search(text, pos)
        if not m:
            break
        words = m.group("station").split()
        station = None
        start = m.start("station")
        for k in range(len(words)):
            station = station_from_words(" ".join(words[k:]))
            if station:
                if k:
                    start = m.start("station") + m.group("station").find(words[k])
                break
        if station is None:
            pos = m.start("serial") if m.start("serial") > m.start() else m.end()
            continue
        year_text = m.group("y1") if m.group("y1") and start == m.start("station") else None
        year_text = year_text or m.group("y2")
        year = _year(year_text, default_year)
        if year is not None:
            begin = m.start("y1") if year_text and year_text == m.group("y1") else start
            out.append((make_id(year, station, m.group("serial")), text[begin : m.end()].strip()))
        pos = m.end()
        # "BAKU 1495 AND 1502": more serials of the same station.
        while True:
            a = P.REF_AND_SERIAL.match(text, pos)
            if not a:
                break
            if year is not None:
                out.append((make_id(year, station, a.group("serial")), text[start : a.end()].strip()))
            pos = a.end()
    return out


def _year(text: str | None, default: int | None) -> int | None:
    if text is None:
        return default
    value = int(text)
    if len(text) == 4:
        return value if 1940 <= value <= 2011 else default
    return 1900 + value if value >= 40 else 2000 + value


def classify(text: str) -> str:
    for kind, pattern in P.REF_KINDS:
        if pattern.search(text):
            return kind
    return "other"


def parse_references(value: str, default_year: int | None, anomalies: list[str]) -> list[Reference]:
    """Parse a REF block (without its keyword). ``default_year`` is the citing cable's year."""
    refs: list[Reference] = []
    if not value.strip() or _NONE_REF.match(value):
        return refs
    seen: set[str] = set()
    for bullet, text in split_items(value):
        cites = _citations(text, default_year)
        if cites:
            for canon, written in cites:
                if canon in seen:
                    continue
                seen.add(canon)
                refs.append(Reference(bullet, "cable", canon, text if len(cites) == 1 else written))
            continue
        if re.fullmatch(r"(?:REFTELS?|REF|AND|ABOVE|BELOW)\W*", text, re.I):
            continue
        refs.append(Reference(bullet, classify(text), None, text))
    if default_year is None and any(r.kind == "cable" for r in refs):
        anomalies.append("references without a year and no date to take it from")
    return refs
