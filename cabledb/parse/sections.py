"""The summary and the comment of a cable, found in its paragraphs: ``(C) Summary: ... End Summary.``, a
``SUMMARY`` heading over the paragraphs it heads, ``Comment: ... End Comment.``."""

from __future__ import annotations

import re

from cabledb.parse import patterns as P
from cabledb.parse.model import Paragraph


def _text_after(pattern: re.Pattern[str], text: str) -> str | None:
    m = pattern.match(text)
    return text[m.end() :] if m else None


def _mentions(text: str, keyword: str) -> bool:
    """A cheap guard before a case-insensitive regex: ``SUMMAR``, ``Summar`` or ``summar`` in the text."""
    return keyword in text or keyword.lower() in text or keyword.title() in text


def _section(
    paragraphs: list[Paragraph],
    keyword: str,
    start: re.Pattern[str],
    end: re.Pattern[str],
    heading: re.Pattern[str],
) -> list[str]:
    """Texts of the summary (or comment) sections: from a paragraph that starts with the marker, or that sits
    under such a heading, up to the end marker (which may close a section spread over a few paragraphs);
    without an end marker, that one paragraph, or the paragraphs under the heading up to the next heading."""

    def end_in(text: str) -> re.Match[str] | None:
        return end.search(text) if _mentions(text, keyword) else None

    found: list[str] = []
    i = 0
    n = len(paragraphs)
    while i < n:
        p = paragraphs[i]
        rest = _text_after(start, p.text) if keyword in p.text[:40].upper() else None
        by_heading = (
            rest is None and p.heading is not None and keyword in p.heading.upper() and heading.match(p.heading)
        )
        if rest is None and not by_heading:
            i += 1
            continue
        text = p.text if rest is None else rest
        m = end_in(text)
        if m:
            found.append(text[: m.start()].rstrip(" (\n"))
            i += 1
            continue
        parts = [text.strip()]
        j = i
        # An end marker in one of the next few paragraphs closes a section that spans them.
        closing = next((k for k in range(i + 1, min(n, i + 8)) if end_in(paragraphs[k].text)), None)
        if closing is not None and not any(
            _text_after(start, paragraphs[k].text) is not None for k in range(i + 1, closing + 1)
        ):
            for k in range(i + 1, closing):
                parts.append(paragraphs[k].text.strip())
            last = paragraphs[closing].text
            m = end_in(last)
            assert m is not None
            parts.append(last[: m.start()].rstrip(" (\n"))
            j = closing
        elif by_heading:
            # Under a heading with no end marker: the paragraphs up to the next heading.
            while j + 1 < n and paragraphs[j + 1].heading is None and j + 1 - i < 4:
                j += 1
                parts.append(paragraphs[j].text.strip())
        found.append("\n\n".join(x for x in parts if x))
        i = j + 1
    return [f for f in found if f]


def find_summary(paragraphs: list[Paragraph]) -> str | None:
    found = _section(paragraphs, "SUMMAR", P.SUMMARY_START, P.SUMMARY_END, P.SUMMARY_HEADING)
    return found[0] if found else None


def find_comment(paragraphs: list[Paragraph]) -> str | None:
    found = _section(paragraphs, "COMMENT", P.COMMENT_START, P.COMMENT_END, P.COMMENT_HEADING)
    return "\n\n".join(found) if found else None
