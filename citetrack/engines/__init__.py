"""Engines: who runs one-article analysis (:mod:`citetrack.analyse`) over the files of a scan.

- :mod:`citetrack.engines.local`: this machine's cores (worker processes started once there is
  enough to do), with the ``--cache``;
- :mod:`citetrack.engines.dask`: a Dask cluster (``--engine dask``);
- :mod:`citetrack.engines.parts`: cutting a big JSON Lines or CSV file into byte ranges, for both.

In both, workers read: they are told which files, or which byte range of a file, to read, and
send back only each article's results; the planning process never sends text.

Both give the same stream of ``(ArticleInfo, [Citation])`` pairs, in reading order, and report
skipped files and records and notes through callbacks; :mod:`citetrack.pipeline` chooses one.
"""
from __future__ import annotations

import os

from ..models import ScanOptions


def jobs_for(options: ScanOptions) -> int:
    """Worker processes for ``options.jobs`` (0 = one per core)."""
    return options.jobs if options.jobs > 0 else (os.cpu_count() or 1)
