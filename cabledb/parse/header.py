"""The telegram routing header: transmission id, ``DE`` line, security line, date-time group, ``FM``, ``TO``,
``INFO`` and ``XMT``.

::

    VZCZCXRO5672
    PP RUEHBC RUEHDE RUEHDIR RUEHKUK
    DE RUEHKB #1515/01 3531235
    ZNY CCCCC ZZH
    P 191235Z DEC 07
    FM AMEMBASSY BAKU
    TO RUEHC/SECSTATE WASHDC PRIORITY 4500
    INFO RUCNCIS/CIS COLLECTIVE PRIORITY
    RUCNIRA/IRAN COLLECTIVE PRIORITY
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from cabledb.parse import patterns as P
from cabledb.parse.dates import dtg_datetime
from cabledb.parse.model import Recipient
from cabledb.parse.notes import Notes


@dataclass(slots=True)
class Header:
    transmission_id: str | None = None
    route: str | None = None  # originating routing indicator of the DE line
    de_serial: str | None = None
    de_section: int | None = None
    security: str | None = None  # level from ZNY CCCCC
    precedence: str | None = None
    info_precedence: str | None = None
    dtg: str | None = None
    dtg_time: datetime | None = None
    from_: str | None = None
    recipients: list[Recipient] = field(default_factory=list)


_PRECEDENCE_TOKENS = frozenset({"IMMEDIATE", "PRIORITY", "ROUTINE", "FLASH", *P.PRECEDENCE_FIX})


def parse_recipient(kind: str, text: str, default_precedence: str | None) -> Recipient:
    """One address line: ``RUEHC/SECSTATE WASHDC PRIORITY 4500`` →
    route ``RUEHC``, name ``SECSTATE WASHDC``, precedence ``PRIORITY``, MCN ``4500``."""
    route = None
    slash = text.find("/")
    if 4 <= slash <= 9:
        m = P.RECIPIENT_ROUTE.match(text)
        if m:
            route, text = m.group(1), m.group(2)
    elif text[:1] == "R" or text[:2] == " R":
        m = P.RECIPIENT_ROUTE_RUN_IN.match(text)
        if m:
            route, text = m.group(1), m.group(2)
    words = text.split()
    mcn = None
    if len(words) > 1 and P.MCN_WORD.match(words[-1]):
        mcn = words.pop()  # "4500"; a range "3806-3812" for several copies (09STATE81957)
    precedence = None
    for i in range(len(words) - 1, 0, -1):
        word = words[i]
        if word in _PRECEDENCE_TOKENS:
            precedence = P.PRECEDENCE_FIX.get(word, word)
            if word == "IMMEDIATE" and words[i - 1] == "NIACT":
                precedence = "NIACT IMMEDIATE"
                del words[i - 1 : i + 1]
            else:
                del words[i]
            break
    name = " ".join(words).strip(" ,.")
    return Recipient(kind, route, name, precedence or default_precedence, mcn)


def split_garbled(r: Recipient) -> list[Recipient]:
    """``AMEMBASSY LA PAZ FEB LIMA 4730`` (07BOGOTA923 and other Andean cables): a month where the precedence would
    be, and another post's address run into the line. The month goes; the post after it is an addressee of its
    own, of the same kind of post (``AMEMBASSY LIMA``)."""
    words = r.name.split()
    if not words or words[0] not in ("AMEMBASSY", "AMCONSUL", "USMISSION"):
        return [r]
    cut = next((i for i in range(2, len(words)) if words[i] in P.MONTHS), None)
    if cut is None:
        return [r]
    first = Recipient(
        r.kind, r.route, " ".join(words[:cut]), r.precedence, None if cut + 1 < len(words) else r.mcn, r.excluded
    )
    rest = words[cut + 1 :]
    if not rest:
        return [first]
    if words[0] in ("AMEMBASSY", "AMCONSUL", "USMISSION") and rest[0] not in ("AMEMBASSY", "AMCONSUL", "USMISSION"):
        rest = [words[0], *rest]
    return [first, Recipient(r.kind, None, " ".join(rest), r.precedence, r.mcn)]


def parse_header(text: str, notes: Notes) -> Header:
    """Parse a routing header. Lines it does not understand become notes; nothing raises."""
    h = Header()
    kind: str | None = None
    after_break = False  # the last line was page-header debris: an address may go on after it
    for raw in text.split("\n"):
        line = raw.strip()
        if not line:
            continue
        if kind in ("to", "info") and line.startswith(("VZCZC", "DE ", "FM ")) and _starts_routing(line):
            # An e-mail printout's "To:" / "Info:" lines came first (03ABUDHABI2641); the routing header starts here.
            notes.add("the header holds a printout's addressees before the routing lines; read the routing lines")
            h.recipients, kind = [], None
        if kind in ("to", "info"):
            # Inside the address list, most lines are addresses: test the few other shapes cheaply first.
            first = line[:4]
            if ("PAGE" in line[:9]) and P.HEADER_PAGE_DEBRIS.match(line):
                # TO PAGE 02 STATE 023763 071504Z: a page header printed inside the address list, not an address;
                # INFO PAGE 02 STATE 037566 161435Z (09STATE37566): the INFO list starts with a page header.
                notes.add(f"page-header debris in the address list: {line!r}")
                kind = "info" if first == "INFO" else kind
                after_break = True
                continue
            if first == "INFO" and (m := P.INFO_LINE.match(line)):
                kind = "info"
                h.recipients.append(_recipient(h, kind, m.group(1)))
            elif first.startswith("XMT") and (m := P.XMT_LINE.match(line)):
                h.recipients[-1].excluded.append(" ".join(m.group(1).split()))
            elif first in ("BT", "NNNN", "ZEN", "ZFR") or P.HEADER_END.match(line):
                kind = "end"
            elif P.HEADER_DISTRIBUTION.match(line):
                notes.add(f"a distribution line of the print format in the address list: {line[:60]!r}")
            elif first.startswith("TO") and (m := P.TO_LINE.match(line)) and ("/" in line[2:12] or line[2:3] in " :"):
                kind = "to"
                h.recipients.append(_recipient(h, kind, m.group(1)))
            elif h.recipients and _continues_address(line, h.recipients, after_break):
                # An address split by a page break, or its precedence on a line of its own.
                last = h.recipients[-1]
                joined = parse_recipient(last.kind, _address_text(last) + " " + line, None)
                joined.precedence = joined.precedence or last.precedence
                joined.excluded = last.excluded
                h.recipients[-1] = joined
                notes.add(f"an address continued on the next line: {line!r}")
            else:
                h.recipients.append(_recipient(h, kind, line))
            after_break = False
            continue
        if h.transmission_id is None and kind is None:
            m = P.TRANSMISSION_ID.match(line)
            if m:
                h.transmission_id = m.group(1)
                continue
        m = P.DE_LINE.match(line)
        if m and kind is None:
            h.route, h.de_serial = m.group(1), m.group(2)
            h.de_section = int(m.group(3)) if m.group(3) else None
            continue
        m = P.ZNY_LINE.match(line)
        if m:
            h.security = P.ZNY_LEVELS.get(m.group(1))
            continue
        if h.dtg is None and kind is None:
            m = P.DTG_LINE.match(line)
            if m:
                _read_dtg(h, m, notes)
                continue
        m = P.FM_LINE.match(line)
        if m and kind is None:
            h.from_ = m.group(1)
            continue
        if P.HEADER_END.match(line):
            kind = "end"
            continue
        if P.HEADER_PAGE_DEBRIS.match(line):
            notes.add(f"page-header debris in the address list: {line!r}")
            continue
        if P.HEADER_DISTRIBUTION.match(line) or (P.PAGE_HEADER_LINE.match(line) and kind is None):
            continue  # "ACTION AF-00", "INFO LOG-00 ADS-00 ...", "PAGE 01 CAPE T 00097 ..." (90CAPETOWN97)
        m = P.INFO_LINE.match(line)
        if m:
            kind = "info"
            h.recipients.append(_recipient(h, kind, m.group(1)))
            continue
        m = P.TO_LINE.match(line)
        if m:
            if not line.upper().startswith(("TO ", "TO:")):
                notes.add(f"no space after TO: {line!r}")
            kind = "to"
            h.recipients.append(_recipient(h, kind, m.group(1)))
            continue
        if P.XMT_LINE.match(line):
            notes.add(f"XMT line with no collective above it: {line!r}")
            continue
        if kind is None and _is_routing_line(line):
            continue  # "PP RUEHBC RUEHDE ...": the relay stations of this transmission
        if kind == "end":
            continue
        notes.add(f"header line not understood: {line[:80]!r}")
    if any(len(r.name.split()) > 2 for r in h.recipients):
        h.recipients = [x for r in h.recipients for x in split_garbled(r)]
    if h.from_ is None and text.strip():
        notes.add("the header has no FM line")
    if not any(r.kind == "to" for r in h.recipients) and text.strip():
        notes.add("the header has no TO line")
    return h


def _starts_routing(line: str) -> bool:
    return bool(P.TRANSMISSION_ID.match(line) or P.DE_LINE.match(line) or P.FM_LINE.match(line))


def _address_text(r: Recipient) -> str:
    """The address line of a recipient again, as far as it matters for joining a continuation to it."""
    text = (r.route + "/" if r.route else "") + r.name
    return text + (" " + r.mcn if r.mcn else "")


def _continues_address(line: str, recipients: list[Recipient], after_break: bool) -> bool:
    """A line that continues the address above it: only a precedence word and a message control number
    (``PRIORITY 4500``), or, right after a page break, a short line without the routing indicator that every
    address above has (``RUEHC/SECSTATE`` / page header / ``WASHDC PRIORITY``)."""
    words = line.split()
    if words and all(w in _PRECEDENCE_TOKENS or (w.isdigit() and len(w) <= 6) for w in words):
        return recipients[-1].precedence is None or not recipients[-1].mcn
    if not after_break or "/" in line or len(words) > 3:
        return False
    return all(r.route for r in recipients) and not recipients[-1].mcn


def _recipient(h: Header, kind: str, text: str) -> Recipient:
    """An address with the precedence of the date-time group when the line has none: TO takes the first
    prosign, INFO the second of a dual precedence (``P R 041820Z JAN 10``)."""
    default = h.precedence if kind == "to" else (h.info_precedence or h.precedence)
    return parse_recipient(kind, text, default)


def _read_dtg(h: Header, m: re.Match[str], notes: Notes) -> None:
    first, second = m.group(1), m.group(2)
    if first and len(first) == 2 and not second:
        # "PP 191235Z": a doubled prosign means one precedence.
        first, second = first[0], (first[1] if first[1] != first[0] else None)
    if first:
        h.precedence = P.PROSIGNS.get(first[0])
    if second:
        h.info_precedence = P.PROSIGNS.get(second)
    day, hour, minute = int(m.group(3)), int(m.group(4)), int(m.group(5))
    month, year = m.group(6), m.group(7)
    h.dtg = f"{m.group(3)}{m.group(4)}{m.group(5)}Z {month[:3].upper()} {year}"
    h.dtg_time = dtg_datetime(day, hour, minute, month, year)
    if h.dtg_time is None:
        notes.add(f"date-time group {h.dtg!r} is not a valid date")


def _is_routing_line(line: str) -> bool:
    """``PP RUEHBC RUEHDE RUEHDIR`` or a continuation ``RUEHNL RUEHQU RUEHRD`` of relay indicators."""
    words = line.split()
    if not words:
        return False
    if len(words[0]) <= 2 and set(words[0]) <= set("ZOPRM"):
        words = words[1:]
    return all(len(w) in range(4, 9) and w.isalnum() and w.isupper() for w in words)
