"""The preamble of a body: the E.O./DECL, TAGS, SUBJECT, REF and Classified By lines between the banner and the
first numbered paragraph.

The keywords are found anywhere in the preamble, not only at line starts, because some pages lost their newlines
(05LIMA3571: ``LIMA 003571SIPDISEB FOR A/S WAYNE; ... AGUILERAE.O. 12958: DECL: 08/16/2015TAGS: EMIN ...``). Each
value runs to the next keyword, and is then cut by the rules of its field. The values are returned raw; the
steps of each field read them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from cabledb.parse import patterns as P
from cabledb.parse.banner import find_banner
from cabledb.parse.classified import classby_extent, extend_statement, is_reasons_line
from cabledb.parse.ids import marker_start
from cabledb.parse.notes import Notes
from cabledb.parse.tags import is_tag_continuation

KINDS = ("eo", "tags", "subject", "ref", "classby")
#: Keywords whose value is read by no step: they only end the value before them.
_IGNORED = ("derived",)


@dataclass(slots=True)
class Preamble:
    eo: str | None = None
    tags: str | None = None
    subject: str | None = None
    ref: str | None = None
    classby: str | None = None
    intro: str = ""  # text after the last keyword's value, before the first numbered paragraph
    spans: list[tuple[str, int, int]] = field(default_factory=list)  # (kind, start, end) of each value kept


#: The longest plausible value of each preamble field; longer runs are damage (a lost blank line, a dump).
_MAX_VALUE = {"eo": 300, "tags": 2000, "subject": 1000, "ref": 8000, "classby": 1000, "derived": 1000}


def looks_like_ref_list(text: str, pos: int) -> bool:
    """Whether the text at ``pos`` starts a list of references (for a ``REF:`` run on from a word)."""
    return bool(P.REF_LIST_START.match(text, pos))


def _cut_at_blank(value: str) -> tuple[str, str]:
    m = P.BLANK_LINE.search(value)
    if not m:
        return value, ""
    return value[: m.start()], value[m.end() :]


def _is_page_break_line(line: str) -> bool:
    s = line.strip()
    return bool(s) and bool(P.PAGE_MARKER.match(s) or P.SECTION_BANNER_LINE.match(s) or P.SIPDIS.fullmatch(s))


def _cut_ref(value: str) -> tuple[str, str]:
    """A REF list ends at a blank line, unless what follows continues it: another bullet (``B. BAKU 1234``), or a
    page break (a page marker or a repeated banner, 07BAKU1515) after which the list goes on."""
    pos = 0
    while True:
        m = P.BLANK_LINE.search(value, pos)
        if not m:
            return value, ""
        nxt = m.end()
        # Skip the lines of a page break: "BAKU 00001515 001.2 OF 002", "C O N F I D E N T I A L SECTION 02 ...".
        skipped = False
        while True:
            line_end = value.find("\n", nxt)
            line = value[nxt : line_end if line_end >= 0 else len(value)]
            if not _is_page_break_line(line) and line.strip():
                break
            if line_end < 0:
                return value, ""
            skipped = skipped or bool(line.strip())
            nxt = line_end + 1
        para = P.PARAGRAPH_START.match(value, nxt)
        if para and para.group("number"):
            return value[: m.start()], value[m.end() :]
        line_end = value.find("\n", nxt)
        line = value[nxt : line_end if line_end >= 0 else len(value)]
        if (P.REF_CONTINUES.match(line) and _cites_something(line) and _bullet_follows(value[: m.start()], line)) or (
            skipped and P.REF_CABLE.match(line)
        ):
            pos = nxt
            continue
        return value[: m.start()], value[m.end() :]


def _bullet_follows(items: str, line: str) -> bool:
    """Whether the bullet that starts ``line`` can follow the lettered items before it: the next letter, give or
    take one (a letter repeated, one skipped). A heading lettered out of turn ends the list: ``¶I. Key Objectives``
    after ``A.`` to ``F.`` (08LONDON2757, whose body runs on after the list)."""
    m = P.REF_BULLET.match(line.replace("¶", " "))
    if not m or not (m.group(1) or m.group(2)):
        return True
    expected = ord("A")
    for b in P.REF_INLINE_BULLET.finditer(" " + items.replace("¶", " ")):
        if ord(b.group(1).upper()) == expected:
            expected += 1
    if expected == ord("A"):
        return True  # the items before have no letters
    return expected - 1 <= ord((m.group(1) or m.group(2)).upper()) <= expected + 1


def _cites_something(line: str) -> bool:
    """A REF item cites a numbered document or names its kind; ``(U) SENSITIVE BUT UNCLASSIFIED`` after a page
    break (10COPENHAGEN69) is a marked line of the text, no item."""
    return bool(P.CITES.search(line))


def _cut_tags(value: str) -> tuple[str, str]:
    """TAGS run to the end of their line, or over two lines when the next line holds only tags, or when the line
    ends with a comma (the README's list: "The line can run over two lines")."""
    first, nl, rest = value.partition("\n")
    if nl and rest.strip():
        nxt, _, after = rest.partition("\n")
        # "TAGS:" alone, the tags on the next line (09LONDON2178), or tags run over two lines.
        trailing = first.rstrip()[-1:] in (",", "/", ";") or not first.strip()
        if nxt.strip() and (is_tag_continuation(nxt) or (trailing and _no_keyword(nxt) and len(nxt) < 200)):
            return first + "\n" + nxt, after
    return first, rest


def _no_keyword(line: str) -> bool:
    return P.PREAMBLE_KEYWORDS.match(line.lstrip()) is None and P.PARAGRAPH_START.match(line) is None


#: Words a subject line does not end on: the subject runs on after a blank line (double-spaced cables such as
#: 07BUENOSAIRES1819: ``...GOVERNMENT PROMISE TO`` / blank / ``REWARD NEW ELECTRICITY GENERATION CAPACITY``).
_DANGLING = frozenset("A AN AND AS AT BY FOR FROM IN OF ON OR THE TO WITH".split())


def _cut_subject(value: str) -> tuple[str, str]:
    """A subject ends at a blank line or at a page marker (``BAKU 00000855 001.2 OF 004``, which ends the first page
    of 07BAKU855 right after its subject); it goes on past a blank line when its last word cannot end it, or when a
    full line of a double-spaced cable wraps onto the next one (``... DEBATE ON POLITICAL`` / blank / ``REFORM``,
    10MOSCOW318). A keyword alone on its line has its subject after the blank line (``SUBJECT:`` / blank / ``GOE
    MINISTERS SAY ...``, 09CAIRO1927)."""
    lead = value.lstrip(" \t")
    if lead.startswith(("\n", "\r")) and not lead.partition("\n")[2].partition("\n")[0].strip():
        after_blank = lead.lstrip(" \t\r\n")
        first_line = after_blank.partition("\n")[0]
        if first_line.strip() and _no_keyword(first_line) and not _is_page_break_line(first_line):
            value = after_blank
    value, rest = _cut_at_blank(value)
    value, rest = _cut_at_repeat(value, rest)
    words = value.split()
    if words and rest.strip():
        nxt, _, after = rest.lstrip("\n \t").partition("\n")
        line = value.rstrip().rsplit("\n", 1)[-1]
        looks_alike = nxt.strip() and (nxt.isupper() or not value.isupper()) and len(nxt) < 120
        wrapped = words[-1].upper() in _DANGLING or (
            len(line) >= 30 and line.rstrip()[-1:] not in '.:;?!)"' and len(nxt.strip()) < 120
        )
        if (
            wrapped
            and looks_alike
            and _no_keyword(nxt)
            and not _is_page_break_line(nxt)
            and not P.HEADINGISH.match(nxt)
        ):
            value, rest = value.rstrip() + "\n" + nxt, after
    # The marker on a line of its own, or inside the line where the newlines were lost (10TRIPOLI114).
    m = P.PAGE_MARKER_INLINE.search(value) if P.PAGE_MARKER_DIGITS.search(value) else None
    if m:
        tail = value[m.end() :].lstrip(" \t\n")
        return value[: marker_start(m)], tail + ("\n\n" + rest if rest else "")
    return value, rest


def _cut_at_repeat(value: str, rest: str) -> tuple[str, str]:
    """A subject never runs into a date line, a banner or a classification line: a build that repeated the top of
    the cable under the subject (09ISLAMABAD3037, ``... BUGTI TO IRELAND`` / ``Friday, 18 December 2009, 11:04`` /
    ``S E C R E T SECTION 01 OF 02 ISLAMABAD 003037``)."""
    if "\n" not in value:
        return value, rest
    lines = value.split("\n")
    for k in range(1, len(lines)):
        line = lines[k]
        if P.DATED_LINE.fullmatch(line) or P.CLASSIFICATION_LINE.fullmatch(line) or _starts_with_banner(line):
            tail = "\n".join(lines[k:])
            return "\n".join(lines[:k]), tail + ("\n" + rest if rest else "")
    return value, rest


def _starts_with_banner(line: str) -> bool:
    banner, start, _ = find_banner(line.lstrip(), 0, len(line))
    return banner is not None and start == 0


def _cut_line(value: str) -> tuple[str, str]:
    first, _, rest = value.partition("\n")
    return first, rest


def candidates(text: str) -> Iterator[int]:
    """Where the keywords may start: the starts of the matches of :data:`~cabledb.parse.patterns.PREAMBLE_CANDIDATES`
    and :data:`~cabledb.parse.patterns.PREAMBLE_CANDIDATE_LINE` (at the line start), as ``finditer`` of one
    alternation of both, in that order, gives them: the leftmost first, the former's at a tie, and none that starts
    inside the one before (each search goes on from where the last match ended)."""
    first = P.PREAMBLE_CANDIDATE_FIRST.match(text)
    word = P.PREAMBLE_CANDIDATES.search(text)
    line: tuple[int, int] | None = (0, first.end()) if first else _line_candidate(text, 0)
    while word is not None or line is not None:
        if line is None or (word is not None and word.start() <= line[0]):
            assert word is not None
            start, pos = word.start(), word.end()
        else:
            start, pos = line
        yield start
        if word is not None and word.start() < pos:
            word = P.PREAMBLE_CANDIDATES.search(text, pos)
        if line is not None and line[0] < pos:
            line = _line_candidate(text, pos - 1)


def _line_candidate(text: str, pos: int) -> tuple[int, int] | None:
    """(start, end) of the first line-start candidate whose line starts after ``pos``."""
    m = P.PREAMBLE_CANDIDATE_LINE.search(text, pos)
    return (m.start() + 1, m.end()) if m else None


def _keywords(text: str) -> list[re.Match[str]]:
    matches: list[re.Match[str]] = []
    for start in candidates(text):
        m = P.PREAMBLE_KEYWORDS.match(text, start)
        if m is None and text[start : start + 1] in (" ", "\t"):
            # An indented line start: the keywords that need no line start ("Classified By:", 10KUWAIT166's first
            # of two) are tried where the word begins, which the search for words has gone past.
            head = text[start : start + 5]
            m = P.PREAMBLE_KEYWORDS.match(text, start + len(head) - len(head.lstrip(" \t")))
        if m is None and start > 0 and text[start - 1] in " \t":
            # "^[ \t]{0,4}TAGS": the keyword's line may be indented.
            line_start = text.rfind("\n", 0, start) + 1
            if not text[line_start:start].strip():
                m = P.PREAMBLE_KEYWORDS.match(text, line_start)
        if m is None or (matches and m.start() < matches[-1].end()):
            continue
        glued = m.lastgroup == "ref" and m.start() > 0 and text[m.start() - 1].isalpha()
        if glued and not looks_like_ref_list(text, m.end()):
            continue  # "PREF:" is no REF list; "MINISTERREF: A. STATE 12345" is
        after_classby = m.lastgroup == "eo" and matches and matches[-1].lastgroup == "classby"
        if after_classby and "\n" not in text[matches[-1].end() : m.start()]:
            continue  # "Classified by CDA Robert Deutsch; E.O. 12958, reasons 1.4 (b) and (d)." (05ANKARA1730)
        if after_classby and _reasons_line(text, matches[-1].end(), m.start()):
            continue  # "... ARNOLD VELA. REASON:" / blank / "E.O. 12958, 1.4(D)" (05SAOPAULO1158)
        matches.append(m)
    return matches


def _reasons_line(text: str, statement_end: int, eo_start: int) -> bool:
    """Whether the E.O. line at ``eo_start`` gives the reasons of the statement before it, a line or two above (the
    order and section, no DECL), when the statement has none of its own."""
    between = text[statement_end:eo_start]
    if between.count("\n") > 3 or P.REASON_SECTION.search(between):
        return False
    end = text.find("\n", eo_start)
    return is_reasons_line(text[eo_start : end if end >= 0 else len(text)])


def read_preamble(text: str, notes: Notes) -> Preamble:
    """Find the preamble fields in ``text`` (the body from the banner to the first numbered paragraph)."""
    pre = Preamble()
    matches = _keywords(text)
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
            if m.group(0).lstrip().upper().startswith("DECL"):
                value = "DECL: " + value  # a bare DECL line: keep its keyword for the value's reader
        elif kind == "tags":
            value, rest = _cut_tags(value)
        elif kind == "ref":
            value, rest = _cut_ref(value)
        elif kind == "subject":
            value, rest = _cut_subject(value)
        else:
            value, rest = _cut_at_blank(value)
            if kind == "classby":
                value, rest = extend_statement(value, rest)
            cut = classby_extent(value)
            if cut < len(value.rstrip()):
                value, rest = value[:cut], value[cut:] + ("\n\n" + rest if rest else "")
        if kind == "classby":
            value = m.group(0) + value  # the statement keeps its keyword (ClassifiedBy.raw)
        value = value.strip()
        remainder = rest
        if kind in _IGNORED:
            continue
        if len(value) > _MAX_VALUE[kind]:
            notes.add(f"the {kind} value is {len(value)} characters long; read its first {_MAX_VALUE[kind]}")
            value = value[: _MAX_VALUE[kind]]
        setattr(pre, kind, value)
        pre.spans.append((kind, m.start(), m.end() + len(value)))
    pre.intro = remainder
    return pre
