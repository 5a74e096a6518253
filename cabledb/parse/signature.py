"""The signature at the end of a body: ``DERSE`` (07BAKU1515), ``Sobel``, ``Leslie BASSETT``, ``CDA Griffiths``,
a name run into the last line (``... in Parliament.   BLAKEMAN``), and the trailers after it that are no part of
it (a declassification stamp, ``NNNN``, ``===CABLE ENDS===``, a closing quote)."""

from __future__ import annotations

from cabledb.parse import patterns as P


def _is_trailer(line: str) -> bool:
    return not line or bool(P.TRAILER_LINE.match(line))


def take_signature(chunk: str) -> tuple[str, list[str]]:
    """The signer at the end of the last paragraph: ``DERSE``; trailers after it (a stamp, ``NNNN``,
    ``===CABLE ENDS===``, a closing quote) and between it and the text (the ``Visit ... Classified Website`` note)
    are dropped. A name run into the last line after its final sentence counts too (``... in Parliament.
    BLAKEMAN``). A redaction mask where the signature would be means the signature is withheld."""
    lines = chunk.rstrip("\n").rsplit("\n", 10)
    _drop_teaser_tail(lines)
    while lines and _is_trailer(lines[-1]) and not P.MASK.match(lines[-1]):
        run_in = P.SIGNATURE_AFTER_NOTE.search(lines[-1]) if _is_web_note(lines[-1]) else None
        if run_in and not _not_a_name(run_in.group(1).split()):
            # "Visit London's Classified Website: http://.../index. cfm Tuttle" (07LONDON4472), "... website at:
            # www.state.sgov.gov/p/eur/kiev. Herbst" (06KIEV1531), "... XXXXXXXXXXXX ed_Kingdom  SUSMAN." (10LONDON88)
            return "\n".join(lines[:-1]), [_signer(run_in.group(1).split())]
        lines.pop()
    if lines and lines[-1].endswith((" NNNN", " BT")):
        lines[-1] = lines[-1].rsplit(" ", 1)[0].rstrip()  # "HOAGLAND NNNN" (05DUSHANBE1648)
    if not lines or P.MASK.match(lines[-1]):
        return "\n".join(lines), []
    last = P.SIGNATURE_TAIL.sub("", lines[-1])
    if "QU" in last or "QTE" in last:
        quoted = P.SIGNATURE_AFTER_UNQUOTE.match(last)
        last = last[quoted.end() :] if quoted else last
    m = P.SIGNATURE.match(last)
    if m and len(lines) >= 2:
        words = m.group(1).split()
        k = len(lines) - 2
        while k > 0 and lines[k] and _is_trailer(lines[k]):
            k -= 1  # "Visit London's Classified Website:" / its address / "Tuttle"
        if k > 0 and not lines[k] and k < len(lines) - 2:
            # The note in two parts, a blank line between them ("Visit ... Website:" / its address / blank / "You
            # can also access this site ...", 05TELAVIV1593): the trailers before the blank line go too.
            j = k
            while j > 0 and _is_trailer(lines[j]):
                j -= 1
            if any(_is_web_note(ln) for ln in lines[j + 1 : k]):
                k = j
        before = P.TRAILER_RUN_IN.sub("", lines[k]).rstrip()
        # The line before must end the text: a blank line, a sentence end, a trailer, or (a name in capitals under
        # mixed-case text) any line. A mixed-case word with a full stop ("Seven.") ends a sentence, it is no name.
        if " ".join(before.split()).upper() == " ".join(words).upper() and k > 0:
            k -= 1  # the signature twice: "VAN VOORST" / "van Voorst" (06REYKJAVIK107)
            before = lines[k].rstrip()
        ends_text = (
            not before
            or before[-1:] in '.!?")'
            or P.END_MARKER_LINE.match(before) is not None
            or k < len(lines) - 2
            or before != lines[k].rstrip()
            or (m.group(1).isupper() and any(c.islower() for c in before))
        )
        if ends_text and not _not_a_name(words) and not (last.rstrip().endswith(".") and not m.group(1).isupper()):
            return "\n".join([*lines[:k], before]), [_signer(words)]
        if len(words) == 1 or not _not_a_name(words[:1]):
            return chunk, []
        # "END TEXT HEFFERN" (10USNATO52): maybe a name run in after an end marker.
    tail_at = max(0, len(last) - 200)  # a signature is at the very end: look no further back than that
    note = P.TRAILER_RUN_IN.search(last, tail_at) if _is_web_note(last[tail_at:]) else None
    signed = P.SIGNATURE_AFTER_NOTE.search(last, note.start()) if note else None
    if note and signed and not _not_a_name(signed.group(1).split()):
        # "... a peace deal.   Visit London's Classified Website: XXXXXXXXXXXX ed_Kingdom  SUSMAN." (10LONDON88)
        lines[-1] = last[: note.start()].rstrip(" *")
        return "\n".join(lines), [_signer(signed.group(1).split())]
    m = P.SIGNATURE_RUN_IN.search(last, tail_at) if last.rstrip(" .")[-1:].isalpha() else None
    if m and not _not_a_name(m.group(1).split()):
        text = last[: m.start()].rstrip()
        if "isit" in text or "rack" in text:
            text = P.TRAILER_RUN_IN.sub("", text).rstrip()  # "... developments. **** Visit ... Website: XXXX"
        lines[-1] = text.rstrip(" *")
        return "\n".join(lines), [_signer(m.group(1).split())]
    return chunk, []


def _drop_teaser_tail(lines: list[str]) -> None:
    """The end of a teaser cut off with ``...`` after the signature (05TASHKENT2473: ``PURNELL`` / ``LL, FOR
    REASONS 1.4 (B, D)...``; 08BEIJING4687: ``Randt`` / blank / ``HTS ACTIVIST LIU XIAOBO...``) is no part of the
    text: it goes, so that the signature is the last line."""
    last = lines[-1].strip() if lines else ""
    if not last.endswith("...") or len(last) > 100 or last == "...":
        return
    k = len(lines) - 2
    while k > 0 and not lines[k].strip():
        k -= 1
    if k > 0 and P.SIGNATURE.match(lines[k]) and not lines[k].rstrip().endswith("."):
        del lines[k + 1 :]


def _is_web_note(line: str) -> bool:
    """The note that points to the post's classified web site (``Visit ... Classified Website: ...``), or its
    address alone: a signature may be run into its end."""
    lowered = line.lower()
    return "visit" in lowered or "track" in lowered or "cfm" in lowered or "://" in lowered or "www." in lowered


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
