"""The body's top: the classification banner and the preamble (E.O./DECL, TAGS, SUBJECT, REF, Classified By).

The preamble keywords are found anywhere in the preamble, not only at line starts, because some pages lost
their newlines (05LIMA3571: ``LIMA 003571SIPDISEB FOR A/S WAYNE; ... AGUILERAE.O. 12958: DECL: 08/16/2015TAGS:
EMIN ...``). Each value runs to the next keyword, and is then cut by the rules of its field.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from cabledb.parse import patterns as P
from cabledb.parse.classified import classby_extent
from cabledb.parse.ids import station_from_words
from cabledb.parse.tags import is_tag_continuation


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


@dataclass(slots=True)
class Preamble:
    eo: str | None = None
    tags: str | None = None
    subject: str | None = None
    ref: str | None = None
    classby: str | None = None
    intro: str = ""  # text after the last keyword's value, before the first numbered paragraph
    spans: list[tuple[str, int, int]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


#: The longest plausible value of each preamble field; longer runs are damage (a lost blank line, a dump).
_MAX_VALUE = {"eo": 300, "tags": 2000, "subject": 1000, "ref": 8000, "classby": 1000}


def normalize_level(words: str) -> str | None:
    """``C O N F I D E N T I A L`` → CONFIDENTIAL; ``UNCLAS`` → UNCLASSIFIED; ``S e c r e t`` → SECRET."""
    key = "".join(words.split()).upper()
    if key.startswith("LIMITEDOFFICIALUSE") or key == "LOU":
        return "LIMITED OFFICIAL USE"
    if key == "TOPSECRET":
        return "TOP SECRET"
    if key.startswith("UNCLAS"):
        return "UNCLASSIFIED"
    return P.CLASSIFICATION_ALIASES.get(key)


def normalize_caveat(words: str) -> str | None:
    key = " ".join(words.upper().replace("/", " ").split())
    if key.replace(" ", "") == "EFTO":
        return "EFTO"
    if key.startswith("REL "):
        return key
    return P.CAVEAT_ALIASES.get(key)


def find_banner(text: str, start: int = 0, limit: int = 3000) -> tuple[Banner | None, int, int]:
    """Find the classification banner near the top of a body. Returns it with its start and end offsets.

    A banner at the start of a line wins; else the first one in the first 3,000 characters (it follows junk
    such as ``Cable dated:2005-08-17T21:24:00]`` in 05LIMA3571)."""
    limit = min(len(text), start + limit)
    best = None
    for m in P.BANNER.finditer(text, start, limit):
        station = station_from_words(m.group("station"))
        line_start = m.start() == 0 or text[m.start() - 1] == "\n"
        if station is None:
            # "S E C R E T SECTION 01 OF 02 THE HAGUE" reads fine; "SECRET meeting 2010" does not.
            trimmed = _known_station_suffix(m.group("station"))
            if trimmed is None:
                continue
        if best is None or (line_start and not _is_line_start(text, best.start())):
            best = m
        if line_start:
            break
    if best is None:
        return None, 0, 0
    m = best
    b = Banner(text=m.group(0).strip())
    b.level = normalize_level(m.group("level"))
    for word in P.CAVEAT_WORD.findall(m.group("caveats") or ""):
        caveat = normalize_caveat(word)
        if caveat and caveat not in b.caveats:
            b.caveats.append(caveat)
    if m.group("section"):
        b.section, b.section_count = int(m.group("section")), int(m.group("sections"))
    words = " ".join(m.group("station").split()).upper()
    station = station_from_words(words)
    if station is None:
        station = _known_station_suffix(words)
    b.station_words = words
    b.station = station
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


def _is_line_start(text: str, pos: int) -> bool:
    return pos == 0 or text[pos - 1] == "\n"


def _known_station_suffix(words: str) -> str | None:
    parts = words.upper().split()
    for k in range(1, len(parts)):
        st = station_from_words(" ".join(parts[k:]))
        if st:
            return st
    return None


# Cut rules: where a keyword's value ends, besides the next keyword.
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_REF_CONTINUES = re.compile(r"\s*(?:REF\s+)?\(?[A-Z]\s*[.):]\s*\S")


def _cut_at_blank(value: str) -> tuple[str, str]:
    m = _BLANK_LINE.search(value)
    if not m:
        return value, ""
    return value[: m.start()], value[m.end() :]


def _cut_ref(value: str) -> tuple[str, str]:
    """A REF block ends at a blank line, unless the next line is another bullet (``B. BAKU 1234``)."""
    pos = 0
    while True:
        m = _BLANK_LINE.search(value, pos)
        if not m:
            return value, ""
        para = P.PARAGRAPH_START.match(value, m.end())
        if _REF_CONTINUES.match(value, m.end()) and not (para and para.group("number")):
            pos = m.end()
            continue
        return value[: m.start()], value[m.end() :]


def _cut_tags(value: str) -> tuple[str, str]:
    """TAGS run to the end of their line, or over two lines when the next line holds only tags
    (the README's list: "The line can run over two lines")."""
    first, nl, rest = value.partition("\n")
    if nl and rest.strip():
        nxt, _, after = rest.partition("\n")
        # "TAGS:" alone, the tags on the next line (09LONDON2178), or tags run over two lines.
        if is_tag_continuation(nxt):
            return first + "\n" + nxt, after
    return first, rest


def find_keywordless_tags(text: str) -> str | None:
    """A TAGS line without its keyword: ``EFIN, ECON, EINV, PGOV, CH`` (08BEIJING3662; the README's ``EFIN,``)."""
    for line in text.split("\n")[:30]:
        tokens = line.replace(",", " ").split()
        if len(tokens) >= 2 and is_tag_continuation(line) and any(len(t) == 4 for t in tokens):
            return line
    return None


#: Words a subject line does not end on: the subject runs on after a blank line (double-spaced cables such as
#: 07BUENOSAIRES1819: ``...GOVERNMENT PROMISE TO`` / blank / ``REWARD NEW ELECTRICITY GENERATION CAPACITY``).
_DANGLING = frozenset("A AN AND AS AT BY FOR FROM IN OF ON OR THE TO WITH".split())


def _cut_subject(value: str) -> tuple[str, str]:
    """A subject ends at a blank line or at a page marker (``BAKU 00000855 001.2 OF 004``, which ends the first page
    of 07BAKU855 right after its subject); it goes on past a blank line when its last word cannot end it."""
    value, rest = _cut_at_blank(value)
    words = value.split()
    if words and words[-1].upper() in _DANGLING and rest.strip():
        nxt, _, after = rest.lstrip("\n \t").partition("\n")
        looks_alike = nxt.strip() and (nxt.isupper() or not value.isupper()) and len(nxt) < 120
        if looks_alike and not P.PREAMBLE_KEYWORDS.match(nxt) and not P.PARAGRAPH_START.match(nxt):
            value, rest = value.rstrip() + "\n" + nxt, after
    # The marker on a line of its own, or inside the line where the newlines were lost (10TRIPOLI114).
    m = P.PAGE_MARKER_INLINE.search(value)
    if m:
        tail = value[m.end() :].lstrip(" \t\n")
        return value[: m.start()], tail + ("\n\n" + rest if rest else "")
    return value, rest


def _cut_line(value: str) -> tuple[str, str]:
    first, _, rest = value.partition("\n")
    return first, rest


def parse_preamble(text: str) -> Preamble:
    """Find the preamble fields in ``text`` (the body from the banner to the first numbered paragraph)."""
    pre = Preamble()
    matches: list[re.Match[str]] = []
    for cand in P.PREAMBLE_CANDIDATES.finditer(text):
        m = P.PREAMBLE_KEYWORDS.match(text, cand.start())
        if m is None and cand.start() > 0 and text[cand.start() - 1] in " \t":
            # "^[ \t]{0,4}TAGS": the keyword's line may be indented.
            line_start = text.rfind("\n", 0, cand.start()) + 1
            if not text[line_start : cand.start()].strip():
                m = P.PREAMBLE_KEYWORDS.match(text, line_start)
        if m is not None and (not matches or m.start() >= matches[-1].end()):
            matches.append(m)
    if not matches:
        pre.intro = text
        return pre
    # Keep the first occurrence of each keyword; a second "SUBJECT:" or "REF" inside a value is part of it.
    kept: list[re.Match[str]] = []
    seen: set[str] = set()
    for m in matches:
        kind = m.lastgroup or ""
        if kind in seen:
            continue
        seen.add(kind)
        kept.append(m)
    remainder = ""
    for i, m in enumerate(kept):
        kind = m.lastgroup or ""
        end = kept[i + 1].start() if i + 1 < len(kept) else len(text)
        value = text[m.end() : end]
        if kind == "eo":
            value, rest = _cut_line(value)
            if "DECL" not in value.upper() and rest.lstrip().upper().startswith("DECL"):
                extra, rest = _cut_line(rest.lstrip())
                value = value + " " + extra
        elif kind == "tags":
            value, rest = _cut_tags(value)
        elif kind == "ref":
            value, rest = _cut_ref(value)
        elif kind == "subject":
            value, rest = _cut_subject(value)
        else:
            value, rest = _cut_at_blank(value)
            if kind == "classby" and len(value) > 300:
                cut = classby_extent(value)
                value, rest = value[:cut], value[cut:] + ("\n\n" + rest if rest else "")
        if kind == "classby":
            # "Classified By: Classified by: ..." (15 pages): the keyword repeated.
            again = P.CLASSIFIED_BY.match(value.lstrip())
            if again:
                value = value.lstrip()[again.end() :]
        value = value.strip()
        if len(value) > _MAX_VALUE[kind]:
            pre.notes.append(f"the {kind} value is {len(value)} characters long; read its first {_MAX_VALUE[kind]}")
            value = value[: _MAX_VALUE[kind]]
        setattr(pre, kind, value)
        pre.spans.append((kind, m.start(), m.end() + len(value)))
        remainder = rest
    pre.intro = remainder
    return pre
