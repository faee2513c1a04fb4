"""Engines: who runs one-article analysis (:mod:`citetrack.analyse`) over the files of a scan.

- :mod:`citetrack.engines.local`: this machine's cores (worker processes started once there is
  enough to do), with the ``--cache``;
- :mod:`citetrack.engines.dask`: a Dask cluster (``--engine dask``).

Both give the same stream of ``(ArticleInfo, [Citation])`` pairs, in reading order, and report
skipped files and records and notes through callbacks; :mod:`citetrack.pipeline` chooses one.
"""
from __future__ import annotations

import os

from ..models import ScanOptions


def jobs_for(options: ScanOptions) -> int:
    """Worker processes for ``options.jobs`` (0 = one per core)."""
    return options.jobs if options.jobs > 0 else (os.cpu_count() or 1)
