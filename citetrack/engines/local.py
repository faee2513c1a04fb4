"""The local engine: one-article analysis over this machine's cores, in reading order.

Files go to the worker processes whole (each worker reads and analyses them), in batches whose
results come back in order; a big file (or a web crawl) is read here and its articles go out in
batches. Workers start only once a batch is big enough to pay for them. With a cache
(:mod:`citetrack.cache`), unchanged files are not read at all. The order and content of the
results are the same whatever the number of jobs.
"""
from __future__ import annotations

import multiprocessing as mp
import signal
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from itertools import islice
from pathlib import Path

from ..analyse import analyse_item, file_result, warm_up
from ..errors import CitetrackError
from ..models import ScanOptions, Skipped
from ..readers import iter_files
from ..readers.html import Page
from ..readers.registry import format_for, read_items
from . import jobs_for

BATCH = 512  # articles (or files) handed to the workers at a time: bounds memory, keeps order
PAGE_BATCH = 16  # web pages are slow to extract: this many already pay for the worker processes
BIG_FILE = 8 << 20  # bytes: a bigger file (a large JSONL) is split into batches of articles for the workers

_WORKER_OPTIONS: ScanOptions | None = None


def _init_worker(options: ScanOptions) -> None:
    global _WORKER_OPTIONS
    # Ctrl-C and SIGTERM are the parent's to handle, also when sent to the whole process group: it
    # stops the workers itself (SIGKILL), so that none dies halfway through a message to it.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    _WORKER_OPTIONS = options
    warm_up(options)  # a no-op when forked from a warmed-up parent


def _work(item):
    assert _WORKER_OPTIONS is not None
    return analyse_item(item, _WORKER_OPTIONS)


def _work_file(task: tuple[Path, str, int | None]):
    assert _WORKER_OPTIONS is not None
    return file_result(task[0], task[1], _WORKER_OPTIONS, task[2])


class Pool:
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


def _file_size(file: Path) -> int | None:
    """The file's size (looked up once per file: the reader is given it), ``None`` if it cannot be."""
    try:
        return file.stat().st_size
    except OSError:
        return None


def _slow(task: tuple[Path, str, int | None]) -> bool:
    """A web page: slow to extract, so a few of them already pay for the worker processes."""
    fmt = format_for(task[0].name)
    return fmt is not None and fmt.pages


def _split(file: Path, size: int | None) -> bool:
    """Whether a file's articles go to the workers in batches: a big file, or one that holds many
    articles however small it is (a web crawl)."""
    fmt = format_for(file.name)
    return (size or 0) > BIG_FILE or (fmt is not None and fmt.many)


def iter_local(paths: list, opts: ScanOptions, on_skip: Callable[[Skipped], object],
               on_note: Callable[[str], object]) -> Iterator:
    """Each article's ``(ArticleInfo, [Citation])``, in reading order (see the module docstring)."""
    run = _LocalScan(opts, on_skip, on_note)
    try:
        yield from run.files(paths)
    finally:
        run.close()


class _LocalScan:
    """One local scan: the files waiting for a batch, the pool, the cache."""

    def __init__(self, opts: ScanOptions, on_skip: Callable[[Skipped], object], on_note: Callable[[str], object]):
        from ..cache import Cache

        self.opts, self.on_skip = opts, on_skip
        self.cache = Cache(opts.cache, opts, on_note) if opts.cache is not None else None
        self.on_note = on_note
        self.pool = Pool(opts)
        #: files waiting for a batch: (file, shown, cached result or None, state, digest, size)
        self.pending: list = []

    def files(self, paths: list) -> Iterator:
        for f, shown in iter_files(paths, self.walk_skip, on_note=self.on_note):
            found = state = digest = None
            if self.cache is not None:
                found, state, digest = self.cache.lookup(f, shown)
                if self.opts.dump_text is not None:
                    found = None  # the text is written while extracting: read the file again
            size = _file_size(f) if found is None else None
            if found is None and _split(f, size):
                yield from self.flush()
                yield from self.big_file(f, shown, state, digest)
                continue
            self.pending.append((f, shown, found, state, digest, size))
            if len(self.pending) >= BATCH:
                yield from self.flush()
        yield from self.flush()

    def walk_skip(self, item: Skipped) -> None:
        """A skip from walking the folders keeps its place among the results of the files pending."""
        if self.pending:
            self.pending.append((None, item.path, ([], [item]), None, None, None))
        else:
            self.on_skip(item)

    def flush(self) -> Iterator:
        """The results of the pending files, in order (read and analysed by the pool, or cached)."""
        opts = self.opts
        todo = [(f, shown, size) for f, shown, found, _, _, size in self.pending if found is None]
        enough = PAGE_BATCH if sum(map(_slow, todo)) >= PAGE_BATCH else BATCH
        fresh = self.pool.map(lambda t: file_result(*t[:2], opts, t[2]), _work_file, todo, chunksize=4, enough=enough)
        for f, shown, found, state, digest, _ in self.pending:
            if found is None:
                found = next(fresh)
                if self.cache is not None and state is not None:
                    self.cache.store(f, shown, state, digest, found)
            pairs, skipped = found
            for item in skipped:
                self.on_skip(item)
            yield from pairs
        self.pending.clear()
        if self.cache is not None:
            self.cache.commit()

    def big_file(self, f: Path, shown: str, state, digest) -> Iterator:
        """A big file read here, its articles analysed by the pool in batches."""
        kept: tuple[list, list[Skipped]] = ([], [])
        items = read_items(f, shown, self.opts.fields, self.opts.max_file_size)
        while True:
            batch = []
            for item in islice(items, BATCH):
                if isinstance(item, Skipped):
                    self.on_skip(item)
                    kept[1].append(item)
                else:
                    batch.append(item)
            if not batch:
                break
            pages = any(isinstance(a, Page) for a in batch)
            for result in self.pool.map(lambda a: analyse_item(a, self.opts), _work, batch,
                                        chunksize=4 if pages else 16, enough=PAGE_BATCH if pages else BATCH):
                if isinstance(result, Skipped):
                    self.on_skip(result)
                    kept[1].append(result)
                    continue
                if self.cache is not None:
                    kept[0].append(result)
                yield result
        if self.cache is not None and state is not None:
            self.cache.store(f, shown, state, digest, kept)

    def close(self) -> None:
        self.pool.close()
        if self.cache is not None:
            self.cache.close()
