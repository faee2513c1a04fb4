#!/usr/bin/env python3
"""Render time and page size of the report page for 100, 2,000 and 100,000 articles.

    python benchmarks/render.py                   # 100, 2,000 and 100,000 articles
    python benchmarks/render.py --sizes 100 2000  # CI mode: small sizes only
    python benchmarks/render.py --profile 20000   # where the time goes (cProfile, top 15)

The articles and citations are generated (made-up titles and sentences, about 1.5 citations per
article over 60 outlets, dates over two years, a publisher on most), so only rendering is timed:
``page_data`` (the compact data and the precomputed layout), the HTML, and the atomic write.
Extraction speed is measured elsewhere.
"""
from __future__ import annotations

import argparse
import cProfile
import pstats
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from citetrack.graph import build_graph, outlet_counts  # noqa: E402
from citetrack.models import KINDS, ArticleInfo, Citation, Outlet, ReportOptions, ScanResult  # noqa: E402
from citetrack.render import render_html  # noqa: E402

TYPES = ("agency", "newspaper", "broadcaster", "magazine", "site", "unknown")


def synthetic(n: int, seed: int = 1) -> ScanResult:
    rng = random.Random(seed)
    outlets = {f"o{i}": Outlet(f"o{i}", f"Outlet Number {i}", TYPES[i % 6], "GB", known=i % 6 != 5) for i in range(60)}
    weights = [1 / (i + 1) for i in range(60)]  # a few outlets are cited far more than the rest
    articles, citations = [], []
    for i in range(n):
        day = rng.randrange(730)
        date = f"{2023 + day // 365}-{1 + (day % 365) // 31:02d}-{1 + day % 28:02d}"
        pub = f"Outlet Number {rng.randrange(60)}" if i % 4 else ""
        a = ArticleInfo(f"corpus/{i}.txt", f"corpus/{i}.txt", f"Made-up headline number {i} about the harbour",
                        date, f"https://example.org/{i}", pub, 2000)
        articles.append(a)
        for _ in range(rng.choice((0, 1, 1, 2, 2, 3))):
            o = outlets[rng.choices(list(outlets), weights)[0]]
            sentence = f"The plan for pier {i} was delayed, {o.name} reported on a windy Tuesday afternoon."
            start = sentence.index(o.name)
            citations.append(Citation(a.file, a.id, o.name, o.id, o.known, o.name, start, start + len(o.name),
                                      rng.choice(KINDS), "reported", "bench", sentence))
    return ScanResult(articles, citations, outlet_counts(citations, outlets), outlets,
                      build_graph(articles, citations, outlets), [])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 2000, 100_000])
    parser.add_argument("--profile", type=int, metavar="N", help="profile rendering N articles instead")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        if args.profile:
            result = synthetic(args.profile)
            cProfile.runctx("render_html(result, Path(tmp) / 'g.html')", globals(), locals(), str(Path(tmp) / "prof"))
            pstats.Stats(str(Path(tmp) / "prof")).sort_stats("cumulative").print_stats(15)
            return 0
        print(f"{'articles':>9} {'citations':>10} {'outlets':>8} {'render s':>9} {'page MB':>8}")
        for n in args.sizes:
            result = synthetic(n)
            path = Path(tmp) / f"graph-{n}.html"
            start = time.perf_counter()
            render_html(result, path, ReportOptions())
            took = time.perf_counter() - start
            print(f"{n:>9,} {len(result.citations):>10,} {len(result.counts):>8} {took:>9.2f} "
                  f"{path.stat().st_size / 1e6:>8.2f}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
