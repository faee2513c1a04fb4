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
from .readers import iter_files
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
    yield from _iter_files(list(paths), opts, on_skip or (lambda s: None))


BIG_FILE = 8 << 20  # bytes: a bigger file (a large JSONL) is split into batches of articles for the workers


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


class _Engine:
    """Maps work over this process, or over a pool of workers started once there is enough to do."""

    def __init__(self, opts: ScanOptions):
        self.opts, self.jobs, self.pool = opts, jobs_for(opts), None

    def map(self, local: Callable, remote: Callable, items: list, chunksize: int) -> Iterator:
        if self.pool is None and self.jobs > 1 and len(items) >= BATCH:
            ctx = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else mp.get_context()
            self.pool = ctx.Pool(self.jobs, initializer=_init_worker, initargs=(self.opts,))
        if self.pool is not None and len(items) > 1:
            return self.pool.imap(remote, items, chunksize=chunksize)
        return map(local, items)

    def close(self) -> None:
        if self.pool is not None:
            self.pool.terminate()
            self.pool.join()


def _file_size(file: Path) -> int:
    try:
        return file.stat().st_size
    except OSError:
        return 0


def _iter_files(paths: list, opts: ScanOptions, on_skip: Callable[[Skipped], object]):
    """The pipeline. Files go to the workers whole (each worker reads and extracts), in batches whose
    results come back in order; a big file is read here and its articles go out in batches. With a
    cache, unchanged files are not read at all."""
    from .cache import Cache

    cache = Cache(opts.cache, opts) if opts.cache is not None else None
    engine = _Engine(opts)
    pending: list = []

    def flush():
        todo = [(f, shown) for f, shown, found, _, _ in pending if found is None]
        fresh = engine.map(lambda t: _file_result(t[0], t[1], opts), _work_file, todo, chunksize=4)
        for f, shown, found, state, digest in pending:
            if found is None:
                found = next(fresh)
                if cache is not None and state is not None:
                    cache.store(f, shown, state, digest, found)
            pairs, skipped = found
            for item in skipped:
                on_skip(item)
            yield from pairs
        pending.clear()
        if cache is not None:
            cache.db.commit()

    def big_file(f: Path, shown: str, state, digest):
        kept: tuple[list, list[Skipped]] = ([], [])
        items = read_items(f, shown)
        while True:
            batch = []
            for item in islice(items, BATCH):
                if isinstance(item, Skipped):
                    on_skip(item)
                    kept[1].append(item)
                else:
                    batch.append(item)
            if not batch:
                break
            for pair in engine.map(lambda a: (a.info(), _extract_one(a, opts)), _work, batch, chunksize=16):
                if cache is not None:
                    kept[0].append(pair)
                yield pair
        if cache is not None and state is not None:
            cache.store(f, shown, state, digest, kept)

    try:
        for f, shown in iter_files(paths, on_skip):
            found = state = digest = None
            if cache is not None:
                found, state, digest = cache.lookup(f, shown)
            if found is None and _file_size(f) > BIG_FILE:
                yield from flush()
                yield from big_file(f, shown, state, digest)
                continue
            pending.append((f, shown, found, state, digest))
            if len(pending) >= BATCH:
                yield from flush()
        yield from flush()
    finally:
        engine.close()
        if cache is not None:
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
