#!/usr/bin/env python3
"""Instructions per article (valgrind's cachegrind): the figure that tells a 2% speed-up from noise.

    python benchmarks/instructions.py                      # this checkout, core on and off
    python benchmarks/instructions.py --against DIR        # and another checkout (e.g. a worktree of main)
    python benchmarks/instructions.py --every 8            # a larger sample (every 8th article)
    python benchmarks/instructions.py --against DIR --against-core CORE   # its own compiled core

Wall-clock and CPU seconds on a shared or virtual machine move by 10-20% from one run to the next
(frequency, neighbours), so a change worth a few percent cannot be seen in them. The number of
instructions a scan executes moves by less than 0.01% between runs of the same code: this script
counts them (``valgrind --tool=cachegrind --cache-sim=no``) for the scan of a sample of the shared
corpora (every ``--every``-th article of reuters-1987, bbc, polnear and reuters-2017, in that
order), as one JSON Lines file and as one .txt file per article, and subtracts a run on a one-article
file (the start-up: imports, the start cache). It prints, per article, the instructions of each
scan, with the compiled core and without it (``CITETRACK_CORE=off``), and for ``--against``, the
same for the other checkout and the ratio. The other checkout uses the compiled core installed here
only if it speaks its interface (else it runs in pure Python in both rows); ``--against-core CORE``
gives it its own, built with ``CITETRACK_CORE_TARGET=CORE core/build.sh`` in that checkout.

Instructions are not time (a cache miss costs hundreds of cycles and counts one instruction), so
the throughput benchmark (``benchmarks/throughput.py``) stays the measure of speed; this one is the
measure of whether a change to the Python or the core did less work. It needs valgrind
(``apt-get install valgrind``); a run takes ~15 s per scan. It prints figures; it asserts nothing.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from throughput import source_articles  # noqa: E402  (the same articles, from ../shared/corpus)

_REFS = re.compile(r"I\s+refs:\s+([\d,]+)")


def sample(folder: Path, every: int) -> tuple[Path, Path, Path, int]:
    """(JSON Lines file, .txt folder, one-article JSON Lines file, articles) of every ``every``-th article."""
    texts = source_articles()[every - 1::every]
    jsonl, txt, one = folder / "sample.jsonl", folder / "txt", folder / "one.jsonl"
    txt.mkdir()
    with jsonl.open("w", encoding="utf-8") as out:
        for n, text in enumerate(texts):
            out.write(json.dumps({"id": str(n), "text": text}) + "\n")
            (txt / f"{n:06d}.txt").write_text(text, encoding="utf-8")
    one.write_text(json.dumps({"id": "0", "text": texts[0]}) + "\n", encoding="utf-8")
    return jsonl, txt, one, len(texts)


def instructions(code: Path, path: Path, core: bool, python: str, core_dir: Path | None = None) -> int:
    """Instructions of one scan of ``path`` (``benchmarks/throughput.py --inner``) by checkout ``code``
    (``core_dir``: a folder holding the compiled core it is to use)."""
    env = dict(os.environ, CITETRACK_BENCH_CODE=str(code),
               PYTHONPATH=os.pathsep.join(str(p) for p in (core_dir, code) if p is not None))
    if not core:
        env["CITETRACK_CORE"] = "off"
    cmd = ["valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null",
           python, str(ROOT / "benchmarks" / "throughput.py"), "--inner", str(path), "--jobs", "1"]
    done = subprocess.run(cmd, env=env, cwd=code, capture_output=True, text=True)
    found = _REFS.search(done.stderr)
    if done.returncode != 0 or not found:
        sys.exit(f"valgrind run failed ({' '.join(cmd)}):\n{done.stderr[-2000:]}")
    return int(found.group(1).replace(",", ""))


def per_article(code: Path, files: tuple[Path, Path, Path, int], core: bool, python: str,
                core_dir: Path | None = None) -> tuple[float, float]:
    """Instructions per article of the JSON Lines and the .txt scans, less the start-up."""
    jsonl, txt, one, n = files
    instructions(code, one, core, python, core_dir)  # a first run writes the start cache for this checkout
    start = instructions(code, one, core, python, core_dir)
    return ((instructions(code, jsonl, core, python, core_dir) - start) / n,
            (instructions(code, txt, core, python, core_dir) - start) / n)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--every", type=int, default=16, help="take every N-th article of the shared corpora (default 16)")
    ap.add_argument("--against", type=Path, metavar="DIR", help="also count another checkout of citetrack")
    ap.add_argument("--against-core", type=Path, metavar="CORE",
                    help="a folder holding the compiled core built for the --against checkout")
    ap.add_argument("--no-core", action="store_true", help="only with the compiled core off")
    args = ap.parse_args(argv)
    if shutil.which("valgrind") is None:
        sys.exit("valgrind is not installed (apt-get install valgrind)")
    from citetrack.core import core, status
    engines = [False] if args.no_core or core() is None else [True, False]
    codes = [("this checkout", ROOT, None)]
    if args.against:
        codes.append((str(args.against), args.against.resolve(), args.against_core and args.against_core.resolve()))
    with tempfile.TemporaryDirectory(prefix="citetrack-instr-") as d:
        files = sample(Path(d), args.every)
        print(f"sample: {files[3]:,} articles (every {args.every}th of the shared corpora); engine: {status()}\n")
        print("| checkout | engine | instructions per article, one JSONL | per article, .txt files |")
        print("|---|---|---|---|")
        got = {}
        for label, code, core_dir in codes:
            for with_core in engines:
                row = got[label, with_core] = per_article(code, files, with_core, sys.executable, core_dir)
                print(f"| {label} | {'compiled core' if with_core else 'pure Python'} | {row[0]:,.0f} | {row[1]:,.0f} |",
                      flush=True)
        if args.against:
            print()
            for with_core in engines:
                (a_jsonl, a_txt), (b_jsonl, b_txt) = got["this checkout", with_core], got[codes[1][0], with_core]
                print(f"{'compiled core' if with_core else 'pure Python'}: this checkout does {a_jsonl / b_jsonl:.3f}x "
                      f"the instructions of {codes[1][0]} per JSONL article, {a_txt / b_txt:.3f}x per .txt file")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
