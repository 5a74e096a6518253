"""Every regular expression and lookup table of the parser, in one place.

Each entry names a real cable that shows the oddity it handles. All patterns are written so that they
cannot backtrack catastrophically: no nested unbounded quantifiers, bounded repetition where a pattern
scans free text, and anchors where possible. ``tests/test_parse_speed.py`` feeds them 1 MB inputs.
"""

from __future__ import annotations

import re

# ---------------------------------------------------------------------------------------------------------
# Input formats
# ---------------------------------------------------------------------------------------------------------

#: The metadata table of a WikiLeaks cable page (torrent build): ``<table class='cable'>`` (07BRASILIA2262).
HTML_TABLE = re.compile(r"<table\s+class\s*=\s*['\"]cable['\"]\s*>", re.I)
#: ``</table>`` ends it (07BRASILIA2262). Searched only when the literal ``</table>`` is missing: no cable of the
#: shared corpus has another spelling (``</TABLE>``, ``</table >``).
HTML_TABLE_END = re.compile(r"</table\s*>", re.I)
#: The row and cell tags of the metadata table, read as a stream of tags (never ``<tr>(.*?)</tr>``, which is
#: quadratic on a page of unclosed ``<tr>``): ``<tr>``, ``<th>Reference ID</th>`` (07BRASILIA2262).
HTML_TABLE_TAG = re.compile(r"<(/?)(tr|td|th)\b[^<>]{0,500}>", re.I)
#: WikiLeaks' paragraph anchors: ``<a id='par1' href='#par1'>¶</a>1.`` (07BRASILIA2262).
HTML_PAR_ANCHOR = re.compile(r"<a\s+id=['\"]par[^'\"]*['\"]\s+href=['\"]#par[^'\"]*['\"]\s*>(.*?)</a\s*>", re.I)
#: Any tag: the tag links of a TAGS line (07BRASILIA2262: ``<a href='/tag/PTER_0.html'>PTER</a>``), and the links
#: of the table cells, whose ``title=`` may be wrong (10KABUL348: ``title='confidential//noforn'`` on an
#: ``UNCLASSIFIED//FOR OFFICIAL USE ONLY`` link).
HTML_TAG = re.compile(r"<[^<>]{0,2000}>")
#: ``<br>`` inside a ``<pre>`` block, read as a newline (09BAGHDAD2744: ``SIPDIS <br>&#x000A; <br>``).
HTML_BR = re.compile(r"<br\s*/?>", re.I)
#: Whether a block may hold a ``<br>`` to read (lower or upper case only, as tested before): one scan, where two
#: ``in`` tests of ``"<br"`` and ``"<BR"`` cost three times as much (09BAGHDAD2744).
HTML_BR_HINT = re.compile(r"<(?:br|BR)")
#: "This record is a partial extract of the original cable." replaces the header of extracts (06PARIS1699).
PARTIAL_EXTRACT = re.compile(r"This record is a partial extract of the original cable", re.I)

#: A ``cables.csv`` row starts with two quoted fields: the row number and ``M/D/YYYY H:MM`` (66BUENOSAIRES2481).
CSV_ROW_START = re.compile(r'\A\s*"\d{1,7}","\d{1,2}/\d{1,2}/\d{4} \d{1,2}:\d{2}","')
#: Where the streaming reader cuts a ``cables.csv`` dump into rows: a line that starts with a quoted row number and
#: ``","``. No line inside a well-formed row can start so (the quote would close a field and the digits would
#: follow it), so a new row starts at such a line even when the row before never closed its last quote: the
#: damage stays in that row (a dump cut short by a broken download, tests/test_hostile.py). Two patterns with a
#: literal first character for the line break, because the regular expression engine scans for those fifty times
#: faster than for a character class or a lookbehind (the dump is 1.7 GB).
CSV_ROW_CUT = re.compile(r'"\d{1,9}","')
CSV_ROW_AFTER_LF = re.compile(r'\n"\d{1,9}","')
CSV_ROW_AFTER_CR = re.compile(r'\r"\d{1,9}","')
#: The third column of a ``cables.csv`` row, the reference id, read off the row's raw text without the csv module
#: (``"1","12/19/2007 12:35","07BAKU1515",...``): the importer routes rows by it before they are parsed.
CSV_REFERENCE_ID = re.compile(r'\s*"(?:[^"\\]|\\.)*","(?:[^"\\]|\\.)*","((?:[^"\\]|\\.)*)"')
#: The created value of ``cables.csv``, not zero-padded: ``3/9/1972 5:40`` (72TEHRAN1381).
CSV_CREATED = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4}) (\d{1,2}):(\d{2})$")
#: WikiLeaks page dates: ``2007-12-12 14:02`` (the Created value of 07BRASILIA2262).
PAGE_DATETIME = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?")

# ---------------------------------------------------------------------------------------------------------
# Reference ids
# ---------------------------------------------------------------------------------------------------------

#: A well-formed reference id: two-digit year, station letters, serial (07BAKU1515).
REFERENCE_ID = re.compile(r"^(\d{2})([A-Z]+)(\d+)$")
#: Year written twice: ``7575LIBREVILLE1895`` (the id of the Libreville cable of cables-sample.csv).
ID_DOUBLE_YEAR = re.compile(r"^(\d{2})\1(?=[A-Z])")
#: A section banner run into the id, often misspelled: ``07SETION02OF02BAKU1501``, ``08ECTION01OF02MANAMA492``,
#: ``09SECTION0QF05HANOI297``, ``09SECTIOQ1OF06HARARE876``, ``0901OF02RPODUBAI288``, ``08SECTION01GF02BISHIEK21``.
ID_SECTION_JUNK = re.compile(r"^(\d{2})[A-Z]{0,8}?[0-9Q]{1,2}(?:OF|O|F|GF|QF)[0-9]{1,2}(?=[A-Z]{2})")
#: A caveat or word run into the station: ``06EFTOBAKU1165``, ``NOFORNMOGADISHU``, ``SIFIEDABUJA``
#: (the end of CLASSIFIED), ``09AMEMBASSYHANOI1284``.
ID_PREFIX_JUNK = ("EFTO", "NOFORN", "SIFIED", "AMEMBASSY", "AMCONSUL", "USMISSION", "CONFIDENTIAL", "SECRET")
#: Text after the serial: ``08ACCRA001382SUSPECTEDDUPLICATE1392``, ``06MADRID002583ZFR2585``,
#: ``90STATE255195TOSEC140301``, ``07OSLO000160ZDK164``.
ID_SUFFIX_JUNK = re.compile(r"^(\d{2})([A-Z]+?)(\d+)[A-Z]+\d*$")

# ---------------------------------------------------------------------------------------------------------
# Routing header
# ---------------------------------------------------------------------------------------------------------

#: Transmission id ``VZCZCXRO5672`` (07BAKU1515); ``VZCZCXYZ0000`` on cables relayed through the web gateway.
TRANSMISSION_ID = re.compile(r"^\s*(VZCZC[A-Z0-9]{0,12})\b")
#: ``DE RUEHKB #1515/01 3531235`` (07BAKU1515): originating routing indicator, serial, section, Julian date and
#: time; no section in ``DE RUEHLM #1040 1720915`` (06COLOMBO1040).
DE_LINE = re.compile(r"^\s*DE\s+([A-Z0-9]{4,8})\s*#\s*(\d{1,6})(?:/(\d{1,3}))?(?:\s+(\d{7}))?")
#: ``ZNY CCCCC ZZH`` (07BAKU1515): the security line; the five letters repeat the classification: ``ZNY EEEEE ZZH``
#: on EFTO cables (09TRIPOLI648), ``ZNR UUUUU ZZH`` on unclassified ones (06BERN898).
ZNY_LINE = re.compile(r"^\s*ZN[YR]\s+([A-Z])\1{4}\b")
#: The date-time group: ``P 191235Z DEC 07`` (07BAKU1515), dual precedence ``P R 041820Z JAN 10``, old cables
#: without a precedence ``061601Z MAY 78`` (78KABUL3619), trailing junk ``O R 181205Z NOV 75 ZFF4``
#: (7575LIBREVILLE1895).
DTG_LINE = re.compile(
    r"^\s*(?:([ZOPRM]{1,2})\s+)?(?:([ZOPRM])\s+)?(\d{2})(\d{2})(\d{2})\s*Z\s+([A-Z]{3})\w*\s+(\d{2,4})\b"
)
#: Precedence prosigns of the date-time group.
PROSIGNS = {"Z": "FLASH", "O": "IMMEDIATE", "P": "PRIORITY", "R": "ROUTINE", "M": "ROUTINE"}
MONTHS = {
    "JAN": 1,
    "FEB": 2,
    "MAR": 3,
    "APR": 4,
    "MAY": 5,
    "JUN": 6,
    "JUL": 7,
    "AUG": 8,
    "SEP": 9,
    "OCT": 10,
    "NOV": 11,
    "DEC": 12,
}
#: ``FM AMEMBASSY BAKU`` (07BAKU1515), ``FM AMCONSUL HAMBURG`` (07HAMBURG73).
FM_LINE = re.compile(r"^\s*FM\s+(\S.*?)\s*$")
#: ``TO RUEHC/SECSTATE WASHDC PRIORITY 4500``, also glued: ``TORUEHC/SECSTATE`` (the README's example) and the
#: ``To: EACTTripoli`` of web-gateway cables (08TRIPOLI563).
TO_LINE = re.compile(r"^\s*TO(?:\s*:\s*|\s+|(?=[A-Z]{4,8}/))(\S.*?)\s*$", re.I)
#: ``INFO RUCNCIS/CIS COLLECTIVE PRIORITY`` (07BAKU1515); an e-mail printout's ``INFO:   AMB DCM P/M ECON RSO``
#: (03ABUDHABI2641).
INFO_LINE = re.compile(r"^\s*INFO(?:\s*:\s*|\s+)(\S.*?)\s*$", re.I)
#: Page-header debris inside an address list: ``TO PAGE 02 STATE 023763 071504Z``, ``PAGE 02 RUEHKB 1515``.
#: (``INFO PAGE 02        STATE   037566  161435Z`` in the INFO list of 09STATE37566.)
HEADER_PAGE_DEBRIS = re.compile(r"^\s*(?:TO\s+|INFO\s+)?PAGE\s+\d{1,3}\b")
#: ``XMT AMCONSUL JERUSALEM``: a post left out of the collective on the line above (09TRIPOLI254: ``XMT AMEMBASSY
#: KHARTOUM`` after ``INFO RUEHEE/ARAB LEAGUE COLLECTIVE``).
XMT_LINE = re.compile(r"^\s*XMT\s+(\S.*?)\s*$")
#: Lines that end the address list: ``BT``, classification lines of old cables, the partial-extract note.
#: No header of the shared corpus keeps them: 08SANJOSE928 prints its ``BT`` line under the banner.
HEADER_END = re.compile(r"^\s*(?:BT|NNNN|ZEN|ZFR)\s*$")
#: One address: ``RUEHC/SECSTATE WASHDC PRIORITY 4500``; ``RUEHC/SECSTATE WASHDC PRIOITY`` (the typo in the
#: README's list); ``AMEMBASSY RIO DE JANEIRO`` (66BUENOSAIRES2481, no routing indicator);
#: ``RUEAIIA/CIA WASHINGTON DC//NHTC// 0000``.
RECIPIENT_ROUTE = re.compile(r"^\s*([A-Z0-9]{4,8})\s*/\s*(\S.*)$")
#: A routing indicator run into the office name, its slash lost: ``RUEHCSECSTATE WASHDC`` (09CAIRO1848). Only before
#: the first word of a common address, and the shortest indicator that leaves one.
RECIPIENT_ROUTE_RUN_IN = re.compile(
    r"^\s*(R[A-Z]{4,6}?)((?:SECSTATE|SECDEF|AMEMBASSY|AMCONSUL|USMISSION|USDEL|CIA|NSC|DIA|JOINT STAFF)\b.*)$"
)
PRECEDENCE_FIX = {
    "PRIOITY": "PRIORITY",
    "PRIORTY": "PRIORITY",
    "PRORITY": "PRIORITY",
    "IMMED": "IMMEDIATE",
    "NIACT": "NIACT IMMEDIATE",
}
#: A trailing message control number: ``4500``, ``0000``, a range ``3806-3812`` (09STATE81957).
MCN = re.compile(r"\s+(\d{1,6})\s*$")
#: A message control number as the last word of an address, or a range: ``1256-1257`` (09STATE117709).
MCN_WORD = re.compile(r"^\d{1,6}(?:-\d{1,6})?$")
#: The distribution lines of the old print format before the routing lines: ``ACTION AF-00``, ``INFO LOG-00
#: ADS-00 INR-05 ...`` and their continuation, ``P-02 T-01 /037 W``, ``------------------352654 200910Z /23``
#: (90CAPETOWN97).
HEADER_DISTRIBUTION = re.compile(
    r"^\s*(?:(?:ACTION|INFO)\s+)?(?:[A-Z]{1,6}-\d{2}\s+|/\d{3}\s+W\b)(?:[A-Z]{1,6}-\d{2}\b|/\d{3}\s+W\b|\s)*$"
    r"|^\s*-{6,}\s*\d+\s+\d{6}Z\s*/\d+\s*$"
)
#: ``PAGE 01        CAPE T  00097  01 OF 03  182017Z``: the page header of the print format (90CAPETOWN97).
PAGE_HEADER_LINE = re.compile(r"^\s*PAGE\s+\d{1,3}\s+\S")

