"""Reference ids and stations: canonical ids, repairs of malformed ids, station spellings."""

from __future__ import annotations

import bisect
import re
from functools import cache, lru_cache

from cabledb.parse import patterns as P
from cabledb.parse.data import station_typos, stations


def split_id(reference_id: str) -> tuple[str, str, str] | None:
    """``07BAKU1515`` → ``("07", "BAKU", "1515")``; None when the id is malformed."""
    m = P.REFERENCE_ID.match(reference_id)
    return (m.group(1), m.group(2), m.group(3)) if m else None


def make_id(year: int | str, station: str, serial: int | str) -> str:
    """``make_id(2007, "BAKU", "001515")`` → ``07BAKU1515``."""
    yy = int(year) % 100
    return f"{yy:02d}{station}{int(serial)}"


@cache
def known_stations() -> frozenset[str]:
    return frozenset(stations())


@cache
def _sorted_stations() -> tuple[str, ...]:
    return tuple(sorted(stations()))


#: A station cut short (``SAO PAUL``, ``BUENOS AIRE``: the fields of the telegram format hold ten letters) is
#: repaired when it is the start of exactly one known station and at least this long.
MIN_TRUNCATED_STATION = 6


def complete_station(prefix: str) -> str | None:
    """``SAOPAUL`` → SAOPAULO; ``BUENOSAIR`` → BUENOSAIRES; None when no single station starts with it."""
    if len(prefix) < MIN_TRUNCATED_STATION:
        return None
    names = _sorted_stations()
    i = bisect.bisect_left(names, prefix)
    if i < len(names) and names[i].startswith(prefix) and not (i + 1 < len(names) and names[i + 1].startswith(prefix)):
        return names[i]
    return None


def fix_station(station: str) -> str | None:
    """A station in id form (``BUENOSAIRES``), repaired; None when it is unknown.

    ``HONGKOG`` → ``HONGKONG`` (a typo seen in ids), ``SECSTATE`` → ``STATE``, ``0TTAWA`` → ``OTTAWA``, ``SAOPAUL``
    → ``SAOPAULO`` (cut short)."""
    station = station.upper()
    known = known_stations()
    if station in known:
        return station
    fixed = station_typos().get(station) or P.REF_STATION_ALIASES.get(station)
    if fixed:
        return fixed
    letters = station.replace("0", "O").replace(" ", "")
    if letters in known:
        return letters
    return station_typos().get(letters) or P.REF_STATION_ALIASES.get(letters) or complete_station(letters)


#: A misspelt station is read as the one known station a single edit away only when it is this long: shorter
#: names are too close to each other and to words.
MIN_MISSPELT_STATION = 7


@cache
def _spellings() -> tuple[str, ...]:
    """The stations in id form and their spellings in REF lines: what a misspelt station is compared with."""
    return (*_sorted_stations(), *P.REF_STATION_ALIASES)


@lru_cache(maxsize=4096)
def misspelt_station(word: str) -> str | None:
    """The one known station a letter away from ``word`` (``SECTATE`` → ``STATE``, through ``SECSTATE``); None
    when there is none, or more than one."""
    word = word.upper()
    if len(word) < MIN_MISSPELT_STATION or not word.isalpha():
        return None
    from rapidfuzz import process  # imported here: few cables need it, and every command starts faster
    from rapidfuzz.distance import Levenshtein

    found = process.extract(word, _spellings(), scorer=Levenshtein.distance, score_cutoff=1, limit=2)
    candidates = {P.REF_STATION_ALIASES.get(name, name) for name, _, _ in found}
    return candidates.pop() if len(candidates) == 1 else None


def station_from_words(words: str) -> str | None:
    """A station as written in a banner or REF line (``BUENOS AIRES``, ``USUN NEW YORK``, ``SECSTATE``) in id form
    (``BUENOSAIRES``), or None when it is not a known station."""
    words = " ".join(words.upper().split())
    alias = P.REF_STATION_ALIASES.get(words)
    if alias:
        return alias
    return fix_station(words.replace(" ", ""))


def marker_start(m: re.Match[str]) -> int:
    """Where an inline page marker (:data:`~cabledb.parse.patterns.PAGE_MARKER_INLINE`) starts: at the first of its
    station words from which the rest name a known station, so that words of the text before it stay text
    (``... JAWS OF DEFEAT TRIPOLI 00000570 001.2 OF 002``: ``TRIPOLI``); at the match when none does (a station
    cut short or unknown)."""
    words = m.group("station").split(" ")
    offset = m.start("station")
    for k in range(len(words)):
        if station_from_words(" ".join(words[k:])):
            return m.start() if k == 0 else offset + len(" ".join(words[:k])) + 1
    return m.start()


def canonical_id(reference_id: str) -> tuple[str, str | None]:
    """Repair a malformed reference id. Returns the canonical id and a note on what was repaired (or None).

    >>> canonical_id("07SETION02OF02BAKU1501")
    ('07BAKU1501', 'reference id 07SETION02OF02BAKU1501 had a section banner run into it; read as 07BAKU1501')
    >>> canonical_id("06EFTOBAKU1165")[0]
    '06BAKU1165'
    """
    raw = reference_id
    rid = "".join(reference_id.split()).upper()
    notes: list[str] = []
    m = P.REFERENCE_ID.match(rid)
    if m and m.group(2) in known_stations():
        canon = make_id(m.group(1), m.group(2), m.group(3))
        return canon, (None if canon == rid else f"reference id {raw} has leading zeros; read as {canon}")

    if P.ID_DOUBLE_YEAR.match(rid):
        rid = rid[2:]
        notes.append("its year written twice")
    sec = P.ID_SECTION_JUNK.match(rid)
    if sec:
        rid = sec.group(1) + rid[sec.end() :]
        notes.append("a section banner run into it")
    m = P.REFERENCE_ID.match(rid)
    if m is None:
        suffix = P.ID_SUFFIX_JUNK.match(rid)
        if suffix:
            rid = suffix.group(1) + suffix.group(2) + suffix.group(3)
            notes.append("text after its serial")
            m = P.REFERENCE_ID.match(rid)
    if m is not None:
        year, station, serial = m.groups()
        fixed = fix_station(station)
        if fixed is None:
            for junk in P.ID_PREFIX_JUNK:
                if station.startswith(junk) and fix_station(station[len(junk) :]):
                    fixed = fix_station(station[len(junk) :])
                    notes.append(f"{junk} run into its station")
                    break
        if fixed is not None and fixed != station and not notes:
            notes.append(f"a misspelled station {station}")
        canon = make_id(year, fixed or station, serial)
        if not notes and canon != rid:
            notes.append("leading zeros")
        note = f"reference id {raw} had {' and '.join(notes)}; read as {canon}" if notes else None
        if fixed is None:
            note = (note + "; " if note else "") + f"station {station} is not a known post"
        return canon, note
    return rid, f"reference id {raw} is malformed and could not be repaired"
