"""``--engine dask``: the same scan on a Dask cluster (``pip install 'citetrack[dask]'``).

The client (this process) walks the paths (local paths, or fsspec URLs such as ``s3://bucket/articles/``)
in the order a local scan does and cuts the work into tasks:

- small files go to a worker in groups (up to :data:`GROUP_FILES` files or :data:`GROUP_BYTES`),
  each file read and analysed there by :func:`citetrack.analyse.file_result`, as in a local run;
- a JSON Lines file bigger than ``chunk_bytes`` (UTF-8, not compressed) is read in parts: byte
  ranges (:mod:`citetrack.engines.parts`, shared with the local engine) aligned to line starts. A cheap task per part counts its lines and records; a chain of
  tiny tasks adds them up, so each part numbers its lines (``file:N``) and records (``file#N``)
  exactly as a whole-file read does, without the client reading the file;
- a big CSV / TSV file (UTF-8, not compressed) likewise, but cut at row starts (a quoted cell may
  hold line breaks): one worker parses it once (:func:`~citetrack.readers.csvfile.row_ranges`,
  the csv module's speed, far above extraction's), then its parts go out like any task.

Tasks are submitted in a sliding window (:data:`WINDOW` per worker thread) and their results are
yielded in submission order as they arrive, so the client holds only the window's results and the
stream is the one :func:`citetrack.pipeline.iter_scan` gives locally: same articles, citations and
skipped items, in the same order. The workers read the files themselves (a cluster needs the paths
or URLs to be readable from every worker, and citetrack installed there).
"""
from __future__ import annotations

import os
from collections import deque
from dataclasses import replace
from pathlib import Path
from typing import Callable, Iterator

from ..analyse import file_result
from ..errors import CitetrackError
from ..models import ArticleInfo, Citation, ScanOptions, Skipped
from ..readers import iter_files
from ..readers.csvfile import row_ranges
from ..readers.jsonfile import LineRange, count_lines
from ..readers.registry import format_for
from ..readers.urls import UrlPath
from . import jobs_for
from .parts import byte_ranges, cuttable

#: A JSON Lines file bigger than this is read in parts of this size, on several workers.
CHUNK_BYTES = 32 << 20
#: Small files go to a worker together, up to this many files or bytes per task.
GROUP_FILES, GROUP_BYTES = 128, 4 << 20
#: Tasks in flight per worker thread: keeps every worker busy while bounding the client's memory.
WINDOW = 4

FileResult = tuple[list[tuple[ArticleInfo, list[Citation]]], list[Skipped]]


def connect(options: ScanOptions):
    """``(client, cluster)``: a client of the scheduler at ``options.scheduler``, or of a new local
    cluster of worker processes (``cluster`` is then to be closed too)."""
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise CitetrackError("--engine dask needs Dask: pip install 'citetrack[dask]'") from None
    if options.scheduler:
        try:
            return Client(options.scheduler, timeout="20s"), None
        except (OSError, TimeoutError, ValueError) as exc:
            raise CitetrackError(f"cannot reach the Dask scheduler at {options.scheduler}: {exc}") from None
    cluster = LocalCluster(n_workers=jobs_for(options), threads_per_worker=1, processes=True,
                           dashboard_address=None)
    return Client(cluster), cluster


def iter_dask(
    paths: list, options: ScanOptions, on_skip: Callable[[Skipped], object], chunk_bytes: int | None = None,
    on_note: Callable[[str], object] | None = None,
) -> Iterator[tuple[ArticleInfo, list[Citation]]]:
    """Each article's metadata and citations, in reading order, computed on a Dask cluster."""
    if options.engine != "dask":
        raise CitetrackError(f"unknown engine {options.engine!r}; use local or dask")
    if options.cache is not None:
        raise CitetrackError("--cache works with the local engine only (not with --engine dask)")
    plan = _plan(paths, chunk_bytes or CHUNK_BYTES, on_note)  # walks (and checks) the paths before a cluster starts
    first = next(plan, None)
    if first is None:
        return
    client, cluster = connect(options)
    try:
        yield from _run(client, _chain([first], plan), _portable(options), on_skip)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _chain(head: list, rest: Iterator) -> Iterator:
    yield from head
    yield from rest


def _portable(options: ScanOptions) -> ScanOptions:
    """The options with local paths made absolute (worker processes may run elsewhere)."""
    return replace(options, outlets_files=tuple(Path(p).absolute() for p in options.outlets_files),
                   rules_files=tuple(Path(p).absolute() for p in options.rules_files),
                   dump_text=Path(options.dump_text).absolute() if options.dump_text is not None else None)