# ---------------------------------------------------------------------------------------------------------
# Classification
# ---------------------------------------------------------------------------------------------------------

LEVELS = ("UNCLASSIFIED", "LIMITED OFFICIAL USE", "CONFIDENTIAL", "SECRET", "TOP SECRET")

#: The classification banner at the top of a body: ``C O N F I D E N T I A L SECTION 01 OF 02 BAKU 001515``
#: (07BAKU1515); ``UNCLAS E F T O SECTION 01 OF 03 TRIPOLI 000648`` (09TRIPOLI648); lower-case letters
#: ``S e c r e t state 015220`` (08STATE15220); the year before the station ``75 LIBREVILLE 1895``
#: (7575LIBREVILLE1895); ``SECRET SECTION 01 of 02 KABUL 000693`` (10KABUL693).
#: Caveat words on the banner line.
_CAVEAT_WORDS = (
    r"E\s?F\s?T\s?O|NOFORN|NOFORM|NODIS|EXDIS|LIMDIS|STADIS|ROGER|CHEROKEE|SENSITIVE|SIPDIS|FOR\s+OFFICIAL\s+USE\s+ONLY"
    r"|FOUO|NOCONTRACT|ORCON|PROPIN|REL\s+[A-Z, ]{2,40}?(?=\s)|EXCLUSIVE\s+DISTRIBUTION|NO\s+DISTRIBUTION"
    r"|NOT\s+FOR\s+DISTRIBUTION|ONLY"
)
#: One caveat of the banner: ``E F T O`` spaced out (09TRIPOLI648: ``UNCLAS E F T O SECTION 01 OF 03``).
CAVEAT_WORD = re.compile(_CAVEAT_WORDS, re.I)
#: The banner (its variants are listed above): lower-cased with its section, ``C o n f i d e n t i a l section
#: 01 of 03 tashkent 004223`` (00TASHKENT4223).
BANNER = re.compile(
    r"(?P<level>T\s?O\s?P\s+S\s?E\s?C\s?R\s?E\s?T|S\s?E\s?C\s?R\s?E\s?T|C\s?O\s?N\s?F\s?I\s?D\s?E\s?N\s?T\s?I\s?A\s?L"
    r"|U\s?N\s?C\s?L\s?A\s?S(?:\s?S\s?I\s?F\s?I\s?E\s?D)?|LIMITED\s+OFFICIAL\s+USE(?:\s+ONLY)?|L\s?O\s?U)"
    r"(?P<caveats>(?:[\s/]{1,3}(?:" + _CAVEAT_WORDS + r")){0,6})"
    r"(?:\s{1,4}SECTION\s{1,3}(?P<section>\d{1,3})\s{1,3}OF\s{1,3}(?P<sections>\d{1,3}))?"
    r"\s{1,6}(?:(?P<year>\d{2})\s{1,3})?(?P<station>[A-Z][A-Za-z]{1,20}(?:\s{1,2}[A-Z][A-Za-z]{1,20}){0,3})"
    r"\s{1,4}(?P<serial>\d{1,7})(?=\D|$)",
    re.I,
)
#: Classification words for the metadata strings: ``SECRET//NOFORN`` → SECRET + [NOFORN].
CLASSIFICATION_ALIASES = {
    "UNCLAS": "UNCLASSIFIED",
    "UNCLASSIFIED": "UNCLASSIFIED",
    "U": "UNCLASSIFIED",
    "LOU": "LIMITED OFFICIAL USE",
    "LIMITED OFFICIAL USE": "LIMITED OFFICIAL USE",
    "LIMITED OFFICIAL USE ONLY": "LIMITED OFFICIAL USE",
    "CONFIDENTIAL": "CONFIDENTIAL",
    "C": "CONFIDENTIAL",
    "SECRET": "SECRET",
    "S": "SECRET",
    "TOP SECRET": "TOP SECRET",
    "TS": "TOP SECRET",
}
#: Caveats and handling marks, normalised. ``SENSITIVE`` on an UNCLAS banner means SBU (08BUENOSAIRES1305).
CAVEAT_ALIASES = {
    "NOFORN": "NOFORN",
    "NOFORM": "NOFORN",
    "NF": "NOFORN",
    "NODIS": "NODIS",
    "EXDIS": "EXDIS",
    "LIMDIS": "LIMDIS",
    "STADIS": "STADIS",
    "ROGER": "ROGER",
    "CHEROKEE": "CHEROKEE",
    "EFTO": "EFTO",
    "SENSITIVE": "SENSITIVE BUT UNCLASSIFIED",
    "SBU": "SENSITIVE BUT UNCLASSIFIED",
    "SENSITIVE BUT UNCLASSIFIED": "SENSITIVE BUT UNCLASSIFIED",
    "FOR OFFICIAL USE ONLY": "FOR OFFICIAL USE ONLY",
    "FOUO": "FOR OFFICIAL USE ONLY",
    "NOCONTRACT": "NOCONTRACT",
    "ORCON": "ORCON",
    "PROPIN": "PROPIN",
    "EXCLUSIVE DISTRIBUTION": "EXDIS",
    "NO DISTRIBUTION": "NODIS",
}
#: The security line letters of ``ZNY CCCCC ZZH``.
ZNY_LEVELS = {"U": "UNCLASSIFIED", "C": "CONFIDENTIAL", "S": "SECRET", "T": "TOP SECRET", "E": "UNCLASSIFIED"}

# ---------------------------------------------------------------------------------------------------------
# Preamble of the body: E.O., TAGS, SUBJECT, REF, Classified By
# ---------------------------------------------------------------------------------------------------------

#: Text before the banner that the newspaper-sourced pages carry: ``Cable dated:2005-08-17T21:24:00]``
#: (05LIMA3571), ``Friday, 26 February 2010, 16:37`` (10ABUJA215), an ``id: 230948`` block ending in
#: ``---- header ends ----`` (09ASUNCION617), a tab-separated dump row (06BERN1593).
#: What comes before a second cable glued into a page: its routing header, or a row of the cables database
#: (``50133  2006-01-19  06THEHAGUE131  Embassy The Hague``, 73TEHRAN2077).
SPLICE_HINT = re.compile(
    r"^\s*(?:DE\s+RU[A-Z]{2,5}\s*#|FM\s+(?:AMEMBASSY|AMCONSUL|SECSTATE|USMISSION))|\b\d{4,7}\s+\d{4}-\d{2}-\d{2}\b",
    re.M,
)
#: The cable's own row of the cables database run on after its signature: ``... End comment. MILAM 0 11/26/2007 6209
#: PHUM,PGOV,PREL,LY LIBYA ESTABLISHES ...`` and the summary again (07TRIPOLI989; 07MOSCOW5598, 08LONDON1224: 9 of
#: the shared pages). Found from its `` 0 `` and date, which ``re`` skips ahead to.
#: The row may be cut short after its date, at the end of the text (07TRIPOLI993: ``... political sphere. MILAM 0
#: 11/26/2007``).
OWN_ROW_AFTER_SIGNER = re.compile(
    r"(?<=[A-Za-z]) 0 \d{1,2}/\d{1,2}/(?:19|20)\d\d(?: \d{1,7} [A-Z]{2,6}(?:,[A-Z]{2,6})+\b|\s*\Z)"
)
#: A line that ends in a backslash: every line of a database dump does (06BERN1593). Searched from the backslash,
#: which ``re`` skips ahead to faster than ``in`` finds the two characters.
BACKSLASH_NEWLINE = re.compile(r"\\\n")
#: ``----------------- header ends ----------------`` below the partial-extract note (04BOGOTA2313).
HEADER_ENDS_MARK = re.compile(r"-{3,}\s*header ends\s*-{3,}", re.I)

#: The keywords of the preamble, found anywhere (newlines are lost in 05LIMA3571:
#: ``AGUILERAE.O. 12958: DECL: 08/16/2015TAGS: EMIN ...``). Misspelled TAGS keywords: ``TAS:``, ``TABS:``,
#: ``TGS:``, ``AGS:``, ``TAGES:``, ``TAGS,``, ``TAGS;`` (the README's list), ``TAGS PREL, PGOV`` with no
#: punctuation (10ABUJA215, and the newspaper layout of the December 2010 builds), ``Tags:`` and ``tags:`` in other
#: cases, ``TAG PA`` (a single tag). REF lists: ``REF:``, ``Ref:``, ``Refs:`` (04COLOMBO11, 04BRASILIA445),
#: ``REF(S):``, ``REFTEL:``, ``REFERENCE:``; mid-line, run on from the subject without a newline
#: (``...MEETS FOREIGN MINISTERREF: A. STATE 12345``), checked by :func:`cabledb.parse.preamble.looks_like_ref_list`.
#: A bare ``DECL:`` line (a fragment, or a DECL on its own line) counts as the E.O. line.
PREAMBLE_KEYWORDS = re.compile(
    r"(?P<eo>\bE\s?\.?\s?[Oo0]\s?\.?\s?(?=\d{5}|\s\d{5}|:|\s*N/A)|\bEO(?=\s?\d{5})|E\.O\.(?=\s?\d{5})"
    r"|^[ \t]{0,4}(?i:DECL(?:ASSIFY(?:[ \t]+ON)?)?)[ \t]*:)"
    # At a line start the keyword may lack punctuation ("TAGS PREL, PGOV", 10ABUJA215); elsewhere it needs
    # its colon, so that "C O R R E C T E D C O P Y - TAG" (08MADRID308) is no keyword.
    r"|(?P<tags>^[ \t]{0,4}(?i:TAGS?|TAGES|TABS|TAS|TGS|AGS|TAFS|TAGSS)(?:[ \t]*[:;,.]|[ \t](?=[ \t]*[A-Z(]{2}))"
    r"|(?<=[\s\d\]A-Za-z])(?:TAGS|Tags|TAGES|TABS|TAS|TGS|AGS)[ \t]*[:;])"
    # "SUBJECT:EMBASSY RAISES ..." with no space after the colon (09CAIRO1848).
    r"|(?P<subject>\b(?:SUBJECT|SUBJ|SUBJEC|SUBECT|SUBJET|Subject|Subj)\s*[:;.]?(?=\s)|\bsubject:(?=\s)|\bSUBJECT(?=[A-Z(])"
    r"|\b(?:SUBJECT|Subject):(?=[A-Z(\"]))"
    r"|(?P<ref>^[ \t]{0,4}(?i:REFS?|REFTELS?|REFERENCES?|REF\(S\)|REFTEL\(S\)|REFERENCE\(S\))"
    r"(?:[ \t]*[:.;]|[ \t](?=[ \t]*[A-Z(0-9]))"
    r"|(?<=[\sA-Z.)\]])(?:REFS?|REFTELS?|Refs?|REF\(S\)|Ref\(s\))[ \t]*:)"
    r"|(?P<classby>(?<![A-Za-z])(?i:classifi?ed)\s+(?i:by)\b\s*[:;.]?)"
    # "Derived from: DSCG 05-1" names the source of a derivative classification, no classifier (10MEXICO141).
    r"|(?P<derived>\bDerived\s+from\b\s*:?|\bDERIVED\s+FROM\b\s*:?)",
    re.M,
)
#: Literal starts of the keywords above: the full pattern is tried only where one of these occurs, which is
#: 25 times faster than running the alternation at every position.
#: E.g. ``E. O`` of ``E. O. 11652`` (73TEHRAN2077), ``subject:`` in a lower-cased body (00TASHKENT4223).
#: Every branch starts with a literal character, so that ``re`` skips the positions where none can start (a branch
#: that starts with a class or an anchor makes it try every branch at every position: four times slower); the
#: lower-case and indented keywords at a line start are :data:`PREAMBLE_CANDIDATE_LINE`, and
#: :func:`cabledb.parse.preamble.candidates` merges the two as one alternation of both would match.
PREAMBLE_CANDIDATES = re.compile(
    r"E\s?\.\s?[Oo0]|E\s[Oo]\b|EO\s?\d|DECL|TAG|Tag|TAS|TABS|TGS|AGS|TAFS|SUBJ|Subj|subject:|REF|Ref"
    r"|Classifi?ed|classifi?ed|CLASSIFI?ED|Derived|DERIVED"
)
#: A keyword at the start of a line, indented or in lower case (``   tags: pgov``): from the newline before it, which
#: ``re`` finds at C speed. ``[ \t]{0,4}(?i:decl|...)`` matched at the text's start is the first line's.
PREAMBLE_CANDIDATE_LINE = re.compile(r"\n[ \t]{0,4}(?i:decl|tag|tas|tabs|tgs|ags|tafs|ref|classif)")
PREAMBLE_CANDIDATE_FIRST = re.compile(r"[ \t]{0,4}(?i:decl|tag|tas|tabs|tgs|ags|tafs|ref|classif)")
#: ``Classified By:`` outside the preamble (some cables put it at the end, some have two): at the start of a line
#: (after a paragraph number and a portion mark: ``¶1. (U) CLASSIFIED BY CDA ...``, 01VATICAN3507), or anywhere
#: with its colon (``MANAMA 510Classified By: CDA``, 08MANAMA541).
CLASSIFIED_BY = re.compile(r"\b(?i:classifi?ed)\s+(?i:by)\b\s*[:;.]?")
#: The keyword at a line start: ``¶1. (U) Classified by Ambassador ...`` (03ABUDHABI2641); mid-line with its colon:
#: ``PAGE 02 ROME 01196 01 OF 02 071049Z CLASSIFIED BY: POL MINCOUNS ...`` (02ROME1196).
CLASSIFIED_BY_LINE = re.compile(
    r"^[ \t]*(?:¶?[ \t]*\d{1,2}\.[ \t]*)?(?:\([A-Z/]{1,6}\)[ \t]*)?"
    r"(?P<keyword>(?i:classifi?ed)[ \t]+(?i:by)\b[ \t]*[:;.]?)"
    r"|(?<![A-Za-z])(?P<keyword2>(?i:classifi?ed)[ \t]+(?i:by)[ \t]*:)",
    re.M,
)
#: ``REF: NONE``: a REF line that cites nothing (06PARIS2242); ``REF:  N/A`` (09CAIRO1149).
REF_NONE = re.compile(r"^\s*(?:NONE|N/A|NA)\W*$", re.I)
#: Text after REF that starts a list of references (a bullet, a year, a station and serial): a mid-line ``REF:``
#: run on from a word must be followed by one (06CAIRO941: ``... VISIT TO EGYPTREF: CAIRO 493``).
REF_LIST_START = re.compile(
    r"[ \t]*(?:\(?[A-Za-z][.)][ \t]|\(?\d{2,4}\)?[ \t]|[A-Z][A-Za-z]{2,}[ \t]+\d"
    r"|\d{2}[A-Z]{3,}\d)"
)
#: ``DECL: 12/18/2017`` (07BAKU1515), ``DECL: 2019/10/22`` (09ASUNCION617), ``DECL: 1.6X1``, ``OADR``, ``X1``,
#: ``DECLASSIFIED BY NARA 09/02/2009`` (66BUENOSAIRES2481), ``GDS 8/12/85`` (79TEHRAN8980), ``N/A``.
EO_NUMBER = re.compile(r"(\d{5})")
#: ``DECL: 12/18/2017``; ``DECLl: 10/29/2018`` (08ISLAMABAD3418); ``Declassify on 8/31/2034`` (09OUAGADOUGOU1159).
#: ``DECLASSIFIED BY NARA 09/02/2009`` is kept whole: it is the value itself (66BUENOSAIRES2481).
DECL_VALUE = re.compile(r"\bDECL(?:l|ASSIFY(?:\s+ON)?)?\b\s*[:;.]?\s*(.*)", re.I | re.S)
#: Month/day/year: ``12/18/2017`` (07BAKU1515), with dashes and a two-digit year ``12-29-13`` (03COLOMBO2183).
DATE_MDY = re.compile(r"\b(\d{1,2})\s*([/-])\s*(\d{1,2})\s*\2\s*(\d{4}|\d{2})\b")
#: Year/month/day: ``DECL: 2019/10/05`` (09BOGOTA3127).
DATE_YMD = re.compile(r"\b(\d{4})\s*[/-]\s*(\d{1,2})\s*[/-]\s*(\d{1,2})\b")
#: ``30 JUN 2005`` (the review stamp of 73TEHRAN2077); no DECL value of the shared corpus is written so.
DATE_DMONY = re.compile(r"\b(\d{1,2})\s+([A-Z]{3})[A-Z]*\.?,?\s+(\d{4}|\d{2})\b", re.I)
#: ``JUNE 21, 2006`` (``DECLASSIFIED JUNE 21, 2006``, 72TEHRAN1164); no DECL value of the shared corpus is
#: written so.
DATE_MONDY = re.compile(r"\b([A-Z]{3})[A-Z]*\.?\s+(\d{1,2}),?\s+(\d{4})\b", re.I)
#: GDS/XGDS/OADR style declassification rules of E.O. 11652/12065 (73TEHRAN2077: ``E. O. 11652: GDS``).
DECL_RULE = re.compile(r"^(?:X?GDS|OADR|NGDS|(?:25)?[XR]\d|1\.6\s?X\d|N/A|AS AMENDED|DNG|RDS|MR\b)", re.I)
#: A record of the declassification itself, written where the DECL value would be (72TEHRAN1164).
DECLASSIFIED_ON = re.compile(r"\bDECLASSIFIED\b", re.I)
#: A downgrade instruction is no declassification date: ``DNG: CO 03/09/2018`` (08MADRID308).
DECL_DOWNGRADE = re.compile(r"^DNG\b", re.I)

