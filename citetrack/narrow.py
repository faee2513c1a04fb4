"""Narrow a scan to what the report shows: a date range, the top outlets, a citation minimum.

:func:`narrow` returns a new :class:`~citetrack.models.ScanResult` (counts and graph rebuilt), so the
page, the exports and the terminal table all agree with each other.
"""
from __future__ import annotations

from dataclasses import replace
from datetime import date

from .errors import CitetrackError
from .graph import build_graph, outlet_counts
from .models import PERIODS, ArticleInfo, ReportOptions, ScanResult


def iso_day(text: str | None, what: str = "date") -> str | None:
    """``text`` (``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``) as ``YYYY-MM-DD``; None stays None.

    A month or year means its first day; raises :class:`CitetrackError` for anything else.
    """
    if text is None or not text.strip():
        return None
    t = text.strip()
    padded = t + "-01-01" if len(t) == 4 else t + "-01" if len(t) == 7 else t
    try:
        return date.fromisoformat(padded).isoformat()
    except ValueError:
        raise CitetrackError(f"bad {what} {text!r}; use YYYY-MM-DD") from None


def _until_day(text: str | None) -> str | None:
    """The last day an ``--until`` value covers (a month or year means all of it)."""
    if text is None or not text.strip():
        return None
    t = text.strip()
    iso_day(t, "--until date")
    if len(t) == 4:
        return t + "-12-31"
    if len(t) == 7:
        return t + "-31"  # string comparison: every day of the month is <= this
    return iso_day(t)


def check_range(options: ReportOptions) -> tuple[str | None, str | None]:
    """The first and last day ``options`` keep; :class:`CitetrackError` for a bad or empty range."""
    since = iso_day(options.since, "--since date")
    until = _until_day(options.until)
    if since and until and since > until:
        raise CitetrackError(f"--since {options.since} is after --until {options.until}")
    if options.undated not in UNDATED:
        raise CitetrackError(f"--undated must be {' or '.join(UNDATED)}, not {options.undated!r}")
    if options.period is not None and options.period not in PERIODS:
        raise CitetrackError(f"--period must be {', '.join(PERIODS[:-1])} or {PERIODS[-1]}, not {options.period!r}")
    return since, until


#: What a date range does with undated articles.
UNDATED = ("keep", "drop")


def narrow(result: ScanResult, options: ReportOptions) -> ScanResult:
    """The part of ``result`` that ``options`` keeps (``result`` itself when nothing is narrowed)."""
    since, until = check_range(options)
    if not (since or until or options.top > 0 or options.min_citations > 0):
        return result
    if result.store is not None:
        return _narrow_stored(result, options, since, until)
    articles = result.articles
    citations = result.citations
    uncited = result.uncited
    every_article = result.every_article
    if since or until:
        undated = options.undated == "keep"
        articles = [a for a in articles if in_range(a.date, since, until, undated)]
        kept = {a.id for a in articles}
        citations = [c for c in citations if c.article_id in kept]
        uncited = {key: n for key, n in uncited.items() if in_range(key[0], since, until, undated)}
        if every_article is not None:
            every = every_article
            every_article = lambda: (a for a in every() if in_range(a.date, since, until, undated))  # noqa: E731
    counts = outlet_counts(citations, result.outlets)
    if options.min_citations > 0:
        counts = [c for c in counts if c.citations >= options.min_citations]
    if options.top > 0:
        counts = counts[: options.top]
    if len(counts) != len({c.outlet_id for c in citations}):
        keep = {c.outlet_id for c in counts}
        citations = [c for c in citations if c.outlet_id in keep]
    keep_ids = {c.outlet_id for c in counts}
    outlets = {k: v for k, v in result.outlets.items() if k in keep_ids}
    if every_article is not None:  # streamed: articles left without citations are only counted
        citing = {c.article_id for c in citations}
        uncited = dict(uncited)
        for a in articles:
            if a.id not in citing:
                key = uncited_key(a)
                uncited[key] = uncited.get(key, 0) + 1
        articles = [a for a in articles if a.id in citing]
    return ScanResult(articles=list(articles), citations=citations, counts=counts, outlets=outlets,
                      graph=build_graph(articles, citations, outlets, publishers=result.publishers, uncited=uncited),
                      skipped=result.skipped, uncited=uncited, every_article=every_article, partial=result.partial,
                      notes=result.notes, publishers=result.publishers)


def _narrow_stored(result: ScanResult, options: ReportOptions, since: str | None, until: str | None) -> ScanResult:
    """:func:`narrow` of a stored scan, in its store: the citations of outlets left out are dropped
    there, and the articles left citing nothing are only counted, as the in-memory path counts them.
    A stored scan applied its date range while reading."""
    if since or until:
        raise ValueError("a stored scan takes its date range while reading (collect(since=..., until=...))")
    counts = result.counts
    if options.min_citations > 0:
        counts = [c for c in counts if c.citations >= options.min_citations]
    if options.top > 0:
        counts = counts[: options.top]
    keep = {c.outlet_id for c in counts}
    uncited = dict(result.uncited)
    if len(counts) != len(result.counts):
        def gone(a: ArticleInfo) -> None:
            uncited[uncited_key(a)] = uncited.get(uncited_key(a), 0) + 1
        result.store.keep_outlets(keep, gone)
    return replace(result, counts=counts, outlets={k: v for k, v in result.outlets.items() if k in keep},
                   uncited=uncited)


def uncited_key(article: ArticleInfo) -> tuple[str, str, str]:
    """How :attr:`ScanResult.uncited` counts an article: (day, publisher id, publisher name)."""
    return (article.date or "")[:10], article.publisher_id or "", article.publisher or ""


def in_range(day: str | None, since: str | None, until: str | None, undated: bool = False) -> bool:
    """Whether an article dated ``day`` (ISO, maybe with a time) is kept by the range; an undated
    one is kept when there is no range, or when ``undated`` (``--undated keep``)."""
    if not (since or until):
        return True
    d = (day or "")[:10]
    if not d:
        return undated
    return (not since or d >= since) and (not until or d <= until)


def range_notes(dated_out: int, undated: int, keep_undated: bool) -> list[str]:
    """What a date range did: the articles it left out, and what became of the undated ones."""
    notes = []
    if dated_out:
        notes.append(f"{dated_out:,} article{'s' * (dated_out != 1)} dated outside --since/--until "
                     f"{'were' if dated_out != 1 else 'was'} left out")
    if undated:
        have = "have" if undated != 1 else "has"
        notes.append(f"{undated:,} article{'s' * (undated != 1)} {have} no date and "
                     + ("were kept (counted as undated; --undated drop leaves them out)" if keep_undated
                        else "were left out by --since/--until (--undated keep keeps them)"))
    return notes
