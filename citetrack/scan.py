"""The pipeline: read articles -> extract citations -> aggregate -> graph.

:func:`iter_scan` streams ``(ArticleInfo, [Citation])`` pairs in reading order, using all cores
when the input is large enough to pay for the worker processes; the order and content of the
results are the same whatever the number of jobs. :func:`scan` collects them into a
:class:`~citetrack.models.ScanResult`.
"""
from __future__ import annotations

import multiprocessing as mp
import os
from dataclasses import replace
from itertools import islice
from pathlib import Path
from typing import Callable, Iterable, Iterator

from .extract import extract
from .graph import build_graph, outlet_counts
from .mentions import matcher_for
from .models import Article, ArticleInfo, Citation, Outlet, ScanOptions, ScanResult, Skipped
from .outlets import load_gazetteer, unknown_outlet
from .prefilter import rule_filter
from .readers import iter_articles, iter_files
from .readers.registry import read_items
from .rules import load_rules

BATCH = 512  # articles handed to the workers at a time: bounds memory, keeps order

PathLike = str | os.PathLike


def _extract_one(article: Article, options: ScanOptions) -> list[Citation]:
    gaz = load_gazetteer(options.outlets_files)
    cits = extract(article, gaz, unknown_outlets=options.unknown_outlets)
    if options.kinds:
        cits = [c for c in cits if c.kind in options.kinds]
    return cits


_WORKER_OPTIONS: ScanOptions | None = None


def warm_up(options: ScanOptions) -> None:
    """Load and compile the gazetteer, its automaton and the rules (forked workers inherit them)."""
    gaz = load_gazetteer(options.outlets_files)
    matcher_for(gaz)
    rule_filter(load_rules())


def _init_worker(options: ScanOptions) -> None:
    global _WORKER_OPTIONS
    _WORKER_OPTIONS = options
    warm_up(options)  # a no-op when forked from a warmed-up parent


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
    warm_up(opts)  # fail fast on a bad --outlets file, before reading anything
    if opts.cache is not None:
        yield from _iter_cached(list(paths), opts, on_skip or (lambda s: None))
        return
    articles = iter_articles(list(paths), on_skip or (lambda s: None))
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


def _file_result(file: Path, shown: str, options: ScanOptions) -> tuple[list, list[Skipped]]:
    pairs, skipped = [], []
    for item in read_items(file, shown):
        if isinstance(item, Skipped):
            skipped.append(item)
        else:
            pairs.append((item.info(), _extract_one(item, options)))
    return pairs, skipped


def _work_file(task: tuple[Path, str]) -> tuple[list, list[Skipped]]:
    assert _WORKER_OPTIONS is not None
    return _file_result(task[0], task[1], _WORKER_OPTIONS)


def _iter_cached(paths: list, opts: ScanOptions, on_skip: Callable[[Skipped], object]):
    """iter_scan with the cache: files in batches; only new and changed files are read."""
    from .cache import Cache

    cache = Cache(opts.cache, opts)
    files = iter_files(paths, on_skip)
    jobs = jobs_for(opts)
    pool = None
    try:
        while True:
            batch = list(islice(files, BATCH))
            if not batch:
                break
            looked = [cache.lookup(f, shown) for f, shown in batch]
            todo = [task for task, (found, _, _) in zip(batch, looked) if found is None]
            if jobs > 1 and len(todo) >= 2 * jobs and pool is None:
                ctx = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else mp.get_context()
                pool = ctx.Pool(jobs, initializer=_init_worker, initargs=(opts,))
            fresh = iter(pool.imap(_work_file, todo, chunksize=4) if pool is not None and len(todo) > 1
                         else (_file_result(f, shown, opts) for f, shown in todo))
            for (f, shown), (found, state, digest) in zip(batch, looked):
                if found is None:
                    found = next(fresh)
                    cache.misses += 1
                    if state is not None:
                        cache.store(f, shown, state, digest, found)
                else:
                    cache.hits += 1
                pairs, skipped = found
                for s in skipped:
                    on_skip(s)
                yield from pairs
            cache.db.commit()
    finally:
        if pool is not None:
            pool.terminate()
        cache.close()


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
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    opts = replace(options or ScanOptions(), **_coerce(overrides))
    gaz = load_gazetteer(opts.outlets_files)
    skipped: list[Skipped] = []
    infos: list[ArticleInfo] = []
    citations: list[Citation] = []
    for info, cits in iter_scan(paths, opts, skipped.append):
        infos.append(info)
        citations.extend(cits)
        if progress is not None:
            progress(info)
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
    if out.get("cache") is not None:
        out["cache"] = Path(out["cache"])
    if "kinds" in out:
        out["kinds"] = frozenset(out["kinds"])
    return out