#: The date line of the newspaper-style pages, which some builds repeat with the banner under a subject
#: (09ISLAMABAD3037 in cablegate-201012011944: ``Friday, 18 December 2009, 11:04``).
DATED_LINE = re.compile(
    r"[ \t]*(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,[ \t]+\d{1,2}[ \t]+[A-Z][a-z]{2,8}[ \t]+\d{4},"
    r"[ \t]+\d{1,2}:\d{2}[ \t]*"
)
#: SIPDIS and other distribution words inside the preamble, and glued to neighbours (05LIMA3571:
#: ``LIMA 003571SIPDISEB FOR A/S WAYNE``).
SIPDIS = re.compile(r"S\s?I\s?P\s?D\s?I\s?S")

#: Tag tokens. Person tags ``(CLINTON, HILLARY)`` are kept whole; other separators are spaces, commas, slashes
#: and semicolons. ``TAGS OVIP (CLINTON, HILLARY), PREL, AS`` (09STATE30049).
TAG_PAREN_GROUP = re.compile(r"\(([^()\n]{1,80})\)")
#: ``ZANU-PF`` keeps its hyphen (00HARARE5461: ``TAGS PGOV, PINS, ZI, MDC, ZANU-PF``).
TAG_TOKEN = re.compile(r"[A-Z0-9][A-Z0-9\-&'.]{0,40}", re.I)
#: Known typos of tag codes (POGOV: the README's list) and of WikiLeaks' own split tags.
TAG_TYPOS = {
    "POGOV": "PGOV",  # 07 cables; the README's example
    "PGOF": "PGOV",
    "PGGV": "PGOV",  # seen in the dev corpus' tag cloud
    "POV": "PGOV",  # 09REYKJAVIK140: TAGS: POV PREL OTRA
    "PREL.": "PREL",
    "PRELL": "PREL",
    "PINSO": "PINS",
    "PHUMPREL": "PHUM PREL",
    "PTERPGOV": "PTER PGOV",
    "ECONEFIN": "ECON EFIN",
    "EFINECON": "EFIN ECON",
    "EINDETRD": "EIND ETRD",  # tag cloud of the dev corpus
    "EINVEFIN": "EINV EFIN",  # tag cloud of the dev corpus
    "KNNPMNUC": "KNNP MNUC",  # tag cloud of the dev corpus
    "MASSMNUC": "MASS MNUC",  # the README's example
    "KDEMAF": "KDEM AF",  # tag cloud of the dev corpus
    "VTPREL": "VT PREL",  # 09 cables of Vatican: VTPREL VTPREL VTPREL
    "KNPP": "KNNP",  # 08UNVIEVIENNA215
    "ECUN": "ECON",  # 07BERLIN802
    "PGOVE": "PGOV",
    "PRGOV": "PGOV",
    "PHUS": "PHUM",
    "PRELP": "PREL",
    "PTERE": "PTER",
    "KIFR": "KIRF",
    "KWMM": "KWMN",
    "KFTFN": "KTFN",
    "UNDESCO": "UNESCO",
    "MRCRE": "MTCRE",
}
#: Words that are never tags: distribution marks and debris.
TAG_STOPWORDS = frozenset({"SIPDIS", "SIPRDIS", "SIPDSI", "NOFORN", "TAGS", "TAG", "AND", "SUBJECT", "E.O.", "EO"})

#: A portion mark: ``C``, ``S/NF``, ``SBU``, ``U//FOUO``, ``c`` in lower case, ``C-NF``, ``S//REL TO USA, NATO``.
_PORTION_MARK = (
    r"(?i:TS|S|C|U|SBU|LOU|FOUO|NF)"
    r"(?:\s{0,2}[/\-]{1,2}\s{0,2}(?i:NF|NOFORN|FOUO|SBU|ORCON|PROPIN|EXDIS|NODIS|LIMDIS|REL(?:\s{1,2}[A-Z]{2,8},?){1,8}))*"
)
#: ``SUBJECT: (C) AZERBAIJANI SPY SHOW FALLOUT CONTINUES``: the portion mark of a subject; ``(C/NF)``, ``(SBU)``,
#: ``(S//NF)``, ``(U//FOUO)``, ``(c)`` in lower case, ``(C-NF)``, ``(S/REL TO USA, NATO)``.
#: E.g. ``SUBJECT: (S/REL UK) ARGENTINE REACTION TO POTENTIAL`` (10STATE9565).
SUBJECT_MARK = re.compile(r"^\s*[\-:]?\s*\(\s*" + _PORTION_MARK + r"\s*\)\s*[\-:]?\s*")
#: The end of a subject cut short on a teaser page: `` ...``, and the time printed after it.
#: (09MADRID604: ``SPAIN: S/GC DAN FRIED ...``; 05ISTANBUL329: ``MUNICIPALITY TO FUND...`` then ``14:25``.)
SUBJECT_CUT = re.compile(r"(?<=\S)\s+\.\.\.(?:\s+\d{1,2}:\d{2})?$|(?<=\.\.\.)\s+\d{1,2}:\d{2}$")
#: A handling caveat run onto the end of the subject line: ``... RELATIONS WITH VENEZUELA SENSITIVE BUT UNCLASSIFIED;
#: PLEASE PROTECT ACCORDINGLY`` (08SAOPAULO19), ``... THIS CABLE IS SENSITIVE BUT UNCLASSIFIED. PLEASE HANDLE
#: ACCORDINGLY.`` (04THEHAGUE2735), ``... ENTIRE TEXT SENSITIVE BUT UNCLASSIFIED/NOFORN; ...`` (09EFTOTRIPOLI704).
SUBJECT_CAVEAT = re.compile(
    r"(?<=\S)\s+(?:THIS\s+CABLE\s+IS\s+|ENTIRE\s+TEXT\s+)?SENSITIVE\s+BUT\s+UNCLASSIFIED(?:\s*/\s*NOFORN)?"
    r"(?:\s*[.;,\-]+\s*(?:PLEASE\s+(?:PROTECT|HANDLE)\s+ACCORDINGLY\s*\.?)?)?\s*$",
    re.I,
)
#: A portion mark at the end of a subject: ``... TALKS (S)``, ``... VISIT (C/NF)``.
#: ``... DUE TO GFI'S IRANIAN TIES (S//REL CANADA)`` (09STATE84119), ``... of proliferation concern (s)``
#: (09STATE4134).
SUBJECT_MARK_END = re.compile(r"\s*\(\s*" + _PORTION_MARK + r"\s*\)\.?\s*$")

# ---------------------------------------------------------------------------------------------------------
# References
# ---------------------------------------------------------------------------------------------------------

