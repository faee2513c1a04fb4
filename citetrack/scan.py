"""The pipeline: read articles -> extract citations -> aggregate -> graph.

:func:`iter_scan` streams ``(ArticleInfo, [Citation])`` pairs in reading order, using all cores
when the input is large enough to pay for the worker processes; the order and content of the
results are the same whatever the number of jobs. :func:`scan` collects them into a
:class:`~citetrack.models.ScanResult`.
"""
from __future__ import annotations

import json
import multiprocessing as mp
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
import os
import signal
from collections import defaultdict
from dataclasses import fields, replace
from functools import partial
from itertools import chain, islice
from pathlib import Path
from typing import IO, Callable, Iterable, Iterator

from .dump import dump_text, prepare_dump
from .errors import CitetrackError, Interrupted, internal_error
from .extract import extract_counted
from .graph import build_graph, outlet_counts
from .mentions import matcher_for
from .narrow import in_range, range_notes, uncited_key
from .models import Article, ArticleInfo, Citation, Outlet, ScanOptions, ScanResult, Skipped
from .outlets import load_gazetteer, unknown_outlet
from .prefilter import rule_filter
from .publisher import resolve_publisher
from .readers import iter_articles, iter_files
from .readers.html import Page
from .readers.registry import read_items, reader_for
from .readers.warc import read_warc
from .rules import load_rules

BATCH = 512  # articles (or files) handed to the workers at a time: bounds memory, keeps order
PAGE_BATCH = 16  # web pages are slow to extract: this many already pay for the worker processes

PathLike = str | os.PathLike


def analyse(article: Article, options: ScanOptions) -> tuple[ArticleInfo, list[Citation]]:
    """One article's metadata (publisher resolved) and citations (self-citations marked)."""
    gaz = load_gazetteer(options.outlets_files)
    publisher = resolve_publisher(article, gaz, options.publisher, options.publisher_from)
    cits, unexamined = extract_counted(article, gaz, ruleset=load_rules(options.rules_files),
                                       unknown_outlets=options.unknown_outlets,
                                       publisher=publisher if publisher is not None and publisher.known else None)
    if options.kinds:
        cits = [c for c in cits if c.kind in options.kinds]
    if publisher is not None:
        cits = [replace(c, self=True) if c.outlet_id == publisher.id else c for c in cits]
        if not options.self_citations:
            cits = [c for c in cits if not c.self]
    if options.dump_text is not None:
        dump_text(article, options.dump_text)
    info = replace(article.info(), publisher=publisher.name if publisher else None,
                   publisher_id=publisher.id if publisher else None, unexamined=unexamined)
    return info, cits


def _analyse_item(item: Article | Page, options: ScanOptions) -> tuple[ArticleInfo, list[Citation]] | Skipped:
    """:func:`analyse`, extracting a web page's text first (so that runs in the workers too).

    An unexpected error (a bug, in citetrack or a library) skips this article with a reason that
    asks for a report, and the scan goes on; ``CITETRACK_DEBUG=1`` raises it instead. Running out
    of memory on one article skips it with the reason ``out of memory``.
    """
    try:
        if isinstance(item, Page):
            item = item.extract()
            if isinstance(item, Skipped):
                return item
        return analyse(item, options)
    except (KeyboardInterrupt, CitetrackError):
        raise
    except MemoryError:  # this article's memory is freed as the frames unwind: the scan goes on
        return Skipped(_where(item), "out of memory")
    except Exception as exc:  # noqa: BLE001 - one article's bug must not lose the whole scan
        if os.environ.get("CITETRACK_DEBUG"):
            raise
        return Skipped(_where(item), internal_error(exc))


def _where(item: Article | Page) -> str:
    return item.file if item.id == item.file else f"{item.file} [{item.id}]"


_WORKER_OPTIONS: ScanOptions | None = None


def warm_up(options: ScanOptions) -> None:
    """Load and compile the gazetteer, its automaton and the rules (forked workers inherit them)."""
    gaz = load_gazetteer(options.outlets_files)
    rules = load_rules(options.rules_files)
    matcher_for(gaz, rules.lexicon)
    rule_filter(rules)


