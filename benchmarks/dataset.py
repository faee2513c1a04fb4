#!/usr/bin/env python3
"""Scan a news dataset file directly (default: the shared Reuters-1987 JSON Lines) and print figures.

    python benchmarks/dataset.py                      # all of ../shared/corpus/reuters-1987.jsonl
    python benchmarks/dataset.py --limit 500          # the first 500 records (CI-sized)
    python benchmarks/dataset.py FILE --jobs 2

Prints articles read, files/records skipped, citations, self-citations (citations of the
article's own publisher, e.g. "told Reuters" in a Reuters story), the top publishers and the
wall-clock seconds. The publisher comes from the records' ``outlet`` field.
"""
from __future__ import annotations

import argparse
import gzip
import os
import sys
import tempfile
import time
from collections import Counter
from itertools import islice
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import citetrack  # noqa: E402


def shared_dir() -> Path:
    return Path(os.environ.get("CITETRACK_SHARED", ROOT.parent / "shared")).resolve()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("file", nargs="?", type=Path, default=shared_dir() / "corpus" / "reuters-1987.jsonl")
    ap.add_argument("--limit", type=int, default=0, help="only the first N lines (0 = all)")
    ap.add_argument("--jobs", type=int, default=0, help="worker processes (0 = all cores)")
    ap.add_argument("--gzip", action="store_true", help="scan a gzipped copy instead (tests the .gz path)")
    args = ap.parse_args()
    if not args.file.exists():
        print(f"no dataset at {args.file}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        target = args.file
        if args.limit or args.gzip:
            suffix = "".join(args.file.suffixes[-1:]) + (".gz" if args.gzip else "")
            target = Path(tmp) / ("dataset" + suffix)
            opener = gzip.open if args.gzip else open
            with open(args.file, "rb") as src, opener(target, "wb") as dst:
                lines = islice(src, args.limit) if args.limit else src
                for line in lines:
                    dst.write(line)
        start = time.perf_counter()
        result = citetrack.scan([target], jobs=args.jobs)
        seconds = time.perf_counter() - start
    own = sum(1 for c in result.citations if c.self)
    publishers = Counter(a.publisher or "(none)" for a in result.articles)
    print(f"file: {args.file}{' (first %d lines)' % args.limit if args.limit else ''}{' gzipped' if args.gzip else ''}")
    print(f"articles: {len(result.articles)}")
    print(f"skipped: {len(result.skipped)}")
    print(f"citations: {len(result.citations)}")
    print(f"self-citations: {own}")
    print(f"outlets cited: {len(result.counts)}")
    print("publishers: " + ", ".join(f"{p} {n}" for p, n in publishers.most_common(5)))
    print(f"seconds: {seconds:.1f} (jobs={args.jobs or os.cpu_count()})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
