#!/usr/bin/env python3
"""Fixed costs: start-up of a command and the cost of each small .txt file, beside their targets.

    python benchmarks/startup.py                 # also run by benchmarks/throughput.py
    python benchmarks/startup.py --files 20000   # a bigger folder of small files

Prints, each in fresh processes (CPU seconds, user + system, of the whole process tree):

- ``citetrack counts FILE`` on one example article: cold (an empty start cache, so the gazetteer and
  rules are built and the cache written) and warm (the start cache loaded), best of 3: the CPU
  seconds of the process when its first article reaches :func:`citetrack.analyse.analyse`
  ("import to first article": the interpreter, the imports, parsing the command line, the start
  cache), and of the whole command; and ``citetrack --version`` (the imports alone);
- reading a folder of small .txt files (walk, size check, sniffing, decoding, title and date):
  microseconds per file, after a warm-up pass, best of 3; and, for reference, a whole scan
  (reading and extraction, ``--jobs 1``) of the same files per file.

The files are cut from the shared corpora (``../shared/corpus``: reuters-1987.jsonl, else the .txt
folders) into a temporary folder, never into the project; without them, generated sentences.

Python is run with bytecode caching on (``PYTHONDONTWRITEBYTECODE`` dropped) and one run first to
write the ``.pyc`` files, as an installed package has them: without them every import compiles
its module's source again (about 0.1 s more).

It prints figures; it asserts nothing.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ONE_FILE = ROOT / "examples" / "uk-politics-budget.txt"
STARTUP_TARGET = 0.3  # CPU seconds, import to first article
PER_FILE_TARGET = 60  # microseconds per small .txt file read


def _env(cache: Path | str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["CITETRACK_CACHE_DIR"] = str(cache)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    return env


def cpu_seconds(args: list[str], env: dict[str, str]) -> float:
    """CPU seconds (user + system) of one fresh process running ``python ARGS``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run([sys.executable, *args], env=env, check=True, stdout=subprocess.DEVNULL, cwd=ROOT)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


#: ``citetrack ARGS`` in this process, printing (to stderr) the process's CPU seconds when the first
#: article reaches ``analyse``: the same imports in the same order as ``python -m citetrack``.
_FIRST_ARTICLE = """
import resource, sys
def cpu():
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime
import citetrack.analyse as a
real = a.analyse
def first(*args, **kwargs):
    if a.analyse is first:
        sys.stderr.write(f"first-article-cpu {cpu()}\\n")
        a.analyse = real
    return real(*args, **kwargs)
a.analyse = first
sys.argv = ["citetrack", *sys.argv[1:]]
from citetrack.console import main
main()
"""


def first_article(args: list[str], env: dict[str, str]) -> float:
    """CPU seconds of a fresh ``citetrack ARGS`` process when its first article is analysed."""
    done = subprocess.run([sys.executable, "-c", _FIRST_ARTICLE, *args], env=env, check=True,
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, cwd=ROOT)
    return float(done.stderr.split("first-article-cpu ")[1].split()[0])


def startup(runs: int = 3) -> dict[str, float]:
    args = ["counts", str(ONE_FILE), "--jobs", "1"]
    counts = ["-m", "citetrack", *args]
    with tempfile.TemporaryDirectory(prefix="citetrack-startcache-") as d:
        cpu_seconds(counts, _env(Path(d) / "first"))  # writes the .pyc files
        out = {
            "cold": min(first_article(args, _env(Path(d) / f"cold{i}")) for i in range(runs)),
            "cold_whole": min(cpu_seconds(counts, _env(Path(d) / f"whole{i}")) for i in range(runs)),
            "warm": min(first_article(args, _env(Path(d) / "cold0")) for _ in range(runs)),
            "warm_whole": min(cpu_seconds(counts, _env(Path(d) / "cold0")) for _ in range(runs)),
            "off": min(first_article(args, _env("off")) for _ in range(max(1, runs - 1))),
            "version": min(cpu_seconds(["-m", "citetrack", "--version"], _env(Path(d) / "cold0")) for _ in range(runs)),
        }
    return out