def _init_worker(options: ScanOptions) -> None:
    global _WORKER_OPTIONS
    # Ctrl-C and SIGTERM are the parent's to handle, also when sent to the whole process group: it
    # stops the workers itself (SIGKILL), so that none dies halfway through a message to it.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    _WORKER_OPTIONS = options
    warm_up(options)  # a no-op when forked from a warmed-up parent


def _work(item: Article | Page) -> tuple[ArticleInfo, list[Citation]] | Skipped:
    assert _WORKER_OPTIONS is not None
    return _analyse_item(item, _WORKER_OPTIONS)


def jobs_for(options: ScanOptions) -> int:
    return options.jobs if options.jobs > 0 else (os.cpu_count() or 1)


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
        from .dask_engine import iter_dask
        yield from iter_dask(list(paths), opts, on_skip or (lambda s: None), on_note=on_note)
        return
    yield from _iter_files(list(paths), opts, on_skip or (lambda s: None), on_note or (lambda note: None))


BIG_FILE = 8 << 20  # bytes: a bigger file (a large JSONL) is split into batches of articles for the workers


def _file_result(file: Path, shown: str, options: ScanOptions) -> tuple[list, list[Skipped]]:
    """One file read and analysed (web pages extracted here too): its articles' results and skips."""
    pairs, skipped = [], []
    for item in read_items(file, shown, options.fields, options.max_file_size):
        result = item if isinstance(item, Skipped) else _analyse_item(item, options)
        if isinstance(result, Skipped):
            skipped.append(result)
        else:
            pairs.append(result)
    return pairs, skipped


def _work_file(task: tuple[Path, str]) -> tuple[list, list[Skipped]]:
    assert _WORKER_OPTIONS is not None
    return _file_result(task[0], task[1], _WORKER_OPTIONS)


class _Engine:
    """Maps work over this process, or over worker processes started once there is enough to do.

    Workers run in a :class:`~concurrent.futures.ProcessPoolExecutor`: a worker that dies (killed
    by the system when memory runs out) makes the scan fail with a clear message instead of
    waiting for it forever.
    """

    def __init__(self, opts: ScanOptions):
        self.opts, self.jobs, self.pool = opts, jobs_for(opts), None

    def map(self, local: Callable, remote: Callable, items: list, chunksize: int, enough: int = BATCH) -> Iterator:
        if self.pool is None and self.jobs > 1 and len(items) >= enough:
            ctx = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else mp.get_context()
            self.pool = ProcessPoolExecutor(self.jobs, mp_context=ctx, initializer=_init_worker, initargs=(self.opts,))
        if self.pool is not None and len(items) > 1:
            return self._results(self.pool.map(remote, items, chunksize=chunksize))
        return map(local, items)

    @staticmethod
    def _results(results: Iterator) -> Iterator:
        try:
            yield from results
        except BrokenProcessPool:
            raise CitetrackError(
                "a worker process died (killed by the system, perhaps out of memory); "
                "try fewer --jobs or a smaller --max-file-size") from None

    def close(self) -> None:
        """Stop the workers at once, whatever they are doing (they ignore SIGINT and SIGTERM)."""
        if self.pool is not None:
            # Python 3.14 has ProcessPoolExecutor.kill_workers(); before it, the processes are private
            for process in list((getattr(self.pool, "_processes", None) or {}).values()):
                process.kill()
            self.pool.shutdown(wait=True, cancel_futures=True)


_PAGE_READERS = {reader_for("a.html"), reader_for("a.warc")}


def _file_size(file: Path) -> int:
    try:
        return file.stat().st_size
    except OSError:
        return 0


def _slow(task: tuple[Path, str]) -> bool:
    """A web page: slow to extract, so a few of them already pay for the worker processes."""
    return reader_for(task[0].name) in _PAGE_READERS


def _split(file: Path) -> bool:
    """Whether a file's articles go to the workers in batches: a big file, or a web crawl (many pages)."""
    return _file_size(file) > BIG_FILE or reader_for(file.name) is read_warc