#: A bullet at the start of a reference item: ``A.``, ``A)``, ``(A)``, ``A. (A)`` (07BRASILIA2262), ``A. A.``
#: (04BRASILIA676), ``A:`` (06MUMBAI1986), ``REF A:`` (07GENEVA2626), ``a.`` in lower case, ``- (B)`` (04COLOMBO11).
REF_BULLET = re.compile(
    r"^\s*(?:-\s*)?(?:REF\s+)?\(?([A-Z])\s?[.):](?!\d)\s*(?:\(?\1\s*[.):]\s*)?|^\s*(?:-\s*)?\(([A-Z])\)\s*", re.I
)
#: A bullet written twice, the letter the post typed inside the one the Department's system added (``A. (A) PARIS
#: 1784``, 07PARIS1791). In such a list an item with the outer letter alone is a wrapped line of the item before it
#: (``B. (B) EMBASSY PARIS DAILY SIPRNET REPORT FOR MAY 4`` / ``C. 2007 AND PREVIOUS``).
REF_DOUBLED_BULLET = re.compile(r"^\s*(?:-\s*)?\(?([A-Z])\s?[.):]\s*\(?\1\s*[.):]", re.I)
#: A REF item that is only a year, after one that ends with a month and day: the wrapped end of that item, which
#: the Department's system lettered as one of its own (06PARIS1031: ``A. (A) EMBASSY PARIS DAILY REPORT FOR
#: FEBRUARY 17`` / ``B. 2006``; 08LONDON2822: ``EMBASSY LONDON DAILY -- OCTOBER 31      B. 2008``).
REF_YEAR_ONLY = re.compile(r"(?:19|20)\d\d(?:\s+(?i:and\s+previous))?\W*")
REF_ENDS_WITH_MONTH_DAY = re.compile(
    r"\b(?i:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]{0,6})\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\W*$"
)
#: Item separators inside one REF block: new bullets on a new line, ``;`` and blank lines.
#: (``REF: A) ANKARA 11676;B) ANKARA 11279``, 96ANKARA12278.)
REF_SPLIT = re.compile(r"\n(?=\s*(?:-\s*)?(?:REF\s+)?\(?[A-Za-z]\s?[.):](?!\d))|;\s*(?=\S)|\n\s*\n")
#: A bullet inside a line, where bullets run together (05BRASILIA715: ``... 14 MARCH 05 C. (C) STATE 43965 D.``).
REF_INLINE_BULLET = re.compile(r"(?:(?<=\s)|(?<=,))(?:-\s)?\(?([A-Za-z])[.):]\s")
#: A cable citation: optional year, a station (one to four words), a serial, optional year after it:
#: ``BAKU 1495`` (07BAKU1515), ``07 STATE 12345``, ``2006 STATE 12345``, ``AMMAN 07718 99`` (the README's
#: example), ``LIMA 4516 (06)`` (07LIMA1862), ``PANAMA 00933/08`` (09PANAMA343), ``BUENOS AIRES 002222``
#: (07BRASILIA2262), ``Sao Paulo 780`` (08SAOPAULO19), ``STATE 106206 CIRCULAR`` (66BUENOSAIRES2481),
#: ``06 state 12345`` in lower case, ``SAO PAUL 123`` cut short, ``(08) SAO PAULO 497`` (09SAOPAULO619).
REF_CABLE = re.compile(
    r"(?:(?<![\w/])\(?(?P<y1>\d{4}|\d{2})\)?\s{1,3})?"
    r"(?P<station>(?<![\w/])[A-Za-z0-9][A-Za-z0-9']{1,20}(?:\s{1,2}[A-Za-z][A-Za-z']{1,15}){0,3})"
    r"\s{0,3}(?:(?i:NO)\.?\s{0,2})?(?P<serial>\d{1,7})(?!\d)(?![.:-]\d)(?!\.\.\.)(?!\s*(?:Z\b|UTC|GMT))"
    r"(?:(?:\s{1,3}\(?|/)(?P<y2>(?:19|20)\d{2}|\d{2})\)?(?![\d/:])(?!\s{1,3}[A-Za-z]{3}))?"
)
#: A bullet letter left dangling at the end of an item (``STATE 43965 D.`` before ``(D) BRASILIA 574``,
#: 05BRASILIA715).
REF_DANGLING_BULLET = re.compile(r"\s\(?[A-Za-z][.):]$")
#: A station with its serial run into it, without the year: ``BEIJING5237`` (07STATE159388).
STATION_SERIAL_GLUED = re.compile(r"([A-Z]{4,25})(\d{1,7})")
#: A citation written as a reference id: ``09BOGOTA1506`` (09BOGOTA1618).
REF_ID = re.compile(r"(?<![\w/])(\d{2})([A-Z]{3,25})(\d{1,7})(?!\w)")
#: ``BAKU 1495 AND 1502``: a second serial of the same station (the README's ``X AND 1234``).
#: ``REF: A. BRASILIA 2799 AND 2764`` (04BRASILIA2863); commas: ``REF: MALABO 19, 21, 26, 27, 31`` (09MALABO48).
REF_AND_SERIAL = re.compile(r"\s*(?:(?i:AND)|&|,)\s{0,3}(?P<serial>\d{1,7})(?!\d)(?![/.:-]\d)(?!\s{1,3}[A-Za-z]{3})")
#: A handling line that follows a REF list without a blank line (07THEHAGUE501: ``THIS MESSAGE IS SENSITIVE BUT
#: UNCLASSIFIED. PLEASE HANDLE ACCORDINGLY.``).
REF_HANDLING = re.compile(
    r"^\W*(?:\([A-Z]{1,3}\)\s*)?(?i:this (?:message|cable|telegram) is|sensitive but unclassified|please handle|"
    r"not for (?:internet|distribution)|entire text)"
)
#: An item that is only a serial (``B) 1206``, 07SOFIA1271): the station of the item before it.
REF_SERIAL_ONLY = re.compile(
    r"^(?:(?i:AND)\s+)?(?:(?P<y1>\d{2}|\d{4})\s+)?(?P<serial>\d{1,7})(?:\s*\((?P<y2>\d{2})\))?\W*$"
)
#: A report, not a cable, whatever numbers it holds: an intelligence information report ``IIR 6 834 0123 08``, an
#: Open Source Center id ``OSC FEA20080512345678`` (``GMP20080103950012``), an FBIS or TD report.
#: (``B. ) IIR 663 2405 08``, 08LONDON1761; ``A. OSC cpp20080407530001``, 08BEIJING1454; ``E. TD-314/40895-07``,
#: 08MADRID308.)
REF_REPORT = re.compile(
    r"^\W*(?:IIR|OSC|FBIS|FBI|DIA|CIA|NSA|NGA|NCTC|DHS|INR|TD|INTSUM|JIATF|OPEN\s+SOURCE)\b|\b[A-Z]{2,4}\d{8,}\b"
    r"|\bIIR\b|\bOSC\s+(?:ID|REPORT|FEA|GMP|EUP|CPP|SAP|AFP|LAP|IAP|KPP|JPP|FTS)|\bTDX?-\d",
    re.I,
)
#: The numbers of reports, several to an item (``A. TDX-315/090481-08 AND TDX-315/042493-09``, 09BUENOSAIRES1017):
#: a TD or TDX report, an Open Source Center id, an IIR number. Each is a reference of its own.
REPORT_NUMBER = re.compile(r"\bTDX?-\d{3}/\d{2,7}-\d{2}\b|\b[A-Z]{2,4}\d{8,}\b|\bIIR\s+\d(?:[\s-]?\d){6,12}\b", re.I)
#: An airgram cited beside a cable in one item (``REF: TEHRAN'S A-077 OF MAY 15, 1972: TEHRAN 3312``,
#: 72TEHRAN4789): a document of its own.
REF_AIRGRAM = re.compile(r"\b(?:C?A-\d{1,4}|AIRGRAM\s+(?:NO\.?\s*)?\d{1,4})\b", re.I)
#: What may stand between two report numbers of one item: ``AND``, ``&``, commas.
REPORT_NUMBER_JOIN = re.compile(r"[\s,;&]*(?:(?i:AND)[\s,]*)?")
#: Non-cable references, by kind: e-mails (``J. Hursch email 23 February 2007``, 07REYKJAVIK99), telcons
#: (``MITCHELL/SIMS TELCON 02/16/2010``, 10SANAA317), reports (``EMBASSY PARIS DAILY SIPRNET REPORTS``, 07PARIS1844),
#: documents (``EGYPTIAN MINISTRY OF DEFENSE LETTER OF REQUEST 08/AD/062``, 09CAIRO1463).
REF_KINDS = (
    ("email", re.compile(r"\bE-?\s?MAILS?\b|\bEMAIL|@", re.I)),
    (
        "telcon",
        re.compile(
            r"\bTEL(?:E)?CONS?\b|\bTELECONFERENCE|\bPHONE\s?CALLS?|\bTELEPHONE|\bPHONECON|\bVTC\b|\bDVC\b"
            r"|\bVIDEO\s?CONFERENCE",
            re.I,
        ),
    ),
    (
        "report",
        re.compile(
            r"\bREPORTS?\b|\bIIR\b|\bINR\b|\bCRS\b|\bGAO\b|\bINTSUM|\bTDX?-|\bSPOT REP|\bOSC\b|\bFBIS\b|\bSITREP"
            r"|\b[A-Z]{2,4}\d{8,}\b",
            re.I,
        ),
    ),
    (
        "document",
        re.compile(
            r"\bFAM\b|\bFAH\b|\bLETTERS?\b|\bMEMO|\bMEMCON|\bDIPNOTE|\bNOTE\b|\bAIRGRAM|\bA-\d|\bCA-\d|\bFAX\b"
            r"|\bDEMARCHE\b|\bPAPER\b|\bDOCUMENT|\bRESOLUTION|\bAGREEMENT|\bSTATEMENT|\bPRESS\b|\bARTICLE|\bWEBSITE"
            r"|\bHTTP|\bCFR\b|\bU\.?S\.?C\.?\b|\bACT\b|\bLAW\b|\bTALKING POINTS|\bNON-?PAPER|\bTREATY|\bDECREE",
            re.I,
        ),
    ),
)
#: Station spellings in REF lines that differ from the id form (the README's list).
REF_STATION_ALIASES = {
    "SECSTATE": "STATE",
    "SECSTATE WASHDC": "STATE",
    "DEPT": "STATE",
    "DEPARTMENT": "STATE",
    "STATE DEPT": "STATE",
    "0TTAWA": "OTTAWA",  # digit zero for the letter O
    "SANTIAG0": "SANTIAGO",
    "HCMC": "HOCHIMINHCITY",
    "HO CHI MINH": "HOCHIMINHCITY",
    "HO CHI MINH CITY": "HOCHIMINHCITY",
    "USUN": "USUNNEWYORK",
    "USUN NEW YORK": "USUNNEWYORK",
    "USUN NY": "USUNNEWYORK",
    "USNATO": "USNATO",
    "USEU": "USEUBRUSSELS",
    "USEU BRUSSELS": "USEUBRUSSELS",
    "UNVIE": "UNVIEVIENNA",
    "UNVIE VIENNA": "UNVIEVIENNA",
    "USOSCE": "USOSCE",
    "GENEVA": "GENEVA",
    "USMISSION GENEVA": "GENEVA",
    "RPO DUBAI": "RPODUBAI",
    "IRAN RPO DUBAI": "RPODUBAI",
    "IRPO DUBAI": "RPODUBAI",  # the Iran Regional Presence Office (09ISTANBUL83: REF: IRPO DUBAI 95)
    "AIT TAIPEI": "AITTAIPEI",
    "SECDEF": "SECDEF",
    "CASA": "CASABLANCA",  # 08CASABLANCA81
    "KL": "KUALALUMPUR",  # 10KUALALUMPUR12
    "RIO": "RIODEJANEIRO",
    "BASRA": "BASRAH",  # the Regional Embassy Office in Basrah (09BAGHDAD1104: REF: E. BASRA 17)
    "BA": "BUENOSAIRES",  # 06BUENOSAIRES1439: REF: A. BA 1485
    "REO BASRA": "BASRAH",
}
#: Posts whose id changed spelling: a REF citing ``KIEV 456`` in 2008 means 08KYIV456 (no cable of the shared
#: corpus; tests/test_parse_variants.py). The ids say KIEV up to 2006 and KYIV from 2006 on, CALCUTTA up to 2007
#: and KOLKATA from 2007 on: (old, new, first year of the new).
STATION_RENAMES = (("KIEV", "KYIV", 2007), ("CALCUTTA", "KOLKATA", 2007))

# ---------------------------------------------------------------------------------------------------------
# Classified By
# ---------------------------------------------------------------------------------------------------------

