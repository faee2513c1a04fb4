"""The local engine: one-article analysis over this machine's cores, in reading order.

The parent plans and merges; the workers read. The parent walks the paths and hands the workers
*where to read*, never text: groups of small files (:data:`GROUP_FILES` files or
:data:`GROUP_BYTES`), and a big JSON Lines file as byte ranges cut at line starts, each knowing
its first line and record number (:mod:`citetrack.engines.parts`; a big CSV file is cut at row
starts by one worker's parse first). A worker opens the file, reads, decodes and analyses its
share (:func:`citetrack.analyse.file_result`) and sends back only the results: each article's
metadata and citations, and the skipped files and records.

Tasks are submitted ahead, :data:`WINDOW` per worker, so a worker never waits for the parent,
and their results are yielded strictly in submission order, so the stream is the same whatever
the number of jobs. The parent still reads a file itself when it holds many articles however
small it is (a web crawl, WARC) or when it is big and cannot be cut (compressed, not UTF-8): its
articles go out in tasks of :data:`ITEMS` (:data:`PAGE_ITEMS` web pages).

Workers start only once the work planned pays for them (:data:`ENOUGH`); a small scan, and every
``--jobs 1`` scan, runs in this process with no pool. With a cache (:mod:`citetrack.cache`),
unchanged files are not read at all.
"""
from __future__ import annotations

import gc
import multiprocessing as mp
import os
import pickle
import signal
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from itertools import islice
from pathlib import Path

from ..analyse import analyse_item, file_result, warm_up
from ..errors import CitetrackError
from ..models import ScanOptions, Skipped
from ..readers import iter_files
from ..readers.csvfile import row_ranges
from ..readers.html import Page
from ..readers.registry import format_for, read_items
from ..readers.urls import UrlPath
from . import jobs_for, parts
from .parts import cuttable, line_parts, range_bytes

#: Small files go to a worker together, up to this many files or bytes per task (a web page, slow
#: to extract, counts PAGE_WEIGHT bytes more: four go together).
GROUP_FILES, GROUP_BYTES = 256, 1 << 20
#: Tasks in flight per worker: keeps each busy while the parent merges, and bounds what is held.
WINDOW = 3
#: A file the parent reads: articles taken from it at a time (its read skips come before their
#: results), and articles (web pages) per task.
BATCH, ITEMS, PAGE_ITEMS = 512, 64, 4
#: Bytes: a bigger file that cannot be cut (compressed, not UTF-8) is read by the parent.
BIG_FILE = 8 << 20
#: Work planned, in bytes, that pays for starting the workers; a file counts FILE_WEIGHT bytes
#: besides its size (512 small files are enough) and a web page PAGE_WEIGHT (16 are enough).
ENOUGH, FILE_WEIGHT, PAGE_WEIGHT = 1 << 20, 2 << 10, 64 << 10

FileResult = tuple[list, list[Skipped]]
_NOTHING: FileResult = ([], [])

_WORKER_OPTIONS: ScanOptions | None = None


def _init_worker(options: ScanOptions) -> None:
    global _WORKER_OPTIONS
    # Ctrl-C and SIGTERM are the parent's to handle, also when sent to the whole process group: it
    # stops the workers itself (SIGKILL), so that none dies halfway through a message to it.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    _WORKER_OPTIONS = options
    warm_up(options)  # a no-op when forked from a warmed-up parent


def _remote(task: Callable, *args) -> bytes:
    """Run in a worker: ``task(*args, options)``, pickled here (see :func:`result_of`)."""
    assert _WORKER_OPTIONS is not None
    return pickle.dumps(task(*args, _WORKER_OPTIONS), protocol=pickle.HIGHEST_PROTOCOL)


# --- the tasks: each runs in a worker, or in this process ---------------------------------------

def _files(files: list, options: ScanOptions) -> list[FileResult]:
    """Whole files: ``(file, shown, size)`` (the size the walk looked up, so it is not looked up
    twice); a file given as a string is a local path (see :class:`_Files`)."""
    return [file_result(Path(file) if isinstance(file, str) else file, shown, options, size)
            for file, shown, size in files]


class _Files(list):
    """A task's files, ``(file, shown, size)``: read as they are in this process, and pickled for a
    worker with each local path as its string (a pickled ``Path`` is parsed again when unpickled:
    ~10 µs a file both ways, against ~1 for a string; a URL goes as it is)."""

    def __reduce__(self):
        return list, ([(os.fspath(f) if isinstance(f, Path) else f, shown, size) for f, shown, size in self],)


