"""Dates: the date-time group of the header, WikiLeaks' page and CSV dates, and DECL values."""

from __future__ import annotations

from datetime import UTC, date, datetime

from cabledb.parse import patterns as P


def two_digit_year(yy: int) -> int:
    """Cables run from 1966 to 2010: ``66``-``99`` are 19xx, ``00``-``65`` are 20xx."""
    return 1900 + yy if yy >= 66 else 2000 + yy


def full_year(text: str) -> int:
    value = int(text)
    return two_digit_year(value) if len(text) <= 2 else value


def dtg_datetime(day: int, hour: int, minute: int, month: str, year: str) -> datetime | None:
    """``191235Z DEC 07`` → 2007-12-19 12:35 UTC, or None when the numbers are no date."""
    mon = P.MONTHS.get(month[:3].upper())
    if mon is None:
        return None
    try:
        return datetime(full_year(year), mon, day, hour, minute, tzinfo=UTC)
    except ValueError:
        return None


def parse_metadata_datetime(value: str | datetime | date | None) -> datetime | None:
    """Parse the ``Created`` / ``Released`` values of pages (``2007-12-19 12:35``), CSV rows
    (``12/19/2007 12:35``) and the ``--created`` option (any ISO 8601 date or date-time). Naive values are UTC.
    Returns None when the text is no date."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=UTC)
    text = value.strip()
    if not text:
        return None
    m = P.CSV_CREATED.match(text)
    if m:
        mo, d, y, h, mi = (int(g) for g in m.groups())
        try:
            return datetime(y, mo, d, h, mi, tzinfo=UTC)
        except ValueError:
            return None
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        m = P.PAGE_DATETIME.match(text)
        if not m:
            return None
        y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
        h = int(m.group(4) or 0)
        mi = int(m.group(5) or 0)
        try:
            parsed = datetime(y, mo, d, h, mi)
        except ValueError:
            return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _safe_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def find_date(text: str) -> date | None:
    """The first date in a DECL value: ``12/18/2017``, ``2019/10/22``, ``8/12/85``, ``18 DEC 2017``,
    ``JUNE 21, 2006``."""
    m = P.DATE_YMD.search(text)
    if m:
        return _safe_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    m = P.DATE_MDY.search(text)
    if m:
        mo, d, y = int(m.group(1)), int(m.group(3)), full_year(m.group(4))
        return _safe_date(y, mo, d) or _safe_date(y, d, mo)
    m = P.DATE_DMONY.search(text)
    if m and m.group(2)[:3].upper() in P.MONTHS:
        return _safe_date(full_year(m.group(3)), P.MONTHS[m.group(2)[:3].upper()], int(m.group(1)))
    m = P.DATE_MONDY.search(text)
    if m and m.group(1)[:3].upper() in P.MONTHS:
        return _safe_date(int(m.group(3)), P.MONTHS[m.group(1)[:3].upper()], int(m.group(2)))
    return None