#: The reasons: ``for reasons 1.4 (b) and (d)`` (07BAKU1515), ``1.4 B A ND D`` wrapped (07BRASILIA2262),
#: ``REASON: 1.4(A), (B), (D)`` (10ABUJA215), ``1.4 B/D`` (06BERN1593), ``1.5 (B) AND (D)`` in older cables,
#: ``1.5 (b, d, X6)`` (03ANKARA2521), ``1.4 (B )(D)``, ``1.4 (b & d )``.
#: ``14 (b) and (d)`` (08BERLIN643) lost its dot.
REASON_SECTION = re.compile(r"\b1\s?\.\s?([456])(?!\d)(?:\.(?=\s{0,2}\())?|\b1([456])(?=\s{0,2}\(\s?[a-hA-H]\s?\))")
#: One reason letter: ``(B )`` of ``Reason: 1.4 (B )(D)`` (04BRUSSELS1868), ``(H)`` (08PARIS750).
REASON_LETTERS = re.compile(r"(?<![A-Za-z])\(?\s?([a-hA-H])\s?\)?(?![A-Za-z])")
#: Reasons given without their section: ``for reasons b, d.`` (07BUENOSAIRES1888).
REASONS_WITHOUT_SECTION = re.compile(r"(?i:reasons?)\s*:?\s*((?:\(?[a-hA-H]\)?\s*(?:,|and|&|/)?\s*){1,6})(?:[.;]|$)")
#: What may follow a reason section inside the reasons: letters, parenthesised lists, ``and``, commas, another
#: section (``1.4 (b) and 1.5 (d)``). Used to find where the statement ends (ClassifiedBy.raw).
#: E.g. `` (b, d, X6)`` (03ANKARA2521), ``(b)-(d`` / ``)`` broken over two lines (03THEHAGUE2835). A portion mark
#: after them is the next paragraph's (``... 1.4 (b) and ( d) (C/NF)``, 09LONDON2595). ``1.4 b. and d.``
#: (08REYKJAVIK46): a letter's full stop before ``and`` and the next letter. ``(d) (C) HMG is ...`` (08LONDON2218): a
#: mark letter in brackets before a sentence is the next paragraph's mark.
REASONS_TAIL = re.compile(
    r"(?:\s{0,3}(?:\((?!\s*(?:TS|S|C|U|SBU)\s*/{1,2}\s*(?:NF|REL|NOFORN|FOUO|ORCON)\b|\s*SBU\s*\))"
    r"(?!\s*(?:TS|S|C|U)\s*\)\s+(?!(?i:and|or)\b)[A-Z])[^()]{0,30}\)"
    r"|(?<=\b[a-hA-H])\.(?=\s{1,3}(?i:and|or|&)\s{1,3}[a-hA-H]\b)|\b[a-hA-H]\b(?![.'][A-Za-z])|(?<=\d)[a-hA-H]\b|[,;&/\-]|\b(?i:and|or)\b|\bX\d\b"
    r"|\b1\s?\.\s?[4-6]\b))*"
)
#: Where the person ends and the reasons begin: ``for reasons``, ``Reasons:``, ``per 1.4``, ``based upon reason``,
#: ``; E.O. 12958, reasons`` (05ANKARA1730), ``FOR REAS`` cut short by the wrap (05PARIS482: ``FOR REAS`` / ``ONS
#: 1.4 B/D``), ``by reasons`` (09WARSAW298), or the section itself.
CLASSBY_SPLIT = re.compile(
    r"[,;.]?\s*\b(?i:for|per|under|by|based\s+(?:up)?on|citing|with)\s+(?:(?i:the)\s+)?"
    r"(?i:reasons?\b|reaso\s?ns?\b|reas\b|sections?\b|e\.?\s?o\b|1\s?\.\s?[4-6]\b)"
    r"|[,;.]?\s*\b(?i:reasons?|reaso\s?ns?)\b"
    r"|[,;.]?\s*\bE\.?\s?O\.?\s?\d{5}"
    r"|[,;.]?\s*\b1\s?\.\s?[4-6]\s{0,2}[(,]?\s{0,2}[a-hA-H]\b"
)
#: The keyword again at the start of the value (``Classified By: CLASSIFIED BY CHARGE D'AFFAIRES ...``, 15 pages)
#: or its ``By`` alone (``Classified By: By Ambassador William Wood``, 09KABUL140), and a portion mark before the
#: name (``Classified By: (U) Polcounselor John Kunstadter``, 05ANKARA4456), or the level with its ``by``
#: (``Classified By: Confidential by Political Minister Gustavo Delgado``, 09MEXICO2556).
CLASSBY_LEAD = re.compile(
    r"^(?:\s*(?:\([A-Z/]{1,6}\)|(?i:(?:classifi?ed\s+|(?:confidential|secret)\s+)?by)\b\s*[:;.]?|[:;.,\-]))+\s*"
)
#: The words before a cut that start the reasons: ``COM JONATHAN FARRAR FOR`` (``... FOR REA...``, 08HAVANA811).
CUT_STATEMENT_TAIL = re.compile(r"(?:[,;.]?\s+(?i:for|per|reasons?|reason:?|based|under))+$")
#: ``a.i.`` (ad interim) after a comma, the end of a title written after the name: ``Tom Hushek, Charge d'Affaires,
#: a.i., Exec, Department of State`` (07DUSHANBE1420).
AD_INTERIM = re.compile(r"(?i:a\.?\s?i\.?)")
#: Words that join two classifiers: ``Classified By: Ambassador Ryan C. Crocker and General David Petraeus``.
#: (07TASHKENT2081: ``Classified By: DTRA Fred Carter and Poloff Steven Prohaska``.)
CLASSBY_AND = re.compile(r"\s+(?:and|AND|&)\s+")
#: Words of job titles, lower case, to tell a title from a name: ``Ambassador Anne E. Derse`` (07BAKU1515),
#: ``DEPUTY CHIEF OF MISSION PHIL CHICOLA`` (07BRASILIA2262), ``CHARGE D'AFFAIRES A. I. CAROL URBAN`` (06BERN1593),
#: ``POL MINCOUNS THOMAS COUNTRYMAN`` (02ROME1196), ``Polcounselor`` (05ANKARA4456), ``A/DCM`` (04CARACAS2200);
#: abbreviations seen in a scan of the shared pages: ``Acting PermRep`` (08STATE25671), ``COM`` (chief of mission,
#: 09HAVANA172), ``E/MIN`` (economic minister, 08LONDON2384), ``T U/S`` (under secretary, 09STATE96550), ``P/M``
#: (political-military, 09RIYADH181).
TITLE_WORDS = frozenset(
    """
    ambassador amb ambassadors ambasador ambassador-at-large ambassador-designate charge charg chargé d'affaires
    d’affaires d'affairs a.i. a.i ai a.i.: cda cdm dcm a/dcm adcm d/dcm deputy chief mission political economic
    econ pol polecon pol/econ pol-econ econ/pol econpol polec poleconoff pol/mil polmil pol-mil mil polmilcouns
    polmiloff d' d’ affaires p/e e/p polad dir dir. section sections officer officers off counselor counsellor
    counselors couns consul consuls consular general generals cg principal po minister minister-counselor ministers
    mincouns mc mcouns polmincouns econmincouns secretary secretaries first second third attache attaché attachés
    defense defence legal legat acting director directors assistant desk special envoy advisor adviser
    representative representatives rep permanent alternate head counselor-general management public affairs pao iao
    pas diplomacy for the and of team coordinator regional security rso office unit environment science technology
    esth labor commercial agricultural senior resident narcotics law enforcement nas inl refugee refugees human
    rights global issues usaid dao interim vice prt leader commander strategic planning multilateral
    political-military econoff poloff polcouns econcouns polcounselor econcounselor polchief econchief deppolcouns
    depecouns deputy-chief a/s das pdas dasd s/e a/das a/po a/cg a/polc a/pol a/econ cons consul-general conoff
    mgmt mgt mgmtoff rmo spokesman spokesperson press program manager specialist analyst liaison country under
    undersecretary executive staff chairman chair president vice-president administrator inspector commissioner
    delegate delegation chief-of-staff economic-political political-economic pol-econ-mil environmental
    science-technology health intelligence operations affairs-officer pol/c pol/e econ/c polc econc
    officer-in-charge charge' d'affaires, acting-dcm dep deputy-director associate operating general-counsel
    counsel permrep perm-rep dpr com e/min p/min u/s a/u/s p/m
    """.split()
)
#: Title words that only qualify the next one: a title does not end on them (``Deputy`` Director, ``Acting`` DCM,
#: Chief ``of`` Mission).
TITLE_MODIFIERS = frozenset(
    "acting deputy assistant senior first second third special vice interim for the and of to principal regional"
    " permanent alternate associate dep".split()
)
#: Of those, the nouns that also end a title when a title word comes before them and a name after them:
#: ``Political Deputy Eric Falls`` (09THEHAGUE404), as against ``Deputy`` Director.
TITLE_NOUN_MODIFIERS = frozenset("deputy dep assistant".split())
#: Sections of a post that qualify a title: ``POL/C`` (political counselor), ``Pol/MC``, ``ESTH/NP COUNSELOR``,
#: ``POL/E``; written alone (``John Smith, POL``) they are the office.
POST_SECTIONS = frozenset(
    "POL ECON ECO POLECON ECONPOL PE POLMIL POL-MIL MGT MGMT CONS PAS PD PA RSO ESTH EST DAO ODC LEGATT FCS FAS"
    " USAID NAS MIL".split()
)
#: Bureaus and offices of the Department (and a few agencies), whose symbols name the office of a Washington
#: classifier: ``EAP/CM``, ``NEA/I``, ``EUR/FO DAS Garber`` (08STATE134490), ``ISN/MTR DIRECTOR PAM DURHAM``,
#: ``ISN Acting A/S Vann H. Van Diepen`` (10STATE17263), ``DTRA Fred Carter`` (07TASHKENT2081).
BUREAUS = frozenset(
    "AF EAP EUR NEA SCA SA WHA ARA IO ISN INR PM DRL EB EEB CA DS OES INL PRM CT S ECA IIP VCI AVC NP T P M D G R F"
    " HR OBO EXEC EX L H A NSC JCS OSD DHS USTR DOE DOC USDA CIA DIA FBI DOJ OPS DTRA DEA".split()
)
#: Offices written beside a name: ``STATE, EXEC``, ``Embassy Baku``, ``Political Section``, ``Department of State``.
OFFICE_WORDS = frozenset(
    "STATE DEPT DEPARTMENT EMBASSY CONSULATE MISSION BUREAU OFFICE USEU USNATO USUN USOSCE UNVIE EXEC EXECSEC"
    " SECTION USMISSION".split()
)
#: Suffixes of names, kept with the name: ``Robert O. Blake, Jr.`` (07COLOMBO516), ``John Smith III``.
NAME_SUFFIXES = frozenset({"JR", "JR.", "SR", "SR.", "II", "III", "IV", "2ND", "3RD"})
#: Particles inside names: ``Vann H. Van Diepen``, ``Luis de la Torre``, ``bin Laden``.
NAME_PARTICLES = frozenset("van von de del della der den da di du dos das le la bin ibn al el st. ter ten".split())
#: One word of a person's name: ``Anne``, ``E.``, ``W.R.``, ``O'Brien``, ``al-Khalid``, ``McDonald``, ``DERSE``.
#: (03ANKARA2521: ``Ambassador W.R. Pearson``; 09BERN169: ``Counselor R.Rorvig``; 10USNATO52: ``A. “Hoot” Baez``;
#: 09CAIRO1550: ``STEPHEN P. O'DOWD``.)
NAME_TOKEN = re.compile(
    r"^(?:[A-Z][A-Za-z'’\-]*\.?|[“\"'‘][A-Z][A-Za-z'\-]*[”\"'’]|(?:[A-Z]\.)+[A-Z][A-Za-z'’\-]+|(?:[A-Z]\.){1,3}[A-Z]?|(?:al|el|Al|El)-[A-Z][A-Za-z'\-]*|[A-Z][a-z]?[A-Z][A-Za-z'\-]+)$"
)
#: A Department office symbol: ``EAP/CM``, ``NEA/I``, ``EUR/RUS``, ``S/CT``; ``ISN/WMDT DIRECTOR`` (09STATE39054).
OFFICE_SYMBOL = re.compile(r"^[A-Z]{1,5}(?:/[A-Z0-9]{1,6}){1,3}$")
#: Words before the name that a historian reads as no part of it: a digit zero inside a name is the letter O
#: (``J0HN``, the README's list). No cable of the shared corpus has this; seen in
#: test_classifier_name_title_and_office (tests/test_parse_variants.py: ``Ambassador J0HN D0E``).
ZERO_IN_NAME = re.compile(r"(?<=[A-Za-z])0|0(?=[A-Za-z])")

# ---------------------------------------------------------------------------------------------------------
# Paragraphs
# ---------------------------------------------------------------------------------------------------------