def _run(client, plan: Iterator, options: ScanOptions, on_skip: Callable[[Skipped], object]):
    window = WINDOW * max(1, sum(client.nthreads().values()))
    queue: deque = deque()  # Skipped (from the walk) or a future of a list of FileResults, in order
    in_flight = 0

    def emit():
        nonlocal in_flight
        head = queue.popleft()
        if isinstance(head, Skipped):
            on_skip(head)
            return
        in_flight -= 1
        for pairs, skipped in head.result():
            for item in skipped:
                on_skip(item)
            yield from pairs
        head.release()

    try:
        for unit in plan:
            if isinstance(unit, Skipped):
                queue.append(unit)
                continue
            for future in _submit(client, unit, options):
                queue.append(future)
                in_flight += 1
                while in_flight >= window:
                    yield from emit()
        while queue:
            yield from emit()
    finally:
        for item in queue:
            if not isinstance(item, Skipped):
                item.cancel()


def _submit(client, unit: tuple, options: ScanOptions) -> Iterator:
    """Futures of one unit of the plan, submitted one by one (so the window bounds a big file's
    parts too): a group of whole files, or a big file's parts."""
    if unit[0] == "files":
        yield client.submit(_files_task, unit[1], options, pure=False)
        return
    if unit[0] == "rows":
        _, file, shown, chunk_bytes = unit
        parts = client.submit(row_ranges, file, chunk_bytes, options.fields, options.max_file_size, priority=10,
                              pure=False).result()
        if not parts:
            yield client.submit(_files_task, [(file, shown)], options, pure=False)
        for part in parts:
            yield client.submit(_part_task, file, shown, options, part, pure=False)
        return
    _, file, shown, ranges = unit
    before = None  # a future of (lines, records) before the next part
    for k, (a, b) in enumerate(ranges):
        yield client.submit(_range_task, file, shown, options, a, b, k == len(ranges) - 1, before, pure=False)
        counted = client.submit(count_lines, file, LineRange(a, b), options.max_file_size, priority=10, pure=False)
        before = client.submit(_add, before, counted, priority=10, pure=False)


def _plan(paths: list, chunk_bytes: int, on_note: Callable[[str], object] | None = None) -> Iterator:
    """The work in reading order: walk skips, ``("files", [(file, shown), ...])`` groups,
    ``("parts", file, shown, [(start, stop), ...])`` for a big JSON Lines file and
    ``("rows", file, shown, chunk_bytes)`` for a big CSV file."""
    skips: list[Skipped] = []
    group: list = []
    size = 0
    for file, shown in iter_files(paths, skips.append, on_note=on_note):
        if skips or group and (len(group) >= GROUP_FILES or size >= GROUP_BYTES):
            if group:
                yield "files", group
            group, size = [], 0
            yield from skips
            skips.clear()
        file = file if isinstance(file, UrlPath) else Path(os.path.abspath(file))
        nbytes = _size(file)
        ranges = _ranges(file, nbytes, chunk_bytes)
        if ranges:
            if group:
                yield "files", group
            group, size = [], 0
            yield ("parts", file, shown, ranges) if format_for(file.name).parts == "lines" else \
                ("rows", file, shown, chunk_bytes)
            continue
        group.append((file, shown))
        size += nbytes
    if group:
        yield "files", group
    yield from skips


def _size(file) -> int:
    if isinstance(file, UrlPath) and file.size is not None:
        return file.size
    try:
        return file.stat().st_size
    except OSError:
        return 0


def _ranges(file, nbytes: int, chunk_bytes: int) -> list[tuple[int, int]]:
    """Byte ranges of a JSON Lines or CSV file to read in parts (:func:`~citetrack.engines.parts.cuttable`);
    none for other files, small, compressed or not UTF-8 ones (those are read whole)."""
    return byte_ranges(nbytes, chunk_bytes) if cuttable(file, nbytes, chunk_bytes) else []


# --- run in the workers ---------------------------------------------------------------------

def _files_task(files: list, options: ScanOptions) -> list[FileResult]:
    return [file_result(file, shown, options) for file, shown in files]


def _range_task(file, shown: str, options: ScanOptions, start: int, stop: int, last: bool,
                before: tuple[int, int] | None) -> list[FileResult]:
    lines, records = before or (0, 0)
    return _part_task(file, shown, options, LineRange(start, stop, lines, records, last))


def _part_task(file, shown: str, options: ScanOptions, part) -> list[FileResult]:
    return [file_result(file, shown, options, part=part)]


def _add(before: tuple[int, int] | None, counted: tuple[int, int]) -> tuple[int, int]:
    lines, records = before or (0, 0)
    return lines + counted[0], records + counted[1]
