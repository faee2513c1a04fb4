"""Citations over time: each citation's article date, and ``timeline.csv`` (citations per outlet
per period, long format).

A citation carries no date of its own: its article does (:attr:`ArticleInfo.date`, validated when
read). :func:`article_days` maps each listed article to its day, and both ``citations.jsonl`` (its
``date`` field) and ``timeline.csv`` are joined through it when written, so the cache and the
streamed scan keep what they kept before (a result lists every citing article).

Periods are ISO weeks (``2023-W05``; the week of 2021-01-03 is ``2020-W53``), months (``2023-05``)
or years (``2023``). With no period asked for, :func:`choose_period` takes the rule of the page's
chart: per week when the dated citations fall in at most :data:`WEEKS_MAX` weeks, else per month
when in at most :data:`MONTHS_MAX` months, else per year.
"""
from __future__ import annotations

import datetime
import os
from collections.abc import Iterable
from pathlib import Path

from .atomic import atomic_open
from .errors import CitetrackError
from .export import csv_cell
from .models import KINDS, PERIODS, ArticleInfo, Citation, ReportOptions, ScanResult

__all__ = ["TIMELINE_COLUMNS", "WEEKS_MAX", "MONTHS_MAX", "article_days", "period_of", "choose_period",
           "timeline_rows", "write_timeline_csv", "undated_note"]

TIMELINE_COLUMNS = ("period", "outlet", "outlet_id", "kind", "citations", "articles")
#: Per week when the dated citations fall in at most this many weeks (the page's chart: 26).
WEEKS_MAX = 26
#: Else per month when they fall in at most this many months (five years), else per year.
MONTHS_MAX = 60

ArticleKey = tuple[str, str]


def article_days(articles: Iterable[ArticleInfo]) -> dict[ArticleKey, str]:
    """``(file, id) -> YYYY-MM-DD`` for each article with a real date (undated ones are absent)."""
    days = {}
    for a in articles:
        day = _day(a.date)
        if day:
            days[(a.file, a.id)] = day
    return days


def _day(date: str | None) -> str | None:
    """The ISO day of ``date`` (readers give ``YYYY-MM-DD``; a time after it is cut), or None."""
    if not date or len(date) < 10:
        return None
    try:
        return datetime.date.fromisoformat(date[:10]).isoformat()
    except ValueError:
        return None


def period_of(day: str, period: str) -> str:
    """The period holding an ISO day: ``2023-W05`` (ISO week), ``2023-05`` (month) or ``2023``."""
    if period == "week":
        year, week, _ = datetime.date.fromisoformat(day).isocalendar()
        return f"{year}-W{week:02d}"
    if period == "month":
        return day[:7]
    if period == "year":
        return day[:4]
    raise ValueError(f"unknown period {period!r} (expected {', '.join(PERIODS)})")


def choose_period(days: Iterable[str]) -> str:
    """The period for these days of citations: ``week`` when they fall in at most
    :data:`WEEKS_MAX` weeks, ``month`` when in at most :data:`MONTHS_MAX` months, else ``year``."""
    days = set(days)
    if len({period_of(d, "week") for d in days}) <= WEEKS_MAX:
        return "week"
    return "month" if len({d[:7] for d in days}) <= MONTHS_MAX else "year"


def timeline_rows(
    citations: Iterable[Citation], articles: Iterable[ArticleInfo], period: str | None = None
) -> tuple[str, list[tuple]]:
    """The period used and the rows of ``timeline.csv``: :data:`TIMELINE_COLUMNS`, one per period,
    outlet and kind with a citation, ``articles`` counting the distinct citing articles; by period,
    then outlets most cited first (name, then id, on ties), then kinds in :data:`KINDS` order.
    Citations of undated articles are left out."""
    if period is not None and period not in PERIODS:
        raise CitetrackError(f"--period must be {', '.join(PERIODS[:-1])} or {PERIODS[-1]}, not {period!r}")
    days = article_days(articles)
    dated = [(days[(c.file, c.article_id)], c) for c in citations if (c.file, c.article_id) in days]
    unit = period or choose_period(d for d, _ in dated)
    cells: dict[tuple[str, str, str], list] = {}
    names: dict[str, str] = {}
    totals: dict[str, int] = {}
    for day, c in dated:
        cell = cells.setdefault((period_of(day, unit), c.outlet_id, c.kind), [0, set()])
        cell[0] += 1
        cell[1].add((c.file, c.article_id))
        names.setdefault(c.outlet_id, c.outlet)
        totals[c.outlet_id] = totals.get(c.outlet_id, 0) + 1
    kind_order = {k: i for i, k in enumerate(KINDS)}
    order = sorted(cells, key=lambda k: (k[0], -totals[k[1]], names[k[1]], k[1], kind_order.get(k[2], len(KINDS)), k[2]))
    return unit, [(p, names[o], o, kind, cells[(p, o, kind)][0], len(cells[(p, o, kind)][1])) for p, o, kind in order]


def write_timeline_csv(
    citations: Iterable[Citation], articles: Iterable[ArticleInfo], path: str | os.PathLike | Path,
    period: str | None = None,
) -> str:
    """Write ``timeline.csv`` (see :func:`timeline_rows`); returns the period used."""
    import csv
    unit, rows = timeline_rows(citations, articles, period)
    with atomic_open(path, newline="") as f:
        writer = csv.writer(f)
        writer.writerow(TIMELINE_COLUMNS)
        writer.writerows([csv_cell(v) for v in row] for row in rows)
    return unit


def write_timeline(result: ScanResult, path: Path, options: ReportOptions) -> str:
    """The outputs registry's writer: ``timeline.csv`` of a (narrowed) scan."""
    return write_timeline_csv(result.citations, result.articles, path, options.period)


def undated_note(result: ScanResult) -> str | None:
    """A line for the summary when there are citations but none of their articles has a date."""
    if not result.citations:
        return None
    days = article_days(result.articles)
    if any((c.file, c.article_id) in days for c in result.citations):
        return None
    return "no citing article has a date, so timeline.csv has no rows (undated articles are left out of it)"