#: A numbered paragraph: ``¶1. (C)``, ``1. (C)``, ``18 (C)`` with no full stop before a portion mark (10PARIS71;
#: 09SANJOSE217, 08CAIRO1416: 6 of the shared pages), ``(6). (U)`` (07PARIS743), ``(SECRET/REL ARMENIA)`` written out
#: (08STATE134490), ``1.(C)`` with no space, ``1. C)``, ``11.`` for ``¶1.`` in the
#: text rendering of 07BAKU1515, ``2.(C)`` (06BERN1593), ``1. (S/NF)``, ``1. (U//FOUO)``, ``1. (C - ENTIRE TEXT)``
#: (79TEHRAN8980). A number closed by a parenthesis it did not open is none: ``December`` / ``8).  At this point``
#: (09TRIPOLI950).
PARAGRAPH_START = re.compile(
    r"^[ \t]{0,8}(?P<pilcrow>¶[ \t]{0,2})?(?P<paren>\((?=\d{1,3}\)\.))?(?P<number>\d{1,3})(?(paren)\))[ \t]{0,2}"
    r"(?:(?P<delim>[.)])(?!\d)|(?=[ \t]{1,2}\((?:TS|S|C|U|SBU|LOU|FOUO|S/NF|C/NF|S//NF|C//NF)\)))[ \t]{0,3}"
    r"(?:\([ \t]{0,2}(?P<mark>(?:(?i:TOP SECRET|SECRET|CONFIDENTIAL|UNCLASSIFIED)|TS|S|C|U|SBU|LOU|FOUO|NF)\b"
    r"(?![.])[^()\n]{0,40}?"
    r"|[A-Za-z]{1,4}(?:[ \t]{0,2}/{1,2}[ \t]{0,2}"
    r"[A-Za-z]{1,5}){0,3})[ \t]{0,2}\)"
    r"|(?P<mark2>(?:TS|S|C|U|SBU|LOU)(?:/[A-Z]{1,4})?)\))?",
    re.M,
)
#: A paragraph with only a mark: ``(C) Text`` after a ``¶`` with no number, or at the start of an unnumbered body.
#: (09LONDON2333: ``(C/NF) UK Foreign Office West Africa team leader ...`` right after the Classified By line.)
PARAGRAPH_MARK_ONLY = re.compile(
    r"^[ \t]{0,8}(?:¶[ \t]{0,2})?\([ \t]{0,2}(?P<mark>(?:U|C|S|TS|SBU|LOU|FOUO|NF)(?:[ \t]{0,2}/{1,2}[ \t]{0,2}"
    r"[A-Z][A-Z ,]{0,30}?)?)[ \t]{0,2}\)"
)
#: The paragraph's number written again after WikiLeaks' own: ``¶1. 1. (SBU) Summary and action request.``
#: (09STATE69224).
NUMBER_AGAIN = re.compile(r"(\d{1,3})\.[ \t]{1,3}(?=\()")
#: A portion mark right after a section label: ``SUMMARY: (C) According to ...`` (04THEHAGUE3333), ``SUMMARY (U)
#: Network Business Owner ...`` (10SANJOSE210).
MARK_AFTER_LABEL = re.compile(
    r"(?i:(?:BEGIN\s+)?SUMMARY|COMMENT)\s*[:.\-]?\s*\((?P<mark>(?:TS|S|C|U|SBU|LOU)(?:/{1,2}[A-Z]{1,5})?)\)"
)
#: Page and section markers inside the body: ``BAKU 00001515 001.2 OF 002`` (07BAKU1515), ``PAGE 02 STATE
#: 023763 071504Z``, ``PAGE 02 TEHRAN 02069 041221Z`` of the old cables.
PAGE_MARKER = re.compile(
    r"^[ \t]*(?:(?:[A-Z][A-Z ]{1,30}|[A-Z][a-z]{1,11}(?: [A-Z][a-z]{1,11}){0,2})[ \t]\d{8}[ \t]+\d{3}(?:\.\d{1,2})?"
    r"[ \t]+(?i:OF)[ \t]+\d{3}"
    r"|PAGE[ \t]+\d{1,3}[ \t]+[A-Z][A-Z ]{1,30}[ \t]+\d{2,6}(?:[ \t]+\d{6}Z)?(?:[ \t]+[A-Z0-9 ]{0,20})?)[ \t]*$"
)
#: A page marker inside a text line, where the newlines were lost (06MOSCOW3335: ``... offers MOSCOW 00003335
#: 002 OF 004 Medvede...``); the station may be cut to ten letters (``BUENOS AIR 00000034``, 06BUENOSAIRES34), or
#: lower-cased with the page (``End Kinshasa 00000189 002 of 002 Comment.``, 08KINSHASA189).
#: Its station is the words that name a known station (:func:`cabledb.parse.ids.marker_start`): in ``... FROM JAWS
#: OF DEFEAT TRIPOLI 00000570 001.2 OF 002`` (09TRIPOLI570) the subject ends ``OF DEFEAT``.
#: The eight digits every :data:`PAGE_MARKER_INLINE` holds (``MOSCOW 00003335 002 OF 004``, 06MOSCOW3335): a cheap
#: test first, since that pattern, which starts with a class, is tried at every position of the text.
PAGE_MARKER_DIGITS = re.compile(r"\d{8}")
PAGE_MARKER_INLINE = re.compile(
    r"[ \t]{0,4}\b(?P<station>[A-Z]{2,12}(?: [A-Z]{1,11}){0,2}|[A-Z][a-z]{1,11}(?: [A-Z][a-z]{1,11}){0,2})"
    r"[ \t]{1,4}\d{8}[ \t]{1,4}\d{3}(?:\.\d{1,2})?[ \t]{1,4}(?i:OF)[ \t]{1,4}\d{3}\b"
)
#: The old print format's page header at the start of a line, glued to text: ``PAGE 04 HARARE 05461 01 OF 02
#: 271458Z ENOUGH, BUT`` (00HARARE5461).
PAGE_HEADER_PREFIX = re.compile(
    r"^PAGE[ \t]+\d{1,3}[ \t]+[A-Z][A-Z ]{1,20}?[ \t]+\d{2,6}(?:[ \t]+\d{2}[ \t]+OF[ \t]+\d{2})?[ \t]+\d{6}Z[ \t]+"
)
#: A page's classification run into the end of the last line before the page header (00HARARE5461).
TRAILING_CLASSIFICATION = re.compile(
    r"(?<=\S)[ \t]+(?:CONFIDENTIAL|SECRET|UNCLASSIFIED|LIMITED OFFICIAL USE|UNCLAS)[ \t]*$"
)
#: Continuation-section banners inside a body: ``C O N F I D E N T I A L SECTION 02 OF 02 BAKU 001515``.
#: E.g. ``C O N F I D E N T I A L SECTION 02 OF 02 HARARE 005461`` in the middle of 00HARARE5461.
SECTION_BANNER_LINE = re.compile(
    r"^[ \t]*(?:UNCLAS(?:SIFIED)?|C O N F I D E N T I A L|S E C R E T|CONFIDENTIAL|SECRET|LIMITED OFFICIAL USE)"
    r"[ \t]+(?:[A-Z][A-Z ]{0,40}[ \t])?SECTION[ \t]+\d{1,3}[ \t]+OF[ \t]+\d{1,3}[ \t]+[A-Z][A-Z ]{1,30}\d{1,7}[ \t]*$"
)
#: The distribution line of the old print format, inside a body: ``CONFIDENTIAL PTQ7827`` and ``ACTION EUR-00 INFO
#: LOG-00 COR-01 NP-00 AID-00 ...`` (02ROME1196).
DISTRIBUTION_LINE = re.compile(
    r"[ \t]*(?:(?:UNCLASSIFIED|CONFIDENTIAL|SECRET)[ \t]+PTQ\d{3,5}|(?:ACTION|INFO)[ \t]+[A-Z]{2,6}-\d{2}\b.*"
    r"|(?:[A-Z]{2,6}-\d{2}[ \t]+){3,}.*)[ \t]*"
)
#: The classification alone on a line inside a body: the page header of the old print format (90CAPETOWN97).
CLASSIFICATION_LINE = re.compile(
    r"[ \t]*(?:UNCLASSIFIED|CONFIDENTIAL|SECRET|LIMITED OFFICIAL USE|C O N F I D E N T I A L|S E C R E T)[ \t]*"
)
#: Heading decoration: lines of dashes or underscores (07BRASILIA2262: ``-------- Comment: --------``).
RULE_LINE = re.compile(r"^[ \t]*[-_=*]{3,}[ \t]*$")
#: A bullet inside a paragraph, which keeps its own line when wrapped lines are joined.
#: (07KABUL3848: the bullets ``a) assessment and recruiting`` to ``e) close PMT overwatch`` inside ¶3.)
INNER_BULLET = re.compile(r"^\s*(?:--|-\s|\*|•|[A-Z]\.\s|\(?[a-z0-9]{1,2}\)\s|[A-Z]\)\s)")

#: The spellings of the section words that the summary and comment finders look for in all the paragraphs at once
#: (``SUMMAR``, ``Summar``, ``summar``; ``COMM``, ``Comm``, ``comm``): two scans a word, each from the letters after
#: its first, which ``re`` skips ahead to faster than ``str.find`` finds the word, with a look-behind for the first
#: (``(C) Summary:``, 07BAKU1515; ``BEGIN SUMMARY``, 72TEHRAN1164; ``COMMENT:``, 08MADRID580).
SUMMARY_WORD_SCANS = (re.compile(r"MMAR(?<=SUMMAR)"), re.compile(r"mmar(?<=[Ss]ummar)"))
COMMENT_WORD_SCANS = (re.compile(r"MM(?<=COMM)"), re.compile(r"mm(?<=[Cc]omm)"))
#: Summary and comment markers. ``(C) Summary: Fallout associated ... End Summary.`` (07BAKU1515); ``BEGIN SUMMARY``
#: (72TEHRAN1164); ``SUMMARY AND COMMENT:``, ``Introduction and Summary:``, ``SUMMARY AND BACKGROUND:`` ... ``END
#: SUMMARY AND BACKGROUND.`` (09PARIS1461), ``Summary -------`` (a rule on the label's line, 09BOGOTA3127),
#: ``Summary continued:`` (a later paragraph of the summary, 06MEXICO6085; ``Summary con't.``, 08LONDON1761),
#: ``Summary/Introduction.`` (09BUENOSAIRES853), ``Summary, Post convened ...`` (05SANJOSE2726),
#: ``SUMMARY (U) Network ...`` with the
#: mark after the label (10SANJOSE210).
SUMMARY_START = re.compile(
    r"\s*(?:BEGIN\s+)?(?:(?:INTRODUCTION|OVERVIEW|BACKGROUND)(?:\s+AND|\s*&)\s+)?(?:EXECUTIVE\s+)?SUMMARY"
    r"(?:(?:\s+AND|\s*&|\s*/)\s*(?:COMMENTS?|ACTION\s+REQUESTE?D?|INTRODUCTION|OVERVIEW|RECOMMENDATIONS?|BACKGROUND))?"
    r"(?:\s*,?\s*\(?(?:CONTINUED|CONT'?D|CON'T|CONT\.(?=\s*:))\)?)?"
    r"\s*(?:[:.\-]+|,(?=\s+(?-i:[A-Z]))|(?=\s*\n)|$|(?=\((?:TS|S|C|U|SBU|LOU)[/)]))\s*",
    re.I,
)
#: The end markers start with a literal (``END``, ``End``, ``end``) so that the regex engine can skip ahead;
#: ``Eed summary.`` (06REYKJAVIK107) and ``Endsummary`` are typos of them. ``End Introduction and Summary.``
#: (09STOCKHOLM384) ends what ``Introduction & Summary`` heads.
SUMMARY_END = re.compile(
    r"(?:END|End|end|Eed|EED|Edn|EDN)\s*"
    r"(?i:(?:OF\s+)?(?:(?:INTRODUCTION|OVERVIEW|BACKGROUND)(?:\s+AND|\s*&)\s+)?(?:EXECUTIVE\s+)?SUMMARY"
    r"(?:(?:\s+AND|\s*&)\s+(?:COMMENTS?|ACTION REQUEST|BACKGROUND)|\s*/\s*INTRODUCTION)?)"
    r"\b\s*[.:\-]*\)?\s*"
)
#: ``Comment:``, ``POST COMMENT:``, ``Comment continued:`` (05BRASILIA3150), ``COMMENT CONT'D:`` (09BAGHDAD2992),
#: ``Bio note and comment:`` (10TRIPOLI75), ``COMMENT AND ACTION REQUEST:``, ``COMMMENT`` misspelled.
COMMENT_START = re.compile(
    r"\s*(?:BEGIN\s+)?(?:(?:POST|EMBASSY|CONSULATE|MISSION|AMBASSADOR'?S|FINAL|BIO\s+NOTE\s+AND)\s+)?COMM+ENTS?"
    r"(?:\s*\(?(?:CONTINUED|CONT'?D|CON'T|CONT\.(?=\s*:))\)?"
    r"|(?:\s+AND|\s*&)\s+(?:ACTION\s+REQUESTE?D?|RECOMMENDATIONS?|ANALYSIS))?"
    r"\s*(?:[:.\-]+|$)\s*",
    re.I,
)
#: A continuation label in brackets: ``(Summary continued)`` (09BAGHDAD1104), ``(Comment cont'd)``.
BRACKETED_CONTINUED = re.compile(r"\(\s*(?P<word>[A-Za-z]+)\s+(?i:continued|cont'?d|con't|contd\.?)\s*\)\s*[:.\-]?\s*")
#: A continuation label without the section's word, on a later paragraph of a section: ``Contd.:``, ``Continued:``
#: (09UNVIEVIENNA540: ``Summary contd.:``, then ``Contd.:`` twice before ``End summary``).
BARE_CONTINUED = re.compile(r"\s*\(?(?i:continued|cont'?d|contd)\)?\.?\s*[:\-]\s*")
#: ``End Comment``, ``END OF COMMENT``, ``Endcomment``, ``End Summary and Comment`` (10KUALALUMPUR12), ``End bio note
#: and comment`` (10TRIPOLI75).
COMMENT_END = re.compile(
    r"(?:END|End|end)\s*(?i:(?:OF\s+)?(?:(?:SUMMARY|BIO\s+NOTE)(?:\s+AND|\s*&)\s+)?COMM+ENTS?)\b\s*[.:\-]*\)?\s*"
)
#: Headings: ``Summary`` (06SANJOSE444), ``(U) Summary`` (10STATE17263), ``SUMMARY AND OVERVIEW``, ``Comment``,
#: ``Comment: Inaction Sets Bad Precedent`` (a comment heading with a title, 09KAMPALA1401), ``Post Comment and
#: Recommendation``.
SUMMARY_HEADING = re.compile(
    r"^(?:\([A-Z/]{1,6}\)\s*)?(?:(?:INTRODUCTION|OVERVIEW)(?:\s+AND|\s*&)\s+)?(?:EXECUTIVE\s+)?SUMMARY"
    r"(?:(?:\s+AND|\s*&)\s+(?:COMMENTS?|OVERVIEW|INTRODUCTION))?\W*$",
    re.I,
)
#: A comment heading: ``Comment: Inaction Sets Bad Precedent`` (09KAMPALA1401), ``Post Comment and Recommendation``
#: (06BUENOSAIRES2590), ``COMMMENT`` over a rule (09BAGHDAD2744), ``Final Comment`` (09STOCKHOLM569). ``Final Comments``
#: heads what the people at a meeting said last (05BUENOSAIRES138), no comment of the post's.
COMMENT_HEADING = re.compile(
    r"^(?:\([A-Z/]{1,6}\)\s*)?(?:(?:POST|EMBASSY|MISSION|CONSULATE|AMBASSADOR'?S)\s+COMM+ENTS?|FINAL\s+COMM+ENT\b|COMM+ENTS?)"
    r"(?:\W*$|(?:\s+AND|\s*&)\s+\w+(?:\s+\w+)?\W*$|\s*:\s*\S.*$)",
    re.I,
)
#: A paragraph that only records how the cable was made, or lists who took part: it ends a comment that runs on
#: under its heading without an end marker. ``This cable was cleared by U/S Burns.`` (05NEWDELHI8231), ``AUSTR
#: Eissenstat has cleared this cable.`` (08SANJOSE410), ``Consulate Munich contributed to this cable.``
#: (10BERLIN153), ``(U) Delegations: UK: ...`` (08LONDON2195), ``Zelaya's delegation:`` (09SANJOSE602).
ADMIN_PARAGRAPH = re.compile(
    r"^\W{0,3}(?:\([A-Z/]{1,8}\)\s*)?(?i:"
    r"this\s+(?:cable|message|telegram|report)\s+(?:was|has\s+been|is)\s+(?:cleared|coordinated|drafted|prepared)\b"
    r"|[^.\n]{0,80}\b(?:cleared|contributed\s+to|coordinated|drafted)\s+(?:this|the)\s+(?:cable|message|telegram)\b"
    r"|(?:cleared|coordinated|drafted)\s+(?:by|with)\b|minimize\s+considered"
    r"|[\w'’. -]{0,40}\b(?:delegations?|participants|attendees)\s*:)"
)
#: A summary or comment heading on a line of its own, without blank lines around it (07HAMBURG73).
SECTION_HEADING_LINE = re.compile(
    r"^(?:(?:POST|EMBASSY)\s+)?(?:SUMMARY|COMMENTS?|Summary|Comments?)(?:\s*[-_=:]{0,40})?$"
)
#: A summary or comment heading with its rule run into the end of the line of the paragraph before it, after the
#: sentence that ends that paragraph: ``... was shockingly forthright. Comment -------`` (09MANAMA542; 09KYIV1991,
#: 10MANAMA11 ``... End note). COMMENT -------``). Not ``End Comment -------``: a full stop or bracket comes first.
SECTION_HEADING_RUN_IN = re.compile(
    r"(?<=[.!?\"')\]])[ \t]+((?:(?:POST|EMBASSY|Post|Embassy)[ \t]+)?(?:SUMMARY|COMMENTS?|Summary|Comments?))"
    r"[ \t]*:?[ \t]*[-_=]{3,}[ \t]*$"
)
#: A portion mark and rules left at the start of a section's text: ``Summary: (C) According ...`` (04THEHAGUE3333),
#: ``Summary ------- Two controversial ...`` (09BOGOTA3127).
SECTION_LEAD = re.compile(
    r"^(?:\s*(?:¶?\d{1,3}\.(?=\s*\()|\((?:TS|S|C|U|SBU|LOU)(?:/{1,2}[A-Z ,]{1,20})?\)|-{2,}|_{2,}|=+))+\s*"
)

