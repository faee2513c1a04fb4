"""A scan that writes as it reads: what ``citetrack scan`` runs.

Memory grows with the outlets, not with the text read nor with the citations: each article's
metadata goes to a spool file in the output folder as soon as it is read (read back, in order, for
``articles.csv``), articles that cite nothing are only counted, by day and publisher, and the
citing articles and their citations go to an on-disk store beside the outputs
(:mod:`citetrack.citestore`), from which every output is written. A date range (``--since``/``--until``) is applied while reading. The outputs are
the same as ``write_outputs(narrow(scan(...)))`` gives, except that the graph's article nodes are
the citing articles (the graph's ``articles`` attribute still counts them all).
"""
from __future__ import annotations

import os
import sqlite3
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import replace
from pathlib import Path

from .citestore import CitationStore
from .errors import Interrupted, OutputError
from .models import ArticleInfo, ReportOptions, ScanOptions, ScanResult
from .narrow import check_range, narrow
from .report import prepare_folder, remove_empty, write_outputs
from .pipeline import PathLike, collect


def scan_to_folder(
    paths: Iterable[PathLike],
    folder: Path | str,
    options: ScanOptions | None = None,
    view: ReportOptions | None = None,
    *,
    progress: Callable[[ArticleInfo], object] | None = None,
) -> tuple[ScanResult, dict[str, Path]]:
    """Scan ``paths`` and write every output into ``folder``; returns the (narrowed) result and the
    paths written. The result lists only the citing articles; see :attr:`ScanResult.uncited`.

    Raises :class:`~citetrack.errors.OutputError` before reading anything when ``folder`` cannot be
    created, and :class:`~citetrack.errors.Interrupted` on Ctrl-C: while reading or while writing,
    the outputs in ``folder`` are then the ones it had (see :mod:`citetrack.swap`), and a folder
    this call created is removed again.
    """
    view = view or ReportOptions()
    since, until = check_range(view)
    new_folder = not os.path.lexists(folder)
    folder = prepare_folder(folder)  # before reading: an unwritable folder fails at once, not after the scan
    try:
        # unnamed where the system allows it: nothing is left behind, even when the scan is killed
        spool = tempfile.TemporaryFile("w+", encoding="utf-8", dir=folder, prefix=".citetrack-articles-")
    except OSError as exc:
        raise OutputError(f"cannot write in {folder}: {exc.strerror or exc}") from None
    try:
        store = CitationStore(folder)
    except (OSError, sqlite3.Error) as exc:
        spool.close()
        raise OutputError(f"cannot write in {folder}: {getattr(exc, 'strerror', None) or exc}") from None
    try:
        with spool:
            try:
                result = collect(paths, options or ScanOptions(), progress=progress, spool=spool, store=store,
                                 since=since, until=until, undated=view.undated)
            except Interrupted as exc:
                raise Interrupted(f"{exc}; no outputs were written") from None
            result = narrow(result, replace(view, since=None, until=None))  # the dates were applied while reading
            written = write_outputs(result, folder, options=view)
    except BaseException:  # a bad --outlets file, a missing path, Ctrl-C: outputs as they were, no new folder
        store.close()
        if new_folder:
            remove_empty(folder)
        raise
    return replace(result, every_article=None), written


def scan_stored(paths: Iterable[PathLike], options: ScanOptions | None = None) -> ScanResult:
    """Scan ``paths`` with the citing articles and citations kept in a store in the system's
    temporary folder (``citetrack counts``): memory follows the outlets, as for ``scan``. The
    result lists only the citing articles (see :attr:`ScanResult.uncited`); its store lives as
    long as it does."""
    try:
        store = CitationStore()
    except (OSError, sqlite3.Error) as exc:
        raise OutputError(f"cannot write a temporary file: {getattr(exc, 'strerror', None) or exc}") from None
    try:
        return collect(paths, options or ScanOptions(), store=store)
    except BaseException:
        store.close()
        raise
