"""The pipeline: read articles -> extract citations -> aggregate -> graph.

:func:`iter_scan` streams ``(ArticleInfo, [Citation])`` pairs in reading order from an engine
(:mod:`citetrack.engines`: this machine's cores, or a Dask cluster); the order and content of the
results are the same whatever the engine and the number of jobs. :func:`scan` collects them into a
:class:`~citetrack.models.ScanResult`, with notes on what the user should know.
"""
from __future__ import annotations

import json
import os
from collections import defaultdict
from dataclasses import fields, replace
from functools import partial
from itertools import chain
from pathlib import Path
from typing import IO, Callable, Iterable, Iterator

from .analyse import analyse, warm_up
from .citestore import CitationStore
from .dump import prepare_dump
from .errors import Interrupted
from .graph import build_graph, outlet_counts
from .models import Article, ArticleInfo, Citation, Deferred, Outlet, ScanOptions, ScanResult, Skipped
from .narrow import in_range, range_notes, uncited_key
from .outlets import load_gazetteer, unknown_outlet
from .readers import iter_articles
from .rules import load_rules

PathLike = str | os.PathLike


def iter_scan(
    paths: Iterable[PathLike],
    options: ScanOptions | None = None,
    on_skip: Callable[[Skipped], object] | None = None,
    on_note: Callable[[str], object] | None = None,
) -> Iterator[tuple[ArticleInfo, list[Citation]]]:
    """Stream each article's metadata and citations, in reading order. ``on_skip`` gets each file or
    record skipped, ``on_note`` each line the user should know that is not a skip (a cache rebuilt,
    an output folder left out)."""
    opts = options or ScanOptions()
    warm_up(opts)  # fail fast on a bad --outlets file, before reading anything
    if opts.dump_text is not None:
        prepare_dump(opts.dump_text)
    if opts.engine != "local":  # a Dask cluster: the same stream (imports dask only when asked for)
        from .engines.dask import iter_dask
        yield from iter_dask(list(paths), opts, on_skip or (lambda s: None), on_note=on_note)
        return
    from .engines.local import iter_local
    yield from iter_local(list(paths), opts, on_skip or (lambda s: None), on_note or (lambda note: None))


def iter_texts(
    paths: Iterable[PathLike], options: ScanOptions | None = None, on_skip: Callable[[Skipped], object] | None = None,
) -> Iterator[tuple[Article, list[Citation]]]:
    """Each article (with its extracted text) and its citations, serially: for showing the text."""
    opts = options or ScanOptions()
    warm_up(opts)
    if opts.dump_text is not None:
        prepare_dump(opts.dump_text)
    for article in iter_articles(list(paths), on_skip, fields=opts.fields):
        yield article, analyse(article, opts)[1]


def run_audit(paths: Iterable[PathLike], options: ScanOptions | None = None,
              on_skip: Callable[[Skipped], object] | None = None) -> tuple[list, int]:
    """``citetrack audit``: the uncited probe fillers of every article (see :mod:`citetrack.audit`),
    and the number of articles read."""
    from .audit import audit
    opts = options or ScanOptions()
    counted = [0]

    def pairs():
        for article, cits in iter_texts(paths, opts, on_skip):
            counted[0] += 1
            yield article, cits

    findings = audit(pairs(), load_gazetteer(opts.outlets_files), load_rules(opts.rules_files))
    return findings, counted[0]


