"""The layout of a body: what comes before the banner, the banner, the preamble (E.O., TAGS, SUBJECT, REF,
Classified By) and the main text from the first numbered paragraph on.

Newspaper-sourced pages put a database row, a date line or ``Cable dated:`` before the banner (05LIMA3571,
10ABUJA215), repeat the header up to a ``--- header ends ---`` line (09ASUNCION617), end every line in a backslash
(a dump, 06BERN1593), or show a teaser cut short with ``...`` before the full cable (03THEHAGUE1865).
"""

from __future__ import annotations

from dataclasses import dataclass

from cabledb.parse import patterns as P
from cabledb.parse.banner import Banner, find_banner, find_full_copy
from cabledb.parse.notes import Notes
from cabledb.parse.paragraphs import first_paragraph_offset


@dataclass(slots=True)
class Layout:
    banner: Banner | None
    preamble: str  # from the banner to the first numbered paragraph
    main: str  # from the first numbered paragraph on ("" when there is none)
    teaser: str | None = None  # the text of a teaser cut short before the full copy
    text: str = ""  # the whole body after the cleanup, banner included
    banner_end: int = 0


def _strip_pre_banner(body: str, notes: Notes) -> str:
    """Drop what the newspaper-sourced pages put before the body proper (09ASUNCION617, 06BERN1593)."""
    m = P.HEADER_ENDS_MARK.search(body, 0, 20_000) if body.find("eader ends", 0, 20_000) >= 0 else None
    if m:
        notes.add("the body repeats the header up to a '--- header ends ---' line; skipped it")
        body = body[m.end() :]
    continued = body.count("\\\n") if P.BACKSLASH_NEWLINE.search(body) else 0  # count() is a slow search
    if continued > 3 and continued * 3 > body.count("\n"):
        lines = body.split("\n")
        notes.add("lines of the body end in backslashes (a database dump); removed them")
        body = "\n".join(ln[:-1] if ln.endswith("\\") else ln for ln in lines)
    return body


def _own_cable(text: str, banner: Banner, notes: Notes) -> str:
    """A page that carries a second, other cable after its own (73TEHRAN2077 holds 06THEHAGUE131, 90KHARTOUM10657
    holds 08MONTEVIDEO404): the text from the other cable's banner on is not this cable's. It is told by a second
    SUBJECT line under a banner with another station or serial, which a routing header or a database row of its own
    comes before (a cable that repeats another, ``THE FOLLOWING SAN JOSE 00928 ... SENT``, has neither)."""
    pos = text.find("SUBJECT", 200)
    while pos >= 0:
        start = max(0, pos - 1500)
        other, ostart, _ = find_banner(text, start, pos - start)
        if (
            other is not None
            and other.serial
            and (other.station != banner.station or not _same_serial(other.serial, banner.serial or ""))
            and P.SPLICE_HINT.search(text, max(0, ostart - 800), ostart)
        ):
            notes.add(
                f"the body carries another cable ({other.station_words} {other.serial}) after its own;"
                " read only its own"
            )
            line_start = text.rfind("\n", 0, ostart) + 1
            return text[:line_start]
        pos = text.find("SUBJECT", pos + 7)
    return text


def _without_own_row(text: str, notes: Notes) -> str:
    """The text up to the signature, when the cable's row of the database follows it (07TRIPOLI989: ``MILAM 0
    11/26/2007 6209 PHUM,PGOV,...`` and the summary again): the row is no part of the cable."""
    m = P.OWN_ROW_AFTER_SIGNER.search(text) if " 0 " in text else None
    if m is None:
        return text
    notes.add(f"the cable's database row follows its signature: {text[m.start() : m.start() + 60].strip()!r}; left out")
    return text[: m.start()]


def _same_serial(a: str, b: str) -> bool:
    """``169`` and ``1690``: a serial cut short in a copy of the banner (08BERLIN1690)."""
    return a.startswith(b) or b.startswith(a)


def read_layout(body: str, notes: Notes) -> Layout:
    """Cut a body (newlines already normalised) into its parts."""
    text = _strip_pre_banner(body, notes)
    banner, bstart, bend = find_banner(text)
    teaser: str | None = None
    if banner is not None:
        full, fstart, fend = find_full_copy(text, banner, bend)
        if full is not None:
            notes.add("the body holds a teaser cut short with '...' and then the full cable; read the full copy")
            teaser = text[bend:fstart]
            banner, bstart, bend = full, fstart, fend
        junk = text[:bstart].strip()
        if junk and teaser is None:
            notes.add(f"text before the classification banner: {junk[:60]!r}")
        after = text[bend:]
    else:
        after = text
        if text.strip():
            notes.add("no classification banner at the top of the body")
    if banner is not None:
        after = _own_cable(after, banner, notes)
    after = _without_own_row(after, notes)
    first = first_paragraph_offset(after)
    preamble = after if first is None else after[:first]
    main = "" if first is None else after[first:]
    return Layout(banner, preamble, main, teaser, text=text, banner_end=bend)