# ---------------------------------------------------------------------------------------------------------
# Signature and trailer
# ---------------------------------------------------------------------------------------------------------

#: Lines after the signature that are not part of it: a declassification stamp (73TEHRAN2077), ``NNNN`` (``Nnnn``
#: in the lower-cased pages, 08STATE15220), ``BT``, ``#1515``, and the web-gateway note ``Visit ... Classified
#: Website`` with its address (07LONDON640), which stands between the text and the signature too, and a page
#: number alone (``VAN VOORST`` / ``1`` / ``SENSITIVE BUT UNCLASSIFIED``, 09REYKJAVIK49); the note's second part,
#: ``You can also access this site through the State Department's`` / ``Classified SIPRNET website.`` (05TELAVIV1593),
#: ``For more reporting from Embassy Kuwait, visit:`` (09KUWAIT110).
TRAILER_LINE = re.compile(
    r"^>?[ \t]{0,4}(?:(?i:N{3,4})|BT|#\s?\d{1,6}|=+(?:\s{0,3}CABLE ENDS\s{0,3}=*)?|\.{3}|[\"'>]|GP-\d\.?"
    r"|(?i:END\s+(?:OF\s+)?(?:CABLE\s+TEXT|TEXT|CABLE|MESSAGE))\.?|Review\s+\d{1,2}\s+[A-Z]{3}\s+\d{4}"
    r"|Declassified/Released.*|Systematic\s+Review.*|MINIMIZE\s+CONSIDERED\.?|[-_=]{3,}"
    r"|\(?\s{0,3}REVIEWED\s+BY.*|SIPDIS|\.|\*{3,}[* ]{0,200}|\d{1,2}"
    r"|(?:\d{4}[A-Z]{4,6}\d{5}\s{0,3}-\s{0,3})?(?:Classification:\s{0,3})?(?:UNCLASSIFIED|CONFIDENTIAL|SECRET|UNCLAS)"
    r"(?:\s{1,3}SIPDIS)?"
    r"|SENSITIVE(?:\s+BUT\s+UNCLASSIFIED|\s+SIPDIS)?|SELECT \* FROM .*"
    r"|[\"* \t]{0,40}(?i:please\s+)?(?i:visit|track) .{0,200}"
    r"|.{0,80}://\S{0,200}(?:[ \t]\S{1,40}){0,5}"
    r"|[a-z.]{0,40}gov\.gov.*\"?|(?i:www\.)\S{3,200}|[a-z]{0,12}\.\s?cfm\S{0,40}|X{6,}[* \t]{0,200}"
    r"|(?i:you\s+can\s+also\s+access\s+this\s+site\b).{0,100}|.{0,60}(?i:siprnet\s+web\s?site)\.?"
    r"|(?i:for\s+more\s+reporting\s+from\b).{0,100})[ \t]{0,200}$"
)
#: The web-gateway note run into the end of the last line: ``... developments. ********* Visit Embassy Manama's
#: Classified Website: XXXXXXXXXXXX*********`` (07MANAMA1011), ``... Track Munich reporting at xxxxx`` (08MUNICH423).
TRAILER_RUN_IN = re.compile(
    r"[\s*]*(?i:please\s+)?(?i:visit|track)\s[^.]{0,80}?(?i:classified|reporting|website|web site)\b.*$"
)
#: A signature: one to three names, capitals or mixed case: ``DERSE`` (07BAKU1515), ``Sobel`` (03THEHAGUE2163),
#: ``VAN VOORST``, ``van Voorst``, ``Leslie BASSETT`` (08MEXICO23), ``CDA Griffiths`` (08QUITO672), ``WILLIAMSONB``,
#: ``Timken jr`` (08BERLIN643).
SIGNATURE = re.compile(
    r"^[ \t]*((?:(?:van|de|del|da|von|le|la|di)[ \t])?[A-Z][A-Za-z'\-]{1,30}"
    r"(?:[ \t]{1,3}(?:(?:van|de|del|da|von|le|la|di)[ \t])?[A-Z][A-Za-z'\-]{1,30}){0,2}(?:,?[ \t](?i:jr|sr|iii)\.?)?)"
    r"(?:/[A-Z]{1,3})?[ \t.\"']*$"
)
#: The signature of a quoted cable, its end marker, then the cable's own: ``CLINTON UNQUOTE CLINTON`` (09STATE127892,
#: which quotes a cable of its own). The signature is what follows the marker.
SIGNATURE_AFTER_UNQUOTE = re.compile(
    r"^[ \t]*[A-Z][A-Za-z'\-]{1,30}(?:[ \t]+[A-Z][A-Za-z'\-]{1,30}){0,2}"
    r"[ \t]+(?:UNQUOTE|END QUOTE|UNQTE)[ \t]+(?=[A-Z])"
)
#: A surname in mixed case, camel case too: ``Scobey``, ``LeBaron`` (08LONDON1841), ``McCarthy``, ``O'Brien``.
_MIXED_CASE_NAME = r"[A-Z](?:[a-z]{1,2}'?[A-Z]|'[A-Z])?[a-z]{2,20}"
#: A signature followed by a date or numbers (``STEVENS 0 02/14/2008``, 08TRIPOLI119; ``BURNS<tab>2006-03-31``,
#: 06MOSCOW3335): the numbers go.
SIGNATURE_TAIL = re.compile(r"(?<=[A-Za-z.])[ \t]+[\d][\d/.\-: \t]*$")
#: A signature run into the end of the last text line: ``... an uphill battle in Parliament.   BLAKEMAN``
#: (73TEHRAN2077), ``End Comment.  WAYNE`` (08BUENOSAIRES1305), ``End Comm. CRETZ`` (09TRIPOLI924),
#: ``... the Vatican table.ROONEY`` (06VATICAN83) with no space, ``... financial crisis. Scobey`` in mixed case
#: (09CAIRO1760).
SIGNATURE_RUN_IN = re.compile(
    r"(?:(?<=[.!?\")*”’])|(?<=XXXXXX)|(?<=cfm)|(?<=[.!?\"”’]\s)|(?<=END TEXT)|(?<=UNQUOTE))[ \t]{0,8}"
    r"(?<![A-Za-z])(?!XXXX)([A-Z][A-Z'\-]{2,30}(?:[ \t](?!XXXX)[A-Z][A-Z'\-]{2,30})?|" + _MIXED_CASE_NAME + r")[ \t.]*$"
)
#: A signature run into the end of the web-site note: after a sentence end, an address or a mask, or two spaces
#: (``... index. cfm Tuttle``, 07LONDON4472; ``.../p/eur/kiev. Herbst``, 06KIEV1531; ``XXXXXXXXXXXX ed_Kingdom
#: SUSMAN.``, 10LONDON88, where the mask ate most of the address).
SIGNATURE_AFTER_NOTE = re.compile(
    r"(?:(?<=[.!?\")*])|(?<=XXXXXX)|(?<=cfm)|(?<=\S\s\s))[ \t]{0,8}"
    r"(?<![A-Za-z])(?!XXXX)([A-Z][A-Z'\-]{2,30}(?:[ \t](?!XXXX)[A-Z][A-Z'\-]{2,30})?|" + _MIXED_CASE_NAME + r")[ \t.]*$"
)
#: Titles before a signer's name: ``CDA Griffiths``.
SIGNER_TITLES = frozenset({"CDA", "AMB", "AMBASSADOR", "DCM", "CHARGE", "CG", "PO", "ACTING", "A/DCM"})
#: Words that end a body but are not names.
NOT_SIGNATURE = frozenset(
    {
        "END",
        "SUMMARY",
        "COMMENT",
        "END COMMENT",
        "END SUMMARY",
        "UNQUOTE",
        "END QUOTE",
        "END TEXT",
        "BT",
        "NNNN",
        "SIPDIS",
        "NOFORN",
        "CONFIDENTIAL",
        "SECRET",
        "UNCLASSIFIED",
        "UNCLAS",
        "TEXT",
        "QUOTE",
        "ACTION",
        "UNQTE",
        "NOTE",
        "END NOTE",
        "CABLE",
        "NONE",
        "PASS",
        "DEPT",
        "STATE",
        "USG",
        "THANKS",
        "REGARDS",
        "PLEASE",
        "ADVISE",
        "SEPTEL",
        "STOP",
        "DONE",
        "YES",
        "OK",
        "ENDS",
        "ENDIT",
        "NIACT",
        "IMMEDIATE",
        "PRIORITY",
        "ROUTINE",
        "MINIMIZE",
        "CONSIDERED",
        "XXXXXXXXXXXX",
    }
)

# ---------------------------------------------------------------------------------------------------------
# Used by classified.py
# ---------------------------------------------------------------------------------------------------------

#: Words split by the line wrap: ``reaso\nns`` (06PARIS1699), ``A \nND D`` (07BRASILIA2262), ``a nd``.
WRAP_DAMAGE = re.compile(
    r"\b(?:A\s+ND|AN\s+D|REAS?O?\s+O?NS?|REA\s+SONS?|R\s+EASONS?|F\s+OR|FO\s+R|P\s+ER|PE\s+R)\b", re.I
)
#: A cheap test for wrap damage: ``1.4 B A`` / ``ND D`` (07BRASILIA2262), ``Blome fo r reasons`` (09CAIRO1366).
#: It is ``(?i)\b(?:a\s+nd|an\s+d|rea|r\s+eas|fo?\s+o?r|pe?\s+e?r)\b``, written so that ``re`` skips the positions
#: where it cannot start (a leading ``\b`` or a case-insensitive letter makes it try every one): its first letter
#: as a class, the word boundary before it as "no word character before the letter". The same texts match.
WRAP_HINT = re.compile(
    r"[AaFfPpRr](?<!\w.)(?i:(?<=a)(?:\s+nd|n\s+d)|(?<=r)(?:ea|\s+eas)|(?<=f)o?\s+o?r|(?<=p)e?\s+e?r)\b"
)
#: Where the reasons end in run-on text: ``for reason 1.4 (b). (C) The wife of ...`` (09CAIRO142).
REASON_STOP = re.compile(
    r"(?:\.\s+[A-Z][a-z]{2,}|\bE\.?\s?O\.?\s?\d|\bDECL|\bDerived|\n\s*\n|[.;]\s+\((?:[CSU]|SBU|[CS]/NF)\)\s)"
)
#: A range of reason letters: ``per reasons 1.5(b)-(d )`` (03THEHAGUE2835).
RANGE = re.compile(r"\(?\s?([a-hA-H])\s?\)?\s?-\s?\(?\s?([a-hA-H])\s?\)?")
#: Titles written as one word of a section and a role: ``POLOFF``, ``ESTHOFF``, ``ECONCOUNS``, ``D/POLCOUNS``.
#: (``ESTHOFF KEN FORDER``, 05MADRID3519; ``D/Polcouns Art Muirhead``, 05LIMA4748.) An ``-off`` word is a title
#: only after a section's letters: ``Charge Geoff Pyatt`` (06NEWDELHI5470) names Geoff.
ROLE_WORD = re.compile(
    r"^(?:[a-z]{1,4}/)?(?:[a-z]{2,8}(?:couns|counselor|chief|officer)"
    r"|(?:pol|econ|eco|polec|polecon|poleco|econpol|esth|est|con|cons|mgmt|mgt|polmil|pm|rso|pa|pao|pd|pas"
    r"|labor|lab|mil|ag|comm|fcs|inl|nas|rmo|gso|hr|fmo|ims|dep|sci)offs?)$"
)
#: Separators of a classifier's name, title and office: ``Chris Stevens, CDA, U.S. Embassy - Tripoli, Dept of
#: State`` (08TRIPOLI564).
SEGMENT_SPLIT = re.compile(r"\s*(?:[,;]|\s-{1,2}\s|\s-{1,2}$|^-{1,2}\s)\s*")
#: A redacted name: ``Classified By: XXXXXXXXXXXX Reasons 1.4 (B) and (D).`` (06DUBLIN623).
REDACTED = re.compile(r"^X{4,}[,.;:]?$")
#: The last letter of a name wrapped onto the next line: ``John Desroche`` / ``r for reasons`` (09BAGHDAD2744).
WRAPPED_TAIL = re.compile(r"^[b-hj-z][,.;:]?$")
#: A page header inside a statement: ``PAGE 02 RUEHFRA0170 S E C R E T`` between ``REASONS`` and ``1.4 (B)``
#: (07PARIS170).
PAGE_LINE = re.compile(r"^\s*PAGE\s+\d{1,3}\b")