def scan(
    paths: Iterable[PathLike] | PathLike,
    options: ScanOptions | None = None,
    *,
    progress: Callable[[ArticleInfo], object] | None = None,
    **overrides,
) -> ScanResult:
    """Scan files and folders for outlet citations.

    ``options`` (a :class:`ScanOptions`) or keyword overrides of its fields, e.g.
    ``scan("articles/", outlets_files=("mine.toml",), jobs=1)``. ``progress`` is called with each
    article's metadata as soon as it is done (the CLI's progress bar).

    Ctrl-C stops the worker processes at once and raises :class:`~citetrack.errors.Interrupted`
    saying how far the scan got.
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    return collect(paths, replace(options or ScanOptions(), **_coerce(overrides)), progress=progress)


def collect(
    paths: Iterable[PathLike],
    opts: ScanOptions,
    *,
    progress: Callable[[ArticleInfo], object] | None = None,
    spool: IO[str] | None = None,
    store: CitationStore | None = None,
    since: str | None = None,
    until: str | None = None,
    undated: str = "keep",
) -> ScanResult:
    """Run :func:`iter_scan` and gather its :class:`ScanResult`, keeping only articles dated within
    ``since``..``until`` (ISO days) when either is given (and undated ones unless ``undated`` is
    ``"drop"``); notes say how many the range left out.

    With a ``spool`` (a text file open for reading and writing), memory stops growing with the
    articles that cite nothing: each article's metadata is written to the spool instead (the
    result's ``every_article`` reads it back), and those without citations are only counted in
    ``uncited``. With a ``store`` too, the citing articles and their citations go to it instead of
    lists (:mod:`citetrack.citestore`): memory then grows with the outlets only.
    """
    warm_up(opts)  # the gazetteer from the start cache, not built here
    gaz = load_gazetteer(opts.outlets_files)
    skipped: list[Skipped] = []
    notes: list[str] = []
    bad_dates = dated_out = no_date = nul_articles = 0
    infos: list[ArticleInfo] = []
    citations: list[Citation] = []
    uncited: dict[tuple[str, str, str], int] = defaultdict(int)
    dense: list[str] = []
    n = found = with_pub = 0
    try:
        for info, cits in iter_scan(paths, opts, skipped.append, notes.append):
            n += 1
            if progress is not None:
                progress(info)
            if info.unexamined:
                dense.append(info.id)
            bad_dates += info.bad_date
            nul_articles += info.nuls
            if since or until:
                dated_out += bool(info.date) and not in_range(info.date, since, until)
                no_date += not info.date
                if not in_range(info.date, since, until, undated == "keep"):
                    continue
            found += len(cits)
            if store is not None and cits:
                store.add(info, cits)
                with_pub += bool(info.publisher_id)
            elif store is None and (spool is None or cits):
                citations.extend(cits)
                infos.append(info)
            else:
                uncited[uncited_key(info)] += 1
            if spool is not None:
                spool.write(json.dumps([getattr(info, f) for f in _INFO_FIELDS], ensure_ascii=False) + "\n")
    except KeyboardInterrupt:
        raise Interrupted(
            f"stopped after reading {n} article{'s' * (n != 1)} "
            f"({found} citation{'s' * (found != 1)}, {len(skipped)} skipped)"
        ) from None
    if bad_dates:
        notes.append(bad_dates_note(bad_dates, bool(since or until) and undated == "drop"))
    notes += range_notes(dated_out, no_date, undated == "keep")
    if nul_articles:
        notes.append(f"{nul_articles:,} article{'s' * (nul_articles != 1)} held NUL bytes; each was read as a space")
    if store is not None:
        store.finish()
        outlets = store.outlets(gaz)
        counts = store.outlet_counts(outlets)
        citing: Iterable[ArticleInfo] = store.articles
    else:
        outlets = cited_outlets(citations, gaz)
        counts = outlet_counts(citations, outlets)
        citing = infos
        with_pub = sum(1 for a in infos if a.publisher_id)
    with_publisher = with_pub + sum(k for (_, pid, _), k in uncited.items() if pid)
    hint = dominance_note(counts, found, with_publisher, len(citing) + sum(uncited.values()))
    if hint:
        notes.append(hint)
    publishers = publisher_outlets(chain(((a.publisher_id, a.publisher) for a in citing),
                                         ((pid, name) for _, pid, name in uncited)), gaz)
    if store is not None:
        return ScanResult(
            articles=store.articles, citations=store.citations, counts=counts, outlets=outlets, graph=None,
            skipped=skipped, uncited=dict(uncited), every_article=None if spool is None else partial(_read_spool, spool),
            partial=dense, notes=notes, publishers=publishers, store=store,
        )
    return ScanResult(
        articles=infos, citations=citations, counts=counts, outlets=outlets,
        graph=Deferred(partial(build_graph, infos, citations, outlets, publishers=publishers, uncited=dict(uncited))),
        skipped=skipped,
        uncited=dict(uncited), every_article=None if spool is None else partial(_read_spool, spool), partial=dense,
        notes=notes, publishers=publishers,
    )


#: One outlet with at least this share of the citations, and few articles with a known publisher:
#: the folder is probably that outlet's own articles.
DOMINANT_SHARE = 0.5


def dominance_note(counts: list, citations: int, with_publisher: int, articles: int) -> str | None:
    """A hint when most citations go to one outlet and (nearly) no article's publisher is known."""
    if not counts or citations < 10 or with_publisher > articles // 10:
        return None
    top = counts[0]
    share = top.citations / citations
    if share < DOMINANT_SHARE:
        return None
    name = f'"{top.outlet}"' if any(not ch.isalnum() for ch in top.outlet) else top.outlet
    return (f"{top.outlet} is {share:.0%} of citations and no publisher is known: if these are {top.outlet} "
            f"articles, use --publisher {name} (or --publisher-from folder|filename when folder or file "
            "names say it) so that they count as self-citations")


def bad_dates_note(n: int, filtered: bool) -> str:
    """The note for ``n`` articles whose source gave a date that is not a real day."""
    left = "; --since/--until left them out" if filtered else ""
    return (f"{n} article{'s' * (n != 1)} gave a date that is not a real day (such as 2023-05-32 or May 32) "
            f"and {'count' if n != 1 else 'counts'} as undated{left}")


_INFO_FIELDS = tuple(f.name for f in fields(ArticleInfo))


def _read_spool(spool: IO[str]) -> Iterator[ArticleInfo]:
    spool.flush()
    spool.seek(0)
    for line in spool:
        yield ArticleInfo(*json.loads(line))


def publisher_outlets(publishers: Iterable[tuple[str | None, str | None]], gazetteer) -> dict[str, Outlet]:
    """The Outlet record of every publisher, by id, from the articles' (publisher id, name) pairs."""
    out: dict[str, Outlet] = {}
    for pid, name in publishers:
        if pid and pid not in out:
            out[pid] = gazetteer.get(pid) or unknown_outlet(name or pid)
    return out


def cited_outlets(citations: Iterable[Citation], gazetteer) -> dict[str, Outlet]:
    """The Outlet record of every outlet cited (unknown ones made up from the citation)."""
    out: dict[str, Outlet] = {}
    for c in citations:
        if c.outlet_id not in out:
            known = gazetteer.get(c.outlet_id) if c.known else None
            out[c.outlet_id] = known or unknown_outlet(c.outlet, c.outlet_type, c.outlet_id, c.outlet_country)
    return out


def _coerce(overrides: dict) -> dict:
    out = dict(overrides)
    for name in ("outlets_files", "rules_files"):
        if name in out:
            out[name] = tuple(Path(p) for p in out[name])
    if out.get("cache") is not None:
        out["cache"] = Path(out["cache"])
    if "kinds" in out:
        out["kinds"] = frozenset(out["kinds"])
    return out
