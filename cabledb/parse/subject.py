"""The subject: one line, without its portion mark, without a REF list, page marker or handling caveat run into it."""

from __future__ import annotations

from cabledb.parse import patterns as P
from cabledb.parse.notes import Notes


def read_subject(value: str | None, notes: Notes) -> str | None:
    """``(C) AZERBAIJANI SPY SHOW\\nFALLOUT CONTINUES`` → ``AZERBAIJANI SPY SHOW FALLOUT CONTINUES``."""
    if not value:
        return None
    text = " ".join(value.split())
    m = P.SUBJECT_MARK.match(text)
    if m:
        text = text[m.end() :]
    # A mark at the end of the subject (``... for NATO Candidature (U)``, 08REYKJAVIK46) is a portion mark too.
    end = P.SUBJECT_MARK_END.search(text)
    if end and end.start() > 0:
        text = text[: end.start()]
    # A teaser's subject cut short: "... APRIL 5 ..." (73TEHRAN2077), "... TO FUND... 14:25" (05ISTANBUL329).
    text = P.SUBJECT_CUT.sub("", text)
    if "NCLASSIFIED" in text[-80:].upper():
        cut = P.SUBJECT_CAVEAT.search(text)
        if cut:
            notes.add("handling caveat run into the subject left out")
            text = text[: cut.start()]
    return text.strip() or " ".join(value.split()) or None