# ---------------------------------------------------------------------------------------------------------
# Used by paragraphs.py
# ---------------------------------------------------------------------------------------------------------

#: "1..." with only dots after it is no paragraph (04THEHAGUE2735).
DOTS_ONLY = re.compile(r"[ \t]*\.[. \t]*(?:\n|$)")
#: The slashes of a portion mark, spaces around them dropped: ``5.(S/ REL TO UK)`` (08ANKARA1417).
SLASH_SPACES = re.compile(r"\s*(/{1,2})\s*")
#: ``(C NF)`` (09KABUL376): two portion codes with a space for the slash.
TWO_CODES = re.compile(r"^(?:TS|S|C|U|SBU) (?:NF|NOFORN|FOUO)$")
#: Candidate lines for a paragraph start: a newline (or the start), a little space, then ¶ or a digit.
#: A line in a block that keeps its own line when the block is joined: a bullet or a rule.
#: (``b) placement of temporary covering security force`` in 07KABUL3848; a ``=====`` rule in 08SANJOSE5.)
SPECIAL_LINE = re.compile(r"\n(?:[-*•(_=]|[A-Za-z0-9]{1,2}[.)] |(?:COMMENT|SUMMARY|END COMMENT)\b)")
#: A section label at the start of a line keeps its line (``COMMENT: Post and CTC McCarry ...`` inside 08MADRID580's
#: paragraph 3), so that the summary and comment finders see it.
LABEL_LINE = re.compile(r"^(?:COMMENT|SUMMARY|END COMMENT)\b")
#: (The pattern starts with the punctuation itself, not a look-behind, so that the regex engine can skip ahead.)
#: E.g. ``... but it did not happen." 2.(C) Ismail said ...`` (08CAIRO2177). A heading in capitals may stand
#: between the sentence and the number: the cut is then before the heading (``... once a week.  AN INDECENT
#: PROPOSAL  3. (S/NF) El-Meyet said ...``, 08TRIPOLI564), and :data:`HEADING_THEN_PARAGRAPH` takes it off.
RUN_ON_PARAGRAPH = re.compile(
    r"[.!?\"”)\-]\s+(?=((?:[A-Z][A-Z0-9,:/&'\-]*(?:[ \t]+[A-Z0-9,:/&'\-]+){0,9}[ \t]+)?"
    r"¶?\d{1,3}\.\s{0,2}\((?i:U|C|S|SBU|TS|LOU)(?:/{1,2}[A-Z]{1,4}){0,2}\)))"
)
#: An unmarked paragraph number run in after a sentence: ``... more broad-based." 6. Pomar, a ...``
#: (05SAOPAULO1076); the paragraph finder cuts there only for a number missing from the list.
UNMARKED_RUN_IN = re.compile(r"(?<=[.!?\"”)])[ \t]{1,3}(?P<number>\d{1,3})\.[ \t]{1,3}(?=[A-Z\"“(])")
#: Words with a full stop that a number follows without ending a sentence: ``No. 6.``, ``Oct. 6.``, ``para. 6.``.
ABBREVIATION_BEFORE = re.compile(
    r"\b(?i:no|nos|art|para|paras|sec|pp?|vol|fig|ch|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec|st|mr|mrs|dr)\.$"
)
#: A heading run into its paragraph: ``LONG TERM SOLUTION NEEDED 8. (SBU) President Lula's ...`` (10BRASILIA156).
HEADING_THEN_PARAGRAPH = re.compile(
    r"^([A-Z][A-Z0-9,:/&' \-]{2,60}?)[ \t]+(¶?\d{1,3}\.[ \t]{0,2}\((?:U|C|S|SBU|TS|LOU)(?:/{1,2}[A-Z]{1,4}){0,2}\))"
)
#: A cheap test for a run-on paragraph: ``... under house arrest. 3.(C) Noting that ...`` (08TRIPOLI182).
RUN_ON_HINT = re.compile(r"\d\.\s{0,2}\((?i:U|C|S|SBU|TS|LOU)[/)]")
#: :data:`RUN_ON_HINT` from its parenthesis, which ``re`` finds at C speed (a pattern that starts with a class is
#: tried at every position), the number before it looked behind for: a match of this at or after ``pos + 2`` is
#: there whenever one of :data:`RUN_ON_HINT` is at or after ``pos`` (08TRIPOLI182).
RUN_ON_HINT_PAREN = re.compile(r"\((?:(?<=\d\.\()|(?<=\d\.\s\()|(?<=\d\.\s\s\())(?i:U|C|S|SBU|TS|LOU)[/)]")
#: Where a line may hold paragraphs run together or a heading run into its paragraph: a period, up to two spaces
#: and a parenthesis (``... once a week.  AN INDECENT PROPOSAL  3. (S/NF)``, 08TRIPOLI564; ``HAITI 5. (SBU)``,
#: 05BRASILIA715). One scan from the period, which ``re`` finds at C speed, in place of a search for each spacing.
PERIOD_PAREN = re.compile(r"\. {0,2}\(")
#: The scans for the needles of ``clean_lines`` (paragraphs.py), two needles a scan where they share a start. Each
#: scan begins at a literal character, which ``re`` skips ahead to faster than ``str.find`` finds a needle; a
#: look-behind checks what comes before it. ``OF 0`` and `` OF 1``: page markers and banners (``TOKYO 00001441 002
#: OF 013``, 09TOKYO1441; ``SECTION 01 OF 14 NEW DELHI``, 05NEWDELHI2550). ``of 0`` from its ``f``, rarer than
#: ``o``: a marker lower-cased with its page (``tashkent 004223``, 00TASHKENT4223). ``PAGE``: a page header (``PAGE
#: 04 HARARE 05461 02 OF 02 271459Z``, 00HARARE5461). ``IPDIS`` and ``I P D``: SIPDIS (06BEIRUT895), ``S I P D I
#: S`` (09SANAA2070). ``-00`` and ``-01 ``: a distribution line (``INFO LOG-00 COR-01 NP-00``, 02ROME1196).
MARKER_NEEDLE_SCANS = (
    re.compile(r"OF (?:0|1(?<= OF 1))"),
    re.compile(r"f 0(?<=of 0)"),
    re.compile(r"PAGE"),
    re.compile(r"I(?:PDIS| P D)"),
    re.compile(r"-0(?:0|1 )"),
)
#: A line that may start a paragraph: ``    1.  (SBU) Summary.``, indented where the page marker before it
#: was cut from the line (09LONDON1886).
LINE_WITH_NUMBER = re.compile(r"\n[ \t]{0,8}[¶\d(]")
#: A line that starts with a classification: maybe the page header of the old print format (90CAPETOWN97) or a
#: repeated banner (07BAKU1515). One scan that stops only at newlines, where six ``str.find`` calls cost twice as much.
CLASSIFICATION_AT_LINE_START = re.compile(
    r"\n(?:CONFIDENTIAL|SECRET|UNCLASSIFIED|LIMITED OFFICIAL USE|C O N F|S E C R)"
)
#: The portion mark of a heading: ``(C) SUMMARY`` over a rule (09DOHA502).
HEADING_MARK = re.compile(r"^\([A-Z/]{1,6}\)\s*")

# ---------------------------------------------------------------------------------------------------------
# Used by pipeline.py
# ---------------------------------------------------------------------------------------------------------

#: Control characters and decoding failures, counted to tell noise from text. No cable of the shared corpus has
#: them; seen in test_empty_noise_and_nul_bytes (tests/test_hostile.py) and test_arbitrary_bytes.
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0e-\x1f\ufffd]")

# ---------------------------------------------------------------------------------------------------------
# Used by preamble.py
# ---------------------------------------------------------------------------------------------------------

# Cut rules: where a keyword's value ends, besides the next keyword.
#: A blank line, also one of tabs only (09SANTIAGO282, after ``SUBJECT: ... VICE PRESIDENT BIDEN`` / ``TO CHILE``).
BLANK_LINE = re.compile(r"\n[ \t]*\n")
#: The next line of a REF list: another bullet (``B. BAKU 1234``, ``b)``, ``REF B:``, ``- (B)``), or a citation.
#: (02ROME1725: ``¶B. ROME 721`` two blank lines below ``REF: A. ROME 1206``.)
REF_CONTINUES = re.compile(r"[ \t]*(?:-[ \t]*)?¶?[ \t]*(?:REF[ \t]+)?\(?[A-Za-z][ \t]?[.):][ \t]*\S")
#: A line that cites something: a number, or ``EMAIL`` (08SANJOSE5: ``B) SAN JOSE-WHA/CEN EMAIL OF 12/31/07``).
CITES = re.compile(r"\d{2,}|(?i:e-?mail|telcon|memo|letter|report|note|fax|conversation|meeting)")
#: Lines after a subject that start the text, not continue the subject: a heading, a rule, a mark, an address.
#: (04THEHAGUE2735: ``THIS CABLE IS SENSITIVE BUT UNCLASSIFIED.`` right after the subject.)
HEADINGISH = re.compile(
    r"\s*(?:[-_=*]{3}|\(|¶|\d|(?i:summary|comment|background|introduction|begin|pass|action|info|sensitive"
    r"|this cable|this message|entire text|iir|ref)\b"
    r"|[A-Z][A-Z/ ]{0,20}(?:FOR|PASS|TO)\b)"
)

# ---------------------------------------------------------------------------------------------------------
# Used by references.py
# ---------------------------------------------------------------------------------------------------------

#: Items that cite nothing: the ``and`` of ``C) State 15111; and D) State 13716`` (08REYKJAVIK23).
NOT_ITEMS = re.compile(r"(?:REFTELS?|REFS?|AND|ABOVE|BELOW|SEPTEL|PREVIOUS)\W*", re.I)
#: A line that ends with a citation: ``REF: PANAMA 829; PANAMA 879; BOGOTA 3483`` (09PANAMA881) ...
ENDS_WITH_CITE = re.compile(r"\d(?:\s*\(\d{2}\))?[ \t,]*$")
#: ... and a next line that starts with a word: ``STEPHENSON-BROWNFIELD E-MAILS`` (09PANAMA881).
STARTS_WITH_WORD = re.compile(r"\s*[A-Za-z]{2,}")

# ---------------------------------------------------------------------------------------------------------
# Used by sections.py
# ---------------------------------------------------------------------------------------------------------

#: SIPDIS inside the text: ``... how quickly we will move SIPDIS forward.`` (05NEWDELHI2550). Only after a space
#: (the caller checks: a look-behind first would cost the search its fast scan for the ``S``).
SIPDIS_WORD = re.compile(r"S\s?I\s?P\s?D\s?I\s?S(?=\s)")

# ---------------------------------------------------------------------------------------------------------
# Used by signature.py
# ---------------------------------------------------------------------------------------------------------

#: A masked signature: ``XXXXXXXXXXXXXX`` as the last line (09UNVIEVIENNA192).
MASK = re.compile(r"^X{6,}[\s.]*$")
#: A statement's person that ends with an initial or a short form keeps its full stop: ``Charge d'Affaires a.i.``
#: (07MADRID2128).
ENDS_WITH_INITIAL = re.compile(r"\b[A-Za-z]\.$")
#: A line that ends the text before a signature without a full stop: ``END COMMENT`` / ``EIKENBERRY`` (09KABUL3661).
END_MARKER_LINE = re.compile(r"^\s*\(?(?i:END\s+(?:OF\s+)?(?:COMMENTS?|SUMMARY|TEXT|NOTE|QUOTE))\W*$")
