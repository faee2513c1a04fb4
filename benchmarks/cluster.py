#!/usr/bin/env python3
"""Time ``--engine dask`` (a LocalCluster of worker processes) against the local engine and print figures.

    python benchmarks/cluster.py                   # examples/, ../shared/corpus/bbc, reuters-1987.jsonl
    python benchmarks/cluster.py --workers 2 --chunk-mb 4 --skip-reuters

For each corpus: seconds of a local scan with ``--jobs N``, and of the dask engine on a cluster of
N single-threaded worker processes started beforehand (the cluster's start-up is printed apart, as
a long-lived cluster pays it once); and whether both gave the same articles, citations and
skipped items. Needs the dask extra (``pip install 'citetrack[dask]'``).
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import citetrack  # noqa: E402
import citetrack.engines.dask as engine  # noqa: E402
from citetrack.models import ScanOptions  # noqa: E402


def shared_dir() -> Path:
    return Path(os.environ.get("CITETRACK_SHARED", ROOT.parent / "shared")).resolve()


def timed(paths, options: ScanOptions):
    start = time.perf_counter()
    result = citetrack.scan(paths, options)
    return result, time.perf_counter() - start


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--workers", type=int, default=2, help="local jobs and dask worker processes")
    ap.add_argument("--chunk-mb", type=float, default=4, help="JSON Lines part size for the dask engine")
    ap.add_argument("--skip-reuters", action="store_true", help="leave out the 17 MB reuters-1987.jsonl")
    args = ap.parse_args()
    from distributed import LocalCluster

    engine.CHUNK_BYTES = int(args.chunk_mb * (1 << 20))
    corpora = [("examples/", ROOT / "examples"), ("bbc (2,225 .txt)", shared_dir() / "corpus" / "bbc")]
    if not args.skip_reuters:
        corpora.append(("reuters-1987.jsonl (17 MB)", shared_dir() / "corpus" / "reuters-1987.jsonl"))
    corpora = [(name, p) for name, p in corpora if p.exists()]

    start = time.perf_counter()
    cluster = LocalCluster(n_workers=args.workers, threads_per_worker=1, processes=True, host="127.0.0.1",
                           dashboard_address=None)
    startup = time.perf_counter() - start
    print(f"LocalCluster of {args.workers} worker processes started in {startup:.1f} s; "
          f"JSON Lines parts of {args.chunk_mb:g} MB")
    print(f"| corpus | articles | citations | local --jobs {args.workers} | dask | same results |")
    print("|---|---:|---:|---:|---:|---|")
    try:
        for name, path in corpora:
            local, t_local = timed([path], ScanOptions(jobs=args.workers))
            dask, t_dask = timed([path], ScanOptions(engine="dask", scheduler=cluster.scheduler_address))
            same = (local.articles, local.citations, local.skipped) == (dask.articles, dask.citations, dask.skipped)
            print(f"| {name} | {len(local.articles):,} | {len(local.citations):,} | {t_local:.1f} s | "
                  f"{t_dask:.1f} s | {'yes' if same else 'NO'} |")
    finally:
        cluster.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
