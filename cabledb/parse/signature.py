"""The signature at the end of a body: ``DERSE`` (07BAKU1515), ``Sobel``, ``Leslie BASSETT``, ``CDA Griffiths``,
a name run into the last line (``... in Parliament.   BLAKEMAN``), and the trailers after it that are no part of
it (a declassification stamp, ``NNNN``, ``===CABLE ENDS===``, a closing quote)."""

from __future__ import annotations

from cabledb.parse import patterns as P


def take_signature(chunk: str) -> tuple[str, list[str]]:
    """The signer at the end of the last paragraph: ``DERSE``; trailers after it (a stamp, ``NNNN``,
    ``===CABLE ENDS===``, a closing quote) are dropped. A name run into the last line after its final sentence
    counts too (``... in Parliament.   BLAKEMAN``)."""
    lines = chunk.rstrip("\n").rsplit("\n", 8)
    while lines and (not lines[-1] or P.TRAILER_LINE.match(lines[-1])):
        lines.pop()
    if lines and lines[-1].endswith((" NNNN", " BT")):
        lines[-1] = lines[-1].rsplit(" ", 1)[0].rstrip()  # "HOAGLAND NNNN" (05DUSHANBE1648)
    if not lines:
        return chunk, []
    last = lines[-1]
    m = P.SIGNATURE.match(last)
    if m and len(lines) >= 2:
        words = m.group(1).split()
        # The line before must end the text: a blank line, or a sentence end. A mixed-case word with a full stop
        # ("Seven.") ends a sentence, it is no name.
        before = lines[-2]
        if (
            (before and before[-1:] not in '.!?")')
            or _not_a_name(words)
            or (last.rstrip().endswith(".") and not m.group(1).isupper())
        ):
            return chunk, []
        lines.pop()
        return "\n".join(lines), [_signer(words)]
    m = P.SIGNATURE_RUN_IN.search(last) if last[-1:].isalpha() else None
    if m and not _not_a_name(m.group(1).split()):
        lines[-1] = last[: m.start()].rstrip()
        return "\n".join(lines), [_signer(m.group(1).split())]
    return chunk, []


def _not_a_name(words: list[str]) -> bool:
    joined = " ".join(words).upper()
    return (
        joined in P.NOT_SIGNATURE
        or words[0].upper() in P.NOT_SIGNATURE
        or (len(words) > 1 and words[-1].upper() in P.NOT_SIGNATURE)
    )


def _signer(words: list[str]) -> str:
    """The signer's surname in capitals: ``Sobel`` → SOBEL; ``Leslie BASSETT`` → BASSETT; ``CDA Griffiths`` →
    GRIFFITHS; ``SHANNON SHANNON`` → SHANNON; ``van Voorst`` → VAN VOORST."""
    if len(words) > 1 and words[0].upper() in P.SIGNER_TITLES:
        words = words[1:]
    upper = [w for w in words if w.isupper()]
    if upper and len(upper) < len(words) and words[0][:1].isupper() and not words[0].islower():
        words = upper  # "Leslie BASSETT": the capitals are the surname
    if len(words) == 2 and words[0].upper() == words[1].upper():
        words = words[:1]
    return " ".join(words).upper()
