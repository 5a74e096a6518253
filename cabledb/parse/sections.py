"""The summary and the comment of a cable, found in its paragraphs.

A section starts with its label at the start of a paragraph (``(C) Summary: ...``, ``Comment: ...``) or of a block
inside one, or under its heading (``SUMMARY`` with a rule, ``(U) Summary``, ``Comment: <title>``). It ends at its end
marker (``End Summary.``, ``End Comment.``), which may close it a few paragraphs later; without one, a labelled
section is its paragraph, and a section under a heading runs to the next heading (a summary at most a few
paragraphs). A section never runs into the other: a ``Summary and Comment`` heading over ``Comment: ...`` gives
both. A cable whose first paragraph ends with ``End Summary`` but has no label has that paragraph as its summary.
"""

from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass

from cabledb.parse import patterns as P
from cabledb.parse.model import Paragraph

#: Under a heading without an end marker, a summary runs at most this many paragraphs (to the next heading);
#: further, the heading heads more than the summary and only its first paragraph is taken.
_MAX_SUMMARY_PARAGRAPHS = 6
#: An end marker closes a section that started at most this many paragraphs before.
_MAX_SPAN = 8


@dataclass(frozen=True, slots=True)
class _Kind:
    keyword: str  # a cheap guard: the section's word in capitals
    scans: tuple[re.Pattern[str], ...]  # its spellings in capitals, in lower case and as a title
    start: re.Pattern[str]
    end: re.Pattern[str]
    heading: re.Pattern[str]
    max_paragraphs: int | None  # under a heading


SUMMARY = _Kind(
    "SUMMAR", P.SUMMARY_WORD_SCANS, P.SUMMARY_START, P.SUMMARY_END, P.SUMMARY_HEADING, _MAX_SUMMARY_PARAGRAPHS
)
COMMENT = _Kind("COMM", P.COMMENT_WORD_SCANS, P.COMMENT_START, P.COMMENT_END, P.COMMENT_HEADING, None)


def _mentions(text: str, keyword: str) -> bool:
    """A cheap guard before a case-insensitive regex: ``SUMMAR``, ``Summar`` or ``summar`` in the text."""
    upper, lower, title = _SPELLINGS[keyword]
    return upper in text or lower in text or title in text


_SPELLINGS = {k: (k, k.lower(), k.title()) for k in (SUMMARY.keyword, COMMENT.keyword)}


def _mentioning(paragraphs: list[Paragraph], kind: _Kind) -> set[int] | None:
    """The indexes of the paragraphs whose text mentions the section's word, found by a few scans over all the
    text at once (the word holds no newline, so joining them makes no false hit); None when neither a text nor a
    heading mentions it: then the cable has no such section."""
    texts = [p.text for p in paragraphs]
    joined = "\n".join(texts)
    found: set[int] = set()
    starts: list[int] = []
    for scan in kind.scans:
        for m in scan.finditer(joined):
            if not starts:
                starts = list(itertools.accumulate((len(t) + 1 for t in texts[:-1]), initial=0))
            found.add(bisect.bisect_right(starts, m.start()) - 1)
    if not found and not _mentions("\n".join(p.heading for p in paragraphs if p.heading), kind.keyword):
        return None
    return found


def _label_end(kind: _Kind, text: str) -> int | None:
    """Where the text after the section's label begins, when the text starts with the label."""
    if kind.keyword not in text[:60].upper():
        return None
    m = kind.start.match(text)
    if m:
        return m.end()
    if text.startswith("("):
        # "(Summary continued) Iran in 2009 faces ..." (09BAGHDAD1104): a continuation label in brackets.
        b = P.BRACKETED_CONTINUED.match(text)
        if b and b.group("word").upper().startswith(kind.keyword):
            return b.end()
    if text.startswith("(") and text.rstrip().endswith(")"):
        # A paragraph that is all one bracketed comment, "(Comment: ... End Comment.)" (04VATICAN3213): a
        # section, where the same brackets inside running text are an aside.
        m = kind.start.match(text, 1)
        end = _end_in(kind, text, m.end()) if m else None
        if m and end and not text[end.end() :].strip():
            return m.end()
    return None


def _inner_start(kind: _Kind, text: str) -> int | None:
    """A label at the start of a block inside a paragraph (``... Outline of victims? / Summary: Estimates ...``,
    09REYKJAVIK49), or at the start of a line (``COMMENT: Post and CTC McCarry ...``, 08MADRID580): where the text
    after it begins. ``END`` / blank line / ``COMMENT.)`` is an end marker cut by double spacing, no label."""
    pos = text.find("\n")
    while pos >= 0:
        m = kind.start.match(text, pos + 1) if _mentions(text[pos : pos + 80], kind.keyword) else None
        if m and m.end() < len(text) and not text[:pos].rstrip().endswith(("END", "End", "end")):
            return m.end()
        pos = text.find("\n", pos + 1)
    return None


def _starts(kind: _Kind, p: Paragraph) -> int | None:
    """The offset in ``p.text`` where a section of this kind starts, or None."""
    label = _label_end(kind, p.text)
    if label is not None:
        return label
    if p.heading is not None and kind.keyword in p.heading.upper() and kind.heading.match(p.heading):
        return 0
    return None


def _end_in(kind: _Kind, text: str, pos: int = 0) -> re.Match[str] | None:
    return kind.end.search(text, pos) if _mentions(text, kind.keyword) else None


def _without_sipdis(text: str) -> str:
    """SIPDIS after a space inside the text goes."""
    return P.SIPDIS_WORD.sub(lambda m: "" if m.start() and text[m.start() - 1].isspace() else m.group(), text)


