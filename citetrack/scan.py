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
from itertools import islice
from pathlib import Path
from typing import Callable, Iterable, Iterator

from .errors import Interrupted
from .extract import extract
from .graph import build_graph, outlet_counts
from .models import Article, ArticleInfo, Citation, Outlet, ScanOptions, ScanResult, Skipped
from .outlets import load_gazetteer, unknown_outlet
from .readers import iter_articles

BATCH = 512  # articles handed to the workers at a time: bounds memory, keeps order

PathLike = str | os.PathLike


def _extract_one(article: Article, options: ScanOptions) -> list[Citation]:
    gaz = load_gazetteer(options.outlets_files)
    cits = extract(article, gaz, unknown_outlets=options.unknown_outlets)
    if options.kinds:
        cits = [c for c in cits if c.kind in options.kinds]
    return cits


_WORKER_OPTIONS: ScanOptions | None = None


def _init_worker(options: ScanOptions) -> None:
    global _WORKER_OPTIONS
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle: it stops the pool
    _WORKER_OPTIONS = options
    load_gazetteer(options.outlets_files)  # compile once per worker


def _work(article: Article) -> tuple[ArticleInfo, list[Citation]]:
    assert _WORKER_OPTIONS is not None
    return article.info(), _extract_one(article, _WORKER_OPTIONS)


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
    articles = iter_articles(list(paths), on_skip or (lambda s: None), max_bytes=opts.max_file_size)
    first = list(islice(articles, BATCH))
    jobs = jobs_for(opts)
    if jobs == 1 or len(first) < BATCH:
        for a in first:
            yield a.info(), _extract_one(a, opts)
        for a in articles:
            yield a.info(), _extract_one(a, opts)
        return
    ctx = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else mp.get_context()
    with ctx.Pool(jobs, initializer=_init_worker, initargs=(opts,)) as pool:
        batch = first
        while batch:
            yield from pool.imap(_work, batch, chunksize=16)
            batch = list(islice(articles, BATCH))


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
    return ScanResult(
        articles=infos, citations=citations, counts=outlet_counts(citations, outlets), outlets=outlets,
        graph=build_graph(infos, citations, outlets), skipped=skipped,
    )


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