def _part(file: Path, shown: str, part, options: ScanOptions) -> FileResult:
    return file_result(file, shown, options, part=part)


def _items(items: list, options: ScanOptions) -> list:
    return [analyse_item(item, options) for item in items]


def _row_parts(file: Path, chunk: int, options: ScanOptions) -> list:
    return row_ranges(file, chunk, options.fields, options.max_file_size)


class Pool:
    """Runs tasks in this process, or in worker processes once :meth:`start` is called.

    Workers run in a :class:`~concurrent.futures.ProcessPoolExecutor`: a worker that dies (killed
    by the system when memory runs out) makes the scan fail with a clear message instead of
    waiting for it forever.
    """

    def __init__(self, opts: ScanOptions):
        self.opts, self.jobs, self.pool = opts, jobs_for(opts), None

    def start(self) -> None:
        if self.pool is None and self.jobs > 1:
            ctx = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else mp.get_context()
            if ctx.get_start_method() == "fork":
                # what the parent built (gazetteer, automaton, rules) out of the garbage collector's
                # reach: a collection in a forked worker would otherwise write to every object
                # and so copy every page of them (~75 MB, ~10% of a worker's time at --jobs 2)
                gc.freeze()
            self.pool = ProcessPoolExecutor(self.jobs, mp_context=ctx, initializer=_init_worker, initargs=(self.opts,))

    def submit(self, task: Callable, *args) -> Future:
        assert self.pool is not None
        try:
            return self.pool.submit(_remote, task, *args)
        except BrokenProcessPool:
            raise _died() from None

    def call(self, task: Callable, *args):
        """``task``'s result, computed by a worker when there are workers, else here."""
        if self.pool is None:
            return task(*args, self.opts)
        return result_of(self.submit(task, *args))

    def close(self) -> None:
        """Stop the workers at once, whatever they are doing (they ignore SIGINT and SIGTERM)."""
        if self.pool is not None:
            # Python 3.14 has ProcessPoolExecutor.kill_workers(); before it, the processes are private
            for process in list((getattr(self.pool, "_processes", None) or {}).values()):
                process.kill()
            self.pool.shutdown(wait=True, cancel_futures=True)


def result_of(future: Future):
    """A task's result, unpickled with the garbage collector paused: the results of a task are tens
    of thousands of new objects, none in a cycle, and collections while they are made (each one
    looking at all of them again) were half the parent's time spent taking results in."""
    try:
        packed = future.result()
    except BrokenProcessPool:
        raise _died() from None
    was = gc.isenabled()
    gc.disable()
    try:
        return pickle.loads(packed)
    finally:
        if was:
            gc.enable()


def _died() -> CitetrackError:
    return CitetrackError("a worker process died (killed by the system, perhaps out of memory); "
                          "try fewer --jobs or a smaller --max-file-size")


class _Task:
    """A task not submitted yet: run here when no workers are started, or submitted when they are."""

    __slots__ = ("task", "args")

    def __init__(self, task: Callable, args: tuple):
        self.task, self.args = task, args


class _Ordered:
    """Results strictly in the order work was added: ``(work, then)`` pairs, where work is a
    result already known (``None``), a :class:`_Task` or a worker's future, and ``then`` turns its
    result into the list of :data:`FileResult` to give out (and does the cache's bookkeeping)."""

    def __init__(self, pool: Pool):
        self.pool = pool
        self.queue: deque = deque()
        self.weight = 0  # of the work planned before the workers started
        self.in_flight = 0

    def add(self, work, then: Callable, weight: int = 0) -> Iterator[FileResult]:
        """Add work; give out the results that are ready (those waited for when too many are out)."""
        pool = self.pool
        if isinstance(work, _Task):
            if pool.pool is None and pool.jobs > 1:
                self.weight += weight
                if self.weight >= ENOUGH:
                    self.start()
            if pool.pool is not None:
                work = pool.submit(work.task, *work.args)
                self.in_flight += 1
        self.queue.append((work, then))
        if pool.jobs == 1:
            yield from self.drain()
            return
        while self.queue and self._ready(self.queue[0][0]):
            yield from self._pop()
        while self.in_flight >= WINDOW * pool.jobs:
            yield from self._pop()

    def start(self) -> None:
        """Start the workers and submit to them the tasks waiting in the queue."""
        self.pool.start()
        if self.pool.pool is None:
            return
        waiting = self.queue
        self.queue = deque()
        for work, then in waiting:
            if isinstance(work, _Task):
                work = self.pool.submit(work.task, *work.args)
                self.in_flight += 1
            self.queue.append((work, then))

    def drain(self) -> Iterator[FileResult]:
        while self.queue:
            yield from self._pop()

    @staticmethod
    def _ready(work) -> bool:
        return work is None or isinstance(work, Future) and work.done()

    def _pop(self) -> list[FileResult]:
        work, then = self.queue.popleft()
        if work is None:
            return then(None)
        if isinstance(work, _Task):
            return then(work.task(*work.args, self.pool.opts))
        self.in_flight -= 1
        return then(result_of(work))

    def cancel(self) -> None:
        for work, _ in self.queue:
            if isinstance(work, Future):
                work.cancel()
        self.queue.clear()