def small_files(folder: Path, n: int) -> Path:
    """``n`` small .txt files (one article each, at most 2,000 characters) in ``folder``."""
    corpus = Path(os.environ.get("CITETRACK_SHARED", ROOT.parent / "shared")) / "corpus"
    texts: list[str] = []
    jsonl = corpus / "reuters-1987.jsonl"
    if jsonl.exists():
        with jsonl.open(encoding="utf-8") as f:
            for line in f:
                r = json.loads(line)
                if (r.get("text") or "").strip():
                    texts.append(f"{r.get('title') or ''}\n\n{r['text'][:2000]}")
                if len(texts) >= n:
                    break
    else:
        for p in sorted(corpus.glob("*/*.txt"))[:n]:
            texts.append(p.read_text(encoding="utf-8", errors="replace")[:2000])
    if not texts:
        texts = [f"Shares rose on Monday, traders said. Item {i}." for i in range(n)]
    for i in range(n):
        (folder / f"{i:06d}.txt").write_text(texts[i % len(texts)], encoding="utf-8")
    return folder


def inner_per_file(folder: str) -> None:
    """In a fresh process: microseconds per file of reading the folder, and of scanning it."""
    import time

    from citetrack import ScanOptions, iter_scan
    from citetrack.analyse import warm_up
    from citetrack.readers.registry import read_items
    from citetrack.readers.walk import iter_files

    def read() -> int:
        return sum(1 for path, shown in iter_files([folder]) for _ in read_items(path, shown))

    def scan() -> int:
        return sum(1 for _ in iter_scan([folder], ScanOptions(jobs=1)))

    warm_up(ScanOptions())
    out = {}
    for name, run in (("read", read), ("scan", scan)):
        n = run()  # the files in the page cache, the lazily compiled patterns compiled
        best = float("inf")
        for _ in range(3):
            t = time.process_time()
            run()
            best = min(best, time.process_time() - t)
        out[name] = best / n * 1e6
        out["files"] = n
    print(json.dumps(out))


def per_file(n: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory(prefix="citetrack-small-") as d:
        folder = Path(d) / "txt"
        folder.mkdir()
        small_files(folder, n)
        done = subprocess.run([sys.executable, __file__, "--inner", str(folder)], env=_env(Path(d) / "cache"),
                              capture_output=True, text=True, check=True, cwd=ROOT)
    return json.loads(done.stdout.strip().splitlines()[-1])


def report(files: int = 5000) -> dict:
    """Print the fixed costs; return them (``startup``'s and ``per_file``'s figures)."""
    s = startup()
    f = per_file(files)
    print("| fixed cost | figure | target |")
    print("|---|---|---|")
    print(f"| `counts` on one file, import to first article, start cache warm (CPU s) | {s['warm']:.2f} "
          f"| {STARTUP_TARGET} |")
    print(f"| the same, start cache cold (built and written) (CPU s) | {s['cold']:.2f} | |")
    print(f"| the same, `CITETRACK_CACHE_DIR=off` (CPU s) | {s['off']:.2f} | |")
    print(f"| the whole `counts` command, warm / cold (CPU s) | {s['warm_whole']:.2f} / {s['cold_whole']:.2f} | |")
    print(f"| `citetrack --version` (CPU s) | {s['version']:.2f} | |")
    print(f"| reading a small .txt file ({f['files']:,} files, us each) | {f['read']:.0f} | {PER_FILE_TARGET} |")
    print(f"| whole scan of the same files, --jobs 1 (us per file) | {f['scan']:.0f} | |")
    return {**s, **f}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--files", type=int, default=5000, help="small .txt files in the per-file figure (default 5000)")
    ap.add_argument("--inner", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.inner:
        inner_per_file(args.inner)
        return 0
    report(args.files)
    return 0


if __name__ == "__main__":
    sys.exit(main())
