"""The pipeline: read articles -> extract citations -> aggregate -> graph.

:func:`iter_scan` streams ``(ArticleInfo, [Citation])`` pairs in reading order, using all cores
when the input is large enough to pay for the worker processes; the order and content of the
results are the same whatever the number of jobs. :func:`scan` collects them into a
:class:`~citetrack.models.ScanResult`.
"""
from __future__ import annotations

import multiprocessing as mp
import os
import signal
from dataclasses import replace
from itertools import chain, islice
from pathlib import Path
from typing import Callable, Iterable, Iterator

from .errors import Interrupted
from .extract import extract
from .graph import build_graph, outlet_counts
from .models import Article, ArticleInfo, Citation, Outlet, ScanOptions, ScanResult, Skipped
from .dump import dump_text, prepare_dump
from .outlets import load_gazetteer, unknown_outlet
from .publisher import resolve_publisher
from .readers import iter_articles
from .readers.html import Page

BATCH = 512  # articles handed to the workers at a time: bounds memory, keeps order
PAGE_BATCH = 16  # web pages are slow to extract: this many already pay for the worker processes

PathLike = str | os.PathLike


def analyse(article: Article, options: ScanOptions) -> tuple[ArticleInfo, list[Citation]]:
    """One article's metadata (publisher resolved) and citations (self-citations marked)."""
    gaz = load_gazetteer(options.outlets_files)
    publisher = resolve_publisher(article, gaz, options.publisher)
    cits = extract(article, gaz, unknown_outlets=options.unknown_outlets)
    if options.kinds:
        cits = [c for c in cits if c.kind in options.kinds]
    if publisher is not None:
        cits = [replace(c, self=True) if c.outlet_id == publisher.id else c for c in cits]
        if not options.self_citations:
            cits = [c for c in cits if not c.self]
    if options.dump_text is not None:
        dump_text(article, options.dump_text)
    info = replace(article.info(), publisher=publisher.name if publisher else None,
                   publisher_id=publisher.id if publisher else None)
    return info, cits


def _extract_one(article: Article, options: ScanOptions) -> list[Citation]:
    return analyse(article, options)[1]


def _analyse_item(item: Article | Page, options: ScanOptions) -> tuple[ArticleInfo, list[Citation]] | Skipped:
    """:func:`analyse`, extracting a web page's text first (so that runs in the workers too)."""
    if isinstance(item, Page):
        item = item.extract()
        if isinstance(item, Skipped):
            return item
    return analyse(item, options)


_WORKER_OPTIONS: ScanOptions | None = None


def _init_worker(options: ScanOptions) -> None:
    global _WORKER_OPTIONS
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle: it stops the pool
    _WORKER_OPTIONS = options
    load_gazetteer(options.outlets_files)  # compile once per worker


def _work(item: Article | Page) -> tuple[ArticleInfo, list[Citation]] | Skipped:
    assert _WORKER_OPTIONS is not None
    return _analyse_item(item, _WORKER_OPTIONS)


def jobs_for(options: ScanOptions) -> int:
    return options.jobs if options.jobs > 0 else (os.cpu_count() or 1)


def iter_scan(
    paths: Iterable[PathLike],
    options: ScanOptions | None = None,
    on_skip: Callable[[Skipped], object] | None = None,
) -> Iterator[tuple[ArticleInfo, list[Citation]]]:
    """Stream each article's metadata and citations, in reading order."""
    opts = options or ScanOptions()
    load_gazetteer(opts.outlets_files)  # fail fast on a bad --outlets file, before reading anything
    if opts.dump_text is not None:
        prepare_dump(opts.dump_text)
    skip = on_skip or (lambda s: None)
    articles = iter_articles(list(paths), skip, fields=opts.fields, defer_pages=True,
                             max_bytes=opts.max_file_size)
    first = list(islice(articles, BATCH))
    jobs = jobs_for(opts)
    enough = PAGE_BATCH if any(isinstance(a, Page) for a in first) else BATCH
    if jobs == 1 or len(first) < enough:
        for a in chain(first, articles):
            result = _analyse_item(a, opts)
            if isinstance(result, Skipped):
                skip(result)
            else:
                yield result
        return
    ctx = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else mp.get_context()
    with ctx.Pool(jobs, initializer=_init_worker, initargs=(opts,)) as pool:
        batch = first
        while batch:
            for result in pool.imap(_work, batch, chunksize=4 if isinstance(batch[0], Page) else 16):
                if isinstance(result, Skipped):
                    skip(result)
                else:
                    yield result
            batch = list(islice(articles, BATCH))


def iter_texts(
    paths: Iterable[PathLike], options: ScanOptions | None = None, on_skip: Callable[[Skipped], object] | None = None,
) -> Iterator[tuple[Article, list[Citation]]]:
    """Each article (with its extracted text) and its citations, serially: for showing the text."""
    opts = options or ScanOptions()
    load_gazetteer(opts.outlets_files)
    if opts.dump_text is not None:
        prepare_dump(opts.dump_text)
    for article in iter_articles(list(paths), on_skip, fields=opts.fields):
        yield article, analyse(article, opts)[1]


def scan(paths: Iterable[PathLike] | PathLike, options: ScanOptions | None = None, **overrides) -> ScanResult:
    """Scan files and folders for outlet citations.

    ``options`` (a :class:`ScanOptions`) or keyword overrides of its fields, e.g.
    ``scan("articles/", outlets_files=("mine.toml",), jobs=1)``.

    Ctrl-C stops the worker processes at once and raises :class:`~citetrack.errors.Interrupted`
    saying how far the scan got.
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    opts = replace(options or ScanOptions(), **_coerce(overrides))
    gaz = load_gazetteer(opts.outlets_files)
    skipped: list[Skipped] = []
    infos: list[ArticleInfo] = []
    citations: list[Citation] = []
    try:
        for info, cits in iter_scan(paths, opts, skipped.append):
            infos.append(info)
            citations.extend(cits)
    except KeyboardInterrupt:
        raise Interrupted(
            f"stopped after reading {len(infos)} article{'s' * (len(infos) != 1)} "
            f"({len(citations)} citation{'s' * (len(citations) != 1)}, {len(skipped)} skipped)"
        ) from None
    outlets = cited_outlets(citations, gaz)
    publishers = publisher_outlets(infos, gaz)
    return ScanResult(
        articles=infos, citations=citations, counts=outlet_counts(citations, outlets), outlets=outlets,
        graph=build_graph(infos, citations, outlets, publishers=publishers), skipped=skipped,
    )


def publisher_outlets(articles: Iterable[ArticleInfo], gazetteer) -> dict[str, Outlet]:
    """The Outlet record of every publisher of the articles, by id."""
    out: dict[str, Outlet] = {}
    for a in articles:
        if a.publisher_id and a.publisher_id not in out:
            out[a.publisher_id] = gazetteer.get(a.publisher_id) or unknown_outlet(a.publisher or a.publisher_id)
    return out


def cited_outlets(citations: Iterable[Citation], gazetteer) -> dict[str, Outlet]:
    """The Outlet record of every outlet cited (unknown ones made up from the citation)."""
    out: dict[str, Outlet] = {}
    for c in citations:
        if c.outlet_id not in out:
            known = gazetteer.get(c.outlet_id) if c.known else None
            out[c.outlet_id] = known or unknown_outlet(c.outlet)
    return out


def _coerce(overrides: dict) -> dict:
    out = dict(overrides)
    if "outlets_files" in out:
        out["outlets_files"] = tuple(Path(p) for p in out["outlets_files"])
    if "kinds" in out:
        out["kinds"] = frozenset(out["kinds"])
    return out
