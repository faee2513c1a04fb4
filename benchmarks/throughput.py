#!/usr/bin/env python3
"""Throughput and memory of a scan, against grep as the physical reference.

    python benchmarks/throughput.py                  # 20 MB corpus (CI size), and 10 MB for memory
    python benchmarks/throughput.py --mb 200 --mb-small 100 --keep /tmp/corpus   # by hand
    python benchmarks/throughput.py --mb 40 --counts --repeat 3   # the speed-up of --jobs 2, best of 3
    python benchmarks/throughput.py --memory --mb-small 100 --mb 1000 --keep /tmp/corpus   # memory of `scan`

Builds a corpus from the shared corpora (../shared/corpus: reuters-1987.jsonl, bbc, polnear,
reuters-2017) replicated to the size asked, once as .txt files (one article each, in folders of
1,000) and once as one JSONL. Then, each in a fresh process:

- ``citetrack`` with ``--jobs 1`` and ``--jobs 2``: reading + extraction + writing citations.jsonl
  (the streaming path, :func:`citetrack.iter_scan`), in MB/s and articles/s, with the CPU seconds
  of the parent process and of its workers, and the speed-up of ``--jobs 2`` on each corpus (on a
  busy machine the wall-clock speed-up is the load's; the CPU columns say where the work went);
- with ``--counts``, ``citetrack counts`` (scan only, no outputs) with ``--jobs 1`` and ``--jobs 2``;
- ``grep -c -E`` over the same files with a pattern of the cue words: one regex pass, the floor;
- the peak resident memory of the ``--jobs 1`` run at two corpus sizes;
- with ``--cli`` or ``--memory``: ``citetrack scan`` itself, every output and the page, at both
  sizes, and the memory figure: its peak at each size and the ratio (the target: within 1.2x);
- the fixed costs of :mod:`startup` (``benchmarks/startup.py``): start-up of ``citetrack counts``
  on one file with the start cache cold and warm, and the cost of reading each small .txt file;
- the references of :mod:`baselines` on the same JSONL and .txt files, in MB per CPU-second:
  ``grep -c -E`` with the cue lexicon, hyperscan over the gazetteer's names, Python ``re``;
- last, the speed issue's targets beside what this run reached: per-core speed (MB per
  CPU-second of the whole process tree, ``--jobs 1``) on the JSONL and on the .txt files, its
  share of one grep cue pass, the ``--jobs 2`` speed-up, start-up, and (with ``--cli`` or
  ``--memory`` at 100 MB and 1,000 MB) the memory ratio; then each per-core figure over the Python
  ``re`` reference of the same run, which moves far less than MB/s between runs on a machine whose
  speed drifts (for the work done, see ``benchmarks/instructions.py``).

It prints figures; it asserts nothing.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: the checkout whose citetrack is measured (``--against DIR`` measures another one in the same run)
CODE = Path(os.environ.get("CITETRACK_BENCH_CODE", ROOT))
sys.path.insert(0, str(CODE))

CUES = r"reported|told|according to|said|citing|interview|quoted|Photo"


def shared_dir() -> Path:
    return Path(os.environ.get("CITETRACK_SHARED", ROOT.parent / "shared")).resolve()


def source_articles() -> list[str]:
    corpus = shared_dir() / "corpus"
    texts = []
    jsonl = corpus / "reuters-1987.jsonl"
    if jsonl.exists():
        with jsonl.open(encoding="utf-8") as f:
            texts += [json.loads(line).get("text") or "" for line in f]
    for name in ("bbc", "polnear", "reuters-2017"):
        folder = corpus / name
        if folder.is_dir():
            texts += [p.read_text(encoding="utf-8", errors="replace") for p in sorted(folder.rglob("*.txt"))]
    texts = [t for t in texts if t.strip()]
    if not texts:
        sys.exit(f"no corpus found in {corpus}; set CITETRACK_SHARED")
    return texts


def build(folder: Path, size: int, texts: list[str]) -> tuple[Path, Path, int, int]:
    """Write ``size`` bytes of articles as .txt files and as one JSONL; returns (txt dir, jsonl, bytes, n).

    A folder already built for the same size (its ``manifest.json`` says so) is used as it is."""
    txt = folder / "txt"
    jsonl = folder / "corpus.jsonl"
    manifest = folder / "manifest.json"
    if manifest.exists():
        done = json.loads(manifest.read_text())
        if done["size"] == size:
            return txt, jsonl, done["bytes"], done["articles"]
    total = n = 0
    with jsonl.open("w", encoding="utf-8") as out:
        while total < size:
            text = texts[n % len(texts)]
            sub = txt / f"{n // 1000:05d}"
            if n % 1000 == 0:
                sub.mkdir(parents=True, exist_ok=True)
            (sub / f"{n:07d}.txt").write_text(text, encoding="utf-8")
            out.write(json.dumps({"id": str(n), "text": text}) + "\n")
            total += len(text.encode("utf-8"))
            n += 1
    manifest.write_text(json.dumps({"size": size, "bytes": total, "articles": n}))
    return txt, jsonl, total, n


def run_scan(path: Path, jobs: int, code: Path | None = None, python_only: bool = False) -> dict:
    """One scan in a fresh process: its seconds, articles, citations and peak memory (of the
    citetrack in checkout ``code``, this one by default; ``python_only``: the compiled core off)."""
    env = dict(os.environ, CITETRACK_BENCH_CODE=str(code or ROOT))
    if python_only:
        env["CITETRACK_CORE"] = "off"
    out = subprocess.run([sys.executable, __file__, "--inner", str(path), "--jobs", str(jobs)],
                         capture_output=True, text=True, check=True, env=env)
    return json.loads(out.stdout.strip().splitlines()[-1])


def inner(path: str, jobs: int) -> None:
    from citetrack import ScanOptions, iter_scan
    from citetrack.analyse import warm_up

    warm_up(ScanOptions())  # startup (compiling the gazetteer and rules) is reported on its own
    cpu0 = _cpu(resource.RUSAGE_SELF)
    t0 = time.perf_counter()
    n = cits = 0
    chars = 0
    with tempfile.TemporaryDirectory() as d, open(Path(d) / "citations.jsonl", "w", encoding="utf-8") as f:
        for info, found in iter_scan([path], ScanOptions(jobs=jobs)):
            n += 1
            chars += info.chars
            for c in found:
                f.write(json.dumps(c.to_dict(), ensure_ascii=False) + "\n")
                cits += 1
    seconds = time.perf_counter() - t0
    parent, workers = _cpu(resource.RUSAGE_SELF) - cpu0, _cpu(resource.RUSAGE_CHILDREN)
    rss = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
    print(json.dumps({"seconds": seconds, "articles": n, "citations": cits, "chars": chars, "rss_mb": rss / 1024,
                      "cpu_parent": parent, "cpu_workers": workers}))


def _cpu(who: int) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def run_counts(path: Path, jobs: int) -> float:
    """``citetrack counts`` (the scan alone, no outputs written): its seconds."""
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "citetrack", "counts", str(path), "--jobs", str(jobs)], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=CODE)
    return time.perf_counter() - t0


def run_cli(path: Path, jobs: int) -> dict:
    """``citetrack scan`` itself (every output and the page): seconds and peak memory of the process
    tree (the largest of the parent and its workers)."""
    code = ("import resource, subprocess, sys, time, json; t = time.perf_counter(); "
            "subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL); "
            "print(json.dumps({'seconds': time.perf_counter() - t, "
            "'rss_mb': resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}))")
    with tempfile.TemporaryDirectory() as out:
        cmd = [sys.executable, "-m", "citetrack", "scan", str(path), "-o", out, "--jobs", str(jobs), "--quiet"]
        done = subprocess.run([sys.executable, "-c", code, *cmd], capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


#: ``citetrack scan`` at the larger size may take at most this times the memory it takes at the smaller.
MEMORY_TARGET = 1.2


def cli_memory(sizes) -> float:
    """``citetrack scan`` (every output and the page) on each (folder, bytes): time, peak memory,
    and the memory figure: the peak at each size and the ratio of the last to the first (returned)."""
    print("`citetrack scan` (every output and the page), txt files, --jobs 2:\n")
    print("| input | seconds | MB/s | peak RSS MB (largest process) |")
    print("|---|---|---|---|")
    peaks = []
    for folder, nb in sizes:
        r = run_cli(folder, 2)
        peaks.append((nb / 1e6, r["rss_mb"]))
        print(f"| {nb / 1e6:.0f} MB | {r['seconds']:.1f} | {nb / 1e6 / r['seconds']:.2f} | {r['rss_mb']:.0f} |",
              flush=True)
    (small_mb, small), (big_mb, big) = peaks[0], peaks[-1]
    ratio = big / small
    print(f"\nmemory: peak RSS {small:.0f} MB at {small_mb:.0f} MB, {big:.0f} MB at {big_mb:.0f} MB of input: "
          f"{ratio:.2f}x (target <= {MEMORY_TARGET}x: {'met' if ratio <= MEMORY_TARGET else 'NOT met'})")
    return ratio


#: The speed issue's targets (pure Python; the compiled core's are 20 MB/s JSONL and 12 MB/s .txt).
PER_CORE_TARGET = 6.0  # MB per CPU-second, end to end, pure Python
GREP_SHARE_TARGET = 1 / 3  # of one grep -c -E cue pass over the same text
SPEEDUP_TARGET = 1.9  # --jobs 2 over --jobs 1, wall clock, idle 2-core machine


def print_targets(rows: dict, refs: list, fixed: dict | None, memory_ratio: float | None, mb: float) -> None:
    """The targets beside this run's figures (per core: MB per CPU-second of the process tree)."""
    def per_core(label: str) -> float:
        r = rows[label]
        return mb / max(r["cpu_parent"] + r["cpu_workers"], 1e-9)

    def verdict(ok: bool | None) -> str:
        return "n/a" if ok is None else ("met" if ok else "not met")

    grep_jsonl = next((mb / cpu for label, cpu, _ in refs if cpu and label.startswith("grep -c -E")), None)
    py = ", pure Python" if "one JSONL, --jobs 1, pure Python" in rows else ""
    jsonl, txt = per_core(f"one JSONL, --jobs 1{py}"), per_core(f"txt files, --jobs 1{py}")
    if py:
        fast = f"{per_core('one JSONL, --jobs 1'):.1f} / {per_core('txt files, --jobs 1'):.1f}"
        fast_ok = per_core("one JSONL, --jobs 1") >= 20 and per_core("txt files, --jobs 1") >= 12
    else:
        fast, fast_ok = "no compiled core installed (core/build.sh)", None
    share = jsonl / grep_jsonl if grep_jsonl else None
    speedups = {k: rows[f"{k}, --jobs 1"]["seconds"] / rows[f"{k}, --jobs 2"]["seconds"] for k in ("one JSONL", "txt files")}
    table = [
        ("per core, one JSONL, pure Python (MB per CPU-s)", f">= {PER_CORE_TARGET:g}", f"{jsonl:.1f}", jsonl >= PER_CORE_TARGET),
        ("per core, .txt files, pure Python (MB per CPU-s)", f">= {PER_CORE_TARGET:g}", f"{txt:.1f}", txt >= PER_CORE_TARGET),
        ("per core with the compiled core, JSONL / .txt", ">= 20 / >= 12", fast, fast_ok),
        ("share of one grep cue pass, JSONL", ">= 0.33", f"{share:.3f}" if share else "n/a",
         None if share is None else share >= GREP_SHARE_TARGET),
        ("--jobs 2 over --jobs 1, one JSONL (wall)", f">= {SPEEDUP_TARGET}", f"{speedups['one JSONL']:.2f}x",
         speedups["one JSONL"] >= SPEEDUP_TARGET),
        ("--jobs 2 over --jobs 1, .txt files (wall)", f">= {SPEEDUP_TARGET}", f"{speedups['txt files']:.2f}x",
         speedups["txt files"] >= SPEEDUP_TARGET),
    ]
    if fixed:
        from startup import PER_FILE_TARGET, STARTUP_TARGET
        table.append(("start-up, counts on one file, cache warm (CPU s)", f"< {STARTUP_TARGET}", f"{fixed['warm']:.2f}",
                      fixed["warm"] < STARTUP_TARGET))
        table.append(("reading one small .txt (us)", f"< {PER_FILE_TARGET}", f"{fixed['read']:.0f}",
                      fixed["read"] < PER_FILE_TARGET))
    table.append(("peak memory of scan, larger size over smaller", f"<= {MEMORY_TARGET}",
                  f"{memory_ratio:.2f}x" if memory_ratio else "run with --cli or --memory",
                  None if memory_ratio is None else memory_ratio <= MEMORY_TARGET))
    print("\ntargets (the speed issue) and this run:\n")
    print("| target | goal | this run | |")
    print("|---|---|---|---|")
    for name, goal, got, ok in table:
        print(f"| {name} | {goal} | {got} | {verdict(ok)} |")
    python_re = next((mb / cpu for label, cpu, _ in refs if cpu and label.startswith("Python re")), None)
    if python_re:  # the machine's speed moves between runs and days; this ratio much less
        scans = [(label, per_core(label)) for label in ("one JSONL, --jobs 1", "txt files, --jobs 1",
                                                        "one JSONL, --jobs 1, pure Python", "txt files, --jobs 1, pure Python")
                 if label in rows]
        print("\nper core over the Python re reference of the same run (compares runs on machines of other "
              "speeds):", ", ".join(f"{label} {v / python_re:.3f}x" for label, v in scans))