def _file_size(file: Path) -> int | None:
    """The file's size (looked up once per file: the reader is given it), ``None`` if it cannot be."""
    try:
        return file.stat().st_size
    except OSError:
        return None


def _read_here(fmt, size: int) -> bool:
    """Whether the parent reads a file of format ``fmt`` (and sends its articles): one that holds
    many articles however small it is (a web crawl), or a big one that cannot be cut."""
    return (size or 0) > BIG_FILE or (fmt is not None and fmt.many)


def iter_local(paths: list, opts: ScanOptions, on_skip: Callable[[Skipped], object],
               on_note: Callable[[str], object]) -> Iterator:
    """Each article's ``(ArticleInfo, [Citation])``, in reading order (see the module docstring)."""
    run = _LocalScan(opts, on_note)
    try:
        for pairs, skipped in run.results(paths):
            for item in skipped:
                on_skip(item)
            yield from pairs
    finally:
        run.close()


class _LocalScan:
    """One local scan: the plan of the work, the pool, the ordered results, the cache."""

    def __init__(self, opts: ScanOptions, on_note: Callable[[str], object]):
        from ..cache import Cache

        self.opts, self.on_note = opts, on_note
        self.cache = Cache(opts.cache, opts, on_note) if opts.cache is not None else None
        self.pool = Pool(opts)
        self.ordered = _Ordered(self.pool)
        self.stored = 0  # files stored in the cache since its last commit
        self.walk_skips: list[Skipped] = []
        self.group: list = []  # small files waiting to go out together: (file, shown, state, digest, size)
        self.group_bytes = 0

    def results(self, paths: list) -> Iterator[FileResult]:
        add = self.ordered.add
        for f, shown in iter_files(paths, self.walk_skips.append, on_note=self.on_note):
            yield from self.skips()
            found = state = digest = None
            if self.cache is not None:
                found, state, digest = self.cache.lookup(f, shown)
                if self.opts.dump_text is not None:
                    found = None  # the text is written while extracting: read the file again
            if found is not None:
                yield from self.send_group()
                yield from add(None, lambda _, found=found: [found])
                continue
            size, fmt = _file_size(f), format_for(f.name)
            how = None
            if (size or 0) > parts.RANGE_MIN and not isinstance(f, UrlPath):
                chunk = range_bytes(size, self.pool.jobs)
                how = cuttable(f, size, chunk)
                if how == "rows" and self.pool.jobs == 1:
                    how = None  # a parse to cut it would only add to one process's work
            if how is not None:
                yield from self.send_group()
                yield from self.in_parts(f, shown, how, chunk, state, digest)
            elif _read_here(fmt, size):
                yield from self.send_group()
                yield from self.read_here(f, shown, state, digest)
            else:
                self.group.append((f, shown, state, digest, size))
                self.group_bytes += (size or 0) + (PAGE_WEIGHT if fmt is not None and fmt.pages else 0)
                if len(self.group) >= GROUP_FILES or self.group_bytes >= GROUP_BYTES:
                    yield from self.send_group()
        yield from self.skips()
        yield from self.send_group()
        yield from self.ordered.drain()
        self.commit()

    def skips(self) -> Iterator[FileResult]:
        """Skips from walking the folders, in their place among the results."""
        if self.walk_skips:
            yield from self.send_group()
            found = ([], list(self.walk_skips))
            self.walk_skips.clear()
            yield from self.ordered.add(None, lambda _: [found])

    def send_group(self) -> Iterator[FileResult]:
        """The small files waiting, as one task."""
        if not self.group:
            return
        group, weight = self.group, self.group_bytes + FILE_WEIGHT * len(self.group)
        self.group, self.group_bytes = [], 0

        def stored(results: list[FileResult]) -> list[FileResult]:
            if self.cache is not None:
                for (f, shown, state, digest, _), found in zip(group, results):
                    self.store(f, shown, state, digest, found)
            return results

        yield from self.ordered.add(_Task(_files, (_Files((f, shown, size) for f, shown, _, _, size in group),)),
                                    stored, weight)

    def in_parts(self, f: Path, shown: str, how: str, chunk: int, state, digest) -> Iterator[FileResult]:
        """A big JSON Lines or CSV file, read by the workers in parts."""
        if how == "lines":
            cut = line_parts(f, chunk, self.opts.max_file_size)
        else:
            self.ordered.start()  # the parse that cuts it runs in a worker while the others go on
            cut = iter(self.pool.call(_row_parts, f, chunk))
        kept, keep = self.keeper()
        first = next(cut, None)
        if first is None:  # cannot be cut after all (a CSV with an unusable header): read whole
            whole = _Task(_files, ([(f, shown, None)],))
            yield from self.ordered.add(whole, lambda r: self.stored_file(f, shown, state, digest, r[0]), FILE_WEIGHT)
            return
        for part in _chain(first, cut):
            size = (part.stop or chunk) - part.start
            yield from self.ordered.add(_Task(_part, (f, shown, part)), keep, size)
        yield from self.ordered.add(None, lambda _: self.stored_file(f, shown, state, digest, kept, _NOTHING))

    def read_here(self, f: Path, shown: str, state, digest) -> Iterator[FileResult]:
        """A file read by the parent (a web crawl, a big compressed file), its articles analysed
        in tasks; the read skips of each :data:`BATCH` come before its articles' results."""
        kept, keep = self.keeper()
        items = read_items(f, shown, self.opts.fields, self.opts.max_file_size)

        def analysed(results: list) -> list[FileResult]:
            pairs = [r for r in results if not isinstance(r, Skipped)]
            return keep((pairs, [r for r in results if isinstance(r, Skipped)]))

        while True:
            batch, skipped = [], []
            for item in islice(items, BATCH):
                (skipped if isinstance(item, Skipped) else batch).append(item)
            if not batch and not skipped:
                break
            if skipped:
                found = keep(([], skipped))
                yield from self.ordered.add(None, lambda _, found=found: found)
            pages = any(isinstance(a, Page) for a in batch)
            step = PAGE_ITEMS if pages else ITEMS
            for k in range(0, len(batch), step):
                chunk = batch[k:k + step]
                weight = PAGE_WEIGHT * len(chunk) if pages else sum(len(getattr(a, "text", "")) for a in chunk)
                yield from self.ordered.add(_Task(_items, (chunk,)), analysed, weight)
        yield from self.ordered.add(None, lambda _: self.stored_file(f, shown, state, digest, kept, _NOTHING))

    def keeper(self) -> tuple[FileResult, Callable[[FileResult], list[FileResult]]]:
        """``(kept, keep)``: ``keep`` gives out a part's result and, with a cache, adds it to
        ``kept``, the whole file's result stored once its last part is out."""
        kept: FileResult = ([], [])

        def keep(found: FileResult) -> list[FileResult]:
            if self.cache is not None:
                kept[0].extend(found[0])
                kept[1].extend(found[1])
            return [found]

        return kept, keep

    def stored_file(self, f, shown, state, digest, found: FileResult, given: FileResult | None = None) -> list[FileResult]:
        """Store a whole file's result in the cache; give out ``given`` (default: that result)."""
        self.store(f, shown, state, digest, found)
        return [found if given is None else given]

    def store(self, f, shown, state, digest, found: FileResult) -> None:
        if self.cache is not None and state is not None:
            self.cache.store(f, shown, state, digest, found)
            self.stored += 1
            if self.stored >= BATCH:
                self.commit()

    def commit(self) -> None:
        if self.cache is not None:
            self.cache.commit()
            self.stored = 0

    def close(self) -> None:
        self.ordered.cancel()
        self.pool.close()
        if self.cache is not None:
            self.cache.close()


def _chain(first, rest: Iterator) -> Iterator:
    yield first
    yield from rest