def _iter_files(paths: list, opts: ScanOptions, on_skip: Callable[[Skipped], object],
                on_note: Callable[[str], object]):
    """The pipeline. Files go to the workers whole (each worker reads and extracts), in batches whose
    results come back in order; a big file is read here and its articles go out in batches. With a
    cache, unchanged files are not read at all."""
    from .cache import Cache

    cache = Cache(opts.cache, opts, on_note) if opts.cache is not None else None
    engine = _Engine(opts)
    pending: list = []

    def flush():
        todo = [(f, shown) for f, shown, found, _, _ in pending if found is None]
        enough = PAGE_BATCH if sum(map(_slow, todo)) >= PAGE_BATCH else BATCH
        fresh = engine.map(lambda t: _file_result(t[0], t[1], opts), _work_file, todo, chunksize=4, enough=enough)
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
            cache.commit()

    def big_file(f: Path, shown: str, state, digest):
        kept: tuple[list, list[Skipped]] = ([], [])
        items = read_items(f, shown, opts.fields, opts.max_file_size)
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
            pages = any(isinstance(a, Page) for a in batch)
            for result in engine.map(lambda a: _analyse_item(a, opts), _work, batch, chunksize=4 if pages else 16,
                                     enough=PAGE_BATCH if pages else BATCH):
                if isinstance(result, Skipped):
                    on_skip(result)
                    kept[1].append(result)
                    continue
                if cache is not None:
                    kept[0].append(result)
                yield result
        if cache is not None and state is not None:
            cache.store(f, shown, state, digest, kept)

    def walk_skip(item: Skipped) -> None:  # keeps its place among the results of the files pending
        if pending:
            pending.append((None, item.path, ([], [item]), None, None))
        else:
            on_skip(item)

    try:
        for f, shown in iter_files(paths, walk_skip, on_note=on_note):
            found = state = digest = None
            if cache is not None:
                found, state, digest = cache.lookup(f, shown)
                if opts.dump_text is not None:
                    found = None  # the text is written while extracting: read the file again
            if found is None and _split(f):
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
    ``uncited``.
    """
    gaz = load_gazetteer(opts.outlets_files)
    skipped: list[Skipped] = []
    notes: list[str] = []
    bad_dates = dated_out = no_date = 0
    infos: list[ArticleInfo] = []
    citations: list[Citation] = []
    uncited: dict[tuple[str, str, str], int] = defaultdict(int)
    dense: list[str] = []
    n = 0
    try:
        for info, cits in iter_scan(paths, opts, skipped.append, notes.append):
            n += 1
            if progress is not None:
                progress(info)
            if info.unexamined:
                dense.append(info.id)
            bad_dates += info.bad_date
            if since or until:
                dated_out += bool(info.date) and not in_range(info.date, since, until)
                no_date += not info.date
                if not in_range(info.date, since, until, undated == "keep"):
                    continue
            citations.extend(cits)
            if spool is None or cits:
                infos.append(info)
            else:
                uncited[uncited_key(info)] += 1
            if spool is not None:
                spool.write(json.dumps([getattr(info, f) for f in _INFO_FIELDS], ensure_ascii=False) + "\n")
    except KeyboardInterrupt:
        raise Interrupted(
            f"stopped after reading {n} article{'s' * (n != 1)} "
            f"({len(citations)} citation{'s' * (len(citations) != 1)}, {len(skipped)} skipped)"
        ) from None
    if bad_dates:
        notes.append(bad_dates_note(bad_dates, bool(since or until) and undated == "drop"))
    notes += range_notes(dated_out, no_date, undated == "keep")
    outlets = cited_outlets(citations, gaz)
    counts = outlet_counts(citations, outlets)
    with_publisher = sum(1 for a in infos if a.publisher_id) + sum(k for (_, pid, _), k in uncited.items() if pid)
    hint = dominance_note(counts, len(citations), with_publisher, len(infos) + sum(uncited.values()))
    if hint:
        notes.append(hint)
    publishers = publisher_outlets(chain(((a.publisher_id, a.publisher) for a in infos),
                                         ((pid, name) for _, pid, name in uncited)), gaz)
    return ScanResult(
        articles=infos, citations=citations, counts=counts, outlets=outlets,
        graph=build_graph(infos, citations, outlets, publishers=publishers, uncited=uncited), skipped=skipped,
        uncited=dict(uncited), every_article=None if spool is None else partial(_read_spool, spool), partial=dense,
        notes=notes,
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
            out[c.outlet_id] = known or unknown_outlet(c.outlet, outlet_id=c.outlet_id)
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