def grep_seconds(folder: Path) -> float | None:
    if shutil.which("grep") is None:
        return None
    t0 = time.perf_counter()
    subprocess.run(["grep", "-r", "-c", "-E", CUES, str(folder)], stdout=subprocess.DEVNULL, check=False)
    return time.perf_counter() - t0


def startup_seconds() -> float:
    code = ("import time; t=time.perf_counter(); import citetrack; from citetrack.analyse import warm_up; "
            "warm_up(citetrack.ScanOptions()); print(time.perf_counter()-t)")
    return float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mb", type=float, default=20, help="corpus size in MB (default 20)")
    ap.add_argument("--mb-small", type=float, default=10, help="second size for the memory figure (default 10)")
    ap.add_argument("--keep", type=Path, help="build the corpus here and keep it (a later run with the same "
                                               "--keep and sizes reuses it)")
    ap.add_argument("--repeat", type=int, default=1,
                    help="best of N runs of each scan (on a shared machine, the runs least slowed by other jobs)")
    ap.add_argument("--counts", action="store_true",
                    help="also time `citetrack counts` (the scan alone) with --jobs 1 and --jobs 2 on both corpora")
    ap.add_argument("--cli", action="store_true",
                    help="also time `citetrack scan` itself (every output and the page) at both sizes")
    ap.add_argument("--memory", action="store_true",
                    help="only `citetrack scan` (every output and the page) at both sizes: peak memory and its ratio "
                         "to the target (the larger size within 1.2x of the smaller); skips the speed table")
    ap.add_argument("--against", type=Path, metavar="DIR",
                    help="also time another checkout of citetrack (e.g. the last release, unpacked in DIR) on the "
                         "same corpus, in the same run, and print both (one JSONL, --jobs 1, best of 3 each)")
    ap.add_argument("--inner", help=argparse.SUPPRESS)
    ap.add_argument("--jobs", type=int, default=1, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.inner:
        inner(args.inner, args.jobs)
        return 0

    texts = source_articles()
    work = args.keep or Path(tempfile.mkdtemp(prefix="citetrack-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        big, small = work / "big", work / "small"
        big.mkdir(exist_ok=True)
        small.mkdir(exist_ok=True)
        txt, jsonl, nbytes, narts = build(big, int(args.mb * 1e6), texts)
        stxt, _, sbytes, _ = build(small, int(args.mb_small * 1e6), texts)
        mb = nbytes / 1e6
        print(f"corpus: {mb:.1f} MB, {narts:,} articles ({os.cpu_count()} cores); startup {startup_seconds():.2f} s\n")
        if args.memory:
            cli_memory(((stxt, sbytes), (txt, nbytes)))
            return 0
        memory_ratio = None
        print("| run | seconds | MB/s | articles/s | citations | peak RSS MB | CPU s: parent / workers |")
        print("|---|---|---|---|---|---|---|")
        rows = {}
        from citetrack.core import core, status
        print(f"engine: {status()}\n")
        runs = [("txt files, --jobs 1", txt, 1, False), ("txt files, --jobs 2", txt, 2, False),
                ("one JSONL, --jobs 1", jsonl, 1, False), ("one JSONL, --jobs 2", jsonl, 2, False)]
        if core() is not None:  # the same runs without it, side by side
            runs += [("txt files, --jobs 1, pure Python", txt, 1, True), ("one JSONL, --jobs 1, pure Python", jsonl, 1, True)]
        for label, path, jobs, python_only in runs:
            r = min((run_scan(path, jobs, python_only=python_only) for _ in range(args.repeat)), key=lambda r: r["seconds"])
            rows[label] = r
            print(f"| {label} | {r['seconds']:.2f} | {mb / r['seconds']:.2f} | {r['articles'] / r['seconds']:,.0f} "
                  f"| {r['citations']:,} | {r['rss_mb']:.0f} | {r['cpu_parent']:.2f} / {r['cpu_workers']:.2f} |", flush=True)
        g = grep_seconds(txt)
        if g is not None:
            print(f"| grep -r -c -E (cue words), txt files | {g:.2f} | {mb / g:.2f} | {narts / g:,.0f} | | | |")
        print()
        for kind in ("txt files", "one JSONL"):
            serial, two = rows[f"{kind}, --jobs 1"], rows[f"{kind}, --jobs 2"]
            print(f"speed-up with 2 jobs, {kind}: {serial['seconds'] / two['seconds']:.2f}x "
                  f"(CPU of --jobs 2 over --jobs 1: {(two['cpu_parent'] + two['cpu_workers']) / serial['cpu_parent']:.2f}; "
                  f"the parent's share: {two['cpu_parent'] / (two['cpu_parent'] + two['cpu_workers']):.0%})")
        one = rows["txt files, --jobs 1"]["seconds"]
        if g is not None:
            print(f"citetrack --jobs 1 / grep: {g / one:.3f} of grep's speed ({one / g:.1f}x slower)")
        s = run_scan(stxt, 1)
        print(f"peak RSS, --jobs 1: {s['rss_mb']:.0f} MB at {sbytes / 1e6:.0f} MB, "
              f"{rows['txt files, --jobs 1']['rss_mb']:.0f} MB at {mb:.0f} MB")
        if args.counts:
            print("\n`citetrack counts` (the scan alone):\n")
            print("| input | --jobs 1 s | --jobs 2 s | speed-up |")
            print("|---|---|---|---|")
            for label, path in (("txt files", txt), ("one JSONL", jsonl)):
                one_s = min(run_counts(path, 1) for _ in range(args.repeat))
                two_s = min(run_counts(path, 2) for _ in range(args.repeat))
                print(f"| {label} | {one_s:.2f} | {two_s:.2f} | {one_s / two_s:.2f}x |", flush=True)
        if args.against:
            best: dict[str, dict] = {}
            for _ in range(3):  # interleaved, so both see the same machine load
                for label, code in (("this checkout", ROOT), (str(args.against), args.against.resolve())):
                    r = run_scan(jsonl, 1, code)
                    if label not in best or r["seconds"] < best[label]["seconds"]:
                        best[label] = r
            print("\nextraction speed, one JSONL, --jobs 1, best of 3 (interleaved):\n")
            print("| citetrack | seconds | MB/s | citations |")
            print("|---|---|---|---|")
            for label, r in best.items():
                print(f"| {label} | {r['seconds']:.2f} | {mb / r['seconds']:.2f} | {r['citations']:,} |")
            this, other = (best[k]["seconds"] for k in best)
            print(f"\nthis checkout runs at {other / this:.2f}x the speed of {args.against}")
        if args.cli:
            print()
            memory_ratio = cli_memory(((stxt, sbytes), (txt, nbytes)))
        print("\nreferences on the same text (benchmarks/baselines.py, MB per CPU-second):\n")
        from baselines import measure, print_table  # benchmarks/ is on the path: this script's folder
        refs = measure(jsonl, txt)
        print_table(refs)
        print("\nfixed costs (benchmarks/startup.py: CPU seconds before the first article, microseconds per small .txt):\n")
        from startup import report
        fixed = report()
        print_targets(rows, refs, fixed, memory_ratio, mb)
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
