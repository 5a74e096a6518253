"""REF: the cables and other documents a cable cites.

``REF: BAKU 1495`` → one cable reference, ``07BAKU1495`` (the year comes from the citing cable). Bullets in any
style (``A.``, ``A)``, ``(A)``, ``a.``, ``REF A:``, ``- (B)``), several items per line or separated by ``;``, page
breaks inside the list, stations in any case, with typos or cut short, 2- and 4-digit years before or after the
serial, ``X AND 1234``, and non-cable items (e-mails, telcons, reports, documents) are all understood. Page markers,
banners and report numbers never become cable references.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable

from cabledb.parse import patterns as P
from cabledb.parse.ids import make_id, misspelt_station, split_id, station_from_words
from cabledb.parse.model import Reference
from cabledb.parse.notes import Notes
from cabledb.parse.paragraphs import clean_lines


def split_items(value: str) -> list[tuple[str | None, str]]:
    """Split a REF block into ``(bullet, item text)`` pairs. WikiLeaks' ``¶`` anchors on bullets are dropped; page
    markers and repeated banners (a page break inside the list) are removed first."""
    text = clean_lines(value.replace("¶", "\n"))
    items: list[tuple[str | None, str]] = []
    doubled: list[bool] = []  # whether each item's bullet is written twice ("A. (A)")
    for part in _split_lines(P.REF_SPLIT.split(text)):
        joined = " ".join(part.split())
        if not joined:
            continue
        for piece in _split_inline(joined):
            m = P.REF_BULLET.match(piece)
            bullet = None
            twice = False
            if m and (m.group(1) or m.group(2)):
                letter = (m.group(1) or m.group(2)).upper()
                rest = piece[m.end() :]
                # "A. (A) BUENOS AIRES 002222": a bullet; "B. BAKU 1234" too. But "C 123" is no bullet.
                if rest:
                    twice = bool(P.REF_DOUBLED_BULLET.match(piece))
                    bullet, piece = letter, rest.strip()
            piece = P.REF_DANGLING_BULLET.sub("", piece).strip(" -")
            if piece:
                items.append((bullet, piece))
                doubled.append(twice)
    if sum(doubled) > 1:
        wrapped = _wrapped_lines(items, doubled)
        items = _join_onto_previous(items, lambda i, piece, before: wrapped[i])
    # A year alone after a month and day: "... DAILY REPORT FOR FEBRUARY 17" / "B. 2006" (06PARIS1031).
    return _join_onto_previous(
        items,
        lambda i, piece, before: bool(P.REF_YEAR_ONLY.fullmatch(piece) and P.REF_ENDS_WITH_MONTH_DAY.search(before)),
    )


def _join_onto_previous(
    items: list[tuple[str | None, str]], joins: Callable[[int, str, str], bool]
) -> list[tuple[str | None, str]]:
    """The items, each one for which ``joins(index, its text, the text of the item before)`` holds appended to the
    item before it: the wrapped end of that item, which a bullet of its own split off."""
    out: list[tuple[str | None, str]] = []
    for i, (bullet, piece) in enumerate(items):
        if out and joins(i, piece, out[-1][1]):
            out[-1] = (out[-1][0], f"{out[-1][1]} {piece}")
        else:
            out.append((bullet, piece))
    return out


def _wrapped_lines(items: list[tuple[str | None, str]], doubled: list[bool]) -> list[bool]:
    """In a list of doubled bullets (``A. (A) ...``, ``B. (B) ...``), an item with one bullet after a doubled one (or
    after such a wrapped line) is the wrapped end of that item (07PARIS1791: ``C. 2007 AND PREVIOUS`` ends ``...
    REPORT FOR MAY 4``), unless it cites a cable (``C. C) STATE 57700 D. 07 STATE 17940``, 08BRASILIA806)."""
    wrapped = [False] * len(items)
    for i in range(1, len(items)):
        bullet, piece = items[i]
        wrapped[i] = (
            bool(bullet) and not doubled[i] and (doubled[i - 1] or wrapped[i - 1]) and not _citations(piece, None)
        )
    return wrapped


def _split_lines(parts: list[str]) -> list[str]:
    """A line that follows a complete citation starts an item of its own (``PANAMA 829; BOGOTA 3483`` /
    ``STEPHENSON-BROWNFIELD E-MAILS``, 09PANAMA881); a citation broken over two lines (``STATE`` / ``12345``) does
    not."""
    out: list[str] = []
    for part in parts:
        lines = part.split("\n")
        current = lines[0]
        for line in lines[1:]:
            if (
                P.ENDS_WITH_CITE.search(current)
                and P.STARTS_WITH_WORD.match(line)
                and not P.REF_CABLE.match(line.strip())
            ):
                out.append(current)
                current = line
            else:
                current += "\n" + line
        out.append(current)
    return out


def _split_inline(text: str) -> list[str]:
    """Bullets run together on one line: split where the letters follow in order (A, B, C ...), so that a
    middle initial (``JOHN A. SMITH``) is left alone."""
    first = P.REF_BULLET.match(text)
    if not first:
        return [text]
    expected = ord((first.group(1) or first.group(2)).upper()) + 1
    cuts = []
    for m in P.REF_INLINE_BULLET.finditer(text, first.end()):
        if ord(m.group(1).upper()) == expected:
            cuts.append(m.start())
            expected += 1
    if not cuts:
        return [text]
    bounds = [0, *cuts, len(text)]
    return [text[a:b].strip(" ,") for a, b in itertools.pairwise(bounds) if text[a:b].strip(" ,")]


def _renamed(station: str, year: int) -> str:
    """The station as the ids of that year spell it (``KIEV`` cited in 2008 is 08KYIV...)."""
    for old, new, since in P.STATION_RENAMES:
        if station == old and year >= since:
            return new
        if station == new and year < since - 1:
            return old
    return station


def _cable_id(year: int, station: str, serial: str) -> str:
    return make_id(year, _renamed(station, year), serial)


def _citations(text: str, default_year: int | None) -> list[tuple[str | None, str]]:
    """Cable citations in one item: ``[(canonical id, text as written), ...]``; the id is None when the year is
    unknown (a fragment without a date)."""
    out: list[tuple[str | None, str]] = []
    for found in P.REF_ID.finditer(text):
        station_id = station_from_words(found.group(2))
        if station_id:
            yy = int(found.group(1))
            out.append((_cable_id(1900 + yy if yy >= 40 else 2000 + yy, station_id, found.group(3)), found.group(0)))
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
        serial = m.group("serial")
        if station is None and words and m.start("serial") == m.end("station"):
            # "BEIJING5237" (07STATE159388): the serial run into the station; the pattern took most of it for the
            # station's name.
            glued = P.STATION_SERIAL_GLUED.fullmatch(words[-1] + serial)
            station = station_from_words(glued.group(1)) if glued else None
            if glued and station:
                serial = glued.group(2)
                start = m.start("station") + m.group("station").rfind(words[-1])
        if station is None and words:
            station = misspelt_station(words[-1])  # "SECTATE 188288" (05SANJOSE2658)
            if station:
                start = m.start("station") + m.group("station").rfind(words[-1])
        if station is None:
            pos = m.start("serial") if m.start("serial") > m.start() else m.end()
            continue
        year_text = m.group("y1") if m.group("y1") and start == m.start("station") else None
        year_text = year_text or m.group("y2")
        year = _year(year_text, default_year)
        begin = m.start("y1") if year_text and year_text == m.group("y1") else start
        out.append((_cable_id(year, station, serial) if year else None, text[begin : m.end()].strip()))
        pos = m.end()
        # "BAKU 1495 AND 1502": more serials of the same station.
        while True:
            a = P.REF_AND_SERIAL.match(text, pos)
            if not a:
                break
            cite = _cable_id(year, station, a.group("serial")) if year else None
            out.append((cite, text[start : a.end()].strip()))
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
    """The kind of a reference that cites no cable: email, telcon, report, document or other."""
    for kind, pattern in P.REF_KINDS:
        if pattern.search(text):
            return kind
    return "other"


def _airgrams(text: str, cites: list[tuple[str | None, str]]) -> list[tuple[int, str]]:
    """The airgrams an item cites beside its cables: (where, the words of the airgram up to the next cable or the
    end of the item). ``TEHRAN'S A-077 OF MAY 15, 1972: TEHRAN 3312`` → ``TEHRAN'S A-077 OF MAY 15, 1972``."""
    if "-" not in text and "IRGRAM" not in text.upper():
        return []
    spans = sorted((at, at + len(w)) for _, w in cites if (at := text.find(w)) >= 0)
    out: list[tuple[int, str]] = []
    for m in P.REF_AIRGRAM.finditer(text):
        if any(a <= m.start() < b for a, b in spans):
            continue
        begin = max([b for _, b in spans if b <= m.start()], default=0)
        end = min([a for a, _ in spans if a > m.start()], default=len(text))
        out.append((m.start(), text[begin:end].strip(" :;,.-")))
    return out


def _report_numbers(text: str) -> list[str]:
    """The report numbers of an item that holds only report numbers and what joins them
    (``TDX-315/090481-08 AND TDX-315/042493-09``); ``[]`` for an item with other words."""
    found = list(P.REPORT_NUMBER.finditer(text))
    if len(found) < 2 or text[: found[0].start()].strip(" -:"):
        return []
    for a, b in itertools.pairwise(found):
        if not P.REPORT_NUMBER_JOIN.fullmatch(text, a.end(), b.start()):
            return []
    return [m.group(0) for m in found]


def parse_references(value: str, default_year: int | None, notes: Notes) -> list[Reference]:
    """Parse a REF block (without its keyword). ``default_year`` is the citing cable's year."""
    refs: list[Reference] = []
    if not value.strip() or P.REF_NONE.match(value):
        return refs
    seen: set[str] = set()
    last: tuple[str, int | None] | None = None  # the station and year of the last cable cited
    for bullet, text in split_items(value):
        # A report keeps its numbers to itself: "IIR 6 834 0123 08" cites no cable.
        cites = [] if P.REF_REPORT.search(text) else _citations(text, default_year)
        only = P.REF_SERIAL_ONLY.match(text) if not cites and last else None
        if only and last:
            year = _year(only.group("y1") or only.group("y2"), last[1])
            cites = [(_cable_id(year, last[0], only.group("serial")) if year else None, text)]
        elif cites and cites[-1][0]:
            parts = split_id(cites[-1][0] or "")
            if parts:
                last = (parts[1], _year(parts[0], default_year))
        if cites:
            airgrams = _airgrams(text, cites)
            whole = len(cites) == 1 and not airgrams
            for canon, written in cites:
                key = canon or written.upper()
                if key in seen:
                    continue
                seen.add(key)
                at = text.find(written)
                while airgrams and airgrams[0][0] < at:
                    refs.append(Reference(bullet, "document", None, airgrams.pop(0)[1]))
                refs.append(Reference(bullet, "cable", canon, text if whole else written))
            refs.extend(Reference(bullet, "document", None, a) for _, a in airgrams)
            continue
        if P.NOT_ITEMS.fullmatch(text) or P.REF_HANDLING.match(text):
            continue
        numbers = _report_numbers(text)
        if len(numbers) > 1:
            refs.extend(Reference(bullet, "report", None, number) for number in numbers)
            continue
        refs.append(Reference(bullet, classify(text), None, text))
    if any(r.kind == "cable" and r.value is None for r in refs):
        notes.add("cable references without a year, and no date of the citing cable to take it from")
    return refs
