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
from .citestore import day_of as _day
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


def stored_timeline_rows(store, period: str | None = None) -> tuple[str, list[tuple]]:
    """:func:`timeline_rows` of a stored scan (:class:`~citetrack.citestore.CitationStore`): the
    distinct citing articles of each cell are counted by its database, not in sets."""
    if period is not None and period not in PERIODS:
        raise CitetrackError(f"--period must be {', '.join(PERIODS[:-1])} or {PERIODS[-1]}, not {period!r}")
    db = store.db
    db.execute("DROP TABLE IF EXISTS temp.dated")
    db.execute("CREATE TEMP TABLE dated AS SELECT c.seq, c.file, c.aid, c.oid, c.kind, "
               "json_extract(c.data, '$[2]') AS outlet, (SELECT a.day FROM articles a WHERE a.file = c.file "
               "AND a.id = c.aid AND a.day IS NOT NULL ORDER BY a.seq DESC LIMIT 1) AS day FROM cites c")
    db.execute("DELETE FROM dated WHERE day IS NULL")
    unit = period or choose_period(d for (d,) in store.rows("SELECT DISTINCT day FROM dated"))
    names: dict[str, str] = {}
    totals: dict[str, int] = {}
    for oid, outlet, n in store.rows("SELECT oid, outlet, COUNT(*) FROM dated GROUP BY oid"):
        names[oid.decode("utf-8", "surrogatepass")] = outlet
        totals[oid.decode("utf-8", "surrogatepass")] = n
    for oid, outlet in store.rows("SELECT oid, outlet FROM dated WHERE seq IN (SELECT MIN(seq) FROM dated GROUP BY oid)"):
        names[oid.decode("utf-8", "surrogatepass")] = outlet  # the first citation's name, as timeline_rows keeps
    db.create_function("citetrack_period", 1, lambda day: period_of(day, unit), deterministic=True)
    cells = [(p, oid.decode("utf-8", "surrogatepass"), kind, n, arts) for p, oid, kind, n, arts in store.rows(
        "SELECT p, oid, kind, SUM(n), COUNT(*) FROM (SELECT citetrack_period(day) p, oid, kind, file, aid, COUNT(*) n "
        "FROM dated GROUP BY 1, 2, 3, 4, 5) GROUP BY p, oid, kind")]
    db.execute("DROP TABLE temp.dated")
    kind_order = {k: i for i, k in enumerate(KINDS)}
    cells.sort(key=lambda k: (k[0], -totals[k[1]], names[k[1]], k[1], kind_order.get(k[2], len(KINDS)), k[2]))
    return unit, [(p, names[o], o, kind, n, arts) for p, o, kind, n, arts in cells]


def write_timeline_csv(
    citations: Iterable[Citation], articles: Iterable[ArticleInfo], path: str | os.PathLike | Path,
    period: str | None = None, *, store=None,
) -> str:
    """Write ``timeline.csv`` (see :func:`timeline_rows`; from ``store`` when given, see
    :func:`stored_timeline_rows`); returns the period used."""
    import csv
    unit, rows = stored_timeline_rows(store, period) if store is not None else timeline_rows(citations, articles, period)
    with atomic_open(path, newline="") as f:
        writer = csv.writer(f)
        writer.writerow(TIMELINE_COLUMNS)
        writer.writerows([csv_cell(v) for v in row] for row in rows)
    return unit


def write_timeline(result: ScanResult, path: Path, options: ReportOptions) -> str:
    """The outputs registry's writer: ``timeline.csv`` of a (narrowed) scan."""
    return write_timeline_csv(result.citations, result.articles, path, options.period, store=result.store)


def undated_note(result: ScanResult) -> str | None:
    """A line for the summary when there are citations but none of their articles has a date."""
    if not result.citations:
        return None
    if result.store is not None:
        dated = next(result.store.rows(
            "SELECT EXISTS (SELECT 1 FROM cites c JOIN articles a ON a.file = c.file AND a.id = c.aid "
            "WHERE a.day IS NOT NULL)"))[0]
        return None if dated else ("no citing article has a date, so timeline.csv has no rows (undated articles "
                                   "are left out of it)")
    days = article_days(result.articles)
    if any((c.file, c.article_id) in days for c in result.citations):
        return None
    return "no citing article has a date, so timeline.csv has no rows (undated articles are left out of it)"

