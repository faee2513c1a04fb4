"""Date parsing for article metadata, without third-party dependencies.

:func:`parse_date` turns the date formats news sites and datasets use into ISO ``YYYY-MM-DD``:
ISO dates and datetimes, ``2023/05/12``, ``May 12, 2023``, ``12 May 2023``, ``Friday, May 12,
2023``, RFC 2822 (``Fri, 12 May 2023 10:00:00 +0000``), and numeric ``d/m/yyyy`` or ``m/d/yyyy``
only when the day is above 12 (otherwise the order is ambiguous and ``None`` is returned).
"""
from __future__ import annotations

import re
from functools import lru_cache
from datetime import date

_MONTH_NAMES = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)
MONTHS: dict[str, int] = {name: i for i, name in enumerate(_MONTH_NAMES, 1)}
MONTHS.update({name[:3]: i for i, name in enumerate(_MONTH_NAMES, 1)})
MONTHS["sept"] = 9

_WEEKDAY = r"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?"
_ORD = r"(?:st|nd|rd|th)?"
_TIME = (
    r"(?:(?:T|\s+|,\s*|\s+at\s+)\d{1,2}[:.]\d{2}(?::\d{2}(?:\.\d+)?)?"
    r"(?:\s*[ap]\.?m\.?)?(?:\s*(?:Z|[+-]\d{2}:?\d{2}|[a-z]{2,5}))?)?"
)
_FORMS = (
    r"(?P<y>\d{4})(?P<sep>[-/.])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})",
    rf"(?P<mon>[a-z]{{3,9}})\.?\s+(?P<d>\d{{1,2}}){_ORD},?\s+(?P<y>\d{{4}})",
    rf"(?P<d>\d{{1,2}}){_ORD}\s+(?:of\s+)?(?P<mon>[a-z]{{3,9}})\.?,?\s+(?P<y>\d{{4}})",
    r"(?P<a>\d{1,2})(?P<sep>[-/.])(?P<b>\d{1,2})(?P=sep)(?P<y>\d{4})",
)
#: Every form has a four-digit year: a string without one is no date (one search instead of four
#: matches). Written out (``\d{4}`` searches at half the speed), and for ASCII text as ``[0-9]``,
#: which is what ``\d`` matches there, at twice the speed again.
_YEAR = re.compile(r"\d\d\d\d")
_ASCII_YEAR = re.compile(r"[0-9][0-9][0-9][0-9]")
_WHOLE = [re.compile(rf"\s*{_WEEKDAY}{form}{_TIME}\s*", re.I) for form in _FORMS]
_PREFIX = [re.compile(rf"\s*{_WEEKDAY}{form}(?!\d|[/.-]\d)", re.I) for form in _FORMS]


def _to_iso(m: re.Match) -> str | None:
    groups = m.groupdict()
    year = int(groups["y"])
    if groups.get("mon") is not None:
        month = MONTHS.get(groups["mon"].lower())
        day = int(groups["d"])
    elif groups.get("a") is not None:
        a, b = int(groups["a"]), int(groups["b"])
        if a > 12 >= b:
            day, month = a, b
        elif b > 12 >= a:
            month, day = a, b
        else:
            return None  # 05/06/2023: day/month order unknowable
    else:
        month, day = int(groups["m"]), int(groups["d"])
    if month is None:
        return None
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def has_year(s: str) -> bool:
    """Whether ``s`` holds four digits in a row: without them, no form here can match."""
    return (_ASCII_YEAR if s.isascii() else _YEAR).search(s) is not None


@lru_cache(maxsize=4096)  # the records of a file repeat their dates: each is parsed once
def parse_date(s: str | None) -> str | None:
    """``s`` as ISO ``YYYY-MM-DD`` when the whole string is one date (an optional time may follow).

    Returns ``None`` for anything else, including impossible dates (``2023-02-30``).
    """
    if not s or len(s) > 80 or not has_year(s):
        return None
    for pattern in _WHOLE:
        m = pattern.fullmatch(s)
        if m:
            return _to_iso(m)
    return None


def parse_date_prefix(s: str) -> str | None:
    """Like :func:`parse_date`, but the date need only start ``s`` ("May 12, 2023 | 10:30 BST")."""
    if not has_year(s):
        return None
    for pattern in _PREFIX:
        m = pattern.match(s)
        if m:
            return _to_iso(m)
    return None