def _clean(text: str) -> str:
    text = P.SECTION_LEAD.sub("", text.strip())
    text = _without_sipdis(text)
    if "isit" in text[-300:] or "rack" in text[-300:]:
        text = P.TRAILER_RUN_IN.sub("", text)  # "... Visit Mexico City's Classified Web Site at http://..."
    return text.strip().rstrip(" (\n")


def _continues(kind: _Kind, p: Paragraph) -> bool:
    """Whether the paragraph starts with a continuation label (``Summary continued:``, ``COMMENT CONT'D:``)."""
    label = _label_end(kind, p.text)
    return label is not None and "CONT" in p.text[:label].upper().replace("'", "")  # CONT'D, CON'T


def _continued(kind: _Kind, p: Paragraph) -> str:
    """A paragraph inside a section: its heading and text, without a repeated label (``Comment continued:``)."""
    label = _label_end(kind, p.text)
    if label is None:
        bare = P.BARE_CONTINUED.match(p.text) if p.text[:1] in "(Cc \t" else None
        label = bare.end() if bare else None
    text = p.text[label:] if label is not None else p.text
    return f"{p.heading}\n\n{text}" if p.heading else text


def _sections(paragraphs: list[Paragraph], kind: _Kind, other: _Kind, mentioning: set[int]) -> list[tuple[int, str]]:
    """The sections of this kind: (index of the paragraph where each starts, its text)."""
    found: list[tuple[int, str]] = []
    i = 0
    n = len(paragraphs)
    while i < n:
        p = paragraphs[i]
        mentioned = i in mentioning
        if not mentioned and p.heading is None:
            i += 1  # most paragraphs: neither the section's word nor a heading
            continue
        begin = _starts(kind, p)
        by_heading = begin == 0 and _label_end(kind, p.text) is None
        if begin is None:
            inner = _inner_start(kind, p.text) if mentioned else None
            if inner is None:
                i += 1
                continue
            begin = inner
        text = p.text[begin:]
        m = _end_in(kind, text)
        if m:
            found.append((i, _clean(text[: m.start()])))
            i += 1
            continue
        parts = [text]
        j = i
        # An end marker in one of the next few paragraphs closes a section that spans them, unless a section
        # (of either kind) starts before it.
        closing = None
        for k in range(i + 1, min(n, i + _MAX_SPAN)):
            if _continues(kind, paragraphs[k]):
                pass  # "Summary continued:": more of this section
            elif _starts(kind, paragraphs[k]) is not None or _starts(other, paragraphs[k]) is not None:
                break
            if _end_in(kind, paragraphs[k].text):
                closing = k
                break
        if closing is not None:
            parts.extend(_continued(kind, paragraphs[k]) for k in range(i + 1, closing))
            last = _continued(kind, paragraphs[closing])
            m = _end_in(kind, last)
            assert m is not None
            parts.append(last[: m.start()])
            j = closing
        elif by_heading:
            # Under a heading with no end marker: the paragraphs up to the next heading or section.
            k = i + 1
            while (
                k < n
                and paragraphs[k].heading is None
                and _starts(other, paragraphs[k]) is None
                and not (kind.max_paragraphs is None and P.ADMIN_PARAGRAPH.match(paragraphs[k].text))
            ):
                k += 1  # a comment runs on to the next heading, or to a clearance line or a list of delegations
            # A summary heading heads the summary only when another heading follows within a few paragraphs;
            # a comment heading heads the rest of the cable.
            if kind.max_paragraphs is None or (k < n and k - i <= kind.max_paragraphs):
                for x in range(i + 1, k):
                    more = _continued(kind, paragraphs[x])
                    m = _end_in(kind, more)
                    parts.append(more[: m.start()] if m else more)
                    j = x
                    if m:
                        break
        found.append((i, "\n\n".join(x for x in map(_clean, parts) if x)))
        i = j + 1
    return [(at, f) for at, f in found if f]


def _unlabelled_summary(paragraphs: list[Paragraph]) -> str | None:
    """A first paragraph that ends with ``End Summary.`` and has no label (05PARAMARIBO725): the summary."""
    for p in paragraphs[:4]:
        m = _end_in(SUMMARY, p.text)
        if m:
            return _clean(p.text[: m.start()]) or None
    return None


def find_summary(paragraphs: list[Paragraph]) -> str | None:
    mentioning = _mentioning(paragraphs, SUMMARY)
    if mentioning is None:
        return None
    found = _sections(paragraphs, SUMMARY, COMMENT, mentioning)
    if not found:
        return _unlabelled_summary(paragraphs)
    at, text = found[0]
    return _with_unlabelled_start(paragraphs, at, text)


def _with_unlabelled_start(paragraphs: list[Paragraph], at: int, text: str) -> str:
    """A summary whose first labelled paragraph is ``Summary continued:`` began in the numbered paragraphs before
    it, without a label (09BERN122: ``¶1. (C) The Swiss Federal Council ...``, ``¶2. (C) Summary continued. ...
    End Summary.``): those paragraphs come first, at most two of them."""
    if not at or not _continues(SUMMARY, paragraphs[at]):
        return text
    first = next((k for k in range(at) if paragraphs[k].number is not None), at)
    if not 0 < at - first <= 2:
        return text
    before = [_clean(_continued(SUMMARY, paragraphs[k])) for k in range(first, at)]
    return "\n\n".join([*(b for b in before if b), text])


def find_comment(paragraphs: list[Paragraph]) -> str | None:
    mentioning = _mentioning(paragraphs, COMMENT)
    if mentioning is None:
        return None
    found = _sections(paragraphs, COMMENT, SUMMARY, mentioning)
    return "\n\n".join(text for _, text in found) if found else None
